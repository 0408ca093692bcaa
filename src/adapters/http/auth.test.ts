// The auth hook on its own: Secure cookies behind an https public URL, CSRF only on cookie changes, the route table.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, businessOf, registerAuth, registeredRoutes, type SessionCookies } from './auth.ts';
import { createHttpServer, type HttpServer } from './server.ts';

describe('registerAuth', () => {
  let app: HttpServer;
  let cookies: SessionCookies;
  beforeAll(async () => {
    app = await createHttpServer({
      logger: pino({ level: 'silent' }),
      openapiInfo: { title: 't', version: '0' },
    });
    cookies = await registerAuth(app, {
      apiKey: async (key) =>
        key === 'glk_reader_0123456789'
          ? { id: 'biz_a', name: 'A', keyId: 'key_r', scopes: ['templates:read'] }
          : undefined,
      session: async (token, now) =>
        token === 'gls_live' && now < 2000
          ? { businessId: 'biz_a', businessName: 'A', user: { id: 'usr_v', role: 'viewer' } }
          : undefined,
      csrfTokenFor: (token) => `csrf-of-${token}`,
      now: () => 1000,
      secureCookies: true,
    });
    app.post('/v1/login', { config: { access: 'public' } }, async (_req, reply) => {
      cookies.set(reply, 'gls_live', 5000);
      return { ok: true };
    });
    app.get('/v1/templates', async (req) => ({ actor: actorOf(req), business: businessOf(req) }));
    app.post('/v1/templates/:id/preview', async () => ({ previewed: true }));
    app.post('/v1/templates', async () => ({ created: true }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('sets a Secure, HttpOnly, SameSite=Lax cookie when the public URL is https', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/login' });
    expect(r.statusCode).toBe(200);
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/^greenlight_session=gls_live;/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
  });

  it('fills the actor and business for cookies and keys alike', async () => {
    const byCookie = await app.inject({
      method: 'GET',
      url: '/v1/templates',
      cookies: { greenlight_session: 'gls_live' },
    });
    expect(byCookie.json()).toEqual({
      actor: { kind: 'user', userId: 'usr_v', role: 'viewer' },
      business: { id: 'biz_a', name: 'A' },
    });
    const byKey = await app.inject({
      method: 'GET',
      url: '/v1/templates',
      headers: { authorization: 'Bearer glk_reader_0123456789' },
    });
    expect(byKey.json().actor).toEqual({ kind: 'api_key', keyId: 'key_r', scopes: ['templates:read'] });
  });

  it('asks cookies, not keys, for the CSRF token; the role check comes after it', async () => {
    const noToken = await app.inject({
      method: 'POST',
      url: '/v1/templates/t1/preview',
      cookies: { greenlight_session: 'gls_live' },
    });
    expect(noToken.json().error.code).toBe('auth.csrf_invalid');
    const withToken = await app.inject({
      method: 'POST',
      url: '/v1/templates/t1/preview',
      cookies: { greenlight_session: 'gls_live' },
      headers: { 'x-csrf-token': 'csrf-of-gls_live' },
    });
    expect(withToken.statusCode).toBe(200);
    const viewerWrite = await app.inject({
      method: 'POST',
      url: '/v1/templates',
      cookies: { greenlight_session: 'gls_live' },
      headers: { 'x-csrf-token': 'csrf-of-gls_live' },
    });
    expect(viewerWrite.statusCode).toBe(403);
    expect(viewerWrite.json().error.code).toBe('auth.forbidden');
    const keyPreview = await app.inject({
      method: 'POST',
      url: '/v1/templates/t1/preview',
      headers: { authorization: 'Bearer glk_reader_0123456789' },
    });
    expect(keyPreview.statusCode).toBe(200);
    const unknown = await app.inject({
      method: 'GET',
      url: '/v1/templates',
      cookies: { greenlight_session: 'gls_x' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('auth.session_invalid');
    const none = await app.inject({ method: 'GET', url: '/v1/templates' });
    expect(none.json().error.code).toBe('auth.missing');
  });

  it('lists the routes registered after it, with what each needs', () => {
    expect(registeredRoutes(app)).toEqual([
      { method: 'POST', url: '/v1/login', access: 'public' },
      { method: 'GET', url: '/v1/templates', access: { scope: 'templates:read', write: false } },
      { method: 'POST', url: '/v1/templates/:id/preview', access: { scope: 'templates:read', write: false } },
      { method: 'POST', url: '/v1/templates', access: { scope: 'templates:write', write: true } },
    ]);
  });
});
