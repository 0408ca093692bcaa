// A small token bucket per client key for the public opt-in routes: cheap, in memory, time as an argument.

export type RateLimiter = {
  /** Takes one token for the key at `now`; when none is left, how long to wait in seconds. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number };
};

/**
 * `capacity` requests at once, refilled at `perMinute`. Buckets of idle keys are dropped once full again, so the map
 * stays as small as the set of recent clients. Per process: behind several API processes each one limits on its own,
 * which a public form can live with (a front proxy can do the global limit).
 */
export function createRateLimiter(opts: {
  capacity: number;
  perMinute: number;
  maxKeys?: number;
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = opts.perMinute / 60_000;
  const maxKeys = opts.maxKeys ?? 10_000;
  return {
    take(key, now) {
      let b = buckets.get(key);
      if (b) b.tokens = Math.min(opts.capacity, b.tokens + (now - b.at) * ratePerMs);
      else {
        if (buckets.size >= maxKeys) {
          for (const [k, v] of buckets)
            if (v.tokens + (now - v.at) * ratePerMs >= opts.capacity) buckets.delete(k);
          if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        }
        b = { tokens: opts.capacity, at: now };
        buckets.set(key, b);
      }
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / ratePerMs / 1000)) };
    },
  };
}
