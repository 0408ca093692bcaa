// Customer text as the classifiers read it: folded (case, accents, emoji), split into words, with what is quoted,
// negated or asked about marked, so that "don't stop", "when does it stop?" and "my friend said 'stop'" differ from "stop".
import type { Language } from './language.ts';

/** Longest customer text read: intent sits in the first lines, and the bound keeps the work per message small. */
export const MAX_INTENT_INPUT = 600;

/** Lower case, accents removed, ß as ss, typographic quotes and apostrophes straightened. */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[\u2018\u2019\u201a\u201b\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]/g, '"');
}

/** How a word is read: plainly, under a negation ("don't stop"), or inside a question or condition ("if I stop"). */
export type Mark = 'plain' | 'negated' | 'hypothetical';

export type Word = {
  /** The folded word. */
  text: string;
  mark: Mark;
  /** Inside quotation marks: the customer mentions the word rather than uses it ("they said 'stop'"). */
  quoted: boolean;
};

export type ReadText = {
  words: Word[];
  /** The message asks something (a question mark, or it opens with a question word). */
  question: boolean;
  /** The message opens with a question word (when, what, wanneer, wann, quand, cuando, quando, ...). */
  whQuestion: boolean;
};

// Words that negate what follows (folded). French "ne"/"n'" and "pas" both count; "plus" does not, since "plus de
// messages" means "no more messages" and "plus de sucre" "more sugar".
const negations: Record<Language, readonly string[]> = {
  en: ['not', 'no', 'never', 'nothing', 'none', 'nobody', 'without', 'dont', 'nor'],
  nl: ['niet', 'geen', 'nooit', 'niets', 'niks', 'zonder', 'noch'],
  de: ['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'ohne'],
  fr: ['ne', 'n', 'pas', 'jamais', 'rien', 'sans', 'ni', 'aucun', 'aucune'],
  es: ['no', 'nunca', 'nada', 'ni', 'sin', 'jamas', 'tampoco'],
  pt: ['nao', 'nunca', 'nada', 'nem', 'sem', 'jamais'],
  it: ['non', 'mai', 'niente', 'nulla', 'senza', 'ne'],
};

// Words that open a question about something or a condition: what follows is asked about, not asked for.
const hypotheticals: Record<Language, readonly string[]> = {
  en: ['when', 'what', 'how', 'why', 'does', 'will', 'did', 'which'],
  nl: ['wanneer', 'wat', 'hoe', 'waarom', 'welke', 'hoelang'],
  de: ['wann', 'was', 'wie', 'warum', 'welche'],
  fr: ['quand', 'quoi', 'comment', 'pourquoi', 'quel', 'quelle', 'jusqu', 'qu', 'que'],
  es: ['cuando', 'que', 'como', 'cual', 'hasta'],
  pt: ['quando', 'que', 'como', 'porque', 'qual', 'ate'],
  it: ['quando', 'cosa', 'come', 'perche', 'quale', 'fino'],
};

// Words that end a clause: a negation or question does not reach past them ("no, stop" / "not now, but stop").
const clauseBreaks = new Set(['but', 'maar', 'aber', 'sondern', 'mais', 'pero', 'sino', 'mas', 'ma']);

/** Conditions ("if I send stop"): what follows is hypothetical wherever they stand in the clause. */
const conditionals: Record<Language, readonly string[]> = {
  en: ['if', 'whether'],
  nl: ['als', 'indien'],
  de: ['wenn', 'falls', 'ob'],
  fr: ['si'],
  es: ['si'],
  pt: ['se'],
  it: ['se'],
};

/** Verbs of stopping that a following "niet"/"nicht" negates (others, "ik wil niet", keep their own reading). */
const verbBeforeNegation = (w: string) => /^(stop|hou|houd|hor|hoer|aufhor|kap)/.test(w);

/** How many words after a negation or question word are read under it. */
const SCOPE = 3;

const EN_CONTRACTIONS: [RegExp, string][] = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/n't\b/g, ' not'],
];

/**
 * Splits folded text into clauses (at . , ; ! ? and line breaks) and words, marking quotation: a pair of double
 * quotes, or single quotes that open after a space and close before one (an apostrophe inside a word, as in
 * "m'envoyer" or "don't", is not a quote). A message that is quoted as a whole is not a mention: `"STOP"` is STOP.
 */
function clausesOf(folded: string): { words: { text: string; quoted: boolean }[]; end: string }[] {
  let s = folded;
  for (const [re, to] of EN_CONTRACTIONS) s = s.replace(re, to);
  const trimmed = s.trim();
  const whole = /^(["'])([^"']+)\1[.!?]*$/.exec(trimmed);
  if (whole) s = whole[2]!;
  const clauses: { words: { text: string; quoted: boolean }[]; end: string }[] = [];
  let current: { text: string; quoted: boolean }[] = [];
  let quote: string | null = null;
  let word = '';
  const flushWord = () => {
    if (word) current.push({ text: word, quoted: quote !== null });
    word = '';
  };
  const flushClause = (end: string) => {
    flushWord();
    if (current.length > 0) clauses.push({ words: current, end });
    current = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/[\p{L}\p{N}]/u.test(c)) {
      word += c;
      continue;
    }
    if (c === "'" && word && /[\p{L}]/u.test(s[i + 1] ?? '')) {
      // An apostrophe inside a word splits it (l'iscrizione, m'envoyer) but is no quote.
      flushWord();
      continue;
    }
    flushWord();
    if (c === '"' || c === "'") {
      if (quote === c) quote = null;
      else if (quote === null && (c === '"' || /[\p{L}\p{N}]/u.test(s[i + 1] ?? ''))) quote = c;
      continue;
    }
    if (/[.,;:!?\n()]/.test(c)) flushClause(c);
  }
  flushClause('');
  return clauses;
}

/** Whether a folded word negates in a language. */
export const isNegation = (word: string, language: Language) => negations[language].includes(word);

/** Reads a customer's message: words with their marks, and whether it asks something. */
export function readText(text: string, language: Language): ReadText {
  const folded = fold(text.slice(0, MAX_INTENT_INPUT));
  const negs = new Set(negations[language]);
  const hyps = new Set(hypotheticals[language]);
  const conds = new Set(conditionals[language]);
  const words: Word[] = [];
  const clauses = clausesOf(folded);
  const firstWord = clauses[0]?.words[0]?.text ?? '';
  const whQuestion = hyps.has(firstWord);
  for (const clause of clauses) {
    let negatedFor = 0;
    let hypotheticalFor = 0;
    for (const [i, w] of clause.words.entries()) {
      if (clauseBreaks.has(w.text)) {
        negatedFor = 0;
        hypotheticalFor = 0;
      }
      const mark: Mark = negatedFor > 0 ? 'negated' : hypotheticalFor > 0 ? 'hypothetical' : 'plain';
      words.push({ text: w.text, mark, quoted: w.quoted });
      // Dutch and German put the negation after the verb ("stop niet", "hört nicht auf"): it negates that verb too.
      if (negs.has(w.text) && (language === 'nl' || language === 'de') && i > 0) {
        const before = words[words.length - 2];
        if (before && before.mark === 'plain' && verbBeforeNegation(before.text)) before.mark = 'negated';
      }
      if (negatedFor > 0) negatedFor--;
      if (hypotheticalFor > 0) hypotheticalFor--;
      if (negs.has(w.text)) negatedFor = SCOPE;
      // A question word counts at the start of a clause ("que" and "was" are also everyday words further on).
      else if (conds.has(w.text) || (i < 2 && hyps.has(w.text))) hypotheticalFor = SCOPE + 1;
    }
  }
  const question = /\?/.test(folded) || whQuestion;
  return { words, question, whQuestion };
}
