// Routine questions: a flow's FAQ entries, each with example phrasings per language, matched by meaning. A question
// is compared with every example through stemmed words weighted by how rare they are (a cosine over IDF weights), so
// "till what time are you open on saturday" finds "when are you open?" while "I want to open a complaint" does not.
import { optOutTuning } from './corpus/tuning/opt-out.ts';
import { handoffTuning } from './corpus/tuning/handoff.ts';
import { detectLanguage, isLanguage, type Language } from './language.ts';
import { stem } from './stemmers.ts';
import { readText } from './text.ts';

export type FaqEntry = { id: string; examples: Readonly<Record<string, readonly string[]>> };
export type FaqMatch = { id: string; score: number; example: string; language: Language };
export type FaqMatcher = { match(text: string, languagePrior?: Language | null): FaqMatch | null };

/** The score from which a question is taken to be an entry's; below it the bot did not understand. */
export const FAQ_THRESHOLD = 0.5;

/** Stems of a text; a negated or quoted word keeps its mark, so "not open" is not "open". */
function termsOf(text: string, language: Language): string[] {
  return [
    ...new Set(
      readText(text, language).words.map(
        (w) => `${w.quoted ? '"' : w.mark === 'negated' ? '~' : ''}${stem(w.text, language)}`,
      ),
    ),
  ];
}

// Everyday customer messages as background, so that "you", "the", "is", "jullie" weigh little.
const background = [...optOutTuning, ...handoffTuning].map((s) => termsOf(s.text, s.language));

/** Builds a matcher for a flow's FAQ entries (cheap: a few hundred stems; done once per flow version). */
export function buildFaqMatcher(entries: readonly FaqEntry[], threshold = FAQ_THRESHOLD): FaqMatcher {
  const examples: { id: string; text: string; language: Language; terms: string[] }[] = [];
  for (const e of entries)
    for (const [language, texts] of Object.entries(e.examples))
      if (isLanguage(language))
        for (const text of texts) examples.push({ id: e.id, text, language, terms: termsOf(text, language) });
  const docs = [...background, ...examples.map((x) => x.terms)];
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((docs.length + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const norm = (terms: readonly string[]) => Math.sqrt(terms.reduce((s, t) => s + idf(t) ** 2, 0));
  const prepared = examples.map((x) => ({ ...x, set: new Set(x.terms), norm: norm(x.terms) }));
  const languages = [...new Set(examples.map((x) => x.language))];
  return {
    match(text, languagePrior = null) {
      if (prepared.length === 0 || text.trim() === '') return null;
      const guess = detectLanguage(text, languagePrior);
      let best: FaqMatch | null = null;
      // Read the question in the detected language and in each language the entries have examples in.
      for (const language of new Set([guess.language, ...languages])) {
        const terms = termsOf(text, language);
        if (terms.length === 0) continue;
        const n = norm(terms);
        for (const x of prepared) {
          if (x.language !== language) continue;
          let dot = 0;
          for (const t of terms) if (x.set.has(t)) dot += idf(t) ** 2;
          const score = dot / (n * x.norm);
          if (score >= threshold && (best === null || score > best.score))
            best = { id: x.id, score, example: x.text, language };
        }
      }
      return best;
    },
  };
}
