// HTTP for outbound webhooks: subscriptions, their delivery log, redelivery (thin: schema, call, shape).
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { invalidInput } from '../../kernel/errors.ts';
import { deliveryView, subscriptionView, type DeliveryStatus, type OutboundWebhooks } from './index.ts';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Types = Type.Array(Type.String({ maxLength: 64 }), {
  minItems: 1,
  maxItems: 50,
  description: 'Event types (docs/api.md#events-sse), or ["*"] for all',
});
const deliveryStatuses = ['pending', 'delivering', 'succeeded', 'failed'];

export function registerOutboundWebhookRoutes(
  app: HttpServer,
  deps: { webhooks: OutboundWebhooks; now: () => number },
): void {
  const { webhooks } = deps;
  const tags = ['outbound webhooks'];

  app.post(
    '/v1/webhook-subscriptions',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL of yours to event types; the answer shows the signing secret once',
        body: Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000 }),
            types: Types,
            description: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const s = await webhooks.subscribe(businessOf(request).id, request.body, deps.now());
      return reply.code(201).send({ ...subscriptionView(s), secret: s.secret });
    },
  );

  app.get(
    '/v1/webhook-subscriptions',
    { schema: { tags, summary: 'Your webhook subscriptions' } },
    async (request) => ({
      data: (await webhooks.list(businessOf(request).id)).map(subscriptionView),
    }),
  );

  app.get(
    '/v1/webhook-subscriptions/:id',
    { schema: { tags, summary: 'A webhook subscription', params: Id } },
    async (request) => subscriptionView(await webhooks.get(businessOf(request).id, request.params.id)),
  );

  app.patch(
    '/v1/webhook-subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Change the URL or types, or pause (active:false) and resume a subscription',
        params: Id,
        body: Type.Object(
          {
            url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
            types: Type.Optional(Types),
            active: Type.Optional(Type.Boolean()),
            description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) =>
      subscriptionView(
        await webhooks.update(businessOf(request).id, request.params.id, request.body, deps.now()),
      ),
  );

  app.delete(
    '/v1/webhook-subscriptions/:id',
    { schema: { tags, summary: 'Delete a subscription and its delivery log', params: Id } },
    async (request, reply) => {
      await webhooks.remove(businessOf(request).id, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/webhook-subscriptions/:id/rotate-secret',
    {
      schema: { tags, summary: 'Replace the signing secret; the answer shows the new one once', params: Id },
    },
    async (request) => {
      const s = await webhooks.rotateSecret(businessOf(request).id, request.params.id, deps.now());
      return { ...subscriptionView(s), secret: s.secret };
    },
  );

  app.get(
    '/v1/webhook-subscriptions/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log of a subscription, newest first',
        params: Id,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ maxLength: 20 })),
            limit: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 200, default 50' }),
            ),
            before: Type.Optional(
              Type.String({ maxLength: 64, description: 'A delivery id: older ones only' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit === undefined ? 50 : Number(q.limit);
      if (limit < 1 || limit > 200)
        throw invalidInput('webhook_delivery.limit_invalid', 'limit must be from 1 to 200.');
      if (q.status !== undefined && !deliveryStatuses.includes(q.status))
        throw invalidInput(
          'webhook_delivery.status_invalid',
          `status must be one of ${deliveryStatuses.join(', ')}.`,
        );
      const rows = await webhooks.deliveries(businessOf(request).id, request.params.id, {
        status: (q.status ?? null) as DeliveryStatus | null,
        limit,
        before: q.before ?? null,
      });
      return { data: rows.map(deliveryView) };
    },
  );

  app.post(
    '/v1/webhook-deliveries/:id/redeliver',
    { schema: { tags, summary: 'Send a delivery again (a new delivery of the same event)', params: Id } },
    async (request, reply) =>
      reply
        .code(202)
        .send(deliveryView(await webhooks.redeliver(businessOf(request).id, request.params.id, deps.now()))),
  );
}
