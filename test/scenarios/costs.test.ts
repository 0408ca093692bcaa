// Costs end to end: the ledger from the sandbox's status webhooks (once per message, free types at zero), reports
// by month, country and category, the CSV export, estimates, and Meta rate-card imports with per-row problems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { approvedTemplate, customerWrites } from '../support/consent.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const optIn = (h: Harness, phone: string, categories: string[]) =>
  h.api('POST', `/v1/contacts/${encodeURIComponent(phone)}/opt-ins`, {
    categories,
    channel: 'website',
    wording: 'Acme Coffee may send me offers and order updates on WhatsApp.',
  });

const csv = (h: Harness, path: string, body: string) =>
  h.raw('POST', path, body, {
    authorization: `Bearer glk_test_key_0123456789abcdef`,
    'content-type': 'text/csv',
  });

for (const database of testDatabases()) {
  describe(`[${database.name}] costs`, () => {
    let h: Harness;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      // Quiet hours would hold marketing depending on when the suite runs; costs do not depend on them.
      h = await startHarnessOn(database, { GREENLIGHT_QUIET_HOURS: 'off' });
      await approvedTemplate(h, {
        name: 'spring_offer',
        category: 'MARKETING',
        consentCategory: 'offers',
        text: 'Hi {{1}}, our spring blend is 20% off this week.',
      });
      await approvedTemplate(h, {
        name: 'order_packed',
        category: 'UTILITY',
        text: 'Hi {{1}}, your order has been packed and leaves today.',
      });
      const sends: [string, string, string | undefined][] = [
        ['nl', '+31622300001', 'spring_offer'],
        ['de', '+4915123000001', 'spring_offer'],
        ['in', '+919876500001', 'spring_offer'],
        ['gb', '+447400300001', 'order_packed'],
        // Inside the service window: a utility template and a free-form reply, both free by Meta's verdict.
        ['gbWindow', '+447400300002', 'order_packed'],
        ['gbText', '+447400300002', undefined],
      ];
      for (const [, phone] of sends) await optIn(h, phone, ['offers', 'order_updates']);
      await customerWrites(h, '447400300002', { text: 'Where is my order?' });
      for (const [key, to, template] of sends) {
        const r = await h.api(
          'POST',
          '/v1/messages',
          template
            ? { to, template: { name: template, language: 'en', parameters: ['Ann'] } }
            : { to, text: 'On its way!' },
        );
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        ids[key] = r.body.id;
      }
      await eventually(
        async () =>
          (await h.platform.db.kysely.selectFrom('cost_ledger').select('id').execute()).length ===
          sends.length,
        'a ledger row per delivered message',
        20_000,
      );
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('records each delivered message once, priced at its market and category, free types at zero', async () => {
      const rows = await h.platform.db.kysely.selectFrom('cost_ledger').selectAll().execute();
      const byMessage = Object.fromEntries(rows.map((r) => [r.message_id, r]));
      expect(byMessage[ids.nl!]).toMatchObject({
        country: 'NL',
        market: 'Netherlands',
        category: 'marketing',
        pricing_type: 'regular',
        billable: 1,
        currency: 'USD',
      });
      // The shipped defaults (meta-rules.md#example-rates); since 1 Jan 2026 India marketing costs 0.0118.
      expect(Number(byMessage[ids.nl!]!.amount_micros)).toBe(159_700);
      expect(Number(byMessage[ids.de!]!.amount_micros)).toBe(136_500);
      expect(Number(byMessage[ids.in!]!.amount_micros)).toBe(11_800);
      expect(byMessage[ids.gb!]).toMatchObject({
        market: 'United Kingdom',
        category: 'utility',
        billable: 1,
      });
      expect(Number(byMessage[ids.gb!]!.amount_micros)).toBe(22_000);
      for (const free of [ids.gbWindow!, ids.gbText!]) {
        expect(byMessage[free]).toMatchObject({ pricing_type: 'free_customer_service', billable: 0 });
        expect(Number(byMessage[free]!.amount_micros)).toBe(0);
      }

      // The same statuses again (a webhook retry, another worker) add nothing.
      const statuses = (await h.platform.db.kysely.selectFrom('status_events').selectAll().execute())
        .filter((e) => e.status === 'delivered')
        .map((e) => JSON.parse(e.payload));
      expect(statuses.length).toBeGreaterThanOrEqual(6);
      expect(
        await h.platform.services.pricing.recordStatuses(h.platform.business.id, statuses, Date.now()),
      ).toBe(0);
      expect((await h.platform.db.kysely.selectFrom('cost_ledger').select('id').execute()).length).toBe(6);
    });

    it('reports by country, category and month, with totals', async () => {
      const byCountry = await h.api('GET', '/v1/costs?groupBy=country');
      expect(byCountry.status).toBe(200);
      expect(byCountry.body.totals).toEqual([{ currency: 'USD', messages: 6, billable: 4, amount: 0.33 }]);
      const countries = Object.fromEntries(byCountry.body.groups.map((g: any) => [g.key, g]));
      expect(countries.NL).toMatchObject({ messages: 1, billable: 1, amount: 0.1597 });
      expect(countries.GB).toMatchObject({ messages: 3, billable: 1, amount: 0.022 });
      const byCategory = await h.api('GET', '/v1/costs?groupBy=category');
      const categories = Object.fromEntries(byCategory.body.groups.map((g: any) => [g.key, g]));
      expect(categories.marketing).toMatchObject({ messages: 3, billable: 3, amount: 0.308 });
      expect(categories.service).toMatchObject({ messages: 1, billable: 0, amount: 0 });
      const byMonth = await h.api('GET', '/v1/costs?groupBy=month');
      expect(byMonth.body.groups).toEqual([
        {
          key: new Date().toISOString().slice(0, 7),
          currency: 'USD',
          messages: 6,
          billable: 4,
          amount: 0.33,
        },
      ]);
      // A period without deliveries is empty, and a period must make sense.
      const empty = await h.api('GET', '/v1/costs?from=2025-07-01&to=2025-08-01');
      expect(empty.body).toMatchObject({ totals: [], groups: [] });
      const bad = await h.api('GET', '/v1/costs?from=yesterday');
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('costs.range_invalid');
      const backwards = await h.api('GET', '/v1/costs?from=2026-02-01&to=2026-01-01');
      expect(backwards.body.error.code).toBe('costs.range_invalid');
      const badGroup = await h.api('GET', '/v1/costs?groupBy=week');
      expect(badGroup.status).toBe(400);
    });

    it('exports the ledger as CSV, one line per delivered message', async () => {
      const r = await h.api('GET', '/v1/costs.csv');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('text/csv');
      const lines = (r.body as string).trim().split('\n');
      expect(lines[0]).toBe(
        'charged_at,message_id,wamid,campaign_id,country,market,category,pricing_type,billable,tier_from,currency,amount',
      );
      expect(lines).toHaveLength(7);
      expect(lines.find((l) => l.includes(ids.nl!))).toMatch(
        /,NL,Netherlands,marketing,regular,true,1,USD,0\.159700$/,
      );
    });

    it('estimates before sending, and an imported card with volume tiers takes over from its date', async () => {
      const before = await h.api('POST', '/v1/pricing/estimate', {
        recipients: [
          { to: '+919876500011', category: 'utility' },
          { to: '+919876500012', category: 'utility' },
          { to: '+919876500013', category: 'utility' },
          { to: '+31622300011', category: 'utility', inServiceWindow: true },
        ],
      });
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ currency: 'USD', messages: 4, total: 0.0542 });
      // After 1 Oct 2026 in-window utility is billed (a reported rule, listed as an assumption only when it applies).
      expect(before.body.byCountry.NL).toEqual({ messages: 1, billable: 1, amount: 0.05 });

      const tiers = [
        'Volume tiers,,,,',
        'Market,Currency,Category,Tier,Rate',
        'India,USD,Utility,1:2,$0.0014',
        'India,USD,Utility,3+,$0.0009',
        'Atlantis,USD,Utility,1:2,$0.1',
        'India,USD,Authentication,1:x,0.001',
      ].join('\n');
      const imported = await csv(
        h,
        '/v1/pricing/rate-cards?effectiveFrom=2026-01-01&name=India%20tiers',
        tiers,
      );
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      expect(imported.body).toMatchObject({
        imported: 2,
        rateCard: { name: 'India tiers', currency: 'USD', effectiveFrom: '2026-01-01T00:00:00.000Z' },
      });
      expect(imported.body.rejected.map((r: any) => [r.line, r.code])).toEqual([
        [5, 'rate_card.market_unknown'],
        [6, 'rate_card.tier_invalid'],
      ]);
      const after = await h.api('POST', '/v1/pricing/estimate', {
        recipients: [1, 2, 3].map((i) => ({ to: `+91987650001${i}`, category: 'utility' })),
      });
      expect(after.body.total).toBe(0.0037);
      // Before the card's date, the defaults still apply.
      const earlier = await h.api('POST', '/v1/pricing/estimate', {
        recipients: [1, 2, 3].map((i) => ({ to: `+91987650001${i}`, category: 'utility' })),
        at: '2025-09-01',
      });
      expect(earlier.body.total).toBe(0.0042);
      const cards = await h.api('GET', '/v1/pricing/rate-cards');
      expect(cards.body.rateCards.map((c: any) => c.source)).toEqual(['import', 'default', 'default']);
    });

    it('refuses files it cannot read, with a code', async () => {
      const noHeader = await csv(h, '/v1/pricing/rate-cards?effectiveFrom=2026-04-01', 'a,b\n1,2\n');
      expect(noHeader.status).toBe(422);
      expect(noHeader.body.error.code).toBe('rate_card.header_invalid');
      const allBad = await csv(
        h,
        '/v1/pricing/rate-cards?effectiveFrom=2026-04-01',
        'Market,Marketing\nAtlantis,0.1\n',
      );
      expect(allBad.body.error.code).toBe('rate_card.empty');
      expect(allBad.body.error.details.rejected).toHaveLength(1);
      const badDate = await csv(
        h,
        '/v1/pricing/rate-cards?effectiveFrom=someday',
        'Market,Marketing\nIndia,0.1\n',
      );
      expect(badDate.body.error.code).toBe('rate_card.effective_from_invalid');
      const json = await h.api('POST', '/v1/pricing/rate-cards?effectiveFrom=2026-04-01', {
        market: 'India',
      });
      expect(json.status).toBe(422);
      expect(json.body.error.code).toBe('rate_card.content_type');
    });
  });
}
