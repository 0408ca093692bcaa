// The plain-text format of the labelled corpora: one sentence a line, a sign for its label, `# xx` for its language.
//
// `+ text` is a positive (an opt-out, a handoff request, marketing wording, a sensitive-data request, a question the
// FAQ entry answers), `- text` a negative, and `! text` a hard negative: a negation, a question about stopping, a
// quotation, a complaint or a legitimate price that reads like a positive and must never be classified as one.
// Lines starting with `//` and blank lines are ignored. A corpus is a TypeScript module holding such a text, so that
// the core loads it without I/O.

export const corpusLanguages = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'it'] as const;
export type CorpusLanguage = (typeof corpusLanguages)[number];

export type LabelledSentence = {
  text: string;
  language: CorpusLanguage;
  positive: boolean;
  /** A hard negative (negation, question, quotation, complaint, a price in utility wording). */
  hard: boolean;
};

/** Parses a corpus text; a line in another shape is a mistake in the corpus, so it throws (a bug, not input). */
export function parseCorpus(source: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  let language: CorpusLanguage | null = null;
  for (const [i, raw] of source.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) continue;
    const lang = /^#\s*([a-z]{2})$/.exec(line);
    if (lang) {
      if (!(corpusLanguages as readonly string[]).includes(lang[1]!))
        throw new Error(`corpus line ${i + 1}: unknown language ${lang[1]}`);
      language = lang[1] as CorpusLanguage;
      continue;
    }
    const m = /^([+!-])\s+(.+)$/.exec(line);
    if (!m || language === null)
      throw new Error(`corpus line ${i + 1}: expected "+ text", "- text" or "! text"`);
    out.push({ text: m[2]!, language, positive: m[1] === '+', hard: m[1] === '!' });
  }
  return out;
}
