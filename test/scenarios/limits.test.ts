// The messaging limit end to end: the tier from Graph, never exceeded by concurrent workers, freed after 24 h; the
// marketing frequency cap and quiet hours through the HTTP API on the test clock, with queued messages rescheduled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbTarget } from '../../src/adapters/db/index.ts';
import { amsterdamTime } from '../support/clock.ts';
import { testDatabases, type TestDatabase } from '../support/databases.ts';
import { GENERAL_WORDING, optIn } from '../support/customers.ts';
import { approvedTemplate, ORDER_PACKED, WEEKLY_OFFER } from '../support/templates.ts';
import { eventually, startHarness, startHarnessOn, type Harness } from '../support/harness.ts';
import { metaJsonStringify, signatureHeader } from '../../src/wire/meta-json.ts';

const json = { 'content-type': 'application/json' };
const DAY_S = 24 * 3600;
const recipients = Array.from({ length: 300 }, (_, i) => `3162100${String(i + 1).padStart(4, '0')}`);

const template = (to: string, name: string) => ({
  to: `+${to}`,
  template: { name, language: 'en', parameters: ['Ann'] },
});

async function statusCounts(h: Harness): Promise<Record<string, number>> {
  const rows = await h.platform.db.kysely.selectFrom('messages').select(['status', 'denial']).execute();
  const out: Record<string, number> = {};
  for (const r of rows) {
    const s = ['sent', 'delivered', 'read'].includes(r.status) ? 'sent' : r.status;
    out[s] = (out[s] ?? 0) + 1;
  }
  return out;
}

/** Moves the test clock of the API process (and its sandbox) and of every worker process. */
async function advance(api: Harness, workers: Harness[], seconds: number): Promise<void> {
  await api.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: seconds }), json);
  for (const w of workers) w.platform.clock.advance(seconds * 1000);
}

async function queueAll(api: Harness, to: string[], name: string) {
  const replies = [];
  for (const r of to) replies.push(await api.api('POST', '/v1/messages', template(r, name)));
  return replies;
}

function tierSuite(database: TestDatabase) {
  describe(`[${database.name}] messaging limit under concurrency`, () => {
    let api: Harness;
    let workers: Harness[] = [];
    let cleanup: () => Promise<void>;
    let target: DbTarget;
    const pg = database.name === 'postgres';

    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      target = created.target;
      if (pg) {
        // An API process and, for the setup (template review webhooks), one worker.
        api = await startHarness(created.target, {}, { api: true, worker: false });
        workers = [
          await startHarness(
            created.target,
            { GREENLIGHT_PUBLIC_URL: api.url },
            { api: false, worker: true },
          ),
        ];
      } else {
        // SQLite: one process with one in-process worker (its single writer).
        api = await startHarness(created.target);
      }
      await approvedTemplate(api, {
        name: 'order_ready',
        category: 'UTILITY',
        text: 'Hi {{1}}, your order is ready for pickup.',
      });
      for (const r of recipients)
        expect((await optIn(api, `+${r}`, ['order_updates'], GENERAL_WORDING)).status).toBe(201);
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

    it('reads the tier from Graph and never goes past it: 250 sent, 50 denied with limit.tier_exhausted', async () => {
      await api.raw('POST', '/sandbox/phone-number', JSON.stringify({ messagingLimit: 'TIER_250' }), json);
      const refreshed = await api.api('POST', '/v1/limits/refresh');
      expect(refreshed.body).toMatchObject({ tier: 'TIER_250', limit: 250, used: 0, remaining: 250 });

      const accepted = await queueAll(api, recipients, 'order_ready');
      const refusedAtAccept = accepted.filter((r) => r.status === 422);
      for (const r of refusedAtAccept)
        expect(r.body.error.details.reasons.map((x: any) => x.code)).toEqual(['limit.tier_exhausted']);
      if (pg) {
        // The whole outbox was queued before any worker ran; two workers now drain it concurrently.
        expect(refusedAtAccept).toHaveLength(0);
        workers = await Promise.all(
          [1, 2].map(() =>
            startHarness(target, { GREENLIGHT_PUBLIC_URL: api.url }, { api: false, worker: true }),
          ),
        );
      }
      const counts = await eventually(
        async () => {
          const c = await statusCounts(api);
          return (c.queued ?? 0) + (c.sending ?? 0) === 0 && c;
        },
        'the outbox drained',
        60_000,
      );
      expect(counts.sent).toBe(250);
      expect((counts.denied ?? 0) + refusedAtAccept.length).toBe(50);
      expect(counts.failed ?? 0).toBe(0);
      const denials = await api.platform.db.kysely
        .selectFrom('messages')
        .select('denial')
        .where('status', '=', 'denied')
        .execute();
      for (const d of denials) {
        const reasons = JSON.parse(d.denial!).reasons;
        expect(reasons).toEqual([
          expect.objectContaining({ code: 'limit.tier_exhausted', tier: 'TIER_250', used: 250 }),
        ]);
        expect(Date.parse(reasons[0].freesAt)).toBeGreaterThan(api.platform.clock.now());
      }
      // Meta got exactly 250 sends, one per recipient.
      const sentTo = await api.platform.db.kysely
        .selectFrom('messages')
        .select('to_wa_id')
        .where('wamid', 'is not', null)
        .execute();
      expect(new Set(sentTo.map((r) => r.to_wa_id)).size).toBe(250);
      expect(sentTo).toHaveLength(250);
      const limits = (await api.api('GET', '/v1/limits')).body;
      expect(limits).toMatchObject({ tier: 'TIER_250', used: 250, remaining: 0 });
      expect(limits.numbers[0]).toMatchObject({ phoneNumberId: expect.any(String), throughputMps: 1000 });

      // A recipient already reached costs nothing: a second message to one of them still goes.
      const again = await api.api('POST', '/v1/messages', template(sentTo[0]!.to_wa_id, 'order_ready'));
      expect(again.status).toBe(202);
      await eventually(
        async () =>
          ['sent', 'delivered', 'read'].includes(
            (await api.api('GET', `/v1/messages/${again.body.id}`)).body.status,
          ),
        'the repeat sent',
      );
      // Settled before the clock moves, so that its reach is counted in today's window.
      const sentAt = Date.parse((await api.api('GET', `/v1/messages/${again.body.id}`)).body.sentAt);
      await eventually(async () => {
        const row = await api.platform.db.kysely
          .selectFrom('limit_reservations')
          .select('reserved_at')
          .where('wa_id', '=', sentTo[0]!.to_wa_id)
          .executeTakeFirst();
        return row !== undefined && Number(row.reserved_at) >= sentAt;
      }, 'the repeat counted as reached');

      // 24 hours later the budget is free again and the rest may go.
      await advance(api, workers, DAY_S + 60);
      const reached = new Set(sentTo.map((r) => r.to_wa_id));
      const rest = recipients.filter((r) => !reached.has(r));
      expect(rest).toHaveLength(50);
      for (const r of await queueAll(api, rest, 'order_ready')) expect(r.status).toBe(202);
      await eventually(async () => (await statusCounts(api)).sent === 301, 'the rest sent', 30_000);
      expect((await api.api('GET', '/v1/limits')).body).toMatchObject({ used: 50, remaining: 200 });
    }, 120_000);
  });
}

for (const database of testDatabases()) tierSuite(database);

for (const database of testDatabases()) {
  describe(`[${database.name}] frequency cap and quiet hours`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, WEEKLY_OFFER);
      await approvedTemplate(h, ORDER_PACKED);
    }, 60_000);
    afterAll(async () => {
      await h?.stop();
    });

    const sentCount = async (waId: string) =>
      (
        await h.platform.db.kysely
          .selectFrom('messages')
          .select('id')
          .where('to_wa_id', '=', waId)
          .where('status', 'in', ['sent', 'delivered', 'read'])
          .execute()
      ).length;

    it('has settings with defaults, validates them and takes changes', async () => {
      expect((await h.api('GET', '/v1/settings/sending')).body).toEqual({
        marketingFrequencyCap: { max: 2, perDays: 7 },
        // The scenarios run with GREENLIGHT_QUIET_HOURS=off; a deployment's default is 21:00-08:00.
        quietHours: null,
      });
      const bad = await h.api('PATCH', '/v1/settings/sending', {
        quietHours: { start: '25:00', end: '08:00' },
      });
      expect(bad.status).toBe(400);
      const same = await h.api('PATCH', '/v1/settings/sending', {
        quietHours: { start: '08:00', end: '08:00' },
      });
      expect([same.status, same.body.error.code]).toEqual([422, 'settings.quiet_hours_invalid']);
      const ok = await h.api('PATCH', '/v1/settings/sending', {
        marketingFrequencyCap: { max: 2, perDays: 7 },
      });
      expect(ok.body.marketingFrequencyCap).toEqual({ max: 2, perDays: 7 });
    });

    it('caps marketing at 2 per contact per 7 days, with nextAllowedAt; utility is not capped', async () => {
      const ann = '31655500001';
      await optIn(h, `+${ann}`, ['offers', 'order_updates'], GENERAL_WORDING);
      for (let i = 0; i < 2; i++) {
        expect((await h.api('POST', '/v1/messages', template(ann, 'weekly_offer'))).status).toBe(202);
        await eventually(async () => (await sentCount(ann)) === i + 1, `marketing ${i + 1} sent`);
      }
      const third = await h.api('POST', '/v1/messages', template(ann, 'weekly_offer'));
      expect(third.status).toBe(422);
      const reason = third.body.error.details.reasons[0];
      expect(reason).toMatchObject({ code: 'limit.frequency_cap', max: 2, perDays: 7 });
      const next = Date.parse(reason.nextAllowedAt);
      expect(next - h.platform.clock.now()).toBeGreaterThan(6.9 * DAY_S * 1000);
      expect((await h.api('POST', '/v1/messages', template(ann, 'order_packed'))).status).toBe(202);
      // A week later the cap has room again.
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 7 * DAY_S + 60 }), json);
      const check = await h.api('POST', '/v1/policy/check', template(ann, 'weekly_offer'));
      expect(check.body).toEqual({ allowed: true, reasons: [] });
    });

    it("holds marketing in the contact's quiet hours; utility goes through", async () => {
      const bob = '31655500002';
      await optIn(h, `+${bob}`, ['offers', 'order_updates'], GENERAL_WORDING);
      // Quiet hours around the contact's current local time (Amsterdam for +31), whatever hour the test runs at.
      await h.api('PATCH', '/v1/settings/sending', {
        quietHours: { start: amsterdamTime(h, -60), end: amsterdamTime(h, 120) },
      });
      const denied = await h.api('POST', '/v1/messages', template(bob, 'weekly_offer'));
      expect(denied.status).toBe(422);
      const reason = denied.body.error.details.reasons[0];
      expect(reason).toMatchObject({ code: 'limit.quiet_hours', timeZone: 'Europe/Amsterdam' });
      const wait = Date.parse(reason.nextAllowedAt) - h.platform.clock.now();
      expect(wait).toBeGreaterThan(118 * 60_000);
      expect(wait).toBeLessThanOrEqual(120 * 60_000);
      expect((await h.api('POST', '/v1/messages', template(bob, 'order_packed'))).status).toBe(202);
      // A contact in New York is outside Amsterdam's quiet hours unless their own local time says otherwise.
      await h.api('PATCH', '/v1/settings/sending', { quietHours: null });
      expect((await h.api('POST', '/v1/policy/check', template(bob, 'weekly_offer'))).body.allowed).toBe(
        true,
      );
    });
  });
}

for (const database of testDatabases()) {
  describe(`[${database.name}] limits from webhooks`, () => {
    let h: Harness;
    let info: { appSecret: string; wabaId: string; phoneNumberId: string; displayPhoneNumber: string };
    beforeAll(async () => {
      h = await startHarnessOn(database);
      info = (await h.raw('GET', '/sandbox/info', undefined)).body;
      await approvedTemplate(h, WEEKLY_OFFER);
    }, 60_000);
    afterAll(async () => {
      await h?.stop();
    });

    const post = (field: string, value: Record<string, unknown>) => {
      const bytes = metaJsonStringify({
        object: 'whatsapp_business_account',
        entry: [{ id: info.wabaId, time: Math.floor(Date.now() / 1000), changes: [{ field, value }] }],
      });
      return h.raw('POST', '/webhooks/whatsapp', bytes, {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(bytes, info.appSecret),
      });
    };
    const tier = async () => (await h.api('GET', '/v1/limits')).body.tier;

    it('takes the tier from business_capability_update and phone_number_quality_update', async () => {
      expect(
        (await post('business_capability_update', { max_daily_conversations_per_business: 10000 })).status,
      ).toBe(200);
      await eventually(async () => (await tier()) === 'TIER_10K', 'TIER_10K from business_capability_update');
      await post('phone_number_quality_update', {
        display_phone_number: info.displayPhoneNumber,
        event: 'THROUGHPUT_UPGRADE',
        current_limit: 'TIER_UNLIMITED',
        max_daily_conversations_per_business: 'TIER_UNLIMITED',
      });
      await eventually(async () => (await tier()) === 'TIER_UNLIMITED', 'TIER_UNLIMITED');
      const limits = (await h.api('GET', '/v1/limits')).body;
      expect(limits).toMatchObject({
        limit: null,
        remaining: null,
        tierSource: 'webhook:phone_number_quality_update',
      });
      expect(limits.numbers[0]).toMatchObject({ throughputMps: 1000, messagingLimit: 'TIER_UNLIMITED' });
    });

    it('after a 131049 failure, denies marketing to that contact for 24 h with limit.recipient_cooldown', async () => {
      const dan = '31655500009';
      await optIn(h, `+${dan}`, ['offers'], GENERAL_WORDING);
      const sent = await h.api('POST', '/v1/messages', template(dan, 'weekly_offer'));
      const wamid = await eventually(
        async () =>
          ((await h.api('GET', `/v1/messages/${sent.body.id}`)).body.wamid as string | null) ?? undefined,
        'the offer sent',
      );
      // Meta says, asynchronously, that it did not deliver it to keep engagement healthy (meta-rules.md#marketing-frequency).
      await post('messages', {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: info.displayPhoneNumber, phone_number_id: info.phoneNumberId },
        statuses: [
          {
            id: wamid,
            status: 'failed',
            timestamp: String(Math.floor(h.platform.clock.now() / 1000)),
            recipient_id: dan,
            errors: [
              {
                code: 131049,
                title: 'This message was not delivered to maintain healthy ecosystem engagement.',
              },
            ],
          },
        ],
      });
      const reasons = await eventually(async () => {
        const r = await h.api('POST', '/v1/policy/check', template(dan, 'weekly_offer'));
        return r.body.reasons.length > 0 && r.body.reasons;
      }, 'the cooldown');
      expect(reasons).toEqual([
        expect.objectContaining({ code: 'limit.recipient_cooldown', metaCode: 131049 }),
      ]);
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: DAY_S + 60 }), json);
      expect((await h.api('POST', '/v1/policy/check', template(dan, 'weekly_offer'))).body.allowed).toBe(
        true,
      );
    });
  });
}
