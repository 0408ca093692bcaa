// HTTP for campaigns: create, CSV audience, lifecycle actions, dry run, stats, the progress stream, contact tags.
import type { Readable } from 'node:stream';
import { Type, type Static } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import { PhoneParam } from '../../adapters/http/schemas.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { invalidInput } from '../../kernel/errors.ts';
import type { Campaign, CampaignService, CampaignStats, CreateCampaignInput } from './index.ts';

const Thresholds = Type.Object(
  {
    maxOptOutRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    optOutWindowHours: Type.Optional(Type.Number({ minimum: 1, maximum: 720 })),
    minSends: Type.Optional(Type.Integer({ minimum: 1 })),
    maxSpamRateLimited: Type.Optional(Type.Integer({ minimum: 1 })),
    maxUndeliverableRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    minReadRate: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])),
    pauseOnPhoneQuality: Type.Optional(
      Type.Union([Type.Literal('RED'), Type.Literal('YELLOW'), Type.Null()]),
    ),
    pauseOnTemplateQuality: Type.Optional(
      Type.Union([Type.Literal('RED'), Type.Literal('YELLOW'), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);

const Tag = Type.String({ minLength: 1, maxLength: 64 });

export const CreateCampaignBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    template: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 512 }),
        language: Type.String({ minLength: 2, maxLength: 15 }),
        parameters: Type.Optional(
          Type.Array(
            Type.Union([
              Type.Object(
                {
                  field: Type.String({ minLength: 1, maxLength: 64 }),
                  fallback: Type.Optional(Type.String()),
                },
                { additionalProperties: false },
              ),
              Type.Object({ value: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
            ]),
            { maxItems: 100 },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    audience: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('segment'),
          consentCategory: Type.String({ minLength: 1, maxLength: 64 }),
          tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
          excludeTags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
          countries: Type.Optional(Type.Array(Type.String(), { maxItems: 250 })),
        },
        { additionalProperties: false },
      ),
      Type.Object({ kind: Type.Literal('csv') }, { additionalProperties: false }),
    ]),
    startAt: Type.Optional(Type.String({ format: 'date-time' })),
    budgetCap: Type.Optional(Type.Number({ minimum: 0 })),
    thresholds: Type.Optional(Thresholds),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function campaignView(c: Campaign, stats?: CampaignStats) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    template: c.template,
    audience: c.audience,
    phoneNumberId: c.phoneNumberId,
    thresholds: c.thresholds,
    budgetCap: c.budgetCap,
    startAt: iso(c.startAt),
    audienceTotal: c.audienceTotal,
    expanded: c.expanded,
    expansionDone: c.expansionDone,
    pauseReason: c.pauseReason,
    createdAt: iso(c.createdAt),
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    ...(stats ? { counts: stats.counts, deniedByReason: stats.denied, failedByReason: stats.failed } : {}),
  };
}

const finished = (status: string) => status === 'completed' || status === 'cancelled';

export function registerCampaignRoutes(
  app: HttpServer,
  deps: { campaigns: CampaignService; now: () => number; progressIntervalMs?: number },
): void {
  const { campaigns } = deps;
  const tags = ['campaigns'];

  app.post(
    '/v1/campaigns',
    {
      schema: {
        tags,
        summary: 'Create a campaign (a draft; dryRun:true also answers the dry run)',
        body: CreateCampaignBody,
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const b = request.body as Static<typeof CreateCampaignBody>;
      const startAt = b.startAt === undefined ? null : Date.parse(b.startAt);
      const input: CreateCampaignInput = {
        name: b.name,
        template: b.template,
        audience: b.audience,
        startAt,
        budgetCap: b.budgetCap ?? null,
        ...(b.thresholds ? { thresholds: b.thresholds as CreateCampaignInput['thresholds'] } : {}),
      };
      const c = await campaigns.create(business.id, input, deps.now());
      const dryRun =
        b.dryRun && c.audience.kind === 'segment'
          ? await campaigns.dryRun(business.id, c.id, deps.now())
          : undefined;
      return reply.code(201).send({ ...campaignView(c), ...(dryRun ? { dryRun } : {}) });
    },
  );

  app.get('/v1/campaigns', { schema: { tags, summary: 'Campaigns, newest first' } }, async (request) => ({
    data: (await campaigns.list(businessOf(request).id)).map((c) => campaignView(c)),
  }));

  app.get(
    '/v1/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'A campaign with its counts by status and by denial or failure reason',
        params: IdParam,
      },
    },
    async (request) => {
      const c = await campaigns.get(businessOf(request).id, request.params.id);
      return campaignView(c, await campaigns.stats(c));
    },
  );

  for (const action of ['start', 'pause', 'resume', 'cancel'] as const) {
    app.post(
      `/v1/campaigns/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a campaign`,
          params: IdParam,
        },
      },
      async (request) => {
        const c = await campaigns[action](businessOf(request).id, request.params.id, deps.now());
        return campaignView(c, await campaigns.stats(c));
      },
    );
  }

  app.post(
    '/v1/campaigns/:id/dry-run',
    {
      schema: {
        tags,
        summary: 'How many would be sent, denied and why, and the cost; sends nothing',
        params: IdParam,
      },
    },
    async (request) => campaigns.dryRun(businessOf(request).id, request.params.id, deps.now()),
  );

  app.get(
    '/v1/campaigns/:id/progress',
    {
      schema: {
        tags,
        summary:
          'Server-sent events: `progress` when the counts change (checked every second), then `finished`',
        params: IdParam,
      },
    },
    async (request, reply) => {
      const businessId = businessOf(request).id;
      const first = await campaigns.get(businessId, request.params.id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      let closed = false;
      request.raw.on('close', () => (closed = true));
      let last = '';
      let c = first;
      for (;;) {
        const s = await campaigns.stats(c);
        const data = JSON.stringify(campaignView(c, s));
        if (finished(c.status)) {
          res.write(`event: finished\ndata: ${data}\n\n`);
          break;
        }
        if (data !== last) res.write(`event: progress\ndata: ${data}\n\n`);
        last = data;
        await new Promise((r) => setTimeout(r, deps.progressIntervalMs ?? 1000));
        if (closed) break;
        c = await campaigns.get(businessId, c.id);
      }
      res.end();
    },
  );

  // The CSV audience streams in: a scope of its own takes text/csv as a stream, with a large body limit.
  void app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));
    scope.put(
      '/v1/campaigns/:id/audience.csv',
      {
        bodyLimit: 512 * 1024 * 1024,
        schema: {
          tags,
          summary: "Upload a draft CSV campaign's recipients: phone, then parameter columns (text/csv)",
          params: IdParam,
        },
      },
      async (request) => {
        const body = request.body as Readable | undefined;
        if (!body || typeof (body as Readable).pipe !== 'function')
          throw invalidInput('campaign.csv_content_type', 'Send the file with Content-Type: text/csv.');
        return campaigns.uploadCsv(
          businessOf(request).id,
          (request.params as { id: string }).id,
          body,
          deps.now(),
        );
      },
    );
  });

  app.put(
    '/v1/contacts/:phone/tags',
    {
      schema: {
        tags: ['contacts'],
        summary: "Replace a contact's tags (campaign audiences select on them)",
        params: PhoneParam,
        body: Type.Object({ tags: Type.Array(Tag, { maxItems: 100 }) }, { additionalProperties: false }),
      },
    },
    async (request) => ({
      tags: await campaigns.setTags(
        businessOf(request).id,
        request.params.phone,
        request.body.tags,
        deps.now(),
      ),
    }),
  );
  app.get(
    '/v1/contacts/:phone/tags',
    { schema: { tags: ['contacts'], summary: "A contact's tags", params: PhoneParam } },
    async (request) => ({ tags: await campaigns.tags(businessOf(request).id, request.params.phone) }),
  );
}
