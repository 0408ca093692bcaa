// Type declarations for the parts of NLP.js (@nlpjs/*) the understanding module uses; the packages ship none.
declare module '@nlpjs/neural' {
  export type FeatureBag = Record<string, number>;
  export class NeuralNetwork {
    constructor(settings?: Record<string, unknown>);
    train(corpus: { input: FeatureBag; output: Record<string, number> }[]): {
      iterations: number;
      error: number;
    };
    run(input: FeatureBag): Record<string, number> | undefined;
    explain(input: FeatureBag, intent: string): { weights?: Record<string, number>; bias?: number };
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}

declare module '@nlpjs/lang-en-min' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerEn {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-nl' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerNl {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-de' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerDe {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-fr' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerFr {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-es' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerEs {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-pt' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerPt {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}

declare module '@nlpjs/lang-it' {
  /** A Snowball stemmer: setCurrent(word), innerStem(), getCurrent(). */
  export class StemmerIt {
    setCurrent(word: string): void;
    innerStem(): void;
    getCurrent(): string;
  }
}
