// `npm run eval`: precision and recall of the understanding component per task and language, on the tuning part
// (5-fold cross-validated for the trained classifiers) and the held-out part, with the time to classify a message.
import { optOutHeldOut } from '../src/modules/understanding/corpus/held-out/opt-out.ts';
import { handoffHeldOut } from '../src/modules/understanding/corpus/held-out/handoff.ts';
import { marketingHeldOut } from '../src/modules/understanding/corpus/held-out/marketing.ts';
import { sensitiveDataHeldOut } from '../src/modules/understanding/corpus/held-out/sensitive-data.ts';
import { faqHoursHeldOut } from '../src/modules/understanding/corpus/held-out/faq.ts';
import { optOutTuning } from '../src/modules/understanding/corpus/tuning/opt-out.ts';
import { handoffTuning } from '../src/modules/understanding/corpus/tuning/handoff.ts';
import {
  marketingTuning,
  sensitiveDataTuning,
  faqHoursTuning,
} from '../src/modules/understanding/corpus/tuning/templates.ts';
import type { LabelledSentence } from '../src/modules/understanding/corpus/format.ts';
import { folds, score, type Scores, type Verdict } from '../src/modules/understanding/evaluation.ts';
import { trainIntentModel } from '../src/modules/understanding/intent-model.ts';
import {
  classifyHandoff,
  classifyOptOut,
  seeds,
  optOutIntentModel,
  handoffIntentModel,
} from '../src/modules/understanding/model.ts';
import {
  allDefaultOptOutKeywords,
  buildFaqMatcher,
  defaultHandoffKeywords,
  defaultOptOutKeywords,
  detectMarketing,
  detectSensitiveDataRequest,
  detectLanguage,
  type DetectorLanguage,
} from '../src/modules/understanding/index.ts';
import { exampleFaq } from './support/example-faq.ts';

const keywords = allDefaultOptOutKeywords();
const showWrong = process.argv.includes('--wrong');

const optOut =
  (model?: ReturnType<typeof optOutIntentModel>) =>
  (s: LabelledSentence): Verdict =>
    classifyOptOut(s.text, { languagePrior: s.language, keywords, ...(model ? { model } : {}) }).decision;
const handoff =
  (model?: ReturnType<typeof handoffIntentModel>) =>
  (s: LabelledSentence): Verdict =>
    classifyHandoff(s.text, { languagePrior: s.language, ...(model ? { model } : {}) }).decision;

function crossValidated(
  corpus: readonly LabelledSentence[],
  seed: LabelledSentence[],
  verdict: (m: ReturnType<typeof trainIntentModel>) => (s: LabelledSentence) => Verdict,
): Scores[] {
  const results = new Map<LabelledSentence, Verdict>();
  for (const f of folds(corpus, 5)) {
    const m = trainIntentModel([...f.train, ...seed]);
    for (const s of f.test) results.set(s, verdict(m)(s));
  }
  return score(corpus, (s) => results.get(s)!);
}

const asSeed = (byLanguage: Readonly<Record<string, readonly string[]>>) =>
  seeds(byLanguage).map((s) => ({ ...s, hard: false }));

function table(title: string, rows: Scores[], tuning = false) {
  console.log(`\n${title}`);
  console.table(
    rows.map((r) => ({
      language: r.language,
      n: r.n,
      positives: r.positives,
      precision: r.precision.toFixed(2),
      recall: r.recall.toFixed(2),
      'recall incl. question': r.recallWithQuestion.toFixed(2),
      'negatives asked': r.negativesAsked,
      'hard negatives acted on': r.hardActedOn,
    })),
  );
  // Only the tuning part's mistakes are listed: the held-out part is never looked at sentence by sentence.
  if (tuning && showWrong)
    for (const s of rows.find((r) => r.language === 'all')!.wrong)
      console.log(`  wrong [${s.language}] ${s.positive ? '+' : s.hard ? '!' : '-'} ${s.text}`);
}

const fixed =
  (f: (s: LabelledSentence) => boolean) =>
  (s: LabelledSentence): Verdict =>
    f(s) ? 'yes' : 'no';
const marketing = fixed((s) => detectMarketing(s.text, s.language as DetectorLanguage).isMarketing);
const sensitive = fixed((s) => detectSensitiveDataRequest(s.text, s.language as DetectorLanguage).found);
const faq = buildFaqMatcher(exampleFaq());
const hours = fixed((s) => faq.match(s.text, s.language)?.id === 'hours');

const t0 = performance.now();
optOutIntentModel();
const t1 = performance.now();
handoffIntentModel();
const t2 = performance.now();

table(
  'Opt-out intent, tuning part (5-fold cross-validated)',
  crossValidated(optOutTuning, asSeed(defaultOptOutKeywords), optOut),
  true,
);
table('Opt-out intent, held-out part', score(optOutHeldOut, optOut()));
table(
  'Handoff intent, tuning part (5-fold cross-validated)',
  crossValidated(handoffTuning, asSeed(defaultHandoffKeywords), handoff),
  true,
);
table('Handoff intent, held-out part', score(handoffHeldOut, handoff()));
table('Marketing wording in UTILITY templates, tuning part', score(marketingTuning, marketing), true);
table('Marketing wording in UTILITY templates, held-out part', score(marketingHeldOut, marketing));
table('Sensitive-data requests, tuning part', score(sensitiveDataTuning, sensitive), true);
table('Sensitive-data requests, held-out part', score(sensitiveDataHeldOut, sensitive));
table("Example flow's hours FAQ, tuning part", score(faqHoursTuning, hours), true);
table("Example flow's hours FAQ, held-out part", score(faqHoursHeldOut, hours));

function timePerMessage(label: string, texts: string[], f: (t: string) => unknown) {
  for (const t of texts) f(t);
  const rounds = 20;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) f(t);
  const us = ((performance.now() - start) * 1000) / (rounds * texts.length);
  return { task: label, 'µs per message': us.toFixed(0) };
}
const customerTexts = [...optOutHeldOut, ...handoffHeldOut].map((s) => s.text);
console.log('\nTime to classify (this machine; training once at start-up)');
console.table([
  { task: 'train opt-out model', 'µs per message': `${((t1 - t0) * 1000).toFixed(0)} (once)` },
  { task: 'train handoff model', 'µs per message': `${((t2 - t1) * 1000).toFixed(0)} (once)` },
  timePerMessage('language detection', customerTexts, (t) => detectLanguage(t, 'en')),
  timePerMessage('opt-out intent', customerTexts, (t) =>
    classifyOptOut(t, { languagePrior: 'en', keywords }),
  ),
  timePerMessage('handoff intent', customerTexts, (t) => classifyHandoff(t, { languagePrior: 'en' })),
  timePerMessage('FAQ match', customerTexts, (t) => faq.match(t, 'en')),
  timePerMessage(
    'marketing wording',
    marketingHeldOut.map((s) => s.text),
    (t) => detectMarketing(t),
  ),
]);
