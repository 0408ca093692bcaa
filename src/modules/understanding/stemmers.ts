// Snowball stemmers for the seven languages (NLP.js), without NLP.js's per-word cache, which would grow with every
// word customers ever typed.
import { StemmerDe } from '@nlpjs/lang-de';
import { StemmerEn } from '@nlpjs/lang-en-min';
import { StemmerEs } from '@nlpjs/lang-es';
import { StemmerFr } from '@nlpjs/lang-fr';
import { StemmerIt } from '@nlpjs/lang-it';
import { StemmerNl } from '@nlpjs/lang-nl';
import { StemmerPt } from '@nlpjs/lang-pt';
import type { Language } from './language.ts';

type Snowball = { setCurrent(w: string): void; innerStem(): void; getCurrent(): string };

const stemmers: Record<Language, Snowball> = {
  en: new StemmerEn(),
  nl: new StemmerNl(),
  de: new StemmerDe(),
  fr: new StemmerFr(),
  es: new StemmerEs(),
  pt: new StemmerPt(),
  it: new StemmerIt(),
};

/** The stem of a folded word in a language ("mitarbeitern" and "mitarbeiter" both give "mitarbeit"). */
export function stem(word: string, language: Language): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  const s = stemmers[language];
  s.setCurrent(word);
  s.innerStem();
  return s.getCurrent() || word;
}
