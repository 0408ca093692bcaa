// `greenlight campaign watch` against the whole platform: follows a small campaign over its progress stream to
// completion (exit 0) and prints its stats; a paused campaign exits 1 with the reason; an unknown id exits 2.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCampaign } from '../../src/cli/campaign-watch.ts';
import { optIn, tag } from '../support/customers.ts';
import { testDatabases } from '../support/databases.ts';
import { API_KEY, startHarnessOn, type Harness } from '../support/harness.ts';
import { approvedTemplate, CAMPAIGN_OFFER } from '../support/templates.ts';

const capture = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
};

for (const database of testDatabases()) {
  describe(`[${database.name}] greenlight campaign watch`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, CAMPAIGN_OFFER);
    });
    afterAll(async () => h?.stop());

    const campaignFor = async (
      tagName: string,
      phones: string[],
      optedIn: string[],
      extra: Record<string, unknown> = {},
    ) => {
      for (const p of phones) {
        if (optedIn.includes(p)) await optIn(h, p);
        await tag(h, p, [tagName]);
      }
      const r = await h.api('POST', '/v1/campaigns', {
        name: `watch ${tagName}`,
        template: { name: 'weekly_offer', language: 'en', parameters: [{ field: 'first_name' }] },
        audience: { kind: 'csv' },
        ...extra,
      });
      expect(r.status).toBe(201);
      const csv = ['phone,first_name', ...phones.map((p, i) => `${p},Guest${i}`)].join('\n');
      const up = await h.raw('PUT', `/v1/campaigns/${r.body.id}/audience.csv`, csv, {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'text/csv',
      });
      expect(up.body.accepted).toBe(phones.length);
      return r.body.id as string;
    };

    it('follows a campaign to completion, prints its stats by status and reason, and exits 0', async () => {
      const phones = ['+31630700011', '+31630700012', '+31630700013', '+31630700014'];
      // The last one never opted in: denied with consent.missing.
      const id = await campaignFor('watch', phones, phones.slice(0, 3));
      const out = capture();
      const err = capture();
      const watching = watchCampaign({ id, url: h.url, apiKey: API_KEY, out: out.stream, err: err.stream });
      expect((await h.api('POST', `/v1/campaigns/${id}/start`)).status).toBe(200);
      expect(await watching).toBe(0);
      const text = out.text();
      expect(text).toContain(`Campaign "watch watch" (${id}) is completed.`);
      expect(text).toMatch(
        / {2}4 message\(s\): queued 0, sending 0, sent \d, delivered \d, read \d, failed 0, denied 1/,
      );
      expect(text).toContain('  Accepted by WhatsApp: 3;');
      expect(text).toContain('  Denied, by reason:\n    consent.missing: 1');
      expect(text).not.toContain('Failed, by reason');
      // It followed the stream; the fallback was not needed.
      expect(err.text()).not.toContain('polling instead');
      const c = (await h.api('GET', `/v1/campaigns/${id}`)).body;
      expect(c.status).toBe('completed');
    });

    it('exits 1 with the reason when the campaign is paused or cancelled, and 2 for an unknown one', async () => {
      // Scheduled for tomorrow, then paused before it runs.
      const startAt = new Date(h.platform.clock.now() + 86_400_000).toISOString();
      const id = await campaignFor('watchpause', ['+31630700021'], ['+31630700021'], { startAt });
      expect((await h.api('POST', `/v1/campaigns/${id}/start`)).body.status).toBe('scheduled');
      expect((await h.api('POST', `/v1/campaigns/${id}/pause`)).body.status).toBe('paused');
      const paused = capture();
      expect(
        await watchCampaign({ id, url: h.url, apiKey: API_KEY, out: paused.stream, err: capture().stream }),
      ).toBe(1);
      expect(paused.text()).toContain(
        `(${id}) is paused.\n  Paused by the business: campaign.paused_by_user:`,
      );

      await h.api('POST', `/v1/campaigns/${id}/cancel`);
      const cancelled = capture();
      expect(
        await watchCampaign({
          id,
          url: h.url,
          apiKey: API_KEY,
          out: cancelled.stream,
          err: capture().stream,
        }),
      ).toBe(1);
      expect(cancelled.text()).toContain(`(${id}) is cancelled.`);

      const err = capture();
      expect(
        await watchCampaign({
          id: 'cmp_missing',
          url: h.url,
          apiKey: API_KEY,
          out: capture().stream,
          err: err.stream,
        }),
      ).toBe(2);
      expect(err.text()).toContain('campaign.not_found');
      const bad = capture();
      expect(
        await watchCampaign({
          id,
          url: h.url,
          apiKey: 'glk_wrong_key_0000000000',
          out: capture().stream,
          err: bad.stream,
        }),
      ).toBe(2);
      expect(bad.text()).not.toBe('');
    });

    it('falls back to polling when the progress stream is not available', async () => {
      const id = await campaignFor('watchpoll', ['+31630700031'], ['+31630700031']);
      // A proxy that refuses event streams (some do) and passes everything else on.
      const proxy = http.createServer((req, res) => {
        if (req.url!.endsWith('/progress')) return void res.writeHead(502).end();
        void fetch(h.url + req.url!, { headers: { authorization: req.headers.authorization! } }).then(
          async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()),
        );
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      try {
        const out = capture();
        const err = capture();
        const watching = watchCampaign({
          id,
          url,
          apiKey: API_KEY,
          out: out.stream,
          err: err.stream,
          pollMs: 50,
        });
        await h.api('POST', `/v1/campaigns/${id}/start`);
        expect(await watching).toBe(0);
        expect(err.text()).toContain('polling instead');
        expect(out.text()).toContain(`(${id}) is completed.`);
      } finally {
        await new Promise((r) => proxy.close(r));
      }
    });
  });
}
