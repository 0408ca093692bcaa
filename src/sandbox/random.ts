// Seedable pseudo-random numbers (mulberry32), so fault profiles are reproducible in tests.

export type Random = {
  /** A float in [0, 1). */
  next(): number;
  /** Restart the sequence from a seed. */
  reseed(seed: number): void;
};

export function createRandom(seed: number = (Math.random() * 2 ** 32) >>> 0): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    reseed(next: number) {
      state = next >>> 0;
    },
  };
}
