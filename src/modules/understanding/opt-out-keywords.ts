// Opt-out intent: STOP-style keywords in seven languages, button payloads, and the confirmation sent after an opt-out.
import { normaliseIntent } from '../../kernel/text.ts';

export const optOutLanguages = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'it'] as const;
export type OptOutLanguage = (typeof optOutLanguages)[number];

/**
 * Whole-message opt-out keywords per language, already normalised (lower case, no accents, single spaces).
 * "stop" is understood in every one of these languages; the others are each language's usual unsubscribe words.
 */
export const defaultOptOutKeywords: Readonly<Record<OptOutLanguage, readonly string[]>> = {
  // "cancel", "end" and "cancelar" are left out on purpose: in a shop's thread they usually mean an order.
  en: ['stop', 'stop all', 'unsubscribe', 'opt out', 'optout', 'stop messages'],
  nl: ['stop', 'stoppen', 'afmelden', 'uitschrijven', 'stop alles', 'geen berichten meer'],
  de: ['stopp', 'stop', 'abmelden', 'abbestellen', 'austragen', 'keine nachrichten mehr'],
  fr: ['stop', 'arret', 'arreter', 'desabonner', 'desinscrire', 'desinscription', 'desabonnement'],
  es: ['stop', 'baja', 'parar', 'alto', 'darme de baja', 'no mas mensajes'],
  pt: ['stop', 'parar', 'sair', 'descadastrar', 'nao quero mais'],
  it: ['stop', 'basta', 'disiscrivi', 'cancellami', 'annulla iscrizione', 'disiscrivimi'],
};

/** Words of politeness that may surround a keyword without changing its intent ("STOP please", "bitte abmelden"). */
const courtesies = [
  'please',
  'pls',
  'thanks',
  'thank you',
  'alsjeblieft',
  'aub',
  'graag',
  'bitte',
  'danke',
  's il vous plait',
  'svp',
  'merci',
  'por favor',
  'gracias',
  'obrigado',
  'obrigada',
  'per favore',
  'grazie',
];

export type OptOutIntent = { scope: 'all' } | { scope: 'categories'; categories: string[] };
export type OptOutMatch = OptOutIntent & { keyword: string; language: OptOutLanguage | null };

function stripCourtesies(text: string): string {
  let t = ` ${text} `;
  for (const c of courtesies) t = t.split(` ${c} `).join(' ');
  return t.replace(/\s+/g, ' ').trim();
}

/** The language a keyword belongs to, preferring the first listed; null for a business's own keyword. */
function languageOf(keyword: string): OptOutLanguage | null {
  for (const lang of optOutLanguages) if (defaultOptOutKeywords[lang].includes(keyword)) return lang;
  return null;
}

export const allDefaultOptOutKeywords = (): string[] => [
  ...new Set(optOutLanguages.flatMap((l) => defaultOptOutKeywords[l])),
];

/**
 * Matches the intent of a whole message, not a substring: the message must be a keyword (with at most a courtesy
 * word around it), or a keyword followed by one of the business's category names ("stop offers").
 * "STOP" and "stop!" match; "STOP, o Zé não vem" and "don't stop sending" do not.
 */
export function matchOptOutText(
  text: string,
  opts: { keywords: readonly string[]; categories: readonly string[] },
): OptOutMatch | null {
  if (text.length > 200) return null;
  const cleaned = stripCourtesies(normaliseIntent(text));
  if (cleaned.length === 0) return null;
  const keywords = opts.keywords.map(normaliseIntent);
  if (keywords.includes(cleaned)) return { scope: 'all', keyword: cleaned, language: languageOf(cleaned) };
  // "stop offers" / "stop order updates": a keyword and then exactly one category (underscores read as spaces).
  for (const k of keywords) {
    if (!cleaned.startsWith(`${k} `)) continue;
    const rest = cleaned.slice(k.length + 1);
    const category = opts.categories.find((c) => normaliseIntent(c.replace(/_/g, ' ')) === rest);
    if (category) return { scope: 'categories', categories: [category], keyword: k, language: languageOf(k) };
  }
  return null;
}

/**
 * Quick-reply button payloads a business puts on its templates: `STOP`, `UNSUBSCRIBE`, `UNSUBSCRIBE_ALL`,
 * `OPT_OUT` mean everything; `UNSUBSCRIBE:<category>` (or `STOP:<category>`) means one category. A payload naming
 * a category the business does not have still shows the wish to stop, so it opts out of everything.
 */
export function matchOptOutPayload(payload: string, categories: readonly string[]): OptOutIntent | null {
  if (payload.length > 256) return null;
  const p = payload.trim();
  const m = /^(STOP|UNSUBSCRIBE|OPT_?OUT)(?:_ALL)?(?::([A-Za-z0-9_]+))?$/i.exec(p);
  if (!m) return null;
  const category = m[2]?.toLowerCase();
  if (category && categories.includes(category)) return { scope: 'categories', categories: [category] };
  return { scope: 'all' };
}

const confirmations: Record<OptOutLanguage, { all: string; some: string }> = {
  en: {
    all: 'You will no longer receive WhatsApp messages from {business}.',
    some: 'You will no longer receive {categories} messages from {business} on WhatsApp.',
  },
  nl: {
    all: 'Je ontvangt geen WhatsApp-berichten meer van {business}.',
    some: 'Je ontvangt geen {categories}-berichten meer van {business} via WhatsApp.',
  },
  de: {
    all: 'Du erhältst keine WhatsApp-Nachrichten mehr von {business}.',
    some: 'Du erhältst keine {categories}-Nachrichten mehr von {business} über WhatsApp.',
  },
  fr: {
    all: 'Vous ne recevrez plus de messages WhatsApp de {business}.',
    some: 'Vous ne recevrez plus de messages {categories} de {business} sur WhatsApp.',
  },
  es: {
    all: 'Ya no recibirás mensajes de WhatsApp de {business}.',
    some: 'Ya no recibirás mensajes de {categories} de {business} por WhatsApp.',
  },
  pt: {
    all: 'Você não receberá mais mensagens de WhatsApp de {business}.',
    some: 'Você não receberá mais mensagens de {categories} de {business} no WhatsApp.',
  },
  it: {
    all: 'Non riceverai più messaggi WhatsApp da {business}.',
    some: 'Non riceverai più messaggi {categories} da {business} su WhatsApp.',
  },
};

/**
 * The free-form confirmation sent after a WhatsApp opt-out (a listed use case in Meta's template categorisation,
 * docs/meta-rules.md#template-categories and #opt-out), in the language of the keyword the person used.
 */
export function optOutConfirmationText(
  language: OptOutLanguage | null,
  businessName: string,
  intent: OptOutIntent,
): string {
  const t = confirmations[language ?? 'en'];
  return intent.scope === 'all'
    ? t.all.replace('{business}', businessName)
    : t.some
        .replace('{business}', businessName)
        .replace('{categories}', intent.categories.map((c) => c.replace(/_/g, ' ')).join(', '));
}
