// A campaign's budget cap: the expansion enqueues only what fits under it, counting what is sent but not priced yet,
// then the campaign pauses itself with campaign.budget_exhausted (campaign.paused and quality.alert in the log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offersAudience } from '../support/customers.ts';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';
import { approvedTemplate, CAMPAIGN_OFFER } from '../support/templates.ts';
import { byHand } from '../support/workers.ts';

async function setUp(h: Harness, prefix: string, n: number, budgetCap: (unit: number) => number) {
  const phones = await offersAudience(h, prefix, n, [prefix]);
  // The price of one marketing message to these numbers, from the same rate cards the ledger uses.
  const estimate = await h.api('POST', '/v1/pricing/estimate', {
    recipients: [{ to: phones[0], category: 'marketing' }],
  });
  const unit = estimate.body.total as number;
  expect(unit).toBeGreaterThan(0);
  const r = await h.api('POST', '/v1/campaigns', {
    name: `budget ${prefix}`,
    template: { name: CAMPAIGN_OFFER.name, language: 'en', parameters: [{ value: 'friend' }] },
    audience: { kind: 'segment', consentCategory: 'offers', tags: [prefix] },
    budgetCap: budgetCap(unit),
  });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, phones, unit };
}

const inbox = async (h: Harness, phone: string) =>
  (await h.raw('GET', `/sandbox/customers/${phone.slice(1)}/inbox`, undefined)).body.data as unknown[];

for (const database of testDatabases()) {
  describe(`[${database.name}] campaign budget cap with the workers running`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, CAMPAIGN_OFFER);
    });
    afterAll(async () => h?.stop());

    it('sends what the cap pays for, pauses with its reason and events, and a resume sends nothing more', async () => {
      // Room for two and a half messages: two go out, the third would pass the cap.
      const { id, phones, unit } = await setUp(h, '316308000', 6, (u) => Math.round(u * 2.5 * 1e6) / 1e6);
      expect((await h.api('POST', `/v1/campaigns/${id}/start`)).body.status).toBe('running');
      const paused = await eventually(async () => {
        const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
        return c.status === 'paused' ? c : undefined;
      }, 'the campaign to pause at its budget');
      expect(paused.pauseReason).toMatchObject({ code: 'campaign.budget_exhausted', by: 'quality_guard' });
      expect(paused.expanded).toBe(2);
      expect(paused.counts).toMatchObject({ total: 2, queued: 0, sending: 0, failed: 0, denied: 0 });
      expect((await inbox(h, phones[0]!)).length + (await inbox(h, phones[1]!)).length).toBe(2);
      for (const p of phones.slice(2)) expect(await inbox(h, p)).toEqual([]);
      // The ledger, once the deliveries are priced, is within the cap: two messages.
      const spent = await eventually(async () => {
        const s = await h.platform.services.pricing.campaignSpent(id);
        return s > 0 && Math.abs(s - 2 * unit) < 1e-9 ? s : undefined;
      }, 'the two deliveries priced');
      expect(spent).toBeLessThanOrEqual(paused.budgetCap);

      const events = await h.platform.services.events.since(h.platform.business.id, null, 5000);
      expect(events.find((e) => e.type === 'campaign.paused' && e.subject === id)?.data).toMatchObject({
        reason: { code: 'campaign.budget_exhausted', budgetCap: paused.budgetCap },
      });
      expect(events.find((e) => e.type === 'quality.alert' && e.subject === id)?.data).toMatchObject({
        code: 'campaign.budget_exhausted',
        action: 'campaign_paused',
      });

      // The cap did not change: resumed, the campaign finds nothing that fits and pauses again, sending nothing.
      expect((await h.api('POST', `/v1/campaigns/${id}/resume`)).body.status).toBe('running');
      const again = await eventually(async () => {
        const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
        return c.status === 'paused' ? c : undefined;
      }, 'the campaign to pause again');
      expect(again.counts.total).toBe(2);
      for (const p of phones.slice(2)) expect(await inbox(h, p)).toEqual([]);
    });
  });

  // Webhooks are processed by hand here, so that messages stay sent but not priced while the campaign expands.
  describe(`[${database.name}] campaign budget cap before pricing arrives`, () => {
    let h: Harness;
    const { now, processWebhooks, dispatchAll } = byHand(() => h);
    const s = () => h.platform.services;
    const tick = () =>
      h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 2 }), {
        'content-type': 'application/json',
      });
    beforeAll(async () => {
      h = await startHarnessOn(database, {}, { api: true, worker: false });
      await approvedTemplate(h, CAMPAIGN_OFFER, { whileWaiting: processWebhooks });
    });
    afterAll(async () => h?.stop());

    it('counts messages sent but not priced yet, so the cap is not passed while pricing is on its way', async () => {
      const { id, phones, unit } = await setUp(h, '316309000', 5, (u) => Math.round(u * 3.5 * 1e6) / 1e6);
      await h.api('POST', `/v1/campaigns/${id}/start`);
      // The first step enqueues only the three that fit.
      expect(await s().campaigns.runOnce(now())).toBe(3);
      expect((await h.api('GET', `/v1/campaigns/${id}`)).body).toMatchObject({
        status: 'running',
        expanded: 3,
        counts: { total: 3, queued: 3 },
      });
      // Nothing more fits while those three are queued: the campaign waits for them rather than pausing them, and
      // looks again a second later (test clock).
      await tick();
      expect(await s().campaigns.runOnce(now())).toBe(0);
      expect((await h.api('GET', `/v1/campaigns/${id}`)).body.status).toBe('running');
      await dispatchAll();
      // Sent, but no delivered status (with its pricing) processed yet: the ledger is empty.
      expect(await s().pricing.campaignSpent(id)).toBe(0);
      expect(await s().pricing.campaignCommitted(h.platform.business.id, id, 'marketing', now())).toBeCloseTo(
        3 * unit,
        9,
      );
      await tick();
      expect(await s().campaigns.runOnce(now())).toBe(0);
      const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
      expect(c.status).toBe('paused');
      expect(c.pauseReason).toMatchObject({ code: 'campaign.budget_exhausted', budgetCap: c.budgetCap });
      expect(c.pauseReason.committed).toBeCloseTo(3 * unit, 9);
      expect(c.counts.total).toBe(3);
      for (const p of phones.slice(3)) expect(await inbox(h, p)).toEqual([]);

      // Once the deliveries are priced, the ledger holds the three and stays within the cap.
      await eventually(async () => {
        await processWebhooks();
        return Math.abs((await s().pricing.campaignSpent(id)) - 3 * unit) < 1e-9;
      }, 'the deliveries priced');
      expect(await s().quality.runOnce(now())).toBe(0);
    });
  });
}
