// Precision and recall of each classifier per language over a labelled corpus: shared by `npm run eval` and the
// held-out floor test, so that both measure the same thing.
import type { LabelledSentence } from './corpus/format.ts';

/** What a classifier said about one sentence: acted on it (yes), asked (unsure) or left it (no). */
export type Verdict = 'yes' | 'unsure' | 'no';

export type Scores = {
  language: string;
  n: number;
  positives: number;
  /** Of the sentences acted on, the share that were positives (a false opt-out loses a customer). */
  precision: number;
  /** Of the positives, the share acted on. */
  recall: number;
  /** Of the positives, the share acted on or asked about (a question still lets the customer stop). */
  recallWithQuestion: number;
  /** Negatives that got a question: the cost of the unsure band. */
  negativesAsked: number;
  /** Hard negatives (negations, questions about stopping, quotes) acted on: must be 0. */
  hardActedOn: number;
  wrong: LabelledSentence[];
};

export function score(
  corpus: readonly LabelledSentence[],
  classify: (s: LabelledSentence) => Verdict,
): Scores[] {
  const langs = [...new Set(corpus.map((s) => s.language))];
  const out: Scores[] = [];
  for (const language of [...langs, 'all']) {
    const part = language === 'all' ? corpus : corpus.filter((s) => s.language === language);
    let tp = 0;
    let fp = 0;
    let asked = 0;
    let negativesAsked = 0;
    let hardActedOn = 0;
    const wrong: LabelledSentence[] = [];
    for (const s of part) {
      const v = classify(s);
      if (s.positive) {
        if (v === 'yes') tp++;
        if (v !== 'no') asked++;
        if (v !== 'yes') wrong.push(s);
      } else {
        if (v === 'yes') {
          fp++;
          wrong.push(s);
          if (s.hard) hardActedOn++;
        }
        if (v === 'unsure') negativesAsked++;
      }
    }
    const positives = part.filter((s) => s.positive).length;
    out.push({
      language,
      n: part.length,
      positives,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: positives === 0 ? 1 : tp / positives,
      recallWithQuestion: positives === 0 ? 1 : asked / positives,
      negativesAsked,
      hardActedOn,
      wrong,
    });
  }
  return out;
}

/** Splits a corpus into k folds by position, for cross-validating on the tuning part. */
export function folds<T>(items: readonly T[], k: number): { train: T[]; test: T[] }[] {
  return Array.from({ length: k }, (_, f) => ({
    train: items.filter((_, i) => i % k !== f),
    test: items.filter((_, i) => i % k === f),
  }));
}
