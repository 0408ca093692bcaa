// Outbox persistence: one durable row per outbound message; the table is also the dispatcher's work queue.
import { sql, type Kysely, type Transaction } from 'kysely';
import { skipLocked, type Database, type Db } from '../../adapters/db/index.ts';
import { slices } from '../../kernel/batches.ts';
import { newId } from '../../kernel/ids.ts';
import type { MessageStatus } from './model.ts';

export type MessageRow = Database['messages'];
type Q = Kysely<Database> | Transaction<Database>;

export type OutboundMessage = {
  id: string;
  businessId: string;
  phoneNumberId: string;
  toWaId: string;
  kind: string;
  category: string | null;
  templateName: string | null;
  templateLanguage: string | null;
  request: Record<string, unknown>;
  graphRequest: Record<string, unknown>;
  status: MessageStatus;
  idempotencyKey: string | null;
  wamid: string | null;
  attempts: number;
  nextAttemptAt: number;
  lastError: Record<string, unknown> | null;
  denial: Record<string, unknown> | null;
  pricing: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  failedAt: number | null;
};

const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as Record<string, unknown>));

export const toMessage = (r: MessageRow): OutboundMessage => ({
  id: r.id,
  businessId: r.business_id,
  phoneNumberId: r.phone_number_id,
  toWaId: r.to_wa_id,
  kind: r.kind,
  category: r.category,
  templateName: r.template_name,
  templateLanguage: r.template_language,
  request: JSON.parse(r.request) as Record<string, unknown>,
  graphRequest: JSON.parse(r.graph_request) as Record<string, unknown>,
  status: r.status as MessageStatus,
  idempotencyKey: r.idempotency_key,
  wamid: r.wamid,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: parse(r.last_error),
  denial: parse(r.denial),
  pricing: parse(r.pricing),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
  deliveredAt: r.delivered_at,
  readAt: r.read_at,
  failedAt: r.failed_at,
});

export type StatusEventRow = Database['status_events'];

export type NewStatusEvent = {
  businessId: string | null;
  wamid: string;
  status: string;
  occurredAt: number;
  payload: unknown;
  applied: boolean;
};

// Rows per bulk statement: 8 status_event columns x 500 stays far below either database's bind-parameter limit.
const BULK_SLICE = 500;
// Expired leases examined per recovery pass, and the most unprocessed webhook items recovery reads to rule out a
// status it has not seen yet (above it, recovery waits for the processor to catch up).
const RECOVERY_SLICE = 500;
const RECOVERY_BACKLOG_LIMIT = 20_000;

/** The key of a status event's uniqueness: one event per wamid and status. */
export const statusEventKey = (wamid: string, status: string) => `${wamid} ${status}`;

export function createMessageStore(db: Db) {
  const k = db.kysely;

  /**
   * Records many status events with one multi-row insert per slice; a (wamid, status) seen before, or earlier in
   * the same list, is skipped. Returns the statusEventKey()s that were new: the first event of each is the fresh one.
   */
  async function recordStatusEvents(
    q: Q,
    events: readonly NewStatusEvent[],
    now: number,
  ): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (const part of slices(events, BULK_SLICE)) {
      const rows = await q
        .insertInto('status_events')
        .values(
          part.map((e) => ({
            id: newId('se', now),
            business_id: e.businessId,
            wamid: e.wamid,
            status: e.status,
            occurred_at: e.occurredAt,
            payload: JSON.stringify(e.payload),
            applied: e.applied ? 1 : 0,
            received_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['wamid', 'status']).doNothing())
        .returning(['wamid', 'status'])
        .execute();
      for (const r of rows) fresh.add(statusEventKey(r.wamid, r.status));
    }
    return fresh;
  }

  return {
    db,
    async insert(row: MessageRow): Promise<void> {
      await k.insertInto('messages').values(row).execute();
    },
    /**
     * Inserts many rows (a campaign's chunk) in bulk; a row whose (business, idempotency key) exists is skipped, so
     * re-running an expansion after a crash never enqueues twice. Returns the ids that were inserted.
     */
    async insertMany(q: Q, rows: readonly MessageRow[]): Promise<string[]> {
      const inserted: string[] = [];
      // 27 columns x 500 rows stays under either database's bind-parameter limit.
      for (const part of slices(rows, BULK_SLICE)) {
        if (part.length === 0) continue;
        const r = await q
          .insertInto('messages')
          .values(part)
          .onConflict((oc) => oc.columns(['business_id', 'idempotency_key']).doNothing())
          .returning('id')
          .execute();
        for (const x of r) inserted.push(x.id);
      }
      return inserted;
    },
    async byIdempotencyKey(businessId: string, key: string): Promise<MessageRow | undefined> {
      return k
        .selectFrom('messages')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
    },
    async get(businessId: string, id: string): Promise<MessageRow | undefined> {
      return k
        .selectFrom('messages')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
    },
    /**
     * Claims due messages for sending. On PostgreSQL concurrent workers skip each other's locked rows; the lease
     * makes a message whose worker died claimable again (see recoverExpiredLeases).
     */
    async claimDue(limit: number, now: number, leaseMs: number): Promise<MessageRow[]> {
      return k.transaction().execute(async (trx) => {
        const due = await skipLocked(
          db,
          trx
            .selectFrom('messages')
            .select('id')
            .where('status', '=', 'queued')
            .where('next_attempt_at', '<=', now)
            // A paused (or not yet running) campaign's messages stay queued: pause holds what is already enqueued.
            .where((eb) =>
              eb.or([
                eb('campaign_id', 'is', null),
                eb(
                  'campaign_id',
                  'in',
                  eb.selectFrom('campaigns').select('campaigns.id').where('campaigns.status', '=', 'running'),
                ),
              ]),
            )
            .orderBy('next_attempt_at')
            .limit(limit),
        ).execute();
        if (due.length === 0) return [];
        return trx
          .updateTable('messages')
          .set((eb) => ({
            status: 'sending',
            lease_until: now + leaseMs,
            attempts: eb('attempts', '+', 1),
            updated_at: now,
          }))
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .where('status', '=', 'queued')
          .returningAll()
          .execute();
      });
    },
    /**
     * A worker that died mid-send leaves rows in `sending` without a wamid. Once the lease has expired and no status
     * webhook has linked them (biz_opaque_callback_data carries our id), Meta evidently never accepted them.
     *
     * Crash-safety gap closed here (docs/operations.md): the lease expiring is not enough. A status webhook that
     * proves Meta accepted the send may already be stored but not yet processed (still pending, or claimed by the
     * worker that died, until its own lease runs out); requeueing then would send it twice. So a row is requeued
     * only when no unprocessed webhook item carries its id, and nothing is requeued while the unprocessed backlog is
     * too large to read whole: the processor catches up first. Returns how many rows were requeued.
     */
    async recoverExpiredLeases(now: number): Promise<number> {
      const expired = await k
        .selectFrom('messages')
        .select('id')
        .where('status', '=', 'sending')
        .where('wamid', 'is', null)
        .where('lease_until', '<', now)
        .orderBy('id')
        .limit(RECOVERY_SLICE)
        .execute();
      if (expired.length === 0) return 0;
      const unprocessed = await k
        .selectFrom('webhook_events')
        .select('payload')
        .where('status', 'in', ['pending', 'processing'])
        .limit(RECOVERY_BACKLOG_LIMIT + 1)
        .execute();
      if (unprocessed.length > RECOVERY_BACKLOG_LIMIT) return 0;
      const awaited = new Set<string>();
      for (const e of unprocessed)
        for (const m of e.payload.matchAll(/"biz_opaque_callback_data":"([^"]+)"/g)) awaited.add(m[1]!);
      const ids = expired.map((e) => e.id).filter((id) => !awaited.has(id));
      if (ids.length === 0) return 0;
      const r = await k
        .updateTable('messages')
        .set({ status: 'queued', lease_until: null, updated_at: now, next_attempt_at: now })
        .where('id', 'in', ids)
        // Re-checked at write time: a status webhook may have linked the wamid since the read above.
        .where('status', '=', 'sending')
        .where('wamid', 'is', null)
        .where('lease_until', '<', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return k.transaction().execute(fn);
    },
    async lockById(q: Q, id: string): Promise<MessageRow | undefined> {
      const query = q.selectFrom('messages').selectAll().where('id', '=', id);
      return (db.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    },
    async lockByWamid(q: Q, wamid: string): Promise<MessageRow | undefined> {
      const query = q.selectFrom('messages').selectAll().where('wamid', '=', wamid);
      return (db.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    },
    async update(q: Q, id: string, set: Partial<MessageRow>): Promise<void> {
      await q.updateTable('messages').set(set).where('id', '=', id).execute();
    },
    /**
     * Locks the rows of a batch in id order before it is written (PostgreSQL; SQLite has one writer). Every bulk
     * writer of messages takes its locks in this order, so two of them never wait on each other in a cycle.
     */
    async lockInIdOrder(q: Q, ids: readonly string[]): Promise<void> {
      if (db.dialect !== 'postgres' || ids.length === 0) return;
      for (const part of slices([...ids].sort(), BULK_SLICE))
        await q
          .selectFrom('messages')
          .select('id')
          .where('id', 'in', part)
          .orderBy('id')
          .forUpdate()
          .execute();
    },
    /**
     * Records Meta's acceptance of a batch of sends in one statement per slice: the wamid and `sent`, unless a status
     * webhook (matched by our id in biz_opaque_callback_data) already linked the wamid and moved the message on;
     * the status never moves back. Returns the ids of the rows that exist.
     */
    async markAccepted(
      q: Q,
      accepted: readonly { id: string; wamid: string }[],
      now: number,
    ): Promise<string[]> {
      const updated: string[] = [];
      for (const part of slices(accepted, BULK_SLICE)) {
        const wamidOf = sql.join(
          part.map((a) => sql`when ${a.id} then ${a.wamid}`),
          sql` `,
        );
        const unsent = sql<boolean>`${sql.ref('status')} in (${'queued'}, ${'sending'})`;
        const rows = await q
          .updateTable('messages')
          .set({
            wamid: sql<string>`coalesce(${sql.ref('wamid')}, case ${sql.ref('id')} ${wamidOf} end)`,
            status: sql<string>`case when ${unsent} then ${'sent'} else ${sql.ref('status')} end`,
            sent_at: sql<number>`case when ${unsent} then coalesce(${sql.ref('sent_at')}, ${now}) else ${sql.ref('sent_at')} end`,
            lease_until: null,
            last_error: null,
            updated_at: now,
          })
          .where(
            'id',
            'in',
            part.map((a) => a.id),
          )
          .returning('id')
          .execute();
        for (const r of rows) updated.push(r.id);
      }
      return updated;
    },
    /**
     * The messages a run of status webhooks may concern, in one query: those with one of the wamids, and those whose
     * id came back in biz_opaque_callback_data (a send whose response never reached us). Locked in id order.
     */
    async lockForStatuses(q: Q, wamids: readonly string[], ids: readonly string[]): Promise<MessageRow[]> {
      if (wamids.length === 0 && ids.length === 0) return [];
      const query = q
        .selectFrom('messages')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(wamids.length > 0 ? [eb('wamid', 'in', [...wamids])] : []),
            ...(ids.length > 0 ? [eb('id', 'in', [...ids])] : []),
          ]),
        )
        .orderBy('id');
      return (db.dialect === 'postgres' ? query.forUpdate() : query).execute();
    },
    /** Records a status event once; returns false for a duplicate (same wamid and status). */
    async recordStatusEvent(q: Q, e: NewStatusEvent, now: number): Promise<boolean> {
      return (await recordStatusEvents(q, [e], now)).size > 0;
    },
    recordStatusEvents,
    async pendingStatusEvents(q: Q, wamids: string[]): Promise<StatusEventRow[]> {
      if (wamids.length === 0) return [];
      return q
        .selectFrom('status_events')
        .selectAll()
        .where('applied', '=', 0)
        .where('wamid', 'in', wamids)
        .orderBy('occurred_at')
        .execute();
    },
    async markStatusEventsApplied(q: Q, ids: string[]): Promise<void> {
      if (ids.length > 0)
        await q.updateTable('status_events').set({ applied: 1 }).where('id', 'in', ids).execute();
    },
    async countByStatus(businessId: string): Promise<Record<string, number>> {
      const rows = await k
        .selectFrom('messages')
        .select(['status', k.fn.countAll<number>().as('n')])
        .where('business_id', '=', businessId)
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async eraseContent(businessId: string, waId: string): Promise<void> {
      await k
        .updateTable('messages')
        .set({ request: '{}', graph_request: '{}' })
        .where('business_id', '=', businessId)
        .where('to_wa_id', '=', waId)
        .where('status', 'in', ['sent', 'delivered', 'read', 'failed', 'denied'])
        .execute();
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
