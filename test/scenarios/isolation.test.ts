// Tenant isolation: business B, with its own key, users and data, calls EVERY registered /v1 route (enumerated from
// Fastify, so routes added later are covered) with business A's ids and phone numbers, by API key and by session
// cookie, and must never see or change A's data, nor cause a 500.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes, type RegisteredRoute } from '../../src/adapters/http/auth.ts';
import { testDatabases } from '../support/databases.ts';
import { customerWrites } from '../support/customers.ts';
import { approvedTemplate } from '../support/templates.ts';
import { BUSINESS_NAME, eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const B_KEY = 'glk_beta_business_key_0123456789';
const A_PHONE = '+31612340001';
const A_WA = A_PHONE.slice(1);
const B_PHONE = '+31612349999';
const SHARED_EMAIL = 'sam@shops.test';
const PASSWORD = 'one password for both shops';
// Marks A's content: none of these may show up in an answer to B unless B itself sent it.
const A_MARK = 'ALPHAMARK';

const isSignOut = (r: RegisteredRoute) => r.method === 'DELETE' && r.url === '/v1/session';

type Call = { method: string; path: string; body?: unknown };
type Answer = { status: number; text: string; contentType: string };
type Credentials = Record<string, string>;

/** fetch with a deadline; an event stream is read for one chunk and then closed. */
async function call(url: string, c: Call, credentials: Credentials): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    const res = await fetch(url + c.path, {
      method: c.method,
      signal: controller.signal,
      headers: { ...credentials, ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
    });
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) {
      const reader = res.body!.getReader();
      const first = await Promise.race([
        reader.read(),
        new Promise<{ value?: Uint8Array }>((r) => setTimeout(() => r({}), 300)),
      ]);
      controller.abort();
      return {
        status: res.status,
        text: first.value ? Buffer.from(first.value).toString() : '',
        contentType,
      };
    }
    return { status: res.status, text: await res.text(), contentType };
  } finally {
    clearTimeout(timer);
  }
}

type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  format?: string;
};

/**
 * A plausible body from a route's JSON schema, aimed at A: phone fields get A's number, id fields A's ids, names
 * A's template name, emails A's user's email. It does not have to be valid: a 400 or 422 is a fine answer too.
 */
function sampleOf(schema: Schema | undefined, key: string, a: AIds): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sampleOf(options.find((o) => o.type !== 'null') ?? options[0], key, a);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const k = key.toLowerCase();
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const wanted = new Set([...(schema.required ?? []), 'to', 'text', 'categories', 'userids']);
      for (const [name, s] of Object.entries(schema.properties ?? {}))
        if (wanted.has(name) || wanted.has(name.toLowerCase())) out[name] = sampleOf(s, name, a);
      return out;
    }
    case 'array':
      return k === 'userids'
        ? [a.ids.users?.[0]]
        : k === 'categories'
          ? ['order_updates']
          : (schema.minItems ?? 0) > 0
            ? [sampleOf(schema.items, key.replace(/s$/, ''), a)]
            : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string': {
      if (/^(to|phone|from|caller|waid|wa_id|number)$/.test(k)) return A_PHONE;
      if (k === 'email') return a.email;
      if (k === 'password') return PASSWORD;
      if (k === 'wording') return 'Beta Bakery may send me messages on WhatsApp.';
      if (k === 'language') return 'en';
      if (k === 'name' || k === 'templatename') return a.templateName;
      if (schema.format === 'uri' || k.endsWith('url')) return 'https://example.com/hook';
      const idKind = /^(.*)id$/.exec(k)?.[1];
      if (idKind) return a.idsFor(idKind)[0] ?? 'x';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    default:
      return undefined;
  }
}

type AIds = {
  email: string;
  templateName: string;
  ids: Record<string, string[]>;
  /** A's ids of the kind a URL segment or field names ("templates", "team", "thread"), else all of them. */
  idsFor(kind: string): string[];
  markers: string[];
};

/** Every way to fill a route's parameters with A's values (capped, so that wide routes stay cheap). */
function pathsFor(route: RegisteredRoute, a: AIds): string[] {
  const segments = route.url.split('/');
  let paths = [''];
  segments.forEach((seg, i) => {
    if (i === 0) return;
    let values: string[];
    if (!seg.startsWith(':')) values = [seg];
    else {
      const name = seg.slice(1).toLowerCase();
      if (name === 'phone' || name === 'waid') values = [encodeURIComponent(A_PHONE), A_WA];
      else if (name === 'name') values = [a.templateName];
      else if (name === 'id') values = a.idsFor(segments[i - 1] ?? '');
      else values = a.idsFor(name.replace(/id$/, ''));
    }
    paths = paths.flatMap((p) => values.slice(0, 3).map((v) => `${p}/${v}`));
  });
  return paths;
}

for (const database of testDatabases()) {
  describe(`[${database.name}] tenant isolation`, () => {
    let h: Harness;
    let a: AIds;
    let aBusinessId: string;
    let bBusinessId: string;
    const before: Record<string, unknown> = {};

    const snapshotA = async () => ({
      business: (await h.api('GET', '/v1/business')).body,
      consent: (await h.api('GET', `/v1/contacts/${encodeURIComponent(A_PHONE)}/consent`)).body,
      templates: (await h.api('GET', '/v1/templates')).body.data.map((t: any) => [t.id, t.name, t.status]),
      users: (await h.api('GET', '/v1/users')).body,
      teams: (await h.api('GET', '/v1/teams')).body,
      keys: (await h.api('GET', '/v1/api-keys')).body,
      message: (await h.api('GET', `/v1/messages/${a.ids.messages![0]}`)).body.id,
    });

    beforeAll(async () => {
      h = await startHarnessOn(database);
      aBusinessId = h.platform.business.id;
      const now = h.platform.clock.now();

      // Business A (the harness's default business): a contact who wrote in and opted in, an approved template, a
      // message, a user, a team, a second API key.
      await customerWrites(h, A_WA, { text: `Hello from A's customer ${A_MARK}` });
      const optIn = await h.api('POST', `/v1/contacts/${encodeURIComponent(A_PHONE)}/opt-ins`, {
        categories: ['order_updates'],
        channel: 'website',
        wording: `${BUSINESS_NAME} may send me order updates on WhatsApp (${A_MARK}).`,
      });
      expect(optIn.status).toBe(201);
      await approvedTemplate(h, {
        name: 'alpha_order_ready',
        category: 'UTILITY',
        text: `Hi {{1}}, your order ${A_MARK} is ready.`,
      });
      const message = await h.api('POST', '/v1/messages', { to: A_PHONE, text: `Private reply ${A_MARK}` });
      expect(message.status, JSON.stringify(message.body)).toBe(202);
      const user = await h.api('POST', '/v1/users', {
        email: SHARED_EMAIL,
        name: `Alpha Sam ${A_MARK}`,
        role: 'admin',
        password: PASSWORD,
      });
      const team = await h.api('POST', '/v1/teams', {
        name: `Alpha team ${A_MARK}`,
        userIds: [user.body.id],
      });
      const key = await h.api('POST', '/v1/api-keys', { label: `alpha key ${A_MARK}`, scopes: ['*'] });
      const template = (await h.api('GET', '/v1/templates')).body.data[0];

      // A's ids by kind: the ones made above, plus A's rows of any table named like a route's segment, so that
      // routes and tables added later are filled with real ids too.
      const ids: Record<string, string[]> = {
        messages: [message.body.id],
        templates: [template.id],
        users: [user.body.id],
        teams: [team.body.id],
        'api-keys': [key.body.id],
      };
      const tables = await h.platform.db.kysely.introspection.getTables();
      for (const t of tables) {
        if (!t.columns.some((c) => c.name === 'business_id') || !t.columns.some((c) => c.name === 'id'))
          continue;
        const rows = await sql<{
          id: string;
        }>`select id from ${sql.table(t.name)} where business_id = ${aBusinessId}
          order by id limit 3`.execute(h.platform.db.kysely);
        const kind = t.name.replace(/_/g, '-');
        ids[kind] = [...new Set([...(ids[kind] ?? []), ...rows.rows.map((r) => String(r.id))])];
      }
      const all = [...new Set(Object.values(ids).flat())];
      a = {
        email: SHARED_EMAIL,
        templateName: 'alpha_order_ready',
        ids,
        idsFor(kind: string) {
          const k = kind.toLowerCase();
          const match =
            ids[k] ?? ids[`${k}s`] ?? ids[k.replace(/_/g, '-')] ?? ids[`${k.replace(/_/g, '-')}s`] ?? [];
          return match.length > 0 ? match : all;
        },
        markers: [
          A_MARK,
          aBusinessId,
          BUSINESS_NAME,
          message.body.id,
          template.id,
          user.body.id,
          team.body.id,
          key.body.id,
          key.body.key,
        ],
      };

      // Business B, made through the stores (there is no public route to make a business): its key, WABA and
      // number, its own contact with consent, a template, a message and a user with the same email as A's.
      const tenants = h.platform.services.tenants;
      const b = await tenants.createBusiness('Beta Bakery', now);
      bBusinessId = b.id;
      await tenants.addApiKey(b.id, B_KEY, 'beta', now);
      // As the platform does for its first business: reading the consent categories seeds the defaults.
      await h.platform.services.consent.categories(b.id);
      await tenants.upsertWaba(b.id, '900000000000001', now);
      await tenants.upsertPhoneNumber(
        {
          businessId: b.id,
          wabaId: '900000000000001',
          phoneNumberId: '900000000000002',
          displayPhoneNumber: '15550109876',
          verifiedName: 'Beta Bakery',
          qualityRating: 'GREEN',
          throughputMps: 80,
          messagingLimit: 'TIER_250',
        },
        now,
      );
      const asB = (method: string, path: string, body?: unknown) =>
        h.api(method, path, body, { authorization: `Bearer ${B_KEY}` });
      const bOptIn = await asB('POST', `/v1/contacts/${encodeURIComponent(B_PHONE)}/opt-ins`, {
        categories: ['order_updates'],
        channel: 'website',
        wording: 'Beta Bakery may send me order updates on WhatsApp.',
      });
      expect(bOptIn.status, JSON.stringify(bOptIn.body)).toBe(201);
      await h.platform.services.templateStore.insert({
        id: `tpl_beta_${Date.now()}`,
        businessId: b.id,
        wabaId: '900000000000001',
        name: 'beta_bread_ready',
        language: 'en',
        category: 'UTILITY',
        consentCategory: 'order_updates',
        status: 'APPROVED',
        quality: 'GREEN',
        parameterFormat: 'positional',
        components: [{ type: 'BODY', text: 'Your bread is ready.' }],
        metaTemplateId: '900000000000003',
        rejectedReason: null,
        createdAt: now,
        updatedAt: now,
        pausedUntil: null,
        pauseCount: 0,
      });
      const bMessage = await asB('POST', '/v1/messages', {
        to: B_PHONE,
        template: { name: 'beta_bread_ready', language: 'en' },
      });
      expect(bMessage.status, JSON.stringify(bMessage.body)).toBe(202);
      const bUser = await asB('POST', '/v1/users', {
        email: SHARED_EMAIL,
        name: 'Beta Sam',
        role: 'admin',
        password: PASSWORD,
      });
      expect(bUser.status, JSON.stringify(bUser.body)).toBe(201);

      Object.assign(before, await snapshotA());
    }, 60_000);

    afterAll(async () => {
      await h?.stop();
    });

    it('enumerates every /v1 route from Fastify', () => {
      const routes = registeredRoutes(h.platform.app!).map((r) => `${r.method} ${r.url}`);
      for (const expected of [
        'POST /v1/messages',
        'GET /v1/messages/:id',
        'POST /v1/contacts/:phone/opt-ins',
        'GET /v1/templates/:id',
        'PATCH /v1/users/:id',
        'PUT /v1/teams/:id/members',
        'DELETE /v1/api-keys/:id',
        'GET /v1/business',
      ])
        expect(routes).toContain(expected);
      expect(routes.length).toBeGreaterThan(35);
    });

    it('a person with accounts in both businesses chooses one; sessions are per business', async () => {
      const both = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: SHARED_EMAIL, password: PASSWORD }),
        {
          'content-type': 'application/json',
        },
      );
      expect(both.status).toBe(409);
      expect(both.body.error.code).toBe('auth.business_required');
      expect([...both.body.error.details.businessIds].sort()).toEqual([aBusinessId, bBusinessId].sort());
      const inB = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: SHARED_EMAIL, password: PASSWORD, businessId: bBusinessId }),
        { 'content-type': 'application/json' },
      );
      expect(inB.status).toBe(201);
      expect(inB.body.business).toEqual({ id: bBusinessId, name: 'Beta Bakery' });
    });

    for (const kind of ['api key', 'session cookie'] as const) {
      it(`B's ${kind} gets none of A's data and changes none of it, on every /v1 route`, async () => {
        const signIn = async () => {
          const r = await h.raw(
            'POST',
            '/v1/session',
            JSON.stringify({ email: SHARED_EMAIL, password: PASSWORD, businessId: bBusinessId }),
            { 'content-type': 'application/json' },
          );
          expect(r.status).toBe(201);
          const cookie = r.headers.getSetCookie().find((c) => c.startsWith('greenlight_session='))!;
          return { cookie: cookie.split(';')[0]!, 'x-csrf-token': r.body.csrfToken as string };
        };
        const credentials: Credentials =
          kind === 'api key' ? { authorization: `Bearer ${B_KEY}` } : await signIn();

        // Signing out goes last, so that the other calls run with a live session.
        const routes = [...registeredRoutes(h.platform.app!)].sort(
          (x, y) => Number(isSignOut(x)) - Number(isSignOut(y)),
        );
        const failures: string[] = [];
        let calls = 0;
        const answers = new Map<string, number>();
        for (const route of routes) {
          if (route.access === 'public') continue;
          const body =
            route.method === 'GET' || route.method === 'DELETE'
              ? undefined
              : (sampleOf(route.body as Schema | undefined, '', a) ?? {});
          for (const path of pathsFor(route, a)) {
            const c: Call = { method: route.method, path, ...(body !== undefined ? { body } : {}) };
            const answer = await call(h.url, c, credentials);
            calls++;
            const sent = path + JSON.stringify(body ?? '');
            const leaked = a.markers.filter((m) => answer.text.includes(m) && !sent.includes(m));
            answers.set(`${route.method} ${route.url}`, answer.status);
            // A 503 with a stable code is an honest "Meta said no" (the sandbox simulates A's WABA only, so B's
            // template sync is refused upstream); a 500 is a bug.
            if (answer.status === 500 || (answer.status > 500 && answer.text.includes('"internal"')))
              failures.push(`${c.method} ${path}: ${answer.status} ${answer.text}`);
            if (leaked.length > 0)
              failures.push(`${c.method} ${path}: ${answer.status} shows A's ${leaked.join(', ')}`);
            if (answer.status === 401 && kind === 'session cookie' && route.url !== '/v1/session')
              failures.push(`${c.method} ${path}: the session ended (${answer.text})`);
          }
        }
        expect(failures).toEqual([]);
        expect(calls).toBeGreaterThan(35);
        if (process.env.GREENLIGHT_TEST_ISOLATION_REPORT) console.log(kind, Object.fromEntries(answers));
        // A's contact, seen by B, has only what B itself recorded for that number.
        const seen = await call(
          h.url,
          { method: 'GET', path: `/v1/contacts/${encodeURIComponent(A_PHONE)}/consent` },
          // The loop ended with signing out.
          kind === 'api key' ? credentials : await signIn(),
        );
        expect(seen.status).toBe(200);
        expect(seen.text).not.toContain(A_MARK);
        expect(seen.text).not.toContain(a.ids['consent-events']![0]);
        // A's ids are simply unknown to B.
        for (const route of [
          'GET /v1/messages/:id',
          'GET /v1/templates/:id',
          'GET /v1/users/:id',
          'PATCH /v1/users/:id',
          'GET /v1/teams/:id',
          'PUT /v1/teams/:id/members',
          'DELETE /v1/api-keys/:id',
        ])
          expect(answers.get(route), route).toBe(404);

        // A is exactly as it was: nothing B did reached it (writes with A's ids answered 404, not changed A's).
        const after = await snapshotA();
        expect(after).toEqual(before);
        // A's key and A's user still work.
        expect((await h.api('GET', '/v1/business')).body.id).toBe(aBusinessId);
        const aSession = await h.raw(
          'POST',
          '/v1/session',
          JSON.stringify({ email: SHARED_EMAIL, password: PASSWORD, businessId: aBusinessId }),
          { 'content-type': 'application/json' },
        );
        expect(aSession.status).toBe(201);
        // B's own message is B's to read.
        const bMessages = await h.platform.db.kysely
          .selectFrom('messages')
          .select('id')
          .where('business_id', '=', bBusinessId)
          .execute();
        const own = await h.api('GET', `/v1/messages/${bMessages[0]!.id}`, undefined, {
          authorization: `Bearer ${B_KEY}`,
        });
        expect(own.status).toBe(200);
        const cross = await h.api('GET', `/v1/messages/${bMessages[0]!.id}`);
        expect(cross.status).toBe(404);
        await eventually(async () => true, 'settled');
      }, 120_000);
    }
  });
}
