// Limits, pure: messaging-limit tiers, the pair-rate token bucket, send-slot spacing, quiet hours in the contact's
// time zone and the marketing frequency cap. Time is always an argument (docs/architecture.md rule 1).
import { getCountry } from 'countries-and-timezones';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Meta's messaging limit counts unique recipients over a moving 24 h (docs/meta-rules.md#messaging-limits). */
export const LIMIT_WINDOW_MS = DAY_MS;

// ---------------------------------------------------------------- messaging-limit tiers (meta-rules.md#messaging-limits, meta-rules.md#phone-quality-webhook, meta-rules.md#capability-webhooks)

/** Tier names as Meta's Graph API and webhooks spell them; TIER_50 and TIER_1K are historic per-number tiers. */
export const messagingTiers = [
  'TIER_50',
  'TIER_250',
  'TIER_1K',
  'TIER_2K',
  'TIER_10K',
  'TIER_100K',
  'TIER_UNLIMITED',
] as const;
export type MessagingTier = (typeof messagingTiers)[number];

const tierLimits: Record<MessagingTier, number | null> = {
  TIER_50: 50,
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

export const isMessagingTier = (v: unknown): v is MessagingTier =>
  typeof v === 'string' && (messagingTiers as readonly string[]).includes(v);

/** Unique recipients per 24 h, or null for unlimited. An unknown or TIER_NOT_SET tier is a new portfolio's 250. */
export function tierLimit(tier: string): number | null {
  return isMessagingTier(tier) ? tierLimits[tier] : 250;
}

/**
 * The tier of a webhook or Graph value: a TIER_* name, or business_capability_update's number
 * (250 | 2000 | 10000 | 100000 | -1 for unlimited, meta-rules.md#capability-webhooks). Undefined when it is neither.
 */
export function tierOf(value: unknown): MessagingTier | undefined {
  if (isMessagingTier(value)) return value;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number') return undefined;
  if (n < 0) return 'TIER_UNLIMITED';
  return (Object.entries(tierLimits) as [MessagingTier, number | null][]).find(([, l]) => l === n)?.[0];
}

// ---------------------------------------------------------------- pair rate (meta-rules.md#pair-rate)

/** "1 message every 6 seconds to the same WhatsApp user ... up to 45 messages in a 6-second burst" (meta-rules.md#pair-rate). */
export const PAIR_BURST = 45;
export const PAIR_REFILL_MS = 6_000;

export type PairBucket = { tokens: number; refilledAt: number; blockedUntil: number | null };

export const fullPairBucket = (now: number): PairBucket => ({
  tokens: PAIR_BURST,
  refilledAt: now,
  blockedUntil: null,
});

/**
 * Takes one token for a send to the pair at `now`. Without a token the send waits: `at` is when a token is free for
 * it, counting the `waiting` sends of the same batch already told to wait for this pair (each needs a token of its own).
 */
export function takePairToken(
  bucket: PairBucket,
  now: number,
  waiting: number,
): { bucket: PairBucket; at: number | null } {
  const elapsed = Math.max(0, now - bucket.refilledAt);
  const tokens = Math.min(PAIR_BURST, bucket.tokens + elapsed / PAIR_REFILL_MS);
  const refilled: PairBucket = { ...bucket, tokens, refilledAt: Math.max(now, bucket.refilledAt) };
  if (bucket.blockedUntil !== null && now < bucket.blockedUntil)
    return { bucket: refilled, at: bucket.blockedUntil + waiting * PAIR_REFILL_MS };
  if (tokens >= 1 && waiting === 0) return { bucket: { ...refilled, tokens: tokens - 1 }, at: null };
  return { bucket: refilled, at: now + Math.ceil((1 - tokens + waiting) * PAIR_REFILL_MS) };
}

// ---------------------------------------------------------------- throughput (meta-rules.md#throughput)

/**
 * Sends are spaced 5 % wider than 1/rate. Meta (and the sandbox) count sends in any sliding second as they arrive;
 * a send that leaves a few milliseconds late (timers, garbage collection, another worker's event loop) lets the one
 * a second later land inside the same second, which is a 130429. The headroom absorbs 50 ms of such jitter per
 * second, so the number runs at 95 % of its level and never above it.
 */
export const PACING_HEADROOM = 1.05;

export const slotIntervalUs = (messagesPerSecond: number): number =>
  Math.ceil((1_000_000 / Math.max(1, messagesPerSecond)) * PACING_HEADROOM);

/** The send times (ms) of `count` slots that end at `endUs` (the number's new next free slot). */
export function slotTimes(endUs: number, count: number, intervalUs: number): number[] {
  const start = endUs - count * intervalUs;
  return Array.from({ length: count }, (_, i) => (start + i * intervalUs) / 1000);
}

// ---------------------------------------------------------------- quiet hours in the contact's time zone

/**
 * Countries with several time zones: the zone where most people live (and the capital, in all these cases
 * but Brazil's and Australia's, whose capitals share the chosen zone's offset). countries-and-timezones lists
 * zones alphabetically, so its first zone would put the US in Adak and Russia in Anadyr.
 */
const MAIN_ZONE: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  RU: 'Europe/Moscow',
  AU: 'Australia/Sydney',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
  CN: 'Asia/Shanghai',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  DE: 'Europe/Berlin',
  NL: 'Europe/Amsterdam',
  CD: 'Africa/Kinshasa',
  UA: 'Europe/Kyiv',
  MN: 'Asia/Ulaanbaatar',
  MY: 'Asia/Kuala_Lumpur',
  NZ: 'Pacific/Auckland',
  EC: 'America/Guayaquil',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
};

/** The contact's time zone from their number's country (ISO 3166 alpha-2), or null when unknown. */
export function timeZoneForCountry(country: string | null | undefined): string | null {
  if (!country) return null;
  if (MAIN_ZONE[country]) return MAIN_ZONE[country]!;
  return getCountry(country)?.timezones[0] ?? null;
}

export type QuietHours = { start: string; end: string };
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// Building an Intl formatter is slow; one per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function localMinutes(at: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const part = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return part('hour') * 60 + part('minute');
}

/** When the quiet hours around `now` end (local `end`), or null when `now` is outside them. */
export function quietHoursEnd(now: number, timeZone: string, q: QuietHours): number | null {
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return null;
  const m = localMinutes(now, timeZone);
  const quiet = s < e ? m >= s && m < e : m >= s || m < e;
  if (!quiet) return null;
  const minuteStart = now - (now % 60_000);
  let at = minuteStart + ((e - m + 1440) % 1440) * 60_000;
  // A daylight-saving change in between moves the local clock by an hour: correct by what the zone says then.
  const drift = (localMinutes(at, timeZone) - e + 1440) % 1440;
  if (drift !== 0) at -= (drift > 720 ? drift - 1440 : drift) * 60_000;
  return at;
}

// ---------------------------------------------------------------- the guards, as policy reasons

export type FrequencyCap = { max: number; perDays: number };
export const DEFAULT_FREQUENCY_CAP: FrequencyCap = { max: 2, perDays: 7 };

export type SendingSettings = { marketingFrequencyCap: FrequencyCap; quietHours: QuietHours | null };

/** What the policy knows about limits for one send (gathered for a whole batch, one read per kind). */
export type LimitFacts = {
  tier: string;
  /** Unique recipients reached by business-initiated messages in the last 24 h, and when the oldest leaves. */
  used: number;
  freesAt: number | null;
  /** This recipient was reached in the last 24 h, so another message to them costs nothing. */
  reachedRecently: boolean;
  /** 131049: no marketing to this contact until then. */
  marketingCooldownUntil: number | null;
  /** When this contact's recent marketing templates were sent (within the cap's period), oldest first. */
  marketingSentAt: number[];
  settings: SendingSettings;
  timeZone: string | null;
};

export type LimitReason = { code: string; message: string; [detail: string]: unknown };

const iso = (t: number) => new Date(t).toISOString();

/**
 * The limit reasons of one send. `businessInitiated`: a template outside the service window (what the messaging
 * limit counts, meta-rules.md#messaging-limits). `marketing`: a MARKETING template (what cooldowns, the cap and quiet hours apply to).
 */
export function limitReasons(
  f: LimitFacts,
  send: { businessInitiated: boolean; marketing: boolean },
  now: number,
): LimitReason[] {
  const reasons: LimitReason[] = [];
  const limit = tierLimit(f.tier);
  if (send.businessInitiated && !f.reachedRecently && limit !== null && f.used >= limit) {
    reasons.push({
      code: 'limit.tier_exhausted',
      message: `The business reached ${f.used} of its ${limit} unique customers per 24 hours (${f.tier}); a new customer can be messaged once the oldest leaves the window.`,
      tier: f.tier,
      used: f.used,
      freesAt: f.freesAt === null ? null : iso(f.freesAt),
    });
  }
  if (!send.marketing) return reasons;
  if (f.marketingCooldownUntil !== null && now < f.marketingCooldownUntil) {
    reasons.push({
      code: 'limit.recipient_cooldown',
      message:
        'Meta did not deliver a marketing message to this contact to keep engagement healthy (131049); no marketing to them for at least 24 hours.',
      until: iso(f.marketingCooldownUntil),
      metaCode: 131049,
    });
  }
  const cap = f.settings.marketingFrequencyCap;
  const recent = f.marketingSentAt.filter((t) => t > now - cap.perDays * DAY_MS).sort((a, b) => a - b);
  if (recent.length >= cap.max) {
    reasons.push({
      code: 'limit.frequency_cap',
      message: `The contact already got ${recent.length} marketing messages in the last ${cap.perDays} days (at most ${cap.max}).`,
      max: cap.max,
      perDays: cap.perDays,
      nextAllowedAt: iso(recent[recent.length - cap.max]! + cap.perDays * DAY_MS),
    });
  }
  const q = f.settings.quietHours;
  if (q && f.timeZone) {
    const end = quietHoursEnd(now, f.timeZone, q);
    if (end !== null)
      reasons.push({
        code: 'limit.quiet_hours',
        message: `It is between ${q.start} and ${q.end} for the contact (${f.timeZone}); marketing waits until ${q.end} their time.`,
        timeZone: f.timeZone,
        nextAllowedAt: iso(end),
      });
  }
  return reasons;
}

/** Denials the dispatcher reschedules instead of ending the message: they lift by themselves at nextAllowedAt. */
export const reschedulableReasons: ReadonlySet<string> = new Set([
  'limit.quiet_hours',
  'limit.frequency_cap',
]);

/** When every reason is reschedulable: the time all of them have lifted. Otherwise null. */
export function rescheduleAt(reasons: readonly LimitReason[]): number | null {
  if (reasons.length === 0 || !reasons.every((r) => reschedulableReasons.has(r.code))) return null;
  return Math.max(...reasons.map((r) => Date.parse(String(r.nextAllowedAt))));
}
