// Typo tolerance: a word the classifier never saw is read as a known word one edit away ("stpo", "afmelde", "agnet").

/** Damerau-Levenshtein distance, stopping early once it is over `max`. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

const deletions = (w: string): string[] => [...new Set([...w].map((_, i) => w.slice(0, i) + w.slice(i + 1)))];

/** A vocabulary with a deletion index (SymSpell, distance 1): a lookup costs a handful of map reads, not a scan. */
export class Vocabulary {
  private readonly words = new Map<string, number>();
  private readonly index = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    for (const w of words) this.words.set(w, (this.words.get(w) ?? 0) + 1);
    for (const w of this.words.keys()) {
      if (w.length < 4) continue;
      for (const d of deletions(w)) {
        const list = this.index.get(d);
        if (list) list.push(w);
        else this.index.set(d, [w]);
      }
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** The word itself when known or too short to correct safely; else the most frequent known word one edit away. */
  correct(word: string): string {
    if (word.length < 5 || this.words.has(word) || /\d/.test(word)) return word;
    const candidates = new Set<string>(this.index.get(word) ?? []);
    for (const d of deletions(word)) {
      if (this.words.has(d) && d.length >= 4) candidates.add(d);
      for (const c of this.index.get(d) ?? []) candidates.add(c);
    }
    let best: string | null = null;
    for (const c of candidates) {
      if (editDistance(word, c) > 1) continue;
      if (best === null || this.words.get(c)! > this.words.get(best)!) best = c;
    }
    return best ?? word;
  }
}
