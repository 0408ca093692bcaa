// HTTP for consent: opt-ins with wording and evidence, opt-outs, the consent view, and erasure of a contact.
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import { PhoneParam } from '../../adapters/http/schemas.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { invalidInput } from '../../kernel/errors.ts';
import { parsePhone } from '../../kernel/phone.ts';
import type { ContactStore } from '../contacts/index.ts';
import type { ConsentEvent, ConsentService } from './index.ts';

const Categories = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });
const Evidence = Type.Record(Type.String(), Type.Unknown());
const Actor = Type.Union([
  Type.Literal('customer'),
  Type.Literal('agent'),
  Type.Literal('import'),
  Type.Literal('system'),
]);

export function contactPhone(raw: string) {
  const p = parsePhone(raw);
  if (!p.ok)
    throw invalidInput(
      'contact.phone_invalid',
      `The phone number ${p.error}: ${JSON.stringify(raw)}. Use E.164 with %2B for +.`,
    );
  return p.value;
}

const eventView = (e: ConsentEvent) => ({
  id: e.id,
  category: e.category,
  action: e.action,
  channel: e.channel,
  wording: e.wording,
  actor: e.actor,
  evidence: e.evidence,
  occurredAt: new Date(e.occurredAt).toISOString(),
  recordedAt: new Date(e.recordedAt).toISOString(),
});

export function registerConsentRoutes(
  app: HttpServer,
  deps: {
    consent: ConsentService;
    contacts: ContactStore;
    erase: (businessId: string, waId: string, now: number) => Promise<void>;
    now: () => number;
  },
): void {
  app.post(
    '/v1/contacts/:phone/opt-ins',
    {
      schema: {
        tags: ['consent'],
        summary: 'Record an opt-in with the exact wording shown and its evidence',
        params: PhoneParam,
        body: Type.Object(
          {
            categories: Categories,
            channel: Type.String({ maxLength: 32 }),
            wording: Type.String({ minLength: 1, maxLength: 4000 }),
            language: Type.Optional(Type.String({ maxLength: 15 })),
            actor: Type.Optional(Actor),
            evidence: Type.Optional(Evidence),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      const now = deps.now();
      await deps.contacts.touch(business.id, phone.waId, { country: phone.country ?? null }, now);
      const events = await deps.consent.recordOptIn(business, phone.waId, request.body, now);
      return reply.code(201).send({ events: events.map(eventView) });
    },
  );

  app.post(
    '/v1/contacts/:phone/opt-outs',
    {
      schema: {
        tags: ['consent'],
        summary: 'Record an opt-out; without categories it means everything',
        params: PhoneParam,
        body: Type.Object(
          {
            categories: Type.Optional(Categories),
            channel: Type.String({ maxLength: 32 }),
            actor: Type.Optional(Actor),
            evidence: Type.Optional(Evidence),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      const events = await deps.consent.recordOptOut(business.id, phone.waId, request.body, deps.now());
      return reply.code(201).send({ events: events.map(eventView) });
    },
  );

  app.get(
    '/v1/contacts/:phone/consent',
    {
      schema: {
        tags: ['consent'],
        summary: 'Current consent per category, and the history behind it',
        params: PhoneParam,
      },
    },
    async (request) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      const view = await deps.consent.view(business.id, phone.waId);
      const contact = await deps.contacts.get(business.id, phone.waId);
      return {
        phone: phone.e164,
        suppressed: contact?.erasedAt != null,
        categories: Object.fromEntries(
          Object.entries(view.categories).map(([name, c]) => [
            name,
            {
              state: c.state,
              since: c.since === null ? null : new Date(c.since).toISOString(),
              channel: c.channel,
            },
          ]),
        ),
        events: view.events.map(eventView),
      };
    },
  );

  app.delete(
    '/v1/contacts/:phone',
    {
      schema: {
        tags: ['consent'],
        summary: "Erase a contact's personal data; the number stays suppressed",
        params: PhoneParam,
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      await deps.erase(business.id, phone.waId, deps.now());
      return reply.code(200).send({ phone: phone.e164, erased: true, suppressed: true });
    },
  );
}
