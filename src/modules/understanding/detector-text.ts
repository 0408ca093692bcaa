// Text normalisation and phrase matching shared by the content detectors (marketing, sensitive data, commerce).

/** The languages the phrase rules are written in. */
export type DetectorLanguage = 'en' | 'nl' | 'de' | 'fr' | 'es' | 'pt' | 'it';
const detectorLanguages: readonly DetectorLanguage[] = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'it'];

/** Longest text a detector looks at: a free-form text message is at most 4096 characters (meta-rules.md#send-text), a body 1024. */
export const maxDetectorInput = 8192;

/** The token template variables become, so that rules can say "a number or a variable" (`{{1}}% off`). */
export const variableToken = '_var_';

/** A number or a template variable, for patterns such as `\d+ ?% off`. */
export const NUM = `(?:\\d+(?:[.,]\\d+)?|${variableToken})`;

export type NormalisedText = {
  /** Lowercased, diacritics removed, ß as ss, curly quotes straightened, variables as `_var_`. */
  text: string;
  /** For each UTF-16 unit of `text`, the index in the original text it came from. */
  origin: number[];
};

const VARIABLE_AT = /^\{\{[^{}]{0,64}\}\}/;

/**
 * Normalises for case- and accent-insensitive matching while remembering where each character came from,
 * so a finding can point into the text the author wrote.
 */
export function normaliseForMatching(input: string): NormalisedText {
  const source = input.length > maxDetectorInput ? input.slice(0, maxDetectorInput) : input;
  let text = '';
  const origin: number[] = [];
  let i = 0;
  while (i < source.length) {
    if (source.startsWith('{{', i)) {
      const m = VARIABLE_AT.exec(source.slice(i, i + 70));
      if (m) {
        for (let k = 0; k < variableToken.length; k++) origin.push(i);
        text += variableToken;
        i += m[0].length;
        continue;
      }
    }
    const cp = source.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    let out = ch
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    if (out === 'ß') out = 'ss';
    else if (out === '\u2019' || out === '\u2018') out = "'";
    else if (out === '\u2013' || out === '\u2014') out = '-';
    for (let k = 0; k < out.length; k++) origin.push(i);
    text += out;
    i += ch.length;
  }
  return { text, origin };
}

export type PhraseRule<K extends string> = {
  kind: K;
  /** Languages the phrase belongs to. */
  languages: readonly DetectorLanguage[];
  /** Regex source over normalised text; wrapped in word boundaries unless `raw`. */
  pattern: string;
  weight?: number;
};

export type CompiledRule<K extends string> = PhraseRule<K> & { re: RegExp };

// Word boundaries by letter/digit class, because \b is ASCII-only and would split "verificatiecode" at é.
const BEFORE = '(?<![\\p{L}\\p{N}_])';
const AFTER = '(?![\\p{L}\\p{N}_])';

export function compileRules<K extends string>(rules: readonly PhraseRule<K>[]): CompiledRule<K>[] {
  return rules.map((r) => ({ ...r, re: new RegExp(`${BEFORE}(?:${r.pattern})${AFTER}`, 'gu') }));
}

export type Match<K extends string> = {
  kind: K;
  weight: number;
  /** Start and end in the normalised text. */
  start: number;
  end: number;
};

/** Languages a rule set applies for: English loanwords ("sale", "shop now") are common in every other language's copy. */
export function languagesFor(language: DetectorLanguage | undefined): ReadonlySet<string> {
  if (language === undefined) return new Set(detectorLanguages);
  return language === 'en' ? new Set(['en']) : new Set([language, 'en']);
}

/** Every match of the rules in the text; overlapping matches keep the longer (more specific, then heavier) one. */
export function matchRules<K extends string>(
  text: string,
  rules: readonly CompiledRule<K>[],
  languages: ReadonlySet<string>,
): Match<K>[] {
  const all: Match<K>[] = [];
  for (const r of rules) {
    if (!r.languages.some((l) => languages.has(l))) continue;
    r.re.lastIndex = 0;
    for (const m of text.matchAll(r.re)) {
      all.push({ kind: r.kind, weight: r.weight ?? 1, start: m.index, end: m.index + m[0].length });
      if (all.length > 500) break;
    }
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || b.weight - a.weight || a.start - b.start);
  const kept: Match<K>[] = [];
  for (const m of all) {
    if (kept.some((k) => m.start < k.end && k.start < m.end)) continue;
    kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The original text a match covers, and where it starts there. */
export function originalSpan(
  original: string,
  n: NormalisedText,
  start: number,
  end: number,
): { phrase: string; index: number } {
  const from = n.origin[start] ?? 0;
  const lastOrigin = n.origin[end - 1] ?? from;
  // The last character may be a surrogate pair or a whole variable: take up to the next origin.
  let next: number | undefined;
  for (let idx = end; idx < n.origin.length && next === undefined; idx++) {
    if (n.origin[idx]! > lastOrigin) next = n.origin[idx];
  }
  const to = next ?? Math.min(original.length, maxDetectorInput);
  return { phrase: original.slice(from, to).trimEnd(), index: from };
}

/** Sentence spans: split at . ! ? and line breaks (a dot between digits, as in "1.5", does not split). */
export function sentencesOf(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const split =
      c === '!' ||
      c === '?' ||
      c === '\n' ||
      (c === '.' && !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')));
    if (split) {
      if (i > start) out.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}
