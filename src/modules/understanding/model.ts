// What customers mean: opt-out and handoff intent in seven languages, as one decision (yes, unsure, no) with its
// confidence, language and explanation. Pure: the trained models are built from the corpora in this folder on first
// use (or at start-up through warmUp) and kept; time and I/O stay out.
import { optOutTuning } from './corpus/tuning/opt-out.ts';
import { handoffTuning } from './corpus/tuning/handoff.ts';
import { conceptsOf } from './concepts.ts';
import { defaultHandoffKeywords, matchHandoff } from './handoff-keywords.ts';
import { scoreIntent, trainIntentModel, type IntentModel, type TrainingSentence } from './intent-model.ts';
import { detectLanguage, isLanguage, languages, type Language } from './language.ts';
import { defaultOptOutKeywords, matchOptOutText } from './opt-out-keywords.ts';
import { fold, readText } from './text.ts';

export type Decision = 'yes' | 'unsure' | 'no';

export type Thresholds = {
  /** At or above this confidence the intent is acted on (an opt-out recorded, a handoff made). */
  act: number;
  /** At or above this (and below `act`) the customer is asked; below it nothing happens. */
  ask: number;
};

/** Defaults chosen on the tuning corpus's cross-validation (npm run eval): see docs/flows.md#understanding. */
export const defaultOptOutThresholds: Thresholds = { act: 0.7, ask: 0.4 };
export const defaultHandoffThresholds: Thresholds = { act: 0.7, ask: 0.4 };

export type Understanding = {
  decision: Decision;
  /** 0 to 1. A keyword match is 1. */
  confidence: number;
  language: Language;
  /** How the decision was reached: `keyword` (an exact keyword of the business or flow), or `classifier`. */
  via: 'keyword' | 'classifier';
  /** The keyword that matched, when via is keyword. */
  keyword?: string;
  /** The words that weighed most, as the customer wrote them. */
  evidence: string[];
  /** One sentence for people (the thread, the ledger's evidence). */
  explanation: string;
};

export type OptOutUnderstanding = Understanding & {
  /** What the customer wants stopped: everything, only offers (marketing), or named categories of the business. */
  scope: { kind: 'all' } | { kind: 'offers' } | { kind: 'categories'; categories: string[] };
};

let optOutModel: IntentModel | undefined;
let handoffModel: IntentModel | undefined;

/** The seed phrases every model learns from besides its tuning corpus: the long-standing keywords, as positives. */
export function seeds(byLanguage: Readonly<Record<string, readonly string[]>>): TrainingSentence[] {
  return Object.entries(byLanguage).flatMap(([language, words]) =>
    isLanguage(language) ? words.map((text) => ({ text, language, positive: true })) : [],
  );
}

export function optOutIntentModel(): IntentModel {
  optOutModel ??= trainIntentModel([...optOutTuning, ...seeds(defaultOptOutKeywords)]);
  return optOutModel;
}

export function handoffIntentModel(): IntentModel {
  handoffModel ??= trainIntentModel([...handoffTuning, ...seeds(defaultHandoffKeywords)]);
  return handoffModel;
}

/** Trains both models now (the composition root calls it at start-up, so the first customer does not wait). */
export function warmUp(): void {
  optOutIntentModel();
  handoffIntentModel();
}

const decide = (confidence: number, t: Thresholds): Decision =>
  confidence >= t.act ? 'yes' : confidence >= t.ask ? 'unsure' : 'no';

const describe = (what: string, u: Omit<Understanding, 'explanation'>): string => {
  const pct = `${Math.round(u.confidence * 100)}%`;
  if (u.via === 'keyword') return `${what}: the message is the keyword "${u.keyword}".`;
  const words = u.evidence.length ? ` (${u.evidence.map((w) => `"${w}"`).join(', ')})` : '';
  const verdict = u.decision === 'yes' ? what : u.decision === 'unsure' ? `possibly ${what}` : `not ${what}`;
  return `${verdict[0]!.toUpperCase()}${verdict.slice(1)}: ${pct} sure, read as ${u.language}${words}.`;
};

// Concepts that make an opt-out a stop of offers only ("no more promos"), unless messages as such are named.
const OFFER_CONCEPTS = new Set(['PROMOTION']);
const ALL_CONCEPTS = new Set(['MESSAGE', 'CONTACT', 'ALONE']);
// Words that carry an opt-out on their own; when every one of them is quoted, the customer mentions, not asks.
const INTENT_CONCEPTS = new Set(['STOP', 'UNSUBSCRIBE', 'REMOVE']);

/**
 * Whether a customer's message asks to stop receiving messages. An exact keyword of the business (or a default one)
 * is a sure opt-out, as before; any other text is read by the classifier. `languagePrior` is the contact's language
 * from their number's country: a hint for short messages, never the answer.
 */
export function classifyOptOut(
  text: string,
  opts: {
    languagePrior?: Language | null;
    keywords: readonly string[];
    categories?: readonly string[];
    thresholds?: Thresholds;
    /** Another trained model (the evaluation's cross-validation); the corpus-trained one by default. */
    model?: IntentModel;
  },
): OptOutUnderstanding {
  const prior = opts.languagePrior ?? null;
  const guess = detectLanguage(text, prior);
  const kw = matchOptOutText(text, { keywords: opts.keywords, categories: opts.categories ?? [] });
  if (kw) {
    const base = {
      decision: 'yes' as const,
      confidence: 1,
      language: kw.language ?? guess.language,
      via: 'keyword' as const,
      keyword: kw.keyword,
      evidence: [kw.keyword],
    };
    return {
      ...base,
      explanation: describe('an opt-out', base),
      scope: kw.scope === 'all' ? { kind: 'all' } : { kind: 'categories', categories: kw.categories },
    };
  }
  const s = scoreIntent(opts.model ?? optOutIntentModel(), text, guess);
  const read = readText(text, guess.language);
  const concepts = (quoted: boolean) =>
    new Set(read.words.filter((w) => w.quoted === quoted).flatMap((w) => conceptsOf(w.text)));
  const plain = concepts(false);
  // "my friend said 'stop'": the only stop words are in quotes, so it is a mention; at most worth a question.
  let confidence = s.confidence;
  if (
    ![...INTENT_CONCEPTS].some((c) => plain.has(c)) &&
    [...INTENT_CONCEPTS].some((c) => concepts(true).has(c))
  )
    confidence = Math.min(confidence, (defaultOptOutThresholds.ask + defaultOptOutThresholds.act) / 2);
  // "STOP, o Zé não vem": a bare "stop" followed by something unrelated may mean "wait"; worth a question only.
  const clauses = text
    .split(/[,.;!?\n]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const related = new Set([
    'MESSAGE',
    'CONTACT',
    'UNSUBSCRIBE',
    'REMOVE',
    'PROMOTION',
    'ALONE',
    'LIST',
    'NUMBER',
  ]);
  if (
    clauses.length >= 2 &&
    /^\p{L}+$/u.test(clauses[0]!) &&
    conceptsOf(fold(clauses[0]!)).includes('STOP') &&
    ![...plain].some((c) => related.has(c))
  )
    confidence = Math.min(confidence, (defaultOptOutThresholds.ask + defaultOptOutThresholds.act) / 2);
  // A classifier is never certain: at act = 1 only keywords and payloads opt out.
  confidence = Math.min(confidence, 0.99);
  const decision = decide(confidence, opts.thresholds ?? defaultOptOutThresholds);
  const offersOnly =
    [...OFFER_CONCEPTS].some((c) => plain.has(c)) && ![...ALL_CONCEPTS].some((c) => plain.has(c));
  const base = {
    decision,
    confidence,
    language: s.language,
    via: 'classifier' as const,
    evidence: s.evidence,
  };
  return {
    ...base,
    explanation: describe('an opt-out', base),
    scope: offersOnly ? { kind: 'offers' } : { kind: 'all' },
  };
}

/**
 * Whether a customer's message asks for a person. The flow's own handoff keywords and the default ones (with polite
 * filler around them) are sure; any other text is read by the classifier.
 */
export function classifyHandoff(
  text: string,
  opts: {
    languagePrior?: Language | null;
    keywords?: readonly string[];
    thresholds?: Thresholds;
    model?: IntentModel;
  } = {},
): Understanding {
  const guess = detectLanguage(text, opts.languagePrior ?? null);
  const kw = matchHandoff(text, opts.keywords ?? []);
  if (kw) {
    const base = {
      decision: 'yes' as const,
      confidence: 1,
      language: kw.language ?? guess.language,
      via: 'keyword' as const,
      keyword: kw.keyword,
      evidence: [kw.keyword],
    };
    return { ...base, explanation: describe('a request for a person', base) };
  }
  const s = scoreIntent(opts.model ?? handoffIntentModel(), text, guess);
  const confidence = Math.min(s.confidence, 0.99);
  const decision = decide(confidence, opts.thresholds ?? defaultHandoffThresholds);
  const base = {
    decision,
    confidence,
    language: s.language,
    via: 'classifier' as const,
    evidence: s.evidence,
  };
  return { ...base, explanation: describe('a request for a person', base) };
}

export { languages };
