// Which of the seven supported languages a text is in: ELD's n-gram scores, with the contact's country as a prior.
import { eld } from 'eld/small';

export const languages = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'it'] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (l: unknown): l is Language =>
  typeof l === 'string' && (languages as readonly string[]).includes(l);

// Only our seven languages compete: a Dutch "stop" must not be read as Afrikaans.
eld.setLanguageSubset([...languages]);

export type LanguageGuess = {
  language: Language;
  /** The runner-up when it is close: a mixed-language message ("please stop, ik wil dit niet meer") is read in both. */
  alternative: Language | null;
  /** ELD's scores (0 to 1) per language, before the prior. */
  scores: Partial<Record<Language, number>>;
};

/**
 * The prior's weight: a short message ("stop", "baja", "basta") carries too few letters for n-grams, so the
 * contact's language decides; a sentence speaks for itself, and the prior only breaks near ties.
 */
const priorWeight = (letters: number) => (letters <= 8 ? 0.3 : letters <= 20 ? 0.15 : 0.06);
const CLOSE = 0.05;

/** The language of a text. `prior` is the contact's language (from their number's country), a hint, not the answer. */
export function detectLanguage(text: string, prior: Language | null = null): LanguageGuess {
  const sample = text.slice(0, 400);
  const scores = eld.detect(sample).getScores() as Partial<Record<Language, number>>;
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  const ranked = languages
    .map((l) => ({ l, s: (scores[l] ?? 0) + (l === prior ? priorWeight(letters) : 0) }))
    .sort((a, b) => b.s - a.s);
  const best = ranked[0]!;
  if (best.s === 0) return { language: prior ?? 'en', alternative: null, scores };
  const second = ranked[1]!;
  return {
    language: best.l,
    alternative: second.s > 0 && best.s - second.s < CLOSE ? second.l : null,
    scores,
  };
}

const countryLanguage: Record<string, Language> = {
  NL: 'nl',
  BE: 'nl',
  SR: 'nl',
  AW: 'nl',
  CW: 'nl',
  DE: 'de',
  AT: 'de',
  CH: 'de',
  LI: 'de',
  FR: 'fr',
  LU: 'fr',
  MC: 'fr',
  ES: 'es',
  MX: 'es',
  AR: 'es',
  CO: 'es',
  CL: 'es',
  PE: 'es',
  VE: 'es',
  EC: 'es',
  UY: 'es',
  PT: 'pt',
  BR: 'pt',
  AO: 'pt',
  MZ: 'pt',
  IT: 'it',
  SM: 'it',
  VA: 'it',
  GB: 'en',
  US: 'en',
  IE: 'en',
  AU: 'en',
  NZ: 'en',
  CA: 'en',
  ZA: 'en',
};

/** The language most people of a country write in (ISO 3166 alpha-2), as the prior for detectLanguage. */
export function languageOfCountry(country: string | null | undefined): Language | null {
  return country ? (countryLanguage[country.toUpperCase()] ?? null) : null;
}
