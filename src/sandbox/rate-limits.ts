// The two send limits Meta enforces per business number: throughput (meta-rules.md#throughput) and the pair rate (meta-rules.md#pair-rate).

/**
 * Throughput: at most `perSecond` sends in any sliding second of real time (130429 otherwise).
 * A ring of the last `perSecond` accept times makes each check O(1): the send is allowed when the
 * oldest of them is more than a second old.
 */
export class ThroughputWindow {
  private readonly ring: Float64Array;
  private next = 0;
  private readonly now: () => number;
  constructor(perSecond: number, now: () => number = () => performance.now()) {
    this.ring = new Float64Array(Math.max(1, Math.floor(perSecond))).fill(-Infinity);
    this.now = now;
  }
  tryTake(): boolean {
    const t = this.now();
    if (t - this.ring[this.next]! < 1000) return false;
    this.ring[this.next] = t;
    this.next = (this.next + 1) % this.ring.length;
    return true;
  }
}

/**
 * Pair rate: a token bucket per recipient with capacity 45 and a refill of one token per 6 s of
 * clock time (meta-rules.md#pair-rate "Simulator model"), so a burst borrows from future quota exactly as Meta describes.
 */
export class PairRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private readonly capacity: number;
  private readonly refillMs: number;
  constructor(capacity = 45, refillMs = 6000) {
    this.capacity = capacity;
    this.refillMs = refillMs;
  }
  tryTake(recipient: string, nowMs: number): boolean {
    let b = this.buckets.get(recipient);
    if (!b) {
      b = { tokens: this.capacity, atMs: nowMs };
      this.buckets.set(recipient, b);
    } else if (nowMs > b.atMs) {
      b.tokens = Math.min(this.capacity, b.tokens + (nowMs - b.atMs) / this.refillMs);
      b.atMs = nowMs;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
