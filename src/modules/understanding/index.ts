// Understanding: what customers and templates mean (opt-out and handoff intent, routine questions, marketing wording,
// requests for sensitive data), in seven languages, behind one door. Pure domain core: no time, no I/O.
export {
  classifyOptOut,
  classifyHandoff,
  warmUp,
  defaultOptOutThresholds,
  defaultHandoffThresholds,
  type Decision,
  type Thresholds,
  type Understanding,
  type OptOutUnderstanding,
} from './model.ts';
export {
  detectLanguage,
  isLanguage,
  languageOfCountry,
  languages,
  type Language,
  type LanguageGuess,
} from './language.ts';
export {
  allDefaultOptOutKeywords,
  defaultOptOutKeywords,
  matchOptOutPayload,
  matchOptOutText,
  optOutConfirmationText,
  optOutLanguages,
  type OptOutIntent,
  type OptOutLanguage,
  type OptOutMatch,
} from './opt-out-keywords.ts';
export { defaultHandoffKeywords, matchHandoff, handoffLanguages } from './handoff-keywords.ts';
export { optOutQuestion, handoffOffer, parseOptOutChoice, type OptOutChoice } from './wording.ts';
export { buildFaqMatcher, type FaqEntry, type FaqMatch, type FaqMatcher } from './faq.ts';
export {
  detectMarketing,
  explainMarketing,
  marketingThreshold,
  type MarketingFinding,
  type MarketingKind,
  type MarketingVerdict,
} from './marketing.ts';
export {
  detectSensitiveDataRequest,
  explainSensitiveData,
  type SensitiveFinding,
  type SensitiveKind,
  type SensitiveVerdict,
} from './sensitive-data.ts';
export {
  NUM,
  compileRules,
  languagesFor,
  matchRules,
  normaliseForMatching,
  originalSpan,
  sentencesOf,
  type DetectorLanguage,
  type PhraseRule,
} from './detector-text.ts';
