// Handoff intent: "agent", "medewerker", "Mitarbeiter", "conseiller", "humano"... in EN, NL, DE, FR and ES, by intent.
import { normaliseIntent } from '../../kernel/text.ts';

export const handoffLanguages = ['en', 'nl', 'de', 'fr', 'es'] as const;
export type HandoffLanguage = (typeof handoffLanguages)[number];

/**
 * Whole-intent keywords per language, normalised (lower case, no accents). Meta requires automated chats to offer
 * "a prompt, clear and direct path" to a human (docs/meta-rules.md): these always work, whatever the flow says.
 */
export const defaultHandoffKeywords: Readonly<Record<HandoffLanguage, readonly string[]>> = {
  en: ['agent', 'human', 'person', 'real person', 'operator', 'representative', 'live agent', 'human agent'],
  nl: ['medewerker', 'mens', 'persoon', 'echt persoon', 'echte persoon', 'iemand', 'een mens'],
  de: ['mitarbeiter', 'mitarbeiterin', 'mensch', 'berater', 'beraterin', 'kundenberater', 'echter mensch'],
  fr: ['agent', 'humain', 'conseiller', 'conseillere', 'operateur', 'un humain', 'une personne'],
  es: ['agente', 'humano', 'persona', 'asesor', 'asesora', 'operador', 'una persona'],
};

/**
 * Words that may surround a keyword without changing what the customer wants: "I want to talk to an agent",
 * "ik wil een medewerker", "ich möchte mit einem Mitarbeiter sprechen", "je veux parler à un conseiller",
 * "quiero hablar con un agente". A word that is not one of these ("the agent said...") keeps the message from
 * matching, so a keyword inside a longer sentence about something else is not a handoff.
 */
const fillers = new Set([
  // en
  'i',
  'want',
  'would',
  'like',
  'to',
  'talk',
  'speak',
  'chat',
  'with',
  'a',
  'an',
  'the',
  'me',
  'can',
  'could',
  'need',
  'please',
  'pls',
  'get',
  'connect',
  'let',
  'give',
  'thanks',
  'hi',
  'hello',
  // nl
  'ik',
  'wil',
  'graag',
  'een',
  'met',
  'spreken',
  'praten',
  'de',
  'het',
  'mag',
  'kan',
  'alsjeblieft',
  'aub',
  'even',
  'naar',
  'hallo',
  'hoi',
  // de
  'ich',
  'will',
  'mochte',
  'moechte',
  'mit',
  'einem',
  'einer',
  'einen',
  'sprechen',
  'reden',
  'bitte',
  'den',
  'die',
  'der',
  'gerne',
  'zu',
  'ein',
  'eine',
  // fr
  'je',
  'veux',
  'voudrais',
  'parler',
  'un',
  'une',
  'avec',
  's',
  'il',
  'vous',
  'plait',
  'svp',
  'merci',
  'au',
  'le',
  'la',
  'bonjour',
  // es
  'quiero',
  'hablar',
  'con',
  'el',
  'por',
  'favor',
  'gustaria',
  'necesito',
  'puedo',
  'hola',
]);

export const allHandoffKeywords = (extra: readonly string[] = []): string[] => [
  ...new Set([...handoffLanguages.flatMap((l) => defaultHandoffKeywords[l]), ...extra.map(normaliseIntent)]),
];

/** The language a keyword belongs to (the first listed), or null for a flow's own keyword. */
function languageOf(keyword: string): HandoffLanguage | null {
  for (const l of handoffLanguages) if (defaultHandoffKeywords[l].includes(keyword)) return l;
  return null;
}

/**
 * Matches the whole message: after removing filler words, what is left must be exactly one keyword. "medewerker"
 * and "ik wil een medewerker" match; "medewerkers", "mensen" and "the agent said it shipped" do not.
 */
export function matchHandoff(
  text: string,
  extra: readonly string[] = [],
): { keyword: string; language: HandoffLanguage | null } | null {
  if (text.length > 120) return null;
  const words = normaliseIntent(text).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  const keywords = allHandoffKeywords(extra);
  // A keyword that is itself made of filler-like words ("een mens") must match before the fillers are dropped.
  const whole = words.join(' ');
  if (keywords.includes(whole)) return { keyword: whole, language: languageOf(whole) };
  const rest = words.filter((w) => !fillers.has(w)).join(' ');
  if (rest && keywords.includes(rest)) return { keyword: rest, language: languageOf(rest) };
  return null;
}
