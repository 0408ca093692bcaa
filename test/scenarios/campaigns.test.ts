// Campaigns end to end against the sandbox: segment audience (consent category + tag), lifecycle, pause holding
// queued messages, cancel, an opt-out while queued, the dry run, and a CSV audience with a bad row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { offersAudience as audience, optIn, tag } from '../support/customers.ts';
import { approvedTemplate, CAMPAIGN_OFFER } from '../support/templates.ts';
import { byHand } from '../support/workers.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const createCampaign = async (h: Harness, tagName: string, extra: Record<string, unknown> = {}) => {
  const r = await h.api('POST', '/v1/campaigns', {
    name: `promo ${tagName}`,
    template: { name: 'weekly_offer', language: 'en', parameters: [{ field: 'name', fallback: 'friend' }] },
    audience: { kind: 'segment', consentCategory: 'offers', tags: [tagName] },
    ...extra,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};

const campaign = async (h: Harness, id: string) => (await h.api('GET', `/v1/campaigns/${id}`)).body;

for (const database of testDatabases()) {
  describe(`[${database.name}] campaigns with the workers running`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, CAMPAIGN_OFFER);
    });
    afterAll(async () => h?.stop());

    it('sends to the opted-in contacts with the tag, completes, and reports stats and events', async () => {
      await audience(h, '316301000', 5, ['vip']);
      await audience(h, '316301001', 3, ['regular']);
      // Tagged but never opted in: not in the audience at all.
      await tag(h, '+31630109999', ['vip']);
      const id = await createCampaign(h, 'vip');
      expect((await campaign(h, id)).status).toBe('draft');

      const dry = await h.api('POST', `/v1/campaigns/${id}/dry-run`);
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({ recipients: 5, wouldSend: 5, wouldDeny: 0, denied: {} });

      const started = await h.api('POST', `/v1/campaigns/${id}/start`);
      expect(started.status).toBe(200);
      expect(started.body.status).toBe('running');
      const done = await eventually(async () => {
        const c = await campaign(h, id);
        return c.status === 'completed' && c.counts.delivered + c.counts.read === 5 ? c : undefined;
      }, 'the campaign to complete with everything delivered');
      expect(done.counts).toMatchObject({ total: 5, queued: 0, sending: 0, failed: 0, denied: 0 });
      expect(done.audienceTotal).toBe(5);
      const inbox = (await h.raw('GET', '/sandbox/customers/31630100011/inbox', undefined)).body.data;
      expect(inbox).toHaveLength(1);
      expect(JSON.stringify(inbox[0])).toContain('weekly_offer');
      // The regular customers got nothing.
      expect((await h.raw('GET', '/sandbox/customers/31630100111/inbox', undefined)).body.data).toEqual([]);

      const events = await h.platform.services.events.since(h.platform.business.id, null, 5000);
      const finished = events.find((e) => e.type === 'campaign.finished' && e.subject === id);
      expect(finished?.data).toMatchObject({ status: 'completed' });
      expect(events.some((e) => e.type === 'campaign.progress' && e.subject === id)).toBe(true);

      // Final: no way back.
      const again = await h.api('POST', `/v1/campaigns/${id}/start`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('campaign.invalid_transition');
    });

    it('streams progress as server-sent events until the campaign finishes', async () => {
      await audience(h, '316302000', 3, ['sse']);
      const id = await createCampaign(h, 'sse');
      await h.api('POST', `/v1/campaigns/${id}/start`);
      const res = await fetch(`${h.url}/v1/campaigns/${id}/progress`, {
        headers: { authorization: `Bearer glk_test_key_0123456789abcdef` },
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const text = await res.text();
      const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
        event: m[1],
        data: JSON.parse(m[2]!),
      }));
      expect(events.at(-1)!.event).toBe('finished');
      expect(events.at(-1)!.data).toMatchObject({ status: 'completed', counts: { total: 3 } });
    });

    it('rejects bad input with stable codes', async () => {
      const r = await h.api('POST', '/v1/campaigns', {
        name: 'x',
        template: { name: 'no_such_template', language: 'en' },
        audience: { kind: 'segment', consentCategory: 'offers' },
      });
      expect([r.status, r.body.error.code]).toEqual([422, 'campaign.template_not_found']);
      const c = await h.api('POST', '/v1/campaigns', {
        name: 'x',
        template: { name: 'weekly_offer', language: 'en' },
        audience: { kind: 'segment', consentCategory: 'nope' },
      });
      expect([c.status, c.body.error.code]).toEqual([422, 'campaign.audience_category_unknown']);
      expect((await h.api('GET', '/v1/campaigns/cmp_missing')).status).toBe(404);
    });
  });

  // The workers are driven by hand here, so that messages stay queued while the campaign is paused or cancelled.
  describe(`[${database.name}] campaigns with the workers driven by hand`, () => {
    let h: Harness;
    const { processWebhooks, expand, dispatchAll } = byHand(() => h);
    beforeAll(async () => {
      h = await startHarnessOn(database, {}, { api: true, worker: false });
      await approvedTemplate(h, CAMPAIGN_OFFER, { whileWaiting: processWebhooks });
    });
    afterAll(async () => h?.stop());

    it('pause holds the queued messages, resume sends them, and the campaign completes', async () => {
      await audience(h, '316303000', 4, ['pause']);
      const id = await createCampaign(h, 'pause');
      await h.api('POST', `/v1/campaigns/${id}/start`);
      await expand();
      expect((await campaign(h, id)).counts).toMatchObject({ total: 4, queued: 4 });

      const paused = await h.api('POST', `/v1/campaigns/${id}/pause`);
      expect(paused.body).toMatchObject({
        status: 'paused',
        pauseReason: { code: 'campaign.paused_by_user' },
      });
      await dispatchAll();
      expect((await campaign(h, id)).counts).toMatchObject({ queued: 4, sent: 0 });
      expect((await h.raw('GET', '/sandbox/customers/31630300011/inbox', undefined)).body.data).toEqual([]);

      expect((await h.api('POST', `/v1/campaigns/${id}/resume`)).body.status).toBe('running');
      await dispatchAll();
      const done = await eventually(async () => {
        await processWebhooks();
        await expand();
        const c = await campaign(h, id);
        return c.status === 'completed' ? c : undefined;
      }, 'completion');
      expect(done.counts.queued).toBe(0);
      expect(done.counts.delivered + done.counts.read + done.counts.sent).toBe(4);
      const events = await h.platform.services.events.since(h.platform.business.id, null, 5000);
      expect(events.some((e) => e.type === 'campaign.paused' && e.subject === id)).toBe(true);
    });

    it('cancel denies what is still queued with campaign.cancelled', async () => {
      await audience(h, '316304000', 3, ['cancel']);
      const id = await createCampaign(h, 'cancel');
      await h.api('POST', `/v1/campaigns/${id}/start`);
      await expand();
      const r = await h.api('POST', `/v1/campaigns/${id}/cancel`);
      expect(r.body.status).toBe('cancelled');
      expect(r.body.counts).toMatchObject({ total: 3, queued: 0, denied: 3 });
      expect(r.body.deniedByReason).toEqual({ 'campaign.cancelled': 3 });
      await dispatchAll();
      expect((await h.raw('GET', '/sandbox/customers/31630400011/inbox', undefined)).body.data).toEqual([]);
      expect((await h.api('POST', `/v1/campaigns/${id}/resume`)).status).toBe(409);
    });

    it('an opt-out while the messages are queued stops the message to that contact only', async () => {
      const phones = await audience(h, '316305000', 3, ['optout']);
      const id = await createCampaign(h, 'optout');
      await h.api('POST', `/v1/campaigns/${id}/start`);
      await expand();
      const opt = await h.api('POST', `/v1/contacts/${encodeURIComponent(phones[1]!)}/opt-outs`, {
        channel: 'agent',
      });
      expect(opt.status).toBe(201);
      await dispatchAll();
      const c = await campaign(h, id);
      expect(c.deniedByReason).toEqual({ 'consent.opted_out': 1 });
      expect(c.counts.denied).toBe(1);
      expect(c.deniedByReason).toEqual({ 'consent.opted_out': 1 });
      expect((await h.raw('GET', '/sandbox/customers/31630500012/inbox', undefined)).body.data).toEqual([]);
      expect((await h.raw('GET', '/sandbox/customers/31630500011/inbox', undefined)).body.data).toHaveLength(
        1,
      );
    });

    it('a CSV audience reports its bad row; the dry run counts who would be denied and why', async () => {
      await optIn(h, '+31630600001', ['offers']);
      await optIn(h, '+31630600003', ['offers']);
      await h.api('POST', '/v1/contacts/%2B31630600003/opt-outs', { channel: 'agent' });
      const created = await h.api('POST', '/v1/campaigns', {
        name: 'csv promo',
        template: { name: 'weekly_offer', language: 'en', parameters: [{ field: 'first_name' }] },
        audience: { kind: 'csv' },
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      const csv = [
        'phone,First_Name',
        '+31630600001,Ann',
        'not-a-number,Bob',
        '+31630600002,Cees',
        '+31630600003,Dirk',
      ].join('\n');
      const up = await h.raw('PUT', `/v1/campaigns/${id}/audience.csv`, csv, {
        authorization: 'Bearer glk_test_key_0123456789abcdef',
        'content-type': 'text/csv',
      });
      expect(up.status).toBe(200);
      expect(up.body.accepted).toBe(3);
      expect(up.body.rejectedCount).toBe(1);
      expect(up.body.rejected[0]).toMatchObject({ line: 3, code: 'campaign.csv_phone_invalid' });

      const dry = (await h.api('POST', `/v1/campaigns/${id}/dry-run`)).body;
      expect(dry).toMatchObject({
        recipients: 3,
        wouldSend: 1,
        wouldDeny: 2,
        denied: { 'consent.missing': 1, 'consent.opted_out': 1 },
      });
      expect(dry.cost).toMatchObject({ billable: 1 });

      await h.api('POST', `/v1/campaigns/${id}/start`);
      await expand();
      await dispatchAll();
      const c = await campaign(h, id);
      expect(c.counts).toMatchObject({ total: 3, denied: 2 });
      const inbox = (await h.raw('GET', '/sandbox/customers/31630600001/inbox', undefined)).body.data;
      expect(JSON.stringify(inbox)).toContain('Ann');
    });
  });
}
