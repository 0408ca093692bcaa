// Campaign persistence: the campaigns table, CSV audience rows, contact tags, and per-campaign counts of the outbox.
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../adapters/db/index.ts';
import { slices } from '../../kernel/batches.ts';
import {
  emptyCounts,
  type Audience,
  type CampaignCounts,
  type CampaignStatus,
  type GuardThresholds,
  type ParameterSource,
  type PauseReason,
} from './model.ts';

type Row = Database['campaigns'];
type Trx = Transaction<Database>;

export type Campaign = {
  id: string;
  businessId: string;
  name: string;
  status: CampaignStatus;
  phoneNumberId: string;
  template: { name: string; language: string; parameters: ParameterSource[] };
  audience: Audience;
  thresholds: GuardThresholds;
  budgetCap: number | null;
  startAt: number | null;
  audienceTotal: number;
  audienceRejected: { line: number; code: string; message: string }[];
  cursor: string | null;
  expanded: number;
  expansionDone: boolean;
  pauseReason: PauseReason | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
};

export const toCampaign = (r: Row): Campaign => ({
  id: r.id,
  businessId: r.business_id,
  name: r.name,
  status: r.status as CampaignStatus,
  phoneNumberId: r.phone_number_id,
  template: {
    name: r.template_name,
    language: r.template_language,
    parameters: JSON.parse(r.parameters) as ParameterSource[],
  },
  audience: JSON.parse(r.audience) as Audience,
  thresholds: JSON.parse(r.thresholds) as GuardThresholds,
  budgetCap: r.budget_cap,
  startAt: r.start_at,
  audienceTotal: Number(r.audience_total),
  audienceRejected: JSON.parse(r.audience_rejected) as Campaign['audienceRejected'],
  cursor: r.cursor,
  expanded: Number(r.expanded),
  expansionDone: Number(r.expansion_done) === 1,
  pauseReason: r.pause_reason === null ? null : (JSON.parse(r.pause_reason) as PauseReason),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** One recipient as the audience gives it: the number and the fields its template values may use. */
export type Recipient = { waId: string; fields: Record<string, string> };

// Rows per bulk statement: 4 columns x 1000 stays far below either database's bind-parameter limit.
const AUDIENCE_SLICE = 1000;

export function createCampaignStore(db: Db) {
  const k = db.kysely;

  /** The first reason code of a JSON column, grouped in SQL so that a million denials never come to memory. */
  const firstCode = (column: 'denial' | 'last_error') =>
    db.dialect === 'postgres'
      ? column === 'denial'
        ? sql<string | null>`(${sql.ref(column)})::json->'reasons'->0->>'code'`
        : sql<string | null>`(${sql.ref(column)})::json->>'code'`
      : column === 'denial'
        ? sql<string | null>`json_extract(${sql.ref(column)}, '$.reasons[0].code')`
        : sql<string | null>`json_extract(${sql.ref(column)}, '$.code')`;

  return {
    kysely: k,
    async insert(r: Row): Promise<void> {
      await k.insertInto('campaigns').values(r).execute();
    },
    async get(businessId: string, id: string): Promise<Campaign | undefined> {
      const r = await k
        .selectFrom('campaigns')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toCampaign(r);
    },
    async byId(id: string): Promise<Campaign | undefined> {
      const r = await k.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toCampaign(r);
    },
    async list(businessId: string, limit: number): Promise<Campaign[]> {
      const rows = await k
        .selectFrom('campaigns')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toCampaign);
    },
    async withStatus(statuses: readonly CampaignStatus[]): Promise<Campaign[]> {
      const rows = await k
        .selectFrom('campaigns')
        .selectAll()
        .where('status', 'in', [...statuses])
        .execute();
      return rows.map(toCampaign);
    },
    transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
      return k.transaction().execute(fn);
    },
    /** The campaign row, locked for the rest of the transaction on PostgreSQL (SQLite has one writer). */
    async lock(trx: Trx, id: string): Promise<Campaign | undefined> {
      const q = trx.selectFrom('campaigns').selectAll().where('id', '=', id);
      const r = await (db.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
      return r && toCampaign(r);
    },
    async update(q: Trx | Db['kysely'], id: string, set: Partial<Row>): Promise<void> {
      await q.updateTable('campaigns').set(set).where('id', '=', id).execute();
    },
    /** Scheduled campaigns whose start time has come run now. Returns their ids. */
    async startDue(now: number): Promise<string[]> {
      const rows = await k
        .updateTable('campaigns')
        .set({ status: 'running', started_at: now, updated_at: now })
        .where('status', '=', 'scheduled')
        .where('start_at', '<=', now)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },
    /**
     * Takes the expansion lease of one running campaign with audience left: one worker expands a campaign at a
     * time, and a worker that died leaves a lease that expires.
     */
    async claimExpansion(now: number, leaseMs: number): Promise<Campaign | undefined> {
      const candidates = await k
        .selectFrom('campaigns')
        .select('id')
        .where('status', '=', 'running')
        .where('expansion_done', '=', 0)
        .where((eb) =>
          eb.or([eb('expansion_lease_until', 'is', null), eb('expansion_lease_until', '<', now)]),
        )
        .orderBy('id')
        .limit(5)
        .execute();
      for (const c of candidates) {
        const r = await k
          .updateTable('campaigns')
          .set({ expansion_lease_until: now + leaseMs })
          .where('id', '=', c.id)
          .where('status', '=', 'running')
          .where((eb) =>
            eb.or([eb('expansion_lease_until', 'is', null), eb('expansion_lease_until', '<', now)]),
          )
          .returningAll()
          .executeTakeFirst();
        if (r) return toCampaign(r);
      }
      return undefined;
    },

    // ------------------------------------------------------------------ audience

    async addAudienceRows(campaignId: string, rows: readonly Recipient[], firstLine: number): Promise<void> {
      for (const [i, part] of slices(rows, AUDIENCE_SLICE).entries()) {
        await k
          .insertInto('campaign_audience_rows')
          .values(
            part.map((r, j) => ({
              campaign_id: campaignId,
              line: firstLine + i * AUDIENCE_SLICE + j,
              wa_id: r.waId,
              fields: JSON.stringify(r.fields),
            })),
          )
          .execute();
      }
    },
    async clearAudienceRows(campaignId: string): Promise<void> {
      await k.deleteFrom('campaign_audience_rows').where('campaign_id', '=', campaignId).execute();
    },
    /** The next CSV recipients after `afterLine`, in file order. */
    async audienceRowsAfter(
      campaignId: string,
      afterLine: number,
      limit: number,
    ): Promise<{ line: number; recipient: Recipient }[]> {
      const rows = await k
        .selectFrom('campaign_audience_rows')
        .select(['line', 'wa_id', 'fields'])
        .where('campaign_id', '=', campaignId)
        .where('line', '>', afterLine)
        .orderBy('line')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        line: Number(r.line),
        recipient: { waId: r.wa_id, fields: JSON.parse(r.fields) as Record<string, string> },
      }));
    },
    /**
     * The next contacts of a segment after `afterWaId` (keyset order), with their tags narrowed in SQL. Consent is
     * judged by the caller from the ledger. Erased contacts are never an audience.
     */
    async segmentContactsAfter(
      businessId: string,
      a: Extract<Audience, { kind: 'segment' }>,
      afterWaId: string | null,
      limit: number,
    ): Promise<{ waId: string; profileName: string | null; country: string | null }[]> {
      let q = k
        .selectFrom('contacts')
        .select(['wa_id', 'profile_name', 'country'])
        .where('business_id', '=', businessId)
        .where('erased_at', 'is', null);
      if (afterWaId !== null) q = q.where('wa_id', '>', afterWaId);
      for (const tag of a.tags ?? [])
        q = q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('contact_tags')
              .select('contact_tags.tag')
              .whereRef('contact_tags.business_id', '=', 'contacts.business_id')
              .whereRef('contact_tags.wa_id', '=', 'contacts.wa_id')
              .where('contact_tags.tag', '=', tag),
          ),
        );
      if (a.excludeTags && a.excludeTags.length > 0)
        q = q.where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('contact_tags')
                .select('contact_tags.tag')
                .whereRef('contact_tags.business_id', '=', 'contacts.business_id')
                .whereRef('contact_tags.wa_id', '=', 'contacts.wa_id')
                .where('contact_tags.tag', 'in', a.excludeTags!),
            ),
          ),
        );
      if (a.countries && a.countries.length > 0) q = q.where('country', 'in', a.countries);
      const rows = await q.orderBy('wa_id').limit(limit).execute();
      return rows.map((r) => ({ waId: r.wa_id, profileName: r.profile_name, country: r.country }));
    },

    // ------------------------------------------------------------------ tags

    async setTags(businessId: string, waId: string, tags: readonly string[], now: number): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('contact_tags')
          .where('business_id', '=', businessId)
          .where('wa_id', '=', waId)
          .execute();
        if (tags.length > 0)
          await trx
            .insertInto('contact_tags')
            .values(tags.map((tag) => ({ business_id: businessId, wa_id: waId, tag, created_at: now })))
            .execute();
      });
    },
    async tags(businessId: string, waId: string): Promise<string[]> {
      const rows = await k
        .selectFrom('contact_tags')
        .select('tag')
        .where('business_id', '=', businessId)
        .where('wa_id', '=', waId)
        .orderBy('tag')
        .execute();
      return rows.map((r) => r.tag);
    },

    // ------------------------------------------------------------------ progress

    /** Whether any of the campaign's messages still waits to be sent (queued or sending); an index lookup. */
    async hasPending(campaignId: string): Promise<boolean> {
      const r = await k
        .selectFrom('messages')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .where('status', 'in', ['queued', 'sending'])
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    },

    /** The campaign's messages by status, and the denials and failures by their first reason code. */
    async counts(campaignId: string): Promise<{
      counts: CampaignCounts;
      denied: Record<string, number>;
      failed: Record<string, number>;
    }> {
      const byStatus = await k
        .selectFrom('messages')
        .select(['status', k.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', campaignId)
        .groupBy('status')
        .execute();
      const counts = emptyCounts();
      for (const r of byStatus) {
        const n = Number(r.n);
        if (r.status in counts) counts[r.status as keyof CampaignCounts] += n;
        counts.total += n;
      }
      const reasons = async (status: 'denied' | 'failed') => {
        if (counts[status] === 0) return {};
        const code = firstCode(status === 'denied' ? 'denial' : 'last_error');
        const rows = await k
          .selectFrom('messages')
          .select([code.as('code'), k.fn.countAll<number>().as('n')])
          .where('campaign_id', '=', campaignId)
          .where('status', '=', status)
          .groupBy(code)
          .execute();
        return Object.fromEntries(rows.map((r) => [r.code ?? 'unknown', Number(r.n)]));
      };
      return { counts, denied: await reasons('denied'), failed: await reasons('failed') };
    },
    /** Cancelling: whatever of the campaign is still queued is denied with `campaign.cancelled`. */
    async denyQueued(trx: Trx, campaignId: string, reason: PauseReason, now: number): Promise<number> {
      const r = await trx
        .updateTable('messages')
        .set({ status: 'denied', denial: JSON.stringify({ reasons: [reason] }), updated_at: now })
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}

export type CampaignStore = ReturnType<typeof createCampaignStore>;
