// HTTP for sending: POST /v1/messages, GET /v1/messages/:id, POST /v1/policy/check (thin: schema, call, shape).
import { Type, type Static } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import {
  InteractiveBody,
  MediaBody,
  TemplateSendBody,
  TEXT_MAX_LENGTH,
} from '../../adapters/http/schemas.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import type { MessageService, OutboundMessage, SendMessageInput } from './index.ts';

export const SendBody = Type.Object(
  {
    to: Type.String({ minLength: 1, maxLength: 40, description: 'Recipient in E.164, e.g. +31612345678' }),
    from: Type.Optional(
      Type.String({ description: 'Business phone number id; defaults to the business number' }),
    ),
    text: Type.Optional(Type.String({ maxLength: TEXT_MAX_LENGTH })),
    previewUrl: Type.Optional(Type.Boolean()),
    template: Type.Optional(TemplateSendBody),
    interactive: Type.Optional(InteractiveBody),
    media: Type.Optional(MediaBody),
    replyTo: Type.Optional(Type.String({ maxLength: 256, description: 'wamid of the message to quote' })),
  },
  { additionalProperties: false },
);

export function messageView(m: OutboundMessage) {
  return {
    id: m.id,
    status: m.status,
    to: `+${m.toWaId}`,
    from: m.phoneNumberId,
    kind: m.kind,
    category: m.category,
    template: m.templateName ? { name: m.templateName, language: m.templateLanguage } : null,
    wamid: m.wamid,
    attempts: m.attempts,
    lastError: m.lastError,
    denial: m.denial,
    pricing: m.pricing,
    createdAt: new Date(m.createdAt).toISOString(),
    sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
    deliveredAt: m.deliveredAt === null ? null : new Date(m.deliveredAt).toISOString(),
    readAt: m.readAt === null ? null : new Date(m.readAt).toISOString(),
    failedAt: m.failedAt === null ? null : new Date(m.failedAt).toISOString(),
  };
}

export function registerMessageRoutes(
  app: HttpServer,
  deps: {
    messages: MessageService;
    now: () => number;
    defaultPhoneNumberId: (businessId: string) => Promise<string>;
  },
): void {
  const toInput = (b: Static<typeof SendBody>) => b as SendMessageInput;

  app.post(
    '/v1/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Send a message (text, template, interactive or media) after the policy allows it',
        body: SendBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const key = request.headers['idempotency-key'];
      const { message, replayed } = await deps.messages.send(
        business.id,
        await deps.defaultPhoneNumberId(business.id),
        toInput(request.body),
        typeof key === 'string' ? key : undefined,
        deps.now(),
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(202).send(messageView(message));
    },
  );

  app.get(
    '/v1/messages/:id',
    {
      schema: {
        tags: ['messages'],
        summary: 'A message with its status',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      },
    },
    async (request) => messageView(await deps.messages.get(businessOf(request).id, request.params.id)),
  );

  app.post(
    '/v1/policy/check',
    {
      schema: {
        tags: ['policy'],
        summary: 'Would this message be allowed now? Sends nothing.',
        body: SendBody,
      },
    },
    async (request) => {
      const business = businessOf(request);
      return deps.messages.check(
        business.id,
        await deps.defaultPhoneNumberId(business.id),
        toInput(request.body),
        deps.now(),
      );
    },
  );
}
