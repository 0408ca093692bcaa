// HTTP for pricing and costs: rate cards (list, CSV import), estimates, cost reports and the ledger as CSV.
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify/sync';
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { invalidInput } from '../../kernel/errors.ts';
import { parsePhone } from '../../kernel/phone.ts';
import { rateCategories, type PricingService, type RateCategory } from './index.ts';
import { MAX_RATE_CARD_BYTES } from './rate-card-csv.ts';

/** "2026-04-01" or a full ISO timestamp to epoch ms; undefined when absent; a 422 with `code` when unreadable. */
function instant(value: string | undefined, code: string, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (!Number.isFinite(t))
    throw invalidInput(code, `${name} must be a date like 2026-04-01 or an ISO timestamp.`);
  return t;
}

// 9999-12-31: far enough to mean "no end", small enough for every date function.
const MAX_INSTANT = Date.UTC(9999, 11, 31);

const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

const RangeQuery = {
  from: Type.Optional(
    Type.String({ maxLength: 40, description: 'Start (inclusive); default: start of this month' }),
  ),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'End (exclusive); default: none' })),
};

export function registerPricingRoutes(
  app: HttpServer,
  deps: { pricing: PricingService; now: () => number },
): void {
  const range = (q: { from?: string; to?: string }) => {
    const now = deps.now();
    const from = instant(q.from, 'costs.range_invalid', 'from') ?? monthStart(now);
    // Open-ended by default: Meta's status timestamps (the charge time) can be a little ahead of our clock.
    const to = instant(q.to, 'costs.range_invalid', 'to') ?? MAX_INSTANT;
    if (!(to > from)) throw invalidInput('costs.range_invalid', '"to" must be after "from".');
    return { from, to };
  };

  app.get(
    '/v1/pricing/rate-cards',
    { schema: { tags: ['costs'], summary: 'Rate cards: the shipped defaults and the business’s imports' } },
    async (request) => {
      const cards = await deps.pricing.rateCards(businessOf(request).id);
      return {
        rateCards: cards.map((c) => ({
          id: c.id,
          name: c.name,
          source: c.source,
          currency: c.currency,
          effectiveFrom: new Date(c.effectiveFrom).toISOString(),
          effectiveTo: c.effectiveTo === null ? null : new Date(c.effectiveTo).toISOString(),
          markets: Object.keys(c.rates).length,
          rates: Object.fromEntries(
            Object.entries(c.rates).map(([market, row]) => [
              market,
              Object.fromEntries(
                Object.entries(row).map(([cat, tiers]) => [
                  cat,
                  tiers!.map((t) => ({ from: t.from, to: t.to, price: t.micros / 1_000_000 })),
                ]),
              ),
            ]),
          ),
        })),
      };
    },
  );

  app.post(
    '/v1/pricing/estimate',
    {
      // A question, not a change: it needs read access only.
      config: { access: { scope: 'pricing:read', write: false } },
      schema: {
        tags: ['costs'],
        summary: 'What sending to these recipients would cost (rate card, free rules, volume tiers)',
        body: Type.Object(
          {
            recipients: Type.Array(
              Type.Object(
                {
                  to: Type.String({ minLength: 1, maxLength: 40 }),
                  category: Type.Union(rateCategories.map((c) => Type.Literal(c))),
                  inServiceWindow: Type.Optional(Type.Boolean()),
                  inFreeEntryPoint: Type.Optional(Type.Boolean()),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 10_000 },
            ),
            at: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const body = request.body;
      const recipients = body.recipients.map((r, i) => {
        const phone = parsePhone(r.to);
        if (!phone.ok) throw invalidInput('message.to_invalid', `recipients[${i}].to ${phone.error}.`);
        return {
          waId: phone.value.waId,
          category: r.category as RateCategory,
          ...(r.inServiceWindow !== undefined ? { inServiceWindow: r.inServiceWindow } : {}),
          ...(r.inFreeEntryPoint !== undefined ? { inFreeEntryPoint: r.inFreeEntryPoint } : {}),
          ...(phone.value.country ? { country: phone.value.country } : {}),
        };
      });
      return deps.pricing.estimate({
        businessId: businessOf(request).id,
        recipients,
        at: instant(body.at, 'costs.range_invalid', 'at') ?? deps.now(),
      });
    },
  );

  app.get(
    '/v1/costs',
    {
      schema: {
        tags: ['costs'],
        summary: 'Costs of delivered messages, grouped by month, recipient country or category',
        querystring: Type.Object({
          ...RangeQuery,
          groupBy: Type.Optional(
            Type.Union([Type.Literal('month'), Type.Literal('country'), Type.Literal('category')]),
          ),
        }),
      },
    },
    async (request) => {
      const { from, to } = range(request.query);
      return deps.pricing.report(businessOf(request).id, from, to, request.query.groupBy ?? 'month');
    },
  );

  app.get(
    '/v1/costs.csv',
    {
      schema: {
        tags: ['costs'],
        summary: 'The cost ledger as CSV, one row per delivered message',
        querystring: Type.Object(RangeQuery),
      },
    },
    async (request, reply) => {
      const { from, to } = range(request.query);
      const businessId = businessOf(request).id;
      const header = [
        'charged_at',
        'message_id',
        'wamid',
        'campaign_id',
        'country',
        'market',
        'category',
        'pricing_type',
        'billable',
        'tier_from',
        'currency',
        'amount',
      ];
      const pricing = deps.pricing;
      // Streamed page by page: a year of ledger never sits in memory at once.
      async function* lines() {
        yield stringify([header]);
        for await (const r of pricing.ledger(businessId, from, to)) {
          yield stringify([
            [
              new Date(r.charged_at).toISOString(),
              r.message_id,
              r.wamid,
              r.campaign_id ?? '',
              r.country,
              r.market,
              r.category,
              r.pricing_type,
              r.billable ? 'true' : 'false',
              r.tier_from ?? '',
              r.currency,
              (r.amount_micros / 1_000_000).toFixed(6),
            ],
          ]);
        }
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="costs.csv"')
        .send(Readable.from(lines()));
    },
  );

  // The CSV import takes a text/csv body, so it lives in a scope with its own parser and size limit.
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: MAX_RATE_CARD_BYTES + 1024 },
      (_req, body, done) => done(null, body),
    );
    const typed = scope.withTypeProvider<TypeBoxTypeProvider>();
    typed.post(
      '/v1/pricing/rate-cards',
      {
        bodyLimit: MAX_RATE_CARD_BYTES + 1024,
        schema: {
          tags: ['costs'],
          summary: 'Import one of Meta’s rate-card CSVs (Content-Type: text/csv) as a dated card',
          querystring: Type.Object({
            effectiveFrom: Type.String({ maxLength: 40, description: 'e.g. 2026-04-01' }),
            effectiveTo: Type.Optional(Type.String({ maxLength: 40 })),
            name: Type.Optional(Type.String({ maxLength: 200 })),
          }),
        },
      },
      async (request, reply) => {
        if (typeof request.body !== 'string')
          throw invalidInput('rate_card.content_type', 'Send the rate card with Content-Type: text/csv.');
        const q = request.query;
        const summary = await deps.pricing.importRateCard(
          businessOf(request).id,
          request.body,
          {
            effectiveFrom:
              instant(q.effectiveFrom, 'rate_card.effective_from_invalid', 'effectiveFrom') ?? NaN,
            effectiveTo: instant(q.effectiveTo, 'rate_card.effective_to_invalid', 'effectiveTo') ?? null,
            ...(q.name ? { name: q.name } : {}),
          },
          deps.now(),
        );
        return reply.code(201).send(summary);
      },
    );
  });
}
