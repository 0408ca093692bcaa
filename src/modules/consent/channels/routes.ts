// HTTP for the opt-in channels: public pages and widget (no key), and the /v1 channel endpoints (API key).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { businessOf } from '../../../adapters/http/auth.ts';
import { PhoneParam } from '../../../adapters/http/schemas.ts';
import type { HttpServer } from '../../../adapters/http/server.ts';
import { AppError, invalidInput, isAppError, notFound } from '../../../kernel/errors.ts';
import { parsePhone } from '../../../kernel/phone.ts';
import { qrPng, qrSvg } from './click-to-chat.ts';
import { ImportFileError, MAX_IMPORT_BYTES } from './csv-import.ts';
import type { ConsentChannels } from './index.ts';
import { languageOf, normalisePhone } from './model.ts';
import { MAX_DOCUMENT_BYTES } from './paper.ts';
import { createRateLimiter } from './rate-limit.ts';
import {
  formModel,
  formSources,
  privacyNotice,
  renderMessagePage,
  renderPage,
  type FormSource,
} from './website.ts';
import { widgetScript } from './widget.ts';

const require = createRequire(import.meta.url);
// The browser build of libphonenumber-js (the "min" metadata, 145 kB): validation as you type, no round trips.
const libphonenumberBundle = (() => {
  try {
    const dir = path.dirname(require.resolve('libphonenumber-js/package.json'));
    return fs.readFileSync(path.join(dir, 'bundle', 'libphonenumber-min.js'), 'utf8');
  } catch {
    return '';
  }
})();

const Categories = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });

/** Public responses may be read by a widget on any site; nothing in them is about another business or a contact. */
function publicHeaders(reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*');
  reply.header('x-content-type-options', 'nosniff');
}

function tooMany(reply: FastifyReply, retryAfterSeconds: number) {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .send({
      error: { code: 'rate_limited', message: `Too many requests; try again in ${retryAfterSeconds} s.` },
    });
}

const contactPhone = (raw: string) => {
  const p = parsePhone(raw);
  if (!p.ok)
    throw invalidInput(
      'contact.phone_invalid',
      `The phone number ${p.error}: ${JSON.stringify(raw)}. Use E.164 with %2B for +.`,
    );
  return p.value;
};

type FormBody = Record<string, string | string[] | undefined>;
const all = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function registerChannelRoutes(
  app: HttpServer,
  deps: { channels: ConsentChannels; now: () => number },
): void {
  const { channels } = deps;
  // Generous for people, tight for scripts: a form is submitted a few times, a number checked as it is typed.
  const submitLimit = createRateLimiter({ capacity: 10, perMinute: 10 });
  const checkLimit = createRateLimiter({ capacity: 60, perMinute: 120 });

  // Public pages, in their own scope: they parse form posts and never see the API key.
  void app.register(async (pub) => {
    pub.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_req, body, done) => {
        const out: FormBody = {};
        for (const [k, v] of new URLSearchParams(String(body))) {
          const prev = out[k];
          out[k] = prev === undefined ? v : [...all(prev), v];
        }
        done(null, out);
      },
    );

    pub.get('/widget.js', { schema: { hide: true } }, async (_req, reply) => {
      publicHeaders(reply);
      return reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(widgetScript);
    });
    pub.get('/o/assets/libphonenumber.js', { schema: { hide: true } }, async (_req, reply) => {
      publicHeaders(reply);
      return reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(libphonenumberBundle);
    });

    pub.get('/v1/public/phone-check', { schema: { hide: true } }, async (req, reply) => {
      publicHeaders(reply);
      const limited = checkLimit.take(req.ip, deps.now());
      if (!limited.ok) return tooMany(reply, limited.retryAfterSeconds);
      const q = req.query as { number?: string; country?: string };
      const r = normalisePhone(
        q.number ?? '',
        q.country && /^[A-Za-z]{2}$/.test(q.country) ? q.country : undefined,
      );
      // Only the number's shape: never whether anyone with it exists, opted in or wrote to us.
      if (!r.ok) return { valid: false, reason: r.reason };
      const p = parsePhone(r.e164);
      return {
        valid: true,
        e164: r.e164,
        international: r.e164.replace(/^(\+\d{1,3})(\d+)/, '$1 $2'),
        country: p.ok ? (p.value.country ?? null) : null,
      };
    });

    const resolve = async (req: FastifyRequest) => {
      const ref = (req.params as { business: string }).business;
      const b = await channels.resolvePublic(ref);
      if (!b) throw notFound('business.not_found', 'There is no sign-up page here.');
      return b;
    };
    const privacyUrlOf = async (b: { id: string; slug: string }) =>
      (await channels.settings(b.id)).privacyUrl ?? `/o/${b.slug}/privacy`;
    const langOf = (req: FastifyRequest) =>
      languageOf((req.query as { lang?: string }).lang ?? req.headers['accept-language']?.split(',')[0]);

    pub.get('/o/:business', { schema: { hide: true } }, async (req, reply) => {
      const b = await resolve(req);
      const q = req.query as { phone?: string; source?: string; call?: string };
      const lang = langOf(req);
      const model = formModel(
        { name: b.name, slug: b.slug },
        await channels.context.categoriesOf(b.id),
        lang,
        await privacyUrlOf(b),
      );
      const phone = q.phone ? normalisePhone(q.phone) : undefined;
      const source = (formSources as readonly string[]).includes(q.source ?? '') ? q.source! : 'website';
      return (
        reply
          .header('content-type', 'text/html; charset=utf-8')
          // A page with a number filled in is that person's: never kept by a shared cache.
          .header('cache-control', q.phone ? 'private, no-store' : 'public, max-age=300')
          .header(
            'content-security-policy',
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'",
          )
          .header('referrer-policy', 'no-referrer')
          .send(
            renderPage(model, {
              phone: phone?.ok ? phone.e164 : '',
              source,
              callId: (q.call ?? '').slice(0, 128),
              actionPath: `/o/${b.slug}`,
              assetsPath: '/o/assets',
            }),
          )
      );
    });

    pub.get('/o/:business/form.json', { schema: { hide: true } }, async (req, reply) => {
      publicHeaders(reply);
      const b = await resolve(req);
      reply.header('cache-control', 'public, max-age=300');
      return formModel(
        { name: b.name, slug: b.slug },
        await channels.context.categoriesOf(b.id),
        langOf(req),
        await privacyUrlOf(b),
      );
    });

    pub.get('/o/:business/privacy', { schema: { hide: true } }, async (req, reply) => {
      const b = await resolve(req);
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(
          renderMessagePage(`${b.name}: privacy`, privacyNotice(b.name), {
            href: `/o/${b.slug}`,
            text: 'Back',
          }),
        );
    });

    pub.post('/o/:business', { schema: { hide: true } }, async (req, reply) => {
      publicHeaders(reply);
      const b = await resolve(req);
      const limited = submitLimit.take(`${req.ip} ${b.id}`, deps.now());
      if (!limited.ok) return tooMany(reply, limited.retryAfterSeconds);
      const body = (req.body ?? {}) as FormBody;
      const wantsJson =
        (req.headers.accept ?? '').includes('application/json') ||
        req.headers['content-type']?.includes('json');
      const lang = languageOf(one(body.lang));
      const sourceRaw = one(body.source);
      const source: FormSource = (formSources as readonly string[]).includes(sourceRaw)
        ? (sourceRaw as FormSource)
        : 'website';
      try {
        const outcome = await channels.submitWebsite(
          b,
          {
            phone: one(body.phone),
            consent:
              one(body.consent) === 'yes' || one(body.consent) === 'on' || one(body.consent) === 'true',
            categories: all(body.categories)
              .flatMap((c) => c.split(','))
              .filter(Boolean),
            language: lang,
            source,
            ...(one(body.callId) ? { callId: one(body.callId).slice(0, 128) } : {}),
          },
          {
            ip: req.ip,
            userAgent: String(req.headers['user-agent'] ?? '').slice(0, 512),
            page: typeof req.headers.referer === 'string' ? req.headers.referer.slice(0, 512) : null,
          },
          deps.now(),
        );
        const message =
          outcome.status === 'recorded'
            ? `Thank you. ${b.name} will send you messages on WhatsApp about the topics you chose. Send STOP at any time to stop them.`
            : `Almost done: open WhatsApp and send the code ${outcome.code} to ${b.name} to confirm.`;
        if (wantsJson)
          return reply.code(outcome.status === 'recorded' ? 201 : 202).send({ ...outcome, message });
        return reply
          .code(outcome.status === 'recorded' ? 201 : 202)
          .header('content-type', 'text/html; charset=utf-8')
          .send(
            renderMessagePage(
              b.name,
              [message],
              outcome.status === 'confirmation_pending'
                ? { href: outcome.confirmLink, text: 'Confirm on WhatsApp' }
                : undefined,
            ),
          );
      } catch (e) {
        if (wantsJson || !isAppError(e)) throw e;
        return reply
          .code(422)
          .header('content-type', 'text/html; charset=utf-8')
          .send(
            renderMessagePage(b.name, [e.message], {
              href: `/o/${b.slug}?lang=${lang}`,
              text: 'Back to the form',
            }),
          );
      }
    });
  });

  // Authenticated channel endpoints (the /v1 API key hook applies).
  app.get(
    '/v1/consent/channels',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'Opt-in channel settings: keywords, double opt-in, privacy link',
      },
    },
    async (req) => channels.settings(businessOf(req).id),
  );
  app.put(
    '/v1/consent/channels',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'Change opt-in channel settings',
        body: Type.Object(
          {
            privacyUrl: Type.Optional(
              Type.Union([Type.String({ maxLength: 2000, pattern: '^https?://' }), Type.Null()]),
            ),
            doubleOptIn: Type.Optional(Type.Boolean()),
            keywords: Type.Optional(Type.Record(Type.String({ maxLength: 30 }), Categories)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => channels.updateSettings(businessOf(req).id, req.body),
  );

  const KeywordQuery = Type.Object({ keyword: Type.String({ minLength: 1, maxLength: 30 }) });
  app.get(
    '/v1/consent/click-to-chat',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'A wa.me link with a prefilled opt-in keyword',
        querystring: KeywordQuery,
      },
    },
    async (req) => {
      const r = await channels.clickToChat(businessOf(req).id, req.query.keyword);
      const q = `keyword=${encodeURIComponent(r.keyword)}`;
      return { ...r, qr: { svg: `/v1/consent/qr.svg?${q}`, png: `/v1/consent/qr.png?${q}` } };
    },
  );
  app.get(
    '/v1/consent/qr.svg',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'QR code (SVG) of the click-to-chat link',
        querystring: KeywordQuery,
      },
    },
    async (req, reply) => {
      const r = await channels.clickToChat(businessOf(req).id, req.query.keyword);
      return reply.header('content-type', 'image/svg+xml').send(await qrSvg(r.link));
    },
  );
  app.get(
    '/v1/consent/qr.png',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'QR code (PNG) of the click-to-chat link',
        querystring: Type.Object({
          keyword: Type.String({ minLength: 1, maxLength: 30 }),
          size: Type.Optional(Type.String({ pattern: '^[0-9]{2,4}$' })),
        }),
      },
    },
    async (req, reply) => {
      const r = await channels.clickToChat(businessOf(req).id, req.query.keyword);
      const size = Number(req.query.size ?? 512);
      if (size < 64 || size > 4096) throw invalidInput('request.invalid', 'size must be 64 to 4096 pixels.');
      return reply.header('content-type', 'image/png').send(await qrPng(r.link, size));
    },
  );

  app.post(
    '/v1/contacts/:phone/opt-ins/in-thread',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'Ask for consent inside the open window with reply buttons, one question per category',
        params: PhoneParam,
        body: Type.Object(
          { categories: Type.Optional(Categories), language: Type.Optional(Type.String({ maxLength: 15 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const phone = contactPhone(req.params.phone);
      const r = await channels.askInThread(
        businessOf(req).id,
        phone.waId,
        req.body.categories ?? [],
        languageOf(req.body.language),
        deps.now(),
      );
      return reply.code(202).send(r);
    },
  );

  app.post(
    '/v1/channels/sms/inbound',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'An inbound SMS from the provider: keyword, YES or STOP',
        body: Type.Object(
          {
            id: Type.String({ minLength: 1, maxLength: 128 }),
            from: Type.String({ minLength: 1, maxLength: 40 }),
            to: Type.Optional(Type.String({ maxLength: 40 })),
            text: Type.String({ maxLength: 1600 }),
            receivedAt: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const b = req.body;
      return channels.receiveSms(
        businessOf(req).id,
        { id: b.id, from: b.from, text: b.text, ...(b.to ? { to: b.to } : {}) },
        deps.now(),
      );
    },
  );

  app.post(
    '/v1/channels/ivr',
    {
      schema: {
        tags: ['consent channels'],
        summary: "A voice platform reports the caller's DTMF choice (1 = yes)",
        body: Type.Object(
          {
            callId: Type.String({ minLength: 1, maxLength: 128 }),
            caller: Type.String({ minLength: 1, maxLength: 40 }),
            digits: Type.String({ maxLength: 16 }),
            promptText: Type.String({ minLength: 1, maxLength: 4000 }),
            categories: Type.Optional(Categories),
            language: Type.Optional(Type.String({ maxLength: 15 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const r = await channels.receiveIvr(businessOf(req).id, req.body, deps.now());
      return reply.code(r.recorded ? 201 : 200).send(r);
    },
  );

  app.post(
    '/v1/channels/missed-call',
    {
      schema: {
        tags: ['consent channels'],
        summary: 'A missed call: the caller gets an SMS with a link to the hosted opt-in page',
        body: Type.Object(
          {
            callId: Type.String({ minLength: 1, maxLength: 128 }),
            caller: Type.String({ minLength: 1, maxLength: 40 }),
            calledAt: Type.Optional(Type.String({ maxLength: 40 })),
            language: Type.Optional(Type.String({ maxLength: 15 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await channels.receiveMissedCall(
        businessOf(req).id,
        {
          callId: b.callId,
          caller: b.caller,
          ...(b.calledAt ? { calledAt: b.calledAt } : {}),
          language: languageOf(b.language),
        },
        deps.now(),
      );
      return reply.code(r.sent ? 202 : 200).send(r);
    },
  );

  // Paper forms and CSV imports take bodies larger than the API's 1 MB, so they live in a scope of their own.
  void app.register(async (scope) => {
    const files = scope.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20, fieldSize: 8 * 1024 },
      throwFileSizeLimit: true,
    });
    files.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: MAX_IMPORT_BYTES + 1024 },
      (_req, body, done) => done(null, body),
    );

    files.post(
      '/v1/contacts/:phone/opt-ins/paper',
      {
        bodyLimit: MAX_DOCUMENT_BYTES + 64 * 1024,
        schema: {
          tags: ['consent channels'],
          summary:
            'Record a paper or in-person opt-in with the signed form (multipart: file, staffId, categories, wording)',
          params: PhoneParam,
        },
      },
      async (req, reply) => {
        const business = businessOf(req);
        const phone = contactPhone(req.params.phone);
        if (!req.isMultipart())
          throw invalidInput(
            'request.multipart_required',
            'Send multipart/form-data with the signed form as "file".',
          );
        const fields: Record<string, string[]> = {};
        let bytes: Buffer | undefined;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') bytes = await part.toBuffer();
            else (fields[part.fieldname] ??= []).push(String(part.value));
          }
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (
            code === 'FST_REQ_FILE_TOO_LARGE' ||
            code === 'FST_FILES_LIMIT' ||
            code === 'FST_PARTS_LIMIT' ||
            code === 'FST_FIELDS_LIMIT'
          )
            throw new AppError(
              'invalid_input',
              code === 'FST_REQ_FILE_TOO_LARGE' ? 'consent.document_too_large' : 'request.invalid',
              code === 'FST_REQ_FILE_TOO_LARGE'
                ? `The form is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`
                : (e as Error).message,
            );
          throw e;
        }
        if (!bytes)
          throw invalidInput('consent.document_missing', 'Attach the signed form as the "file" part.');
        const field = (n: string) => fields[n]?.[0]?.trim() ?? '';
        if (!field('staffId'))
          throw invalidInput('consent.staff_missing', 'Name the staff member (staffId) who took the form.');
        if (!field('wording'))
          throw invalidInput('consent.wording_missing', 'Give the wording printed on the form.');
        const occurred = field('occurredAt');
        const occurredAt = occurred ? Date.parse(occurred) : undefined;
        if (occurredAt !== undefined && !Number.isFinite(occurredAt))
          throw invalidInput('request.invalid', 'occurredAt must be an ISO 8601 date.');
        const r = await channels.recordPaper(
          business.id,
          phone.waId,
          {
            bytes,
            staffId: field('staffId').slice(0, 128),
            categories: (fields.categories ?? []).flatMap((c) => c.split(/[,;\s]+/)).filter(Boolean),
            wording: field('wording'),
            ...(field('language') ? { language: field('language') } : {}),
            ...(occurredAt !== undefined ? { occurredAt } : {}),
          },
          deps.now(),
        );
        return reply.code(201).send(r);
      },
    );

    files.get(
      '/v1/consent/documents/:id',
      {
        schema: {
          tags: ['consent channels'],
          summary: 'Download a stored signed form',
          params: Type.Object({ id: Type.String() }),
        },
      },
      async (req, reply) => {
        const d = await channels.document(businessOf(req).id, req.params.id);
        if (!d) throw notFound('consent.document_not_found', `No document ${req.params.id}.`);
        return reply.header('content-type', d.mimeType).header('x-content-sha256', d.sha256).send(d.bytes);
      },
    );

    files.post(
      '/v1/consent/imports',
      {
        bodyLimit: MAX_IMPORT_BYTES + 1024,
        schema: {
          tags: ['consent channels'],
          summary: 'Import opt-ins from CSV (text/csv) with evidence columns',
        },
      },
      async (req, reply) => {
        const business = businessOf(req);
        if (typeof req.body !== 'string')
          throw new AppError(
            'invalid_input',
            'import.content_type',
            'Send the file with Content-Type: text/csv.',
          );
        try {
          const summary = await channels.importCsv(business.id, req.body, deps.now());
          return reply.code(summary.imported > 0 ? 201 : 200).send(summary);
        } catch (e) {
          if (e instanceof ImportFileError) throw new AppError('invalid_input', e.code, e.message);
          throw e;
        }
      },
    );
  });
}
