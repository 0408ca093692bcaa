// Quality guard against the sandbox: customers block the campaign's template until Meta pauses it, or opt out past
// the campaign's threshold; the campaign pauses itself with the reason, and a quality.alert is in the event log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { offersAudience } from '../support/customers.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';
import { approvedTemplate } from '../support/templates.ts';
import { byHand } from '../support/workers.ts';

for (const database of testDatabases()) {
  describe(`[${database.name}] quality guard`, () => {
    let h: Harness;
    const { now, processWebhooks, expand } = byHand(() => h);
    const s = () => h.platform.services;
    // Two sends per dispatch pass, so that part of the audience stays queued while customers react.
    beforeAll(async () => {
      h = await startHarnessOn(
        database,
        { GREENLIGHT_DISPATCH_BATCH_SIZE: '2' },
        { api: true, worker: false },
      );
    });
    afterAll(async () => h?.stop());

    async function setUp(name: string, prefix: string, n: number, thresholds: Record<string, unknown>) {
      await approvedTemplate(
        h,
        {
          name,
          category: 'MARKETING',
          consentCategory: 'offers',
          text: 'Hi {{1}}, new beans are in at Acme Coffee.',
        },
        { whileWaiting: processWebhooks },
      );
      const phones = await offersAudience(h, prefix, n, [name]);
      const c = await h.api('POST', '/v1/campaigns', {
        name,
        template: { name, language: 'en', parameters: [{ value: 'friend' }] },
        audience: { kind: 'segment', consentCategory: 'offers', tags: [name] },
        thresholds,
      });
      expect(c.status).toBe(201);
      await h.api('POST', `/v1/campaigns/${c.body.id}/start`);
      await expand();
      return { id: c.body.id as string, phones };
    }

    const sendSome = async (passes: number) => {
      for (let i = 0; i < passes; i++) await s().dispatcher.runOnce();
      await eventually(async () => {
        await processWebhooks();
        const inflight = await h.platform.db.kysely
          .selectFrom('messages')
          .select('id')
          .where('status', 'in', ['sending', 'sent'])
          .execute();
        return inflight.length === 0;
      }, 'the statuses');
    };

    it('pauses the campaign when customers block until Meta pauses its template', async () => {
      const { id, phones } = await setUp('beans_blocked', '316401000', 10, {});
      await sendSome(3);
      const received = phones.slice(0, 6).map((p) => p.slice(1));
      for (const waId of received.slice(0, 4))
        await h.raw('POST', `/sandbox/customers/${waId}/actions`, JSON.stringify({ action: 'block' }), {
          'content-type': 'application/json',
        });
      await eventually(async () => {
        await processWebhooks();
        return (await h.api('GET', '/v1/templates')).body.data.some(
          (x: { name: string; status: string }) => x.name === 'beans_blocked' && x.status === 'PAUSED',
        );
      }, 'the template paused by Meta');
      expect(await s().quality.runOnce(now())).toBe(1);
      const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
      expect(c.status).toBe('paused');
      expect(c.pauseReason).toMatchObject({ code: 'quality.template_paused', by: 'quality_guard' });
      expect(c.counts.queued).toBe(4);
      const events = await s().events.since(h.platform.business.id, null, 5000);
      expect(events.find((e) => e.type === 'quality.alert' && e.subject === id)?.data).toMatchObject({
        code: 'quality.template_paused',
        action: 'campaign_paused',
      });
      expect(events.some((e) => e.type === 'campaign.paused' && e.subject === id)).toBe(true);
      // Held: nothing more goes out while paused.
      await s().dispatcher.runOnce();
      expect((await h.api('GET', `/v1/campaigns/${id}`)).body.counts.queued).toBe(4);
    });

    it('pauses the campaign when the opt-out rate after its messages passes its threshold', async () => {
      const { id, phones } = await setUp('beans_optout', '316402000', 10, {
        minSends: 4,
        maxOptOutRate: 0.2,
      });
      await sendSome(2);
      expect(await s().quality.runOnce(now())).toBe(0);
      for (const p of phones.slice(0, 2))
        await h.raw('POST', `/sandbox/customers/${p.slice(1)}/messages`, JSON.stringify({ text: 'STOP' }), {
          'content-type': 'application/json',
        });
      await eventually(async () => {
        await processWebhooks();
        return (await s().quality.signals(await s().campaigns.get(h.platform.business.id, id))).optOuts === 2;
      }, 'the opt-outs');
      expect(await s().quality.runOnce(now())).toBe(1);
      const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
      expect(c.pauseReason).toMatchObject({ code: 'quality.opt_out_rate', optOuts: 2, sent: 4 });
      const events = await s().events.since(h.platform.business.id, null, 5000);
      expect(events.some((e) => e.type === 'quality.alert' && e.subject === id)).toBe(true);
    });
  });
}
