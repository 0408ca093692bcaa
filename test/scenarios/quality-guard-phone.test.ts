// Quality guard against the sandbox's phone number: customers' reports turn the number RED; the guard sees it at its
// next read of GET /{phone-number-id} (once a minute of platform time) and pauses the running campaign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { offersAudience } from '../support/customers.ts';
import { startHarnessOn, type Harness } from '../support/harness.ts';
import { approvedTemplate } from '../support/templates.ts';
import { byHand } from '../support/workers.ts';

for (const database of testDatabases()) {
  describe(`[${database.name}] quality guard and the phone number's quality`, () => {
    let h: Harness;
    const { now, processWebhooks, expand } = byHand(() => h);
    const s = () => h.platform.services;
    const json = { 'content-type': 'application/json' };
    // Two sends per dispatch pass, so that part of the audience is still queued when the number turns RED.
    beforeAll(async () => {
      h = await startHarnessOn(
        database,
        { GREENLIGHT_DISPATCH_BATCH_SIZE: '2' },
        { api: true, worker: false },
      );
    });
    afterAll(async () => h?.stop());

    it('pauses a running campaign once the number reads RED, not before its next read', async () => {
      await approvedTemplate(
        h,
        {
          name: 'beans_phone',
          category: 'MARKETING',
          consentCategory: 'offers',
          text: 'Hi {{1}}, new beans are in.',
        },
        { whileWaiting: processWebhooks },
      );
      await offersAudience(h, '316405000', 8, ['phone']);
      const created = await h.api('POST', '/v1/campaigns', {
        name: 'phone quality',
        template: { name: 'beans_phone', language: 'en', parameters: [{ value: 'friend' }] },
        audience: { kind: 'segment', consentCategory: 'offers', tags: ['phone'] },
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await h.api('POST', `/v1/campaigns/${id}/start`);
      await expand();
      await s().dispatcher.runOnce();

      // The guard's first look reads the number from the Graph API: GREEN, nothing to brake.
      expect(await s().quality.runOnce(now())).toBe(0);
      expect((await h.api('GET', '/v1/quality')).body).toMatchObject({ qualityRating: 'GREEN' });

      // Ten people who never got a template report the business: the number's quality falls (blocks and reports
      // count per number, meta-rules.md#number-quality), while the campaign's template keeps its own quality.
      for (let i = 0; i < 10; i++)
        await h.raw(
          'POST',
          `/sandbox/customers/3164059${i}0011/actions`,
          JSON.stringify({ action: 'report' }),
          json,
        );
      expect((await h.raw('GET', '/sandbox/phone-number', undefined)).body.quality_rating).toBe('RED');

      // Meta sends no webhook for it: until the guard's next read the campaign goes on.
      expect(await s().quality.runOnce(now())).toBe(0);
      expect((await h.api('GET', `/v1/campaigns/${id}`)).body.status).toBe('running');

      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 61 }), json);
      expect(await s().quality.runOnce(now())).toBe(1);
      const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
      expect(c.status).toBe('paused');
      expect(c.pauseReason).toMatchObject({
        code: 'quality.phone_low',
        by: 'quality_guard',
        phoneQuality: 'RED',
      });
      const held = c.counts.queued as number;
      expect(held).toBeGreaterThan(0);
      expect((await h.api('GET', '/v1/quality')).body).toMatchObject({ qualityRating: 'RED' });

      const events = await s().events.since(h.platform.business.id, null, 5000);
      expect(
        events.find(
          (e) => e.type === 'quality.alert' && (e.data as { code: string }).code === 'quality.phone_changed',
        )?.data,
      ).toMatchObject({ from: { qualityRating: 'GREEN' }, to: { qualityRating: 'RED' }, source: 'graph' });
      expect(events.find((e) => e.type === 'quality.alert' && e.subject === id)?.data).toMatchObject({
        code: 'quality.phone_low',
        action: 'campaign_paused',
      });
      expect(events.find((e) => e.type === 'campaign.paused' && e.subject === id)?.data).toMatchObject({
        reason: { code: 'quality.phone_low' },
      });
      // Held: nothing more goes out while paused.
      await s().dispatcher.runOnce();
      expect((await h.api('GET', `/v1/campaigns/${id}`)).body.counts.queued).toBe(held);
    });
  });
}
