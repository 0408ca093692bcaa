// Clock: time is passed into the domain as an argument; this port is how adapters obtain it.
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that runs with real time but can be moved forward, like Stripe's test clocks.
 * The sandbox and the platform share one instance so that window expiry can be tried without waiting.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  private readonly base: Clock;
  constructor(base: Clock = systemClock) {
    this.base = base;
  }
  now(): number {
    return this.base.now() + this.offsetMs;
  }
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
