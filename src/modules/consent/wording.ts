// Opt-in wording check (Meta meta-rules.md#opt-in): it must name the business and say messages come over WhatsApp; problems are
// explained in the language of the wording (EN, NL, DE, FR, ES, PT, IT).
import { normaliseIntent } from '../../kernel/text.ts';

export const wordingLanguages = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'it'] as const;
export type WordingLanguage = (typeof wordingLanguages)[number];

export type WordingProblem = {
  code: 'business_name_missing' | 'whatsapp_missing';
  message: string;
  /** Which part of the wording is missing, for a form to highlight. */
  part: 'business_name' | 'channel';
  language: WordingLanguage;
};

/** Frequent short words per language: enough to tell these languages apart in an opt-in sentence. */
const markers: Record<WordingLanguage, readonly string[]> = {
  en: [
    'i',
    'the',
    'and',
    'to',
    'me',
    'my',
    'from',
    'on',
    'via',
    'want',
    'agree',
    'receive',
    'messages',
    'may',
    'send',
    'you',
    'updates',
    'yes',
  ],
  nl: [
    'ik',
    'de',
    'het',
    'en',
    'van',
    'mij',
    'mijn',
    'op',
    'wil',
    'ontvang',
    'ontvangen',
    'berichten',
    'mag',
    'sturen',
    'akkoord',
    'ga',
    'met',
    'een',
    'ja',
  ],
  de: [
    'ich',
    'der',
    'die',
    'das',
    'und',
    'von',
    'mir',
    'mein',
    'uber',
    'mochte',
    'erhalten',
    'nachrichten',
    'darf',
    'senden',
    'einverstanden',
    'bin',
    'mit',
    'ein',
    'per',
  ],
  fr: [
    'je',
    'le',
    'la',
    'les',
    'et',
    'de',
    'des',
    'sur',
    'par',
    'recevoir',
    'messages',
    'accepte',
    'veux',
    'peut',
    'envoyer',
    'oui',
    'moi',
  ],
  es: [
    'yo',
    'el',
    'la',
    'los',
    'y',
    'de',
    'por',
    'recibir',
    'mensajes',
    'acepto',
    'quiero',
    'puede',
    'enviarme',
    'si',
    'me',
    'a traves',
  ],
  pt: [
    'eu',
    'o',
    'a',
    'os',
    'e',
    'de',
    'do',
    'da',
    'pelo',
    'receber',
    'mensagens',
    'aceito',
    'quero',
    'pode',
    'enviar',
    'sim',
    'me',
  ],
  it: [
    'io',
    'il',
    'lo',
    'la',
    'e',
    'di',
    'da',
    'su',
    'tramite',
    'ricevere',
    'messaggi',
    'accetto',
    'voglio',
    'puo',
    'inviarmi',
    'si',
    'mi',
  ],
};

/** The most likely language of a short text, English when nothing points elsewhere. */
export function detectLanguage(text: string): WordingLanguage {
  const words = normaliseIntent(text).split(' ');
  let best: WordingLanguage = 'en';
  let bestScore = 0;
  for (const lang of wordingLanguages) {
    const score = words.filter((w) => markers[lang].includes(w)).length;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

/** A language tag such as "nl-NL" or "de_DE" to one of ours, or undefined. */
export function wordingLanguageOf(tag: string | undefined): WordingLanguage | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return (wordingLanguages as readonly string[]).includes(base ?? '') ? (base as WordingLanguage) : undefined;
}

const texts: Record<WordingLanguage, { name: string; whatsapp: string }> = {
  en: {
    name: 'The wording must name the business ("{business}").',
    whatsapp: 'The wording must say that the messages will come over WhatsApp.',
  },
  nl: {
    name: 'De tekst moet de naam van het bedrijf noemen ("{business}").',
    whatsapp: 'De tekst moet zeggen dat de berichten via WhatsApp komen.',
  },
  de: {
    name: 'Der Text muss den Namen des Unternehmens nennen („{business}“).',
    whatsapp: 'Der Text muss sagen, dass die Nachrichten über WhatsApp kommen.',
  },
  fr: {
    name: "Le texte doit nommer l'entreprise (« {business} »).",
    whatsapp: 'Le texte doit indiquer que les messages arriveront par WhatsApp.',
  },
  es: {
    name: 'El texto debe nombrar a la empresa («{business}»).',
    whatsapp: 'El texto debe decir que los mensajes llegarán por WhatsApp.',
  },
  pt: {
    name: 'O texto deve nomear a empresa ("{business}").',
    whatsapp: 'O texto deve dizer que as mensagens chegarão pelo WhatsApp.',
  },
  it: {
    name: "Il testo deve nominare l'azienda («{business}»).",
    whatsapp: 'Il testo deve dire che i messaggi arriveranno tramite WhatsApp.',
  },
};

/**
 * Meta's opt-in rule (docs/meta-rules.md#opt-in): the wording must name the business and make clear that the person
 * will receive messages on WhatsApp. Names are compared on normalised words, so "ACME-Coffee" matches "Acme Coffee".
 * Problems come in `language` when given, else in the language the wording is written in.
 */
export function checkOptInWording(
  wording: string,
  businessName: string,
  language?: string,
): WordingProblem[] {
  const lang = wordingLanguageOf(language) ?? detectLanguage(wording);
  const text = ` ${normaliseIntent(wording)} `;
  const t = texts[lang];
  const problems: WordingProblem[] = [];
  const name = normaliseIntent(businessName);
  if (name.length === 0 || !text.includes(` ${name} `)) {
    problems.push({
      code: 'business_name_missing',
      part: 'business_name',
      language: lang,
      message: t.name.replace('{business}', businessName),
    });
  }
  if (!/ whats ?app /.test(text)) {
    problems.push({ code: 'whatsapp_missing', part: 'channel', language: lang, message: t.whatsapp });
  }
  return problems;
}
