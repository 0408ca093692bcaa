// Limits, pure: tiers, the pair bucket, slot spacing, quiet hours across time zones and DST, and the policy reasons.
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEFAULT_FREQUENCY_CAP,
  fullPairBucket,
  limitReasons,
  quietHoursEnd,
  rescheduleAt,
  slotIntervalUs,
  slotTimes,
  takePairToken,
  tierLimit,
  tierOf,
  timeZoneForCountry,
  type LimitFacts,
} from './model.ts';

const at = (iso: string) => Date.parse(iso);
const QUIET = { start: '21:00', end: '08:00' };

const facts = (over: Partial<LimitFacts> = {}): LimitFacts => ({
  tier: 'TIER_250',
  used: 0,
  freesAt: null,
  reachedRecently: false,
  marketingCooldownUntil: null,
  marketingSentAt: [],
  settings: { marketingFrequencyCap: DEFAULT_FREQUENCY_CAP, quietHours: QUIET },
  timeZone: 'Europe/Amsterdam',
  ...over,
});

describe('messaging-limit tiers', () => {
  it('maps Meta tier names and business_capability_update numbers', () => {
    expect(tierLimit('TIER_250')).toBe(250);
    expect(tierLimit('TIER_2K')).toBe(2000);
    expect(tierLimit('TIER_100K')).toBe(100_000);
    expect(tierLimit('TIER_UNLIMITED')).toBeNull();
    expect(tierLimit('TIER_NOT_SET')).toBe(250);
    expect(tierOf(10000)).toBe('TIER_10K');
    expect(tierOf('2000')).toBe('TIER_2K');
    expect(tierOf(-1)).toBe('TIER_UNLIMITED');
    expect(tierOf('TIER_1K')).toBe('TIER_1K');
    expect(tierOf(1234)).toBeUndefined();
    expect(tierOf(undefined)).toBeUndefined();
  });
});

describe('pair bucket (45 burst, 1 per 6 s)', () => {
  it('allows a burst of 45, then one token per 6 seconds', () => {
    const t0 = at('2026-03-01T12:00:00Z');
    let b = fullPairBucket(t0);
    for (let i = 0; i < 45; i++) {
      const r = takePairToken(b, t0, 0);
      expect(r.at).toBeNull();
      b = r.bucket;
    }
    const denied = takePairToken(b, t0, 0);
    expect(denied.at).toBe(t0 + 6000);
    // The 47th and 48th of the same batch wait for tokens of their own.
    expect(takePairToken(denied.bucket, t0, 1).at).toBe(t0 + 12_000);
    expect(takePairToken(denied.bucket, t0, 2).at).toBe(t0 + 18_000);
    // 6 s later one token is back.
    expect(takePairToken(b, t0 + 6000, 0).at).toBeNull();
  });

  it('waits out a 131056 block', () => {
    const t0 = at('2026-03-01T12:00:00Z');
    const b = { ...fullPairBucket(t0), blockedUntil: t0 + 4000 };
    expect(takePairToken(b, t0 + 1000, 0).at).toBe(t0 + 4000);
    expect(takePairToken(b, t0 + 4000, 0).at).toBeNull();
  });
});

describe('send slots', () => {
  it('spaces slots at the rate with 5 % headroom, ending at the reserved end', () => {
    expect(slotIntervalUs(80)).toBe(13_125);
    expect(slotIntervalUs(1000)).toBe(1050);
    expect(slotTimes(1_000_000_000, 3, 10_500)).toEqual([999_968.5, 999_979, 999_989.5]);
  });
});

describe('quiet hours in the contact time zone', () => {
  it('derives the zone from the country, the main zone for countries with several', () => {
    expect(timeZoneForCountry('NL')).toBe('Europe/Amsterdam');
    expect(timeZoneForCountry('US')).toBe('America/New_York');
    expect(timeZoneForCountry('BR')).toBe('America/Sao_Paulo');
    expect(timeZoneForCountry('IN')).toBe('Asia/Kolkata');
    expect(timeZoneForCountry(undefined)).toBeNull();
  });

  it('is quiet from 21:00 to 08:00 local time and says when it ends', () => {
    // 20:30 UTC in July is 22:30 in Amsterdam (CEST): quiet until 08:00 CEST = 06:00 UTC.
    expect(quietHoursEnd(at('2026-07-10T20:30:00Z'), 'Europe/Amsterdam', QUIET)).toBe(
      at('2026-07-11T06:00:00Z'),
    );
    // The same instant is 16:30 in New York: not quiet.
    expect(quietHoursEnd(at('2026-07-10T20:30:00Z'), 'America/New_York', QUIET)).toBeNull();
    // 02:00 in Kolkata (UTC+5:30) is quiet until 08:00 IST = 02:30 UTC.
    expect(quietHoursEnd(at('2026-07-10T20:30:00Z'), 'Asia/Kolkata', QUIET)).toBe(at('2026-07-11T02:30:00Z'));
    // Exactly 08:00 local is no longer quiet; 20:59 is not yet.
    expect(quietHoursEnd(at('2026-07-11T06:00:00Z'), 'Europe/Amsterdam', QUIET)).toBeNull();
    expect(quietHoursEnd(at('2026-07-10T18:59:00Z'), 'Europe/Amsterdam', QUIET)).toBeNull();
  });

  it('ends at 08:00 local across a daylight-saving change', () => {
    // Night of 28-29 March 2026 in Amsterdam: clocks go from 02:00 CET to 03:00 CEST. 23:00 CET = 22:00 UTC.
    expect(quietHoursEnd(at('2026-03-28T22:00:00Z'), 'Europe/Amsterdam', QUIET)).toBe(
      at('2026-03-29T06:00:00Z'),
    );
  });

  it('handles quiet hours within one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(quietHoursEnd(at('2026-01-05T12:15:00Z'), 'Europe/London', lunch)).toBe(
      at('2026-01-05T13:30:00Z'),
    );
    expect(quietHoursEnd(at('2026-01-05T13:30:00Z'), 'Europe/London', lunch)).toBeNull();
  });
});

describe('limit reasons', () => {
  const now = at('2026-07-10T10:00:00Z'); // 12:00 in Amsterdam

  it('denies a new recipient past the tier, with the tier, usage and when it frees', () => {
    const r = limitReasons(
      facts({ used: 250, freesAt: now + 3_600_000 }),
      { businessInitiated: true, marketing: false },
      now,
    );
    expect(r).toEqual([
      expect.objectContaining({
        code: 'limit.tier_exhausted',
        tier: 'TIER_250',
        used: 250,
        freesAt: new Date(now + 3_600_000).toISOString(),
      }),
    ]);
    // A recipient reached in the last 24 h costs nothing; a reply inside the window is not counted.
    expect(
      limitReasons(
        facts({ used: 250, reachedRecently: true }),
        { businessInitiated: true, marketing: false },
        now,
      ),
    ).toEqual([]);
    expect(limitReasons(facts({ used: 250 }), { businessInitiated: false, marketing: false }, now)).toEqual(
      [],
    );
    expect(
      limitReasons(
        facts({ used: 10 ** 6, tier: 'TIER_UNLIMITED' }),
        { businessInitiated: true, marketing: false },
        now,
      ),
    ).toEqual([]);
  });

  it('caps marketing per contact and says when the next one is allowed', () => {
    const sent = [now - 6 * DAY_MS, now - DAY_MS];
    const r = limitReasons(
      facts({ marketingSentAt: sent }),
      { businessInitiated: false, marketing: true },
      now,
    );
    expect(r.map((x) => x.code)).toEqual(['limit.frequency_cap']);
    expect(r[0]!.nextAllowedAt).toBe(new Date(now + DAY_MS).toISOString());
    // Older than the period: not counted. Utility is never capped.
    expect(
      limitReasons(
        facts({ marketingSentAt: [now - 8 * DAY_MS, now - DAY_MS] }),
        { businessInitiated: false, marketing: true },
        now,
      ),
    ).toEqual([]);
    expect(
      limitReasons(facts({ marketingSentAt: sent }), { businessInitiated: false, marketing: false }, now),
    ).toEqual([]);
  });

  it('holds marketing in quiet hours and after 131049, not utility', () => {
    const night = at('2026-07-10T20:30:00Z');
    const r = limitReasons(facts(), { businessInitiated: false, marketing: true }, night);
    expect(r).toEqual([
      expect.objectContaining({
        code: 'limit.quiet_hours',
        timeZone: 'Europe/Amsterdam',
        nextAllowedAt: '2026-07-11T06:00:00.000Z',
      }),
    ]);
    expect(rescheduleAt(r)).toBe(at('2026-07-11T06:00:00Z'));
    expect(limitReasons(facts(), { businessInitiated: false, marketing: false }, night)).toEqual([]);
    const cooled = limitReasons(
      facts({ marketingCooldownUntil: now + 1000 }),
      { businessInitiated: false, marketing: true },
      now,
    );
    expect(cooled.map((x) => x.code)).toEqual(['limit.recipient_cooldown']);
    // A cooldown is not rescheduled by the dispatcher: it is a denial.
    expect(rescheduleAt(cooled)).toBeNull();
  });
});
