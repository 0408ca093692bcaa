// HTTP for consent: opt-ins and opt-outs, the consent view and proof, categories, keywords, chain verification,
// preference links and the hosted preference center, and erasure of a contact.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import { PhoneParam } from '../../adapters/http/schemas.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { invalidInput } from '../../kernel/errors.ts';
import { parsePhone } from '../../kernel/phone.ts';
import type { ContactStore } from '../contacts/index.ts';
import {
  categoriesView,
  eventView,
  renderPreferenceError,
  renderPreferencePage,
  renderProofHtml,
  type ConsentService,
} from './index.ts';

const Categories = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });
const Evidence = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 50 });
const Actor = Type.Union([
  Type.Literal('customer'),
  Type.Literal('agent'),
  Type.Literal('import'),
  Type.Literal('system'),
]);
const TemplateKind = Type.Union([
  Type.Literal('UTILITY'),
  Type.Literal('MARKETING'),
  Type.Literal('AUTHENTICATION'),
]);
// A wildcard, not `:token`: tokens are longer than the router's 100-character limit for a named parameter.
const TokenParam = Type.Object({ '*': Type.String({ maxLength: 600 }) });

/**
 * A contact's number as people type it: spaces, dashes, dots and brackets are ignored and a 00 international prefix
 * reads as +. A number without a country code cannot be resolved and gets a 422 saying so.
 */
export function contactPhone(raw: string) {
  const compact = raw.trim().replace(/[\s\-.()\u00a0]/g, '');
  const candidate = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (!candidate.startsWith('+'))
    throw invalidInput(
      'contact.phone_invalid',
      `The phone number has no country code: ${JSON.stringify(raw)}. Use E.164 (+31612345678, with %2B for + in a path) or 0031612345678.`,
      { reason: 'country_code_missing' },
    );
  const p = parsePhone(candidate);
  if (!p.ok)
    throw invalidInput(
      'contact.phone_invalid',
      `The phone number ${p.error}: ${JSON.stringify(raw)}. Use E.164 with %2B for +.`,
      { reason: 'invalid' },
    );
  return p.value;
}

export function registerConsentRoutes(
  app: HttpServer,
  deps: {
    consent: ConsentService;
    contacts: ContactStore;
    erase: (businessId: string, waId: string, now: number) => Promise<void>;
    now: () => number;
    /** Where the preference center is reached from outside (PUBLIC_URL or the listening address). */
    publicBaseUrl: () => string;
    businessName: (businessId: string) => Promise<string | undefined>;
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
      const events = await deps.consent.recordOptIn(business, phone.waId, request.body, now);
      await deps.contacts.touch(business.id, phone.waId, { country: phone.country ?? null }, now);
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
            wording: Type.Optional(Type.String({ maxLength: 4000 })),
            language: Type.Optional(Type.String({ maxLength: 15 })),
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
        summary: "Current consent per category, the history behind it, and the check of its events' hashes",
        params: PhoneParam,
      },
    },
    async (request) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      const view = await deps.consent.view(business.id, phone.waId);
      const chain = await deps.consent.verifyContact(business.id, phone.waId);
      return {
        phone: phone.e164,
        suppressed: view.suppressed,
        categories: categoriesView(view.categories),
        events: view.events.map(eventView),
        chain,
      };
    },
  );

  app.get(
    '/v1/contacts/:phone/consent/proof',
    {
      schema: {
        tags: ['consent'],
        summary: 'The consent proof: every event with evidence and hashes, and the chain verification (JSON)',
        params: PhoneParam,
      },
    },
    async (request) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      return deps.consent.proof(business, phone.waId, phone.e164, deps.now());
    },
  );

  app.get(
    '/v1/contacts/:phone/consent/proof.html',
    {
      schema: {
        tags: ['consent'],
        summary: 'The consent proof as a printable HTML page for an auditor',
        params: PhoneParam,
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      const proof = await deps.consent.proof(business, phone.waId, phone.e164, deps.now());
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(renderProofHtml(proof));
    },
  );

  app.delete(
    '/v1/contacts/:phone',
    {
      schema: {
        tags: ['consent'],
        summary: "Erase a contact's personal data; the number's salted hash stays on the suppression list",
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

  app.get(
    '/v1/consent/categories',
    {
      schema: {
        tags: ['consent'],
        summary: "The business's consent categories and the template category each covers",
      },
    },
    async (request) => ({ categories: await deps.consent.categories(businessOf(request).id) }),
  );

  app.post(
    '/v1/consent/categories',
    {
      schema: {
        tags: ['consent'],
        summary: 'Add a consent category',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            templateCategory: TemplateKind,
            description: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const c = await deps.consent.addCategory(
        businessOf(request).id,
        { name: b.name, templateCategory: b.templateCategory, description: b.description ?? null },
        deps.now(),
      );
      return reply.code(201).send(c);
    },
  );

  app.get(
    '/v1/consent/keywords',
    {
      schema: {
        tags: ['consent'],
        summary: 'The opt-out keywords and classifier thresholds in force (the defaults, or yours)',
      },
    },
    async (request) => deps.consent.keywords(businessOf(request).id),
  );

  app.put(
    '/v1/consent/keywords',
    {
      schema: {
        tags: ['consent'],
        summary:
          "Replace the opt-out keywords and/or the classifier's thresholds; null goes back to the defaults",
        body: Type.Object(
          {
            optOut: Type.Optional(
              Type.Union([
                Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 200 }),
                Type.Null(),
              ]),
            ),
            thresholds: Type.Optional(
              Type.Union([
                Type.Object(
                  {
                    act: Type.Number({ minimum: 0.05, maximum: 1 }),
                    ask: Type.Number({ minimum: 0.05, maximum: 1 }),
                  },
                  { additionalProperties: false },
                ),
                Type.Null(),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const id = businessOf(request).id;
      if (request.body.thresholds !== undefined)
        await deps.consent.setOptOutThresholds(id, request.body.thresholds);
      if (request.body.optOut !== undefined) await deps.consent.setKeywords(id, request.body.optOut);
      return deps.consent.keywords(id);
    },
  );

  app.get(
    '/v1/consent/verify',
    {
      schema: {
        tags: ['consent'],
        summary: "Walk the business's consent hash chain: OK, or the first broken event",
      },
    },
    async (request) => deps.consent.verify(businessOf(request).id),
  );

  app.post(
    '/v1/contacts/:phone/preference-link',
    {
      schema: {
        tags: ['consent'],
        summary: "A signed, expiring link to the contact's preference center",
        params: PhoneParam,
        body: Type.Optional(
          Type.Object(
            { ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 24 * 3600 })) },
            { additionalProperties: false },
          ),
        ),
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const phone = contactPhone(request.params.phone);
      const ttl = request.body?.ttlSeconds;
      const { token, expiresAt } = await deps.consent.preferenceToken(
        business.id,
        phone.waId,
        deps.now(),
        ttl === undefined ? undefined : ttl * 1000,
      );
      return reply
        .code(201)
        .send({ url: `${deps.publicBaseUrl()}/p/${token}`, expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  // The preference center is public (the signed token is the key), and HTML in and out. Its form parser is
  // registered in this scope only, so the JSON API keeps answering 415 to form posts.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_req, body, done) => {
        const form = new URLSearchParams(body as string);
        done(null, { category: form.getAll('category'), intent: form.get('intent') ?? 'save' });
      },
    );

    const claimsOr4xx = async (token: string) => {
      const r = await deps.consent.readPreferenceToken(token, deps.now());
      if (!r.ok) {
        const status = r.problem === 'expired' ? 410 : r.problem === 'forged' ? 403 : 400;
        const message =
          r.problem === 'expired'
            ? 'This link has expired. Ask for a new one.'
            : 'This link is not valid. Use the link exactly as you received it.';
        return { ok: false as const, status, message };
      }
      const name = await deps.businessName(r.claims.businessId);
      if (!name) return { ok: false as const, status: 404, message: 'This business no longer exists.' };
      return { ok: true as const, claims: r.claims, business: { id: r.claims.businessId, name } };
    };

    const render = async (
      business: { id: string; name: string },
      waId: string,
      token: string,
      saved: boolean,
    ) => {
      const [categories, view] = await Promise.all([
        deps.consent.categories(business.id),
        deps.consent.view(business.id, waId),
      ]);
      return renderPreferencePage({
        businessName: business.name,
        phone: `+${waId}`,
        action: `/p/${token}`,
        saved,
        items: categories.map((c) => ({
          name: c.name,
          description: c.description,
          subscribed: view.categories[c.name]?.state === 'opted_in',
        })),
      });
    };

    scope.get('/p/*', { schema: { hide: true, params: TokenParam } }, async (request, reply) => {
      const r = await claimsOr4xx(request.params['*']);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!r.ok) return reply.code(r.status).send(renderPreferenceError(r.status, r.message));
      return reply.send(await render(r.business, r.claims.waId, request.params['*'], false));
    });

    scope.post('/p/*', { schema: { hide: true, params: TokenParam } }, async (request, reply) => {
      const r = await claimsOr4xx(request.params['*']);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      if (!r.ok) return reply.code(r.status).send(renderPreferenceError(r.status, r.message));
      const body = (request.body ?? {}) as { category?: unknown; intent?: unknown };
      const chosen = Array.isArray(body.category) ? body.category.filter((c) => typeof c === 'string') : [];
      const categories = await deps.consent.categories(r.business.id);
      if (chosen.some((c) => !categories.some((k) => k.name === c)) || chosen.length > 50)
        return reply
          .code(422)
          .send(renderPreferenceError(422, 'The form named a category that does not exist.'));
      await deps.consent.applyPreferences(
        r.business,
        r.claims.waId,
        body.intent === 'stop_all' ? { stopAll: true } : { stopAll: false, categories: chosen },
        {
          via: 'preference_center',
          linkExpiresAt: new Date(r.claims.expiresAt).toISOString(),
          ip: request.ip,
          userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500),
        },
        deps.now(),
      );
      return reply.send(await render(r.business, r.claims.waId, request.params['*'], true));
    });
  });
}
