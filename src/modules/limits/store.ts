// Limits persistence: tiers and settings per business, tier reservations, send slots per number, pair buckets and
// marketing cooldowns. Shared by every worker process; each claim of budget is one atomic step in the database.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { slices } from '../../kernel/batches.ts';
import { LIMIT_WINDOW_MS, type PairBucket } from './model.ts';

type Q = Kysely<Database> | Transaction<Database>;
export type BusinessLimitRow = Database['business_limits'];
export type ReservationRow = Database['limit_reservations'];

// Rows per bulk statement: 5 columns x 500 stays far below either database's bind-parameter limit.
const SLICE = 500;

export function createLimitStore(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  async function ensureBusiness(q: Q, businessId: string, defaultTier: string, now: number): Promise<void> {
    await q
      .insertInto('business_limits')
      .values({
        business_id: businessId,
        tier: defaultTier,
        tier_source: 'default',
        tier_updated_at: now,
        frequency_max: null,
        frequency_days: null,
        quiet_hours: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('business_id').doNothing())
      .execute();
  }

  return {
    db,
    ensureBusiness: (businessId: string, defaultTier: string, now: number, q: Q = k) =>
      ensureBusiness(q, businessId, defaultTier, now),
    async businessLimits(businessId: string): Promise<BusinessLimitRow | undefined> {
      return k
        .selectFrom('business_limits')
        .selectAll()
        .where('business_id', '=', businessId)
        .executeTakeFirst();
    },
    async updateBusiness(
      businessId: string,
      set: Partial<Omit<BusinessLimitRow, 'business_id'>>,
      now: number,
    ): Promise<void> {
      await k
        .updateTable('business_limits')
        .set({ ...set, updated_at: now })
        .where('business_id', '=', businessId)
        .execute();
    },
    /** Recipients in the rolling 24 h and when the oldest of them leaves it. */
    async usage(q: Q, businessId: string, now: number): Promise<{ used: number; oldest: number | null }> {
      const r = await q
        .selectFrom('limit_reservations')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number>('reserved_at').as('oldest')])
        .where('business_id', '=', businessId)
        .where('reserved_at', '>', now - LIMIT_WINDOW_MS)
        .executeTakeFirst();
      return { used: Number(r?.n ?? 0), oldest: r?.oldest == null ? null : Number(r.oldest) };
    },
    /** Which of these recipients were reached in the last 24 h. */
    async reachedAmong(
      q: Q,
      businessId: string,
      waIds: readonly string[],
      now: number,
    ): Promise<Set<string>> {
      const found = new Set<string>();
      for (const part of slices([...new Set(waIds)], SLICE)) {
        const rows = await q
          .selectFrom('limit_reservations')
          .select('wa_id')
          .where('business_id', '=', businessId)
          .where('wa_id', 'in', part)
          .where('reserved_at', '>', now - LIMIT_WINDOW_MS)
          .execute();
        for (const r of rows) found.add(r.wa_id);
      }
      return found;
    },
    /** Locks the business's limit row (PostgreSQL): reservations of one business are counted one at a time. */
    async lockBusiness(
      trx: Transaction<Database>,
      businessId: string,
    ): Promise<BusinessLimitRow | undefined> {
      const query = trx.selectFrom('business_limits').selectAll().where('business_id', '=', businessId);
      return (pg ? query.forUpdate() : query).executeTakeFirst();
    },
    async upsertReservations(q: Q, rows: readonly ReservationRow[]): Promise<void> {
      for (const part of slices(rows, SLICE))
        await q
          .insertInto('limit_reservations')
          .values([...part])
          .onConflict((oc) =>
            oc.columns(['business_id', 'wa_id']).doUpdateSet((eb) => ({
              reserved_at: eb.ref('excluded.reserved_at'),
              state: eb.ref('excluded.state'),
              message_id: eb.ref('excluded.message_id'),
            })),
          )
          .execute();
    },
    /** Meta accepted these sends: their recipients count as reached now (the 24 h run from the last reach). */
    async markReached(businessId: string, waIds: readonly string[], now: number): Promise<void> {
      for (const part of slices([...new Set(waIds)], SLICE))
        await k
          .updateTable('limit_reservations')
          .set({ state: 'sent', reserved_at: now })
          .where('business_id', '=', businessId)
          .where('wa_id', 'in', part)
          .execute();
    },
    /** Gives back what these messages reserved and never used (denied, or failed before Meta accepted them). */
    async release(messageIds: readonly string[]): Promise<void> {
      for (const part of slices(messageIds, SLICE))
        await k
          .deleteFrom('limit_reservations')
          .where('message_id', 'in', part)
          .where('state', '=', 'reserved')
          .execute();
    },

    // ------------------------------------------------------------ pair buckets

    /**
     * Loads and locks the pair buckets of a batch. Missing ones are created full first, in key order, so that two
     * workers on PostgreSQL serialise on the same rows (the second sees the first's tokens once it commits).
     */
    async lockPairs(
      trx: Transaction<Database>,
      pairs: readonly { phoneNumberId: string; waId: string }[],
      now: number,
    ): Promise<Map<string, PairBucket>> {
      const keys = [...new Map(pairs.map((p) => [pairKey(p.phoneNumberId, p.waId), p])).entries()].sort(
        ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0),
      );
      const out = new Map<string, PairBucket>();
      for (const part of slices(keys, SLICE)) {
        await trx
          .insertInto('pair_buckets')
          .values(
            part.map(([, p]) => ({
              phone_number_id: p.phoneNumberId,
              wa_id: p.waId,
              tokens: 45,
              refilled_at: now,
              blocked_until: null,
            })),
          )
          .onConflict((oc) => oc.columns(['phone_number_id', 'wa_id']).doNothing())
          .execute();
        const byNumber = new Map<string, string[]>();
        for (const [, p] of part)
          byNumber.set(p.phoneNumberId, [...(byNumber.get(p.phoneNumberId) ?? []), p.waId]);
        for (const [phoneNumberId, waIds] of byNumber) {
          const query = trx
            .selectFrom('pair_buckets')
            .selectAll()
            .where('phone_number_id', '=', phoneNumberId)
            .where('wa_id', 'in', waIds)
            .orderBy('wa_id');
          for (const r of await (pg ? query.forUpdate() : query).execute())
            out.set(pairKey(r.phone_number_id, r.wa_id), {
              tokens: Number(r.tokens),
              refilledAt: Number(r.refilled_at),
              blockedUntil: r.blocked_until === null ? null : Number(r.blocked_until),
            });
        }
      }
      return out;
    },
    async savePairs(trx: Transaction<Database>, buckets: Map<string, PairBucket>): Promise<void> {
      const rows = [...buckets].map(([key, b]) => {
        const [phoneNumberId, waId] = JSON.parse(key) as [string, string];
        return {
          phone_number_id: phoneNumberId,
          wa_id: waId,
          tokens: b.tokens,
          refilled_at: b.refilledAt,
          blocked_until: b.blockedUntil,
        };
      });
      for (const part of slices(rows, SLICE))
        await trx
          .insertInto('pair_buckets')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['phone_number_id', 'wa_id']).doUpdateSet((eb) => ({
              tokens: eb.ref('excluded.tokens'),
              refilled_at: eb.ref('excluded.refilled_at'),
              blocked_until: eb.ref('excluded.blocked_until'),
            })),
          )
          .execute();
    },
    /** 131056: the pair is blocked until `until` (Meta: "until you are back within the allowed rate"). */
    async blockPair(phoneNumberId: string, waId: string, until: number, now: number): Promise<void> {
      await k
        .insertInto('pair_buckets')
        .values({
          phone_number_id: phoneNumberId,
          wa_id: waId,
          tokens: 0,
          refilled_at: now,
          blocked_until: until,
        })
        .onConflict((oc) =>
          oc
            .columns(['phone_number_id', 'wa_id'])
            .doUpdateSet({ tokens: 0, refilled_at: now, blocked_until: until }),
        )
        .execute();
    },

    // ------------------------------------------------------------ send slots per number

    /**
     * Reserves `count` send slots of a number in one atomic statement and returns the number's new next free slot:
     * the batch's slots are the `count` intervals before it. Wall-clock microseconds, shared by all workers.
     */
    async reserveSlots(
      phoneNumberId: string,
      count: number,
      intervalUs: number,
      nowUs: number,
    ): Promise<number> {
      const span = count * intervalUs;
      const next = sql<number>`case when ${sql.ref('pacing_numbers.next_slot_us')} > ${nowUs} then ${sql.ref('pacing_numbers.next_slot_us')} else ${nowUs} end + ${span}`;
      const r = await k
        .insertInto('pacing_numbers')
        .values({ phone_number_id: phoneNumberId, next_slot_us: nowUs + span })
        .onConflict((oc) => oc.column('phone_number_id').doUpdateSet({ next_slot_us: next }))
        .returning('next_slot_us')
        .executeTakeFirstOrThrow();
      return Number(r.next_slot_us);
    },
    /** 130429: nothing more leaves the number before `untilUs`. */
    async pushSlots(phoneNumberId: string, untilUs: number): Promise<void> {
      await k
        .insertInto('pacing_numbers')
        .values({ phone_number_id: phoneNumberId, next_slot_us: untilUs })
        .onConflict((oc) =>
          oc.column('phone_number_id').doUpdateSet({
            next_slot_us: sql<number>`case when ${sql.ref('pacing_numbers.next_slot_us')} > ${untilUs} then ${sql.ref('pacing_numbers.next_slot_us')} else ${untilUs} end`,
          }),
        )
        .execute();
    },

    // ------------------------------------------------------------ marketing cooldowns (131049)

    async setCooldown(
      businessId: string,
      waId: string,
      until: number,
      reason: string,
      now: number,
    ): Promise<void> {
      await k
        .insertInto('marketing_cooldowns')
        .values({ business_id: businessId, wa_id: waId, until, reason, created_at: now })
        .onConflict((oc) =>
          oc.columns(['business_id', 'wa_id']).doUpdateSet({
            until: sql<number>`case when ${sql.ref('marketing_cooldowns.until')} > ${until} then ${sql.ref('marketing_cooldowns.until')} else ${until} end`,
            reason,
          }),
        )
        .execute();
    },
    async cooldowns(businessId: string, waIds: readonly string[], now: number): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      for (const part of slices([...new Set(waIds)], SLICE))
        for (const r of await k
          .selectFrom('marketing_cooldowns')
          .select(['wa_id', 'until'])
          .where('business_id', '=', businessId)
          .where('wa_id', 'in', part)
          .where('until', '>', now)
          .execute())
          out.set(r.wa_id, Number(r.until));
      return out;
    },

    /** When each of these contacts got a marketing template since `since` (sent and not failed), oldest first. */
    async marketingSentAt(
      businessId: string,
      waIds: readonly string[],
      since: number,
    ): Promise<Map<string, number[]>> {
      const out = new Map<string, number[]>();
      for (const part of slices([...new Set(waIds)], SLICE))
        for (const r of await k
          .selectFrom('messages')
          .select(['to_wa_id', 'sent_at'])
          .where('business_id', '=', businessId)
          .where('to_wa_id', 'in', part)
          .where('category', '=', 'marketing')
          .where('status', 'in', ['sent', 'delivered', 'read'])
          .where('sent_at', '>', since)
          .orderBy('sent_at')
          .execute())
          out.set(r.to_wa_id, [...(out.get(r.to_wa_id) ?? []), Number(r.sent_at)]);
      return out;
    },

    // ------------------------------------------------------------ the business's numbers (limits view and sync)

    async numbers(businessId: string) {
      return k
        .selectFrom('phone_numbers')
        .select([
          'phone_number_id',
          'throughput_mps',
          'quality_rating',
          'messaging_limit',
          'display_phone_number',
        ])
        .where('business_id', '=', businessId)
        .orderBy('created_at')
        .execute();
    },
    async throughputOf(phoneNumberIds: readonly string[]): Promise<Map<string, number>> {
      if (phoneNumberIds.length === 0) return new Map();
      const rows = await k
        .selectFrom('phone_numbers')
        .select(['phone_number_id', 'throughput_mps'])
        .where('phone_number_id', 'in', [...phoneNumberIds])
        .execute();
      return new Map(rows.map((r) => [r.phone_number_id, Number(r.throughput_mps)]));
    },
    async updateNumber(
      phoneNumberId: string,
      set: { throughput_mps?: number; quality_rating?: string; messaging_limit?: string },
      now: number,
    ): Promise<void> {
      if (Object.keys(set).length === 0) return;
      await k
        .updateTable('phone_numbers')
        .set({ ...set, updated_at: now })
        .where('phone_number_id', '=', phoneNumberId)
        .execute();
    },
    async numberByDisplay(businessId: string, display: string) {
      return k
        .selectFrom('phone_numbers')
        .select('phone_number_id')
        .where('business_id', '=', businessId)
        .where('display_phone_number', '=', display)
        .executeTakeFirst();
    },
    transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return k.transaction().execute(fn);
    },
  };
}

export const pairKey = (phoneNumberId: string, waId: string) => JSON.stringify([phoneNumberId, waId]);

export type LimitStore = ReturnType<typeof createLimitStore>;
