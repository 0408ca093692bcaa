// A binary intent classifier (opt-out, handoff, an FAQ entry): NLP.js's neural network over stemmed, marked words.
//
// Rules do what rules do best before the network sees a message: a quoted word is a mention (`"stop` as its
// own feature), a negated word gets its own feature (`~stop` in "don't stop"), and a word under a question or
// condition another (`?stop` in "what happens if I send stop?"). The network learns from labelled sentences what
// each such feature weighs, in every language at once, so that "stop" and "~messag" count toward an opt-out
// while "~stop", "?stop" and "order" count against one.
import { NeuralNetwork } from '@nlpjs/neural';
import { conceptsOf } from './concepts.ts';
import { detectLanguage, type Language, type LanguageGuess } from './language.ts';
import { Vocabulary } from './spelling.ts';
import { stem } from './stemmers.ts';
import { fold, readText } from './text.ts';

export type TrainingSentence = { text: string; language: Language; positive: boolean };

export type IntentModel = {
  net: NeuralNetwork;
  vocabulary: Vocabulary;
  /** Every feature seen in training. */
  known: ReadonlySet<string>;
  /** Milliseconds the training took (reported by the evaluation, not used to decide). */
  trainedInMs: number;
};

export type FeatureBag = Record<string, number>;

/** Each feature and the word of the message it came from, for explanations. */
export type Features = { bag: FeatureBag; words: Map<string, string> };

/** The features of a message read in one language (and its close runner-up, for mixed-language messages). */
export function featuresOf(text: string, guess: LanguageGuess, vocabulary: Vocabulary): Features {
  const bag: FeatureBag = {};
  const words = new Map<string, string>();
  const add = (f: string, w: string) => {
    bag[f] = 1;
    if (!words.has(f)) words.set(f, w);
  };
  const langs: Language[] = guess.alternative ? [guess.language, guess.alternative] : [guess.language];
  for (const [n, language] of langs.entries()) {
    const read = readText(text, language);
    for (const w of read.words) {
      const word = vocabulary.correct(w.text);
      const prefix = w.quoted ? '"' : w.mark === 'negated' ? '~' : w.mark === 'hypothetical' ? '?' : '';
      // A marked word is only its marked feature: "don't stop" must not count as "stop" at all.
      add(`${prefix}${stem(word, language)}`, w.text);
      if (n === 0) for (const c of conceptsOf(word)) add(`${prefix}@${c}`, w.text);
    }
    if (n === 0) {
      if (read.question) add('#question', '?');
      if (read.whQuestion) add('#wh', read.words[0]?.text ?? '');
      if (read.words.some((w) => w.quoted)) add('#quote', '"');
    }
  }
  return { bag, words };
}

const POSITIVE = 'yes';
const NEGATIVE = 'no';

/** Trains a model from labelled sentences; deterministic (NLP.js starts from zero weights), so the same corpus gives the same model. */
export function trainIntentModel(
  sentences: readonly TrainingSentence[],
  clock: () => number = () => 0,
): IntentModel {
  const started = clock();
  const vocabulary = new Vocabulary(
    sentences.flatMap((s) => readText(s.text, s.language).words.map((w) => w.text)),
  );
  const net = new NeuralNetwork({ log: false });
  const corpus = sentences.map((s) => ({
    input: featuresOf(s.text, detectLanguage(s.text, s.language), vocabulary).bag,
    output: { [s.positive ? POSITIVE : NEGATIVE]: 1 },
  }));
  net.train(corpus);
  const known = new Set(corpus.flatMap((c) => Object.keys(c.input)));
  return { net, vocabulary, known, trainedInMs: clock() - started };
}

export type IntentScore = {
  /** 0 to 1: how sure the model is that the message has the intent. */
  confidence: number;
  language: Language;
  /** The words that weighed most toward the intent, as the customer wrote them. */
  evidence: string[];
};

/** Scores a message. */
export function scoreIntent(model: IntentModel, text: string, guess: LanguageGuess): IntentScore {
  const f = featuresOf(text, guess, model.vocabulary);
  // Nothing the model has seen ("hi", "ciao", an emoji): no evidence of anything, whatever the bias says.
  if (!Object.keys(f.bag).some((k) => !k.startsWith('#') && model.known.has(k)))
    return { confidence: 0, language: guess.language, evidence: [] };
  const out = model.net.run(f.bag) ?? {};
  const yes = Math.max(0, out[POSITIVE] ?? 0);
  const no = Math.max(0, out[NEGATIVE] ?? 0);
  // The two outputs are trained toward 1 and 0; their share is a steadier confidence than either alone.
  const confidence = yes + no === 0 ? 0 : Math.min(1, yes / (yes + no)) * Math.min(1, yes + 0.5);
  const weights = model.net.explain(f.bag, POSITIVE).weights ?? {};
  const evidence = Object.entries(weights)
    .filter(([, w]) => w > 0.05)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([feature]) => f.words.get(feature) ?? feature)
    .filter((w, i, all) => w.length > 1 && all.indexOf(w) === i);
  return { confidence, language: guess.language, evidence };
}

/** The folded form of a text, for exact keyword comparison. */
export const folded = (s: string) =>
  fold(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
