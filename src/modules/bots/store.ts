// Flow versions per business: each upload is a new version; one version at most is active.
import type { Database, Db } from '../../adapters/db/index.ts';
import { isUniqueViolation } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';
import type { Flow } from './flow.ts';

export type FlowVersion = {
  id: string;
  version: number;
  name: string;
  format: 'json' | 'yaml';
  source: string;
  definition: Flow;
  active: boolean;
  createdAt: number;
  activatedAt: number | null;
};

const toVersion = (r: Database['bot_flows']): FlowVersion => ({
  id: r.id,
  version: r.version,
  name: r.name,
  format: r.format as 'json' | 'yaml',
  source: r.source,
  definition: JSON.parse(r.definition) as Flow,
  active: r.active === 1,
  createdAt: r.created_at,
  activatedAt: r.activated_at,
});

export function createFlowStore(db: Db) {
  const k = db.kysely;
  return {
    /** Stores a new version (the next number); two uploads at once both get a number, one after the other. */
    async insert(
      businessId: string,
      f: { name: string; format: 'json' | 'yaml'; source: string; definition: Flow },
      now: number,
    ): Promise<FlowVersion> {
      for (let attempt = 0; ; attempt++) {
        const last = await k
          .selectFrom('bot_flows')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('business_id', '=', businessId)
          .executeTakeFirst();
        const row = {
          id: newId('flow', now),
          business_id: businessId,
          version: Number(last?.v ?? 0) + 1,
          name: f.name,
          format: f.format,
          source: f.source,
          definition: JSON.stringify(f.definition),
          active: 0,
          created_at: now,
          activated_at: null,
        };
        try {
          await k.insertInto('bot_flows').values(row).execute();
          return toVersion(row);
        } catch (e) {
          if (!isUniqueViolation(e) || attempt >= 5) throw e;
        }
      }
    },
    async list(businessId: string): Promise<FlowVersion[]> {
      const rows = await k
        .selectFrom('bot_flows')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('version', 'desc')
        .execute();
      return rows.map(toVersion);
    },
    async get(businessId: string, version: number): Promise<FlowVersion | undefined> {
      const r = await k
        .selectFrom('bot_flows')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('version', '=', version)
        .executeTakeFirst();
      return r && toVersion(r);
    },
    async active(businessId: string): Promise<FlowVersion | undefined> {
      const r = await k
        .selectFrom('bot_flows')
        .selectAll()
        .where('business_id', '=', businessId)
        .where('active', '=', 1)
        .executeTakeFirst();
      return r && toVersion(r);
    },
    /** Makes one version the active one, in one transaction; `null` switches the bot off. */
    async activate(businessId: string, version: number | null, now: number): Promise<void> {
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('bot_flows')
          .set({ active: 0 })
          .where('business_id', '=', businessId)
          .where('active', '=', 1)
          .execute();
        if (version !== null)
          await trx
            .updateTable('bot_flows')
            .set({ active: 1, activated_at: now })
            .where('business_id', '=', businessId)
            .where('version', '=', version)
            .execute();
      });
    },
    async count(businessId: string): Promise<number> {
      const r = await k
        .selectFrom('bot_flows')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('business_id', '=', businessId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}

export type FlowStore = ReturnType<typeof createFlowStore>;
