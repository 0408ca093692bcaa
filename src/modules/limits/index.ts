// Limits: Meta's messaging-limit tier per business, pacing per number and per recipient, marketing cooldowns and the
// business's sending settings (frequency cap, quiet hours). The dispatcher admits each batch through here.
import { invalidInput } from '../../kernel/errors.ts';
import { parsePhone } from '../../kernel/phone.ts';
import type { Result } from '../../kernel/result.ts';
import {
  DAY_MS,
  DEFAULT_FREQUENCY_CAP,
  HH_MM,
  LIMIT_WINDOW_MS,
  fullPairBucket,
  limitReasons,
  slotIntervalUs,
  slotTimes,
  takePairToken,
  tierLimit,
  tierOf,
  timeZoneForCountry,
  type LimitFacts,
  type LimitReason,
  type PairBucket,
  type QuietHours,
  type SendingSettings,
} from './model.ts';
import { pairKey, type LimitStore, type ReservationRow } from './store.ts';

export {
  limitReasons,
  rescheduleAt,
  reschedulableReasons,
  tierLimit,
  tierOf,
  quietHoursEnd,
  timeZoneForCountry,
  takePairToken,
  messagingTiers,
  type LimitFacts,
  type LimitReason,
  type QuietHours,
  type SendingSettings,
  type FrequencyCap,
} from './model.ts';
export { createLimitStore, type LimitStore } from './store.ts';

/** One send of a claimed batch, after the policy re-check allowed it. */
export type AdmitItem = {
  messageId: string;
  businessId: string;
  phoneNumberId: string;
  waId: string;
  /** A template outside the service window: it takes a unit of the messaging limit unless the recipient has one. */
  businessInitiated: boolean;
};

export type Admission =
  | { kind: 'go'; at: number; spacingMs: number }
  | { kind: 'wait'; at: number }
  | { kind: 'denied'; reasons: LimitReason[] };

/** The part of a Graph phone number the limits read (the whatsapp adapter's getPhoneNumber satisfies it). */
export type PhoneNumberReader = {
  getPhoneNumber(
    phoneNumberId: string,
    fields?: string[],
  ): Promise<Result<Record<string, unknown>, { message: string }>>;
};

const HIGH_THROUGHPUT_MPS = 1_000;

export function createLimitService(deps: {
  store: LimitStore;
  /** Quiet hours of a business that has not chosen its own (GREENLIGHT_QUIET_HOURS); null when off. */
  defaultQuietHours: QuietHours | null;
  graph?: () => PhoneNumberReader;
  logger?: { warn(o: object, m?: string): void };
}) {
  const { store } = deps;
  // A new business portfolio starts at 250 (meta-rules.md#messaging-limits) until Graph or a webhook says otherwise.
  const DEFAULT_TIER = 'TIER_250';

  function settingsOf(
    row:
      { frequency_max: number | null; frequency_days: number | null; quiet_hours: string | null } | undefined,
  ): SendingSettings {
    const q = row?.quiet_hours ?? null;
    return {
      marketingFrequencyCap:
        row?.frequency_max != null && row.frequency_days != null
          ? { max: row.frequency_max, perDays: row.frequency_days }
          : DEFAULT_FREQUENCY_CAP,
      quietHours:
        q === null
          ? deps.defaultQuietHours
          : q === 'off'
            ? null
            : { start: q.slice(0, 5), end: q.slice(6, 11) },
    };
  }

  const timeZoneOf = (waId: string) => {
    const p = parsePhone(waId, { allowWaId: true });
    return p.ok ? timeZoneForCountry(p.value.country) : null;
  };

  /** The limit facts of many sends with one read per kind of fact and business (a batch is nearly always one). */
  async function factsMany(
    items: readonly { businessId: string; waId: string }[],
    now: number,
  ): Promise<LimitFacts[]> {
    const byBusiness = new Map<string, string[]>();
    for (const it of items)
      byBusiness.set(it.businessId, [...(byBusiness.get(it.businessId) ?? []), it.waId]);
    const perBusiness = new Map<
      string,
      {
        tier: string;
        settings: SendingSettings;
        used: number;
        freesAt: number | null;
        reached: Set<string>;
        cooldowns: Map<string, number>;
        sent: Map<string, number[]>;
      }
    >();
    await Promise.all(
      [...byBusiness].map(async ([businessId, waIds]) => {
        const row = await store.businessLimits(businessId);
        const settings = settingsOf(row);
        const since = now - settings.marketingFrequencyCap.perDays * DAY_MS;
        const [usage, reached, cooldowns, sent] = await Promise.all([
          store.usage(store.db.kysely, businessId, now),
          store.reachedAmong(store.db.kysely, businessId, waIds, now),
          store.cooldowns(businessId, waIds, now),
          store.marketingSentAt(businessId, waIds, since),
        ]);
        perBusiness.set(businessId, {
          tier: row?.tier ?? DEFAULT_TIER,
          settings,
          used: usage.used,
          freesAt: usage.oldest === null ? null : usage.oldest + LIMIT_WINDOW_MS,
          reached,
          cooldowns,
          sent,
        });
      }),
    );
    return items.map((it) => {
      const b = perBusiness.get(it.businessId)!;
      return {
        tier: b.tier,
        used: b.used,
        freesAt: b.freesAt,
        reachedRecently: b.reached.has(it.waId),
        marketingCooldownUntil: b.cooldowns.get(it.waId) ?? null,
        marketingSentAt: b.sent.get(it.waId) ?? [],
        settings: b.settings,
        timeZone: timeZoneOf(it.waId),
      };
    });
  }

  /**
   * Admits a batch right before sending, in one transaction: a unit of the messaging limit for each new recipient
   * of a business-initiated send (counted under the business's row lock, so concurrent workers never overshoot),
   * then a pair token per send; then send slots for what may go, in one atomic statement per number.
   */
  async function admit(items: readonly AdmitItem[], now: number, wallNowMs: number): Promise<Admission[]> {
    const out: (Admission | null)[] = items.map(() => null);
    await store.transaction(async (trx) => {
      // 1. The messaging limit.
      const businesses = [
        ...new Set(items.filter((i) => i.businessInitiated).map((i) => i.businessId)),
      ].sort();
      for (const businessId of businesses) {
        await store.ensureBusiness(businessId, DEFAULT_TIER, now, trx);
        const row = await store.lockBusiness(trx, businessId);
        const tier = row?.tier ?? DEFAULT_TIER;
        const limit = tierLimit(tier);
        const mine = items.flatMap((it, i) =>
          it.businessInitiated && it.businessId === businessId ? [i] : [],
        );
        const reached = await store.reachedAmong(
          trx,
          businessId,
          mine.map((i) => items[i]!.waId),
          now,
        );
        let { used, oldest } = await store.usage(trx, businessId, now);
        const fresh: ReservationRow[] = [];
        for (const i of mine) {
          const it = items[i]!;
          if (reached.has(it.waId)) continue;
          if (limit !== null && used >= limit) {
            out[i] = {
              kind: 'denied',
              reasons: limitReasons(
                {
                  tier,
                  used,
                  freesAt: oldest === null ? null : oldest + LIMIT_WINDOW_MS,
                  reachedRecently: false,
                  marketingCooldownUntil: null,
                  marketingSentAt: [],
                  settings: { marketingFrequencyCap: DEFAULT_FREQUENCY_CAP, quietHours: null },
                  timeZone: null,
                },
                { businessInitiated: true, marketing: false },
                now,
              ),
            };
            continue;
          }
          reached.add(it.waId);
          used++;
          oldest ??= now;
          fresh.push({
            business_id: businessId,
            wa_id: it.waId,
            reserved_at: now,
            state: 'reserved',
            message_id: it.messageId,
          });
        }
        await store.upsertReservations(trx, fresh);
      }
      // 2. The pair rate: a token per send, or a time to come back.
      const pairs = items.filter((_, i) => out[i] === null);
      if (pairs.length === 0) return;
      const buckets = await store.lockPairs(trx, pairs, now);
      const waiting = new Map<string, number>();
      const changed = new Map<string, PairBucket>();
      items.forEach((it, i) => {
        if (out[i] !== null) return;
        const key = pairKey(it.phoneNumberId, it.waId);
        const r = takePairToken(buckets.get(key) ?? fullPairBucket(now), now, waiting.get(key) ?? 0);
        buckets.set(key, r.bucket);
        changed.set(key, r.bucket);
        if (r.at !== null) {
          waiting.set(key, (waiting.get(key) ?? 0) + 1);
          out[i] = { kind: 'wait', at: r.at };
        }
      });
      await store.savePairs(trx, changed);
    });
    // 3. Throughput: slots at the number's pace, reserved in the database so that every worker shares them.
    const goes = new Map<string, number[]>();
    items.forEach((it, i) => {
      if (out[i] === null) goes.set(it.phoneNumberId, [...(goes.get(it.phoneNumberId) ?? []), i]);
    });
    const levels = await store.throughputOf([...goes.keys()]);
    for (const [phoneNumberId, indexes] of goes) {
      const interval = slotIntervalUs(levels.get(phoneNumberId) ?? 80);
      const end = await store.reserveSlots(
        phoneNumberId,
        indexes.length,
        interval,
        Math.round(wallNowMs * 1000),
      );
      slotTimes(end, indexes.length, interval).forEach(
        (at, j) => (out[indexes[j]!] = { kind: 'go', at, spacingMs: interval / 1000 }),
      );
    }
    return out as Admission[];
  }

  async function setTier(businessId: string, tier: string, source: string, now: number): Promise<void> {
    await store.ensureBusiness(businessId, tier, now);
    await store.updateBusiness(businessId, { tier, tier_source: source, tier_updated_at: now }, now);
  }

  return {
    factsMany,
    admit,

    /** Meta accepted these sends: a business-initiated one reaches its recipient now. */
    async onAccepted(
      items: readonly { businessId: string; waId: string; businessInitiated: boolean }[],
      now: number,
    ) {
      const byBusiness = new Map<string, string[]>();
      for (const it of items)
        if (it.businessInitiated)
          byBusiness.set(it.businessId, [...(byBusiness.get(it.businessId) ?? []), it.waId]);
      for (const [businessId, waIds] of byBusiness) await store.markReached(businessId, waIds, now);
    },

    /** Denied or failed before Meta accepted them: what they reserved is given back. */
    release: (messageIds: readonly string[]) => store.release(messageIds),

    /**
     * Meta refused a send. 130429 slows the whole number down until `delayMs` has passed, 131056 only the pair,
     * 131049 stops marketing to the contact for at least 24 h (meta-rules.md#throughput, #pair-rate, #marketing-frequency).
     */
    async onSendFailure(
      item: { businessId: string; phoneNumberId: string; waId: string },
      metaCode: number | undefined,
      delayMs: number,
      now: number,
      wallNowMs: number,
    ): Promise<void> {
      if (metaCode === 130429)
        await store.pushSlots(item.phoneNumberId, Math.round((wallNowMs + delayMs) * 1000));
      else if (metaCode === 131056) await store.blockPair(item.phoneNumberId, item.waId, now + delayMs, now);
      else if (metaCode === 131049)
        await store.setCooldown(item.businessId, item.waId, now + DAY_MS, 'meta.131049', now);
    },

    /** A failed status webhook: 131049 arrives this way (asynchronously) as often as in the send's response. */
    async onFailedStatus(
      businessId: string,
      waId: string,
      metaCodes: readonly number[],
      now: number,
    ): Promise<void> {
      if (metaCodes.includes(131049))
        await store.setCooldown(businessId, waId, now + DAY_MS, 'meta.131049', now);
    },

    /**
     * `phone_number_quality_update` and `business_capability_update` (meta-rules.md#phone-quality-webhook, meta-rules.md#capability-webhooks): the portfolio's messaging limit
     * (max_daily_conversations_per_business; current_limit on older payloads) and a throughput upgrade.
     */
    async applyWebhook(
      businessId: string,
      field: string,
      value: Record<string, unknown>,
      now: number,
    ): Promise<void> {
      const tier =
        tierOf(value.max_daily_conversations_per_business) ??
        (field === 'phone_number_quality_update'
          ? tierOf(value.current_limit)
          : tierOf(value.max_daily_conversation_per_phone));
      if (tier) await setTier(businessId, tier, `webhook:${field}`, now);
      if (field === 'phone_number_quality_update' && typeof value.display_phone_number === 'string') {
        const n = await store.numberByDisplay(businessId, value.display_phone_number);
        if (n) {
          await store.updateNumber(
            n.phone_number_id,
            {
              ...(value.event === 'THROUGHPUT_UPGRADE' ? { throughput_mps: HIGH_THROUGHPUT_MPS } : {}),
              ...(tierOf(value.current_limit) ? { messaging_limit: tierOf(value.current_limit)! } : {}),
            },
            now,
          );
        }
      }
    },

    /**
     * Reads each number of the business from the Graph API (`GET /{phone-number-id}`): the portfolio's messaging
     * limit (`whatsapp_business_manager_messaging_limit`, meta-rules.md#messaging-limits), quality, and the HIGH throughput level (1,000 mps).
     * A STANDARD level leaves the configured pace alone (it may be lower on purpose, e.g. 20 for coexistence).
     */
    async refreshFromGraph(businessId: string, now: number): Promise<{ tier: string | null }> {
      if (!deps.graph) return { tier: null };
      let tier: string | null = null;
      for (const n of await store.numbers(businessId)) {
        const r = await deps
          .graph()
          .getPhoneNumber(n.phone_number_id, [
            'whatsapp_business_manager_messaging_limit',
            'quality_rating',
            'throughput',
          ]);
        if (!r.ok) {
          deps.logger?.warn(
            { phoneNumberId: n.phone_number_id, err: r.error.message },
            'limits refresh failed',
          );
          continue;
        }
        const v = r.value;
        const t = tierOf(v.whatsapp_business_manager_messaging_limit) ?? tierOf(v.messaging_limit_tier);
        if (t) tier = t;
        const level = (v.throughput as { level?: string } | undefined)?.level;
        await store.updateNumber(
          n.phone_number_id,
          {
            ...(typeof v.quality_rating === 'string' ? { quality_rating: v.quality_rating } : {}),
            ...(t ? { messaging_limit: t } : {}),
            ...(level === 'HIGH' ? { throughput_mps: HIGH_THROUGHPUT_MPS } : {}),
          },
          now,
        );
      }
      if (tier) await setTier(businessId, tier, 'graph', now);
      return { tier };
    },

    /** GET /v1/limits. */
    async view(businessId: string, now: number) {
      const row = await store.businessLimits(businessId);
      const tier = row?.tier ?? DEFAULT_TIER;
      const limit = tierLimit(tier);
      const { used, oldest } = await store.usage(store.db.kysely, businessId, now);
      return {
        tier,
        limit,
        used,
        remaining: limit === null ? null : Math.max(0, limit - used),
        freesAt: oldest === null ? null : new Date(oldest + LIMIT_WINDOW_MS).toISOString(),
        tierSource: row?.tier_source ?? 'default',
        numbers: (await store.numbers(businessId)).map((n) => ({
          phoneNumberId: n.phone_number_id,
          displayPhoneNumber: n.display_phone_number,
          throughputMps: Number(n.throughput_mps),
          qualityRating: n.quality_rating,
          messagingLimit: n.messaging_limit,
        })),
      };
    },

    async settings(businessId: string): Promise<SendingSettings> {
      return settingsOf(await store.businessLimits(businessId));
    },

    /** PATCH /v1/settings/sending: a frequency cap, and quiet hours (null turns them off). */
    async updateSettings(
      businessId: string,
      patch: { marketingFrequencyCap?: { max: number; perDays: number }; quietHours?: QuietHours | null },
      now: number,
    ): Promise<SendingSettings> {
      const q = patch.quietHours;
      if (q) {
        if (!HH_MM.test(q.start) || !HH_MM.test(q.end))
          throw invalidInput(
            'settings.quiet_hours_invalid',
            'quietHours start and end must be HH:MM (00:00 to 23:59).',
          );
        if (q.start === q.end)
          throw invalidInput('settings.quiet_hours_invalid', 'quietHours start and end must differ.');
      }
      await store.ensureBusiness(businessId, DEFAULT_TIER, now);
      await store.updateBusiness(
        businessId,
        {
          ...(patch.marketingFrequencyCap
            ? {
                frequency_max: patch.marketingFrequencyCap.max,
                frequency_days: patch.marketingFrequencyCap.perDays,
              }
            : {}),
          ...(q !== undefined ? { quiet_hours: q === null ? 'off' : `${q.start}-${q.end}` } : {}),
        },
        now,
      );
      return settingsOf(await store.businessLimits(businessId));
    },
  };
}

export type LimitService = ReturnType<typeof createLimitService>;
