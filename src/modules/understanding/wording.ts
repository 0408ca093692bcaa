// What the platform says when it is unsure: the opt-out question with its three buttons, and the bot's offer of a
// person, in seven languages. Button titles stay within WhatsApp's 20 characters (docs/meta-rules.md#send-buttons).
import type { Language } from './language.ts';

export type OptOutChoice = 'all' | 'offers' | 'keep';

/** The choice a tap on the opt-out question's buttons made, or null for any other reply id. */
export function parseOptOutChoice(id: string | null | undefined): OptOutChoice | null {
  const m = /^optq:(all|offers|keep)$/.exec(id ?? '');
  return m ? (m[1] as OptOutChoice) : null;
}

const optOut: Record<Language, { text: string; all: string; offers: string; keep: string }> = {
  en: {
    text: 'Do you want to stop receiving messages from {business}?',
    all: 'Stop everything',
    offers: 'Only offers',
    keep: 'No, keep them',
  },
  nl: {
    text: 'Wil je geen berichten meer ontvangen van {business}?',
    all: 'Stop alles',
    offers: 'Alleen aanbiedingen',
    keep: 'Nee, blijf sturen',
  },
  de: {
    text: 'Möchtest du keine Nachrichten mehr von {business} erhalten?',
    all: 'Alles abbestellen',
    offers: 'Nur Angebote',
    keep: 'Nein, weiter so',
  },
  fr: {
    text: 'Voulez-vous ne plus recevoir de messages de {business} ?',
    all: 'Tout arrêter',
    offers: 'Seulement les offres',
    keep: 'Non, continuer',
  },
  es: {
    text: '¿Quieres dejar de recibir mensajes de {business}?',
    all: 'Parar todo',
    offers: 'Solo ofertas',
    keep: 'No, seguir',
  },
  pt: {
    text: 'Você quer parar de receber mensagens de {business}?',
    all: 'Parar tudo',
    offers: 'Só ofertas',
    keep: 'Não, continuar',
  },
  it: {
    text: 'Vuoi smettere di ricevere messaggi da {business}?',
    all: 'Ferma tutto',
    offers: 'Solo offerte',
    keep: 'No, continua',
  },
};

/**
 * The opt-out question and its buttons (reply ids `optq:all`, `optq:offers`, `optq:keep`: not `optout:...`, which a
 * template's quick-reply payload uses to mean a sure opt-out).
 */
export function optOutQuestion(
  language: Language,
  businessName: string,
): { text: string; buttons: { id: string; title: string }[] } {
  const t = optOut[language];
  return {
    text: t.text.replace('{business}', businessName),
    buttons: (['all', 'offers', 'keep'] as const).map((c) => ({ id: `optq:${c}`, title: t[c] })),
  };
}

const offer: Record<Language, { text: string; button: string }> = {
  en: { text: 'Would you like to talk to a person?', button: 'Talk to a person' },
  nl: { text: 'Wil je iemand van ons spreken?', button: 'Een medewerker' },
  de: { text: 'Möchtest du mit einer Person sprechen?', button: 'Mit Person sprechen' },
  fr: { text: 'Voulez-vous parler à une personne ?', button: 'Parler à quelqu’un' },
  es: { text: '¿Quieres hablar con una persona?', button: 'Hablar con persona' },
  pt: { text: 'Quer falar com uma pessoa?', button: 'Falar com pessoa' },
  it: { text: 'Vuoi parlare con una persona?', button: 'Parla con persona' },
};

/** The bot's offer of a person when it is unsure the customer asked for one (reply id `bot-handoff`). */
export function handoffOffer(language: Language): { text: string; button: { id: string; title: string } } {
  const t = offer[language];
  return { text: t.text, button: { id: 'bot-handoff', title: t.button } };
}
