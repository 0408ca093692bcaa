// The messaging limit under concurrency with campaigns: two MARKETING campaigns with overlapping audiences, started
// together for one business on TIER_250, never reach more than 250 distinct customers, and the budget frees in 24 h.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbTarget } from '../../src/adapters/db/index.ts';
import { testDatabases, type TestDatabase } from '../support/databases.ts';
import { optIn } from '../support/customers.ts';
import { approvedTemplate, CAMPAIGN_OFFER } from '../support/templates.ts';
import { eventually, startHarness, type Harness } from '../support/harness.ts';
import { byHand } from '../support/workers.ts';

const json = { 'content-type': 'application/json' };
const DAY_S = 24 * 3600;
// Numbers ending in 0000 are undeliverable in the sandbox, so the indexes run 1..300.
const phone = (i: number) => `3162300${String(i).padStart(4, '0')}`;
const everyone = Array.from({ length: 300 }, (_, i) => phone(i + 1));
// Campaign A reaches 1-200, campaign B 101-300: 101-200 are in both. 300 distinct customers for a budget of 250.
const audienceA = everyone.slice(0, 200);
const audienceB = everyone.slice(100, 300);
const inBoth = new Set(everyone.slice(100, 200));
// Small batches, so that the workers interleave many admissions of both campaigns rather than one or two big ones.
const WORKER_ENV = { GREENLIGHT_DISPATCH_BATCH_SIZE: '25' };

/** A draft campaign of the marketing template to a CSV audience. */
async function csvCampaign(api: Harness, name: string, to: string[]): Promise<string> {
  const created = await api.api('POST', '/v1/campaigns', {
    name,
    template: {
      name: CAMPAIGN_OFFER.name,
      language: 'en',
      parameters: [{ field: 'first_name', fallback: 'friend' }],
    },
    audience: { kind: 'csv' },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const csv = ['phone,first_name', ...to.map((p, i) => `+${p},Customer ${i}`)].join('\n');
  const up = await api.raw('PUT', `/v1/campaigns/${id}/audience.csv`, csv, {
    authorization: 'Bearer glk_test_key_0123456789abcdef',
    'content-type': 'text/csv',
  });
  expect([up.status, up.body.accepted, up.body.rejectedCount]).toEqual([200, to.length, 0]);
  return id;
}

function suite(database: TestDatabase) {
  describe(`[${database.name}] messaging limit with two campaigns and concurrent workers`, () => {
    let api: Harness;
    let workers: Harness[] = [];
    let cleanup: () => Promise<void>;
    let target: DbTarget;
    let campaignA: string;
    let campaignB: string;
    const pg = database.name === 'postgres';

    // How far the test clock moved: a worker process started later starts on real time and must catch up.
    let advancedMs = 0;

    /** Moves the test clock of the API process (and its sandbox) and of every worker process. */
    async function advance(seconds: number): Promise<void> {
      await api.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: seconds }), json);
      for (const w of workers) w.platform.clock.advance(seconds * 1000);
      advancedMs += seconds * 1000;
    }

    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      target = created.target;
      if (pg) {
        // An API-only process; the two worker processes start once both campaigns are running (in the test), and
        // one worker meanwhile processes the setup's webhooks (the template's approval).
        api = await startHarness(target, {}, { api: true, worker: false });
        workers = [
          await startHarness(target, { GREENLIGHT_PUBLIC_URL: api.url }, { api: false, worker: true }),
        ];
      } else {
        // SQLite has one worker by design (its single writer): one process with its in-process worker, which drains
        // both campaigns' messages batch by batch, in outbox order.
        api = await startHarness(target, WORKER_ENV);
      }
      // The tier comes from the Graph API (the sandbox's phone number), read again on demand.
      await api.raw('POST', '/sandbox/phone-number', JSON.stringify({ messagingLimit: 'TIER_250' }), json);
      expect((await api.api('POST', '/v1/limits/refresh')).body).toMatchObject({
        tier: 'TIER_250',
        limit: 250,
        used: 0,
        remaining: 250,
      });
      await approvedTemplate(api, CAMPAIGN_OFFER);
      // Customers in both campaigns get two marketing messages: the cap must not be what stops anyone here.
      const cap = await api.api('PATCH', '/v1/settings/sending', {
        marketingFrequencyCap: { max: 10, perDays: 7 },
        quietHours: null,
      });
      expect(cap.status).toBe(200);
      // Opted in to offers and never written in: every send is business-initiated, outside a service window.
      for (const p of everyone) expect((await optIn(api, `+${p}`, ['offers'])).status).toBe(201);
      campaignA = await csvCampaign(api, 'offer A', audienceA);
      campaignB = await csvCampaign(api, 'offer B', audienceB);
      if (pg) {
        for (const w of workers) await w.stop();
        workers = [];
      }
    }, 120_000);
    afterAll(async () => {
      for (const w of workers) await w.stop();
      await api?.stop();
      await cleanup?.();
    });

    const campaignsOf = (ids: string[]) =>
      Promise.all(ids.map(async (id) => (await api.api('GET', `/v1/campaigns/${id}`)).body));

    /** How many messages each customer's sandbox inbox holds. */
    async function inboxSizes(): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      for (const p of everyone)
        out.set(p, (await api.raw('GET', `/sandbox/customers/${p}/inbox`, undefined)).body.data.length);
      return out;
    }

    /** Two worker processes next to the API-only one (PostgreSQL). */
    async function startWorkers(env: Record<string, string> = WORKER_ENV): Promise<void> {
      workers = await Promise.all(
        [1, 2].map(() =>
          startHarness(target, { GREENLIGHT_PUBLIC_URL: api.url, ...env }, { api: false, worker: true }),
        ),
      );
      // Nothing is due for them until they are on the test clock: the outbox is due at the API's (advanced) time.
      for (const w of workers) w.platform.clock.advance(advancedMs);
    }

    /**
     * Waits until both campaigns completed, then checks the messaging limit from Meta's side (the sandbox inboxes,
     * compared with `before`) and from ours: 250 distinct customers reached, one unit each, the rest denied.
     */
    async function drainedWithinTier(ids: [string, string], before: Map<string, number>): Promise<void> {
      const cs = await eventually(
        async () => {
          const c = await campaignsOf(ids);
          return c.every((x) => x.status === 'completed') && c;
        },
        'both campaigns completed',
        60_000,
      );

      // Nothing left in the outbox.
      const rows = await api.platform.db.kysely
        .selectFrom('messages')
        .select(['status', 'to_wa_id', 'wamid', 'denial'])
        .where('campaign_id', 'in', ids)
        .execute();
      expect(rows).toHaveLength(400);
      expect(rows.filter((r) => r.status === 'queued' || r.status === 'sending')).toEqual([]);
      expect(rows.filter((r) => r.status === 'failed')).toEqual([]);

      // Meta's side: the customers who got an offer from these campaigns.
      const after = await inboxSizes();
      const got = new Map(
        [...after].map(([p, n]) => [p, n - before.get(p)!] as const).filter(([, n]) => n > 0),
      );
      expect(got.size).toBe(250);
      // A customer gets at most one message per campaign they are in; those in both may get both.
      for (const [p, n] of got) expect(n, p).toBeLessThanOrEqual(inBoth.has(p) ? 2 : 1);
      const twice = [...got.values()].filter((n) => n === 2).length;

      // Our side agrees: a wamid for every message Meta accepted, to the same 250 customers.
      const accepted = rows.filter((r) => r.wamid !== null);
      expect(new Set(accepted.map((r) => r.to_wa_id))).toEqual(new Set(got.keys()));
      expect(accepted).toHaveLength(250 + twice);

      // Everything else was denied for the tier, and the campaigns say so.
      const denied = rows.filter((r) => r.status === 'denied');
      expect(denied).toHaveLength(400 - accepted.length);
      for (const d of denied)
        expect(JSON.parse(d.denial!).reasons).toEqual([
          expect.objectContaining({ code: 'limit.tier_exhausted', tier: 'TIER_250', used: 250 }),
        ]);
      // A customer Meta got nothing for was denied in every campaign they are in.
      for (const p of everyone.filter((x) => !got.has(x)))
        expect(rows.filter((r) => r.to_wa_id === p).map((r) => r.status)).toEqual(
          inBoth.has(p) ? ['denied', 'denied'] : ['denied'],
        );
      for (const c of cs) {
        expect(c.counts).toMatchObject({ total: 200, queued: 0, sending: 0, failed: 0 });
        expect(c.deniedByReason).toEqual(
          c.counts.denied === 0 ? {} : { 'limit.tier_exhausted': c.counts.denied },
        );
      }
      expect(cs[0].counts.denied + cs[1].counts.denied).toBe(denied.length);

      // One unit per customer reached in the window, however many messages they got.
      const limits = (await api.api('GET', '/v1/limits')).body;
      expect(limits).toMatchObject({ tier: 'TIER_250', limit: 250, used: 250, remaining: 0 });
      expect(Date.parse(limits.freesAt)).toBeGreaterThan(api.platform.clock.now());
      const units = await api.platform.db.kysely
        .selectFrom('limit_reservations')
        .select('wa_id')
        .where('reserved_at', '>', api.platform.clock.now() - DAY_S * 1000)
        .execute();
      expect(new Set(units.map((r) => r.wa_id))).toEqual(new Set(got.keys()));
      expect(units).toHaveLength(250);
    }

    it('reaches exactly 250 distinct customers; customers in both campaigns cost one unit; the rest is denied', async () => {
      const before = await inboxSizes();
      const started = await Promise.all(
        [campaignA, campaignB].map((id) => api.api('POST', `/v1/campaigns/${id}/start`)),
      );
      for (const s of started) expect([s.status, s.body.status]).toEqual([200, 'running']);
      if (pg) await startWorkers();
      await drainedWithinTier([campaignA, campaignB], before);

      // 24 hours later the budget is back: a customer denied today may be sent to.
      await advance(DAY_S);
      expect((await api.api('GET', '/v1/limits')).body).toMatchObject({
        used: 0,
        remaining: 250,
        freesAt: null,
      });
      const deniedToday = (
        await api.platform.db.kysely
          .selectFrom('messages')
          .select('to_wa_id')
          .where('status', '=', 'denied')
          .executeTakeFirstOrThrow()
      ).to_wa_id;
      const offer = {
        to: `+${deniedToday}`,
        template: { name: CAMPAIGN_OFFER.name, language: 'en', parameters: ['Ann'] },
      };
      expect((await api.api('POST', '/v1/policy/check', offer)).body).toEqual({ allowed: true, reasons: [] });
    }, 120_000);

    // PostgreSQL only: campaigns expand one after the other, so the outbox above holds A's messages before B's, and the
    // workers cross the tier at whatever moment they happen to. Here the outbox of two new campaigns is shuffled before
    // the workers start, and both workers' first batches are claimed and admitted together: batches mixing both
    // campaigns, a customer's two messages often in batches admitted at the same time, and the tier crossed by both.
    if (pg)
      it('holds with both campaigns interleaved in the outbox, in the next window', async () => {
        for (const w of workers) await w.stop();
        workers = [];
        const before = await inboxSizes();
        const ids: [string, string] = [
          await csvCampaign(api, 'offer C', audienceA),
          await csvCampaign(api, 'offer D', audienceB),
        ];
        for (const id of ids)
          expect((await api.api('POST', `/v1/campaigns/${id}/start`)).body.status).toBe('running');
        const { expand } = byHand(() => api);
        await expand();
        const k = api.platform.db.kysely;
        const queued = await k
          .selectFrom('messages')
          .select('id')
          .where('campaign_id', 'in', ids)
          .where('status', '=', 'queued')
          .orderBy('id')
          .execute();
        expect(queued).toHaveLength(400);
        // A fixed shuffle (mulberry32, seed 5), every message due now: the claim order is the shuffled order.
        let seed = 5;
        const random = () => {
          seed = (seed + 0x6d2b79f5) | 0;
          let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
          t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const order = queued.map((q) => q.id);
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        const due = api.platform.clock.now() - order.length;
        await k.transaction().execute(async (trx) => {
          for (const [rank, id] of order.entries())
            await trx
              .updateTable('messages')
              .set({ next_attempt_at: due + rank })
              .where('id', '=', id)
              .execute();
        });
        // Held while the workers start, then released together: each worker's first batch of 200 holds more than
        // half the budget in new customers, and the two are admitted at about the same time.
        for (const id of ids) expect((await api.api('POST', `/v1/campaigns/${id}/pause`)).status).toBe(200);
        await startWorkers({ GREENLIGHT_DISPATCH_BATCH_SIZE: '200' });
        const resumed = await Promise.all(ids.map((id) => api.api('POST', `/v1/campaigns/${id}/resume`)));
        for (const r of resumed) expect(r.body.status).toBe('running');
        await drainedWithinTier(ids, before);
      }, 120_000);
  });
}

for (const database of testDatabases()) suite(database);
