// The docs' references resolve: cited Meta-rule anchors, cited house rules, and relative links in docs/ and README.md.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const META_RULES = 'docs/meta-rules.md';
const ARCHITECTURE = 'docs/architecture.md';

// What is not the project's own text: dependencies, local data, generated output.
const SKIPPED_DIRS = new Set(['node_modules', 'data', 'coverage', 'dist', 'results']);

/** Every .ts and .md file of the project (walked rather than asked of git, so that a downloaded copy checks too). */
function projectFiles(dir = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) out.push(...projectFiles(rel));
    } else if (/\.(ts|md)$/.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

const texts = new Map<string, string>();
const read = (rel: string): string => {
  let text = texts.get(rel);
  if (text === undefined) texts.set(rel, (text = fs.readFileSync(path.join(root, rel), 'utf8')));
  return text;
};

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: string; no: number }[] {
  const out: { line: string; no: number }[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) out.push({ line, no: i + 1 });
  });
  return out;
}

/** GitHub's id for a heading: rendered text, lowercased, punctuation dropped, spaces as hyphens. */
function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: explicit `<a id>`/`name` targets and GitHub's heading ids (with -1, -2 ...). */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  const seen = new Map<string, number>();
  for (const { line } of proseLines(text)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const slug = headingSlug(h[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

// A citation of a Meta rule, `docs/` in front or not; the prefix is kept so that a wrong file name shows.
const META_CITATION = /([\w./-]*)meta-rules\.md#([a-z0-9-]+)/g;
// A shorthand anchor following a citation on the same line: "(meta-rules.md#throughput, #pair-rate)".
const SHORTHAND = /(?<![\w/.#`(\]])#([a-z][a-z0-9-]*[a-z0-9])\b/g;
const RULE_CITATION = /architecture\.md,? rules? (\d+)/g;
const MARKDOWN_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

describe('documentation references', () => {
  const files = projectFiles();
  const metaAnchors = anchorsOf(read(META_RULES));
  const architecture = read(ARCHITECTURE);

  it('finds the project files and both documents', () => {
    expect(files).toContain(META_RULES);
    expect(files).toContain(ARCHITECTURE);
    expect(files).toContain('src/platform.ts');
  });

  it('every meta-rules.md anchor cited anywhere exists', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = read(file);
      if (!text.includes('meta-rules.md#')) continue;
      for (const { line, no } of proseLines(text)) {
        const citations = [...line.matchAll(META_CITATION)];
        if (citations.length === 0) continue;
        for (const [, prefix, anchor] of citations) {
          if (!/^(?:\.\/|(?:\.\.\/)*docs\/)?$/.test(prefix!))
            problems.push(`${file}:${no}: "${prefix}meta-rules.md" is not ${META_RULES}`);
          if (!metaAnchors.has(anchor!))
            problems.push(`${file}:${no}: no anchor #${anchor} in ${META_RULES}`);
        }
        // Shorthands after the first citation, with the citations themselves blanked out.
        const rest = line.slice(citations[0]!.index).replace(META_CITATION, ' ');
        for (const [, anchor] of rest.matchAll(SHORTHAND))
          if (!metaAnchors.has(anchor!))
            problems.push(`${file}:${no}: no anchor #${anchor} in ${META_RULES}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every cited house rule exists in docs/architecture.md', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = read(file);
      if (!text.includes('architecture.md')) continue;
      for (const { line, no } of proseLines(text))
        for (const [, rule] of line.matchAll(RULE_CITATION))
          if (!architecture.includes(`<a id="rule-${rule}"></a>`))
            problems.push(`${file}:${no}: ${ARCHITECTURE} has no rule ${rule}`);
    }
    expect(problems).toEqual([]);
  });

  it('every relative link in docs/ and README.md reaches a file and, when it names one, an anchor', () => {
    const problems: string[] = [];
    const docs = files.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));
    for (const file of docs) {
      for (const { line, no } of proseLines(read(file))) {
        for (const [, href] of line.matchAll(MARKDOWN_LINK)) {
          if (/^[a-z][a-z0-9+.-]*:/i.test(href!)) continue; // https:, mailto: ...
          const [target, fragment] = href!.split('#', 2) as [string, string | undefined];
          const rel =
            target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
          if (rel.startsWith('..') || !fs.existsSync(path.join(root, rel))) {
            problems.push(`${file}:${no}: ${href} -> no file ${rel}`);
            continue;
          }
          if (fragment && (!rel.endsWith('.md') || !anchorsOf(read(rel)).has(fragment)))
            problems.push(`${file}:${no}: ${href} -> no anchor #${fragment} in ${rel}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
