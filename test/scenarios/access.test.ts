// People and access end to end: password hashing, sign-in and the cookie, CSRF, roles, API key scopes, expiry,
// sign-out, disabling, the failed-login throttle and teams, on every database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { API_KEY, startHarness, startHarnessOn, type Harness, type Reply } from '../support/harness.ts';

type Session = { cookie: string; csrf: string; body: any; setCookie: string };

const PASSWORD = 'correct horse battery staple';

async function signIn(h: Harness, email: string, password = PASSWORD, extra: object = {}): Promise<Session> {
  const r = await h.raw('POST', '/v1/session', JSON.stringify({ email, password, ...extra }), {
    'content-type': 'application/json',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const setCookie = r.headers.getSetCookie().find((c) => c.startsWith('greenlight_session='))!;
  return { cookie: setCookie.split(';')[0]!, csrf: r.body.csrfToken, body: r.body, setCookie };
}

/** A request as the dashboard makes it: the cookie, and the CSRF header unless told otherwise. */
function asUser(
  h: Harness,
  s: Session,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'x-csrf-token': s.csrf },
): Promise<Reply> {
  return h.raw(method, path, body === undefined ? undefined : JSON.stringify(body), {
    cookie: s.cookie,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  });
}

const withKey = (h: Harness, key: string, method: string, path: string, body?: unknown) =>
  h.api(method, path, body, { authorization: `Bearer ${key}` });

const optIn = {
  categories: ['order_updates'],
  channel: 'website',
  wording: 'Acme Coffee may message me on WhatsApp.',
};

for (const database of testDatabases()) {
  describe(`[${database.name}] people and access`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      for (const [email, role] of [
        ['admin@acme.test', 'admin'],
        ['agent@acme.test', 'agent'],
        ['viewer@acme.test', 'viewer'],
      ] as const) {
        const r = await h.api('POST', '/v1/users', { email, name: role, role, password: PASSWORD });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('stores passwords as salted scrypt hashes and refuses wrong ones, unknown emails alike', async () => {
      const rows = await h.platform.db.kysely
        .selectFrom('users')
        .select(['email', 'password_hash'])
        .orderBy('email')
        .execute();
      expect(rows).toHaveLength(3);
      for (const r of rows) {
        expect(r.password_hash).not.toContain(PASSWORD);
        expect(r.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
      }
      // The same password, three different hashes: a random salt each.
      expect(new Set(rows.map((r) => r.password_hash)).size).toBe(3);

      const wrong = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: 'agent@acme.test', password: 'not the password at all' }),
        { 'content-type': 'application/json' },
      );
      const unknown = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: 'nobody@acme.test', password: PASSWORD }),
        { 'content-type': 'application/json' },
      );
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.error.code).toBe('auth.invalid_credentials');
      expect(wrong.headers.getSetCookie()).toEqual([]);

      // Email is case-insensitive; the password is not.
      await signIn(h, 'Agent@ACME.test');
      const caps = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: 'agent@acme.test', password: PASSWORD.toUpperCase() }),
        { 'content-type': 'application/json' },
      );
      expect(caps.status).toBe(401);
    });

    it('validates new users: password length, email shape, one email per business', async () => {
      const short = await h.api('POST', '/v1/users', {
        email: 'short@acme.test',
        name: 'S',
        role: 'agent',
        password: '123456789',
      });
      expect(short.status).toBe(422);
      expect(short.body.error.code).toBe('user.password_too_short');
      const bad = await h.api('POST', '/v1/users', {
        email: 'not-an-email',
        name: 'S',
        role: 'agent',
        password: PASSWORD,
      });
      expect(bad.body.error.code).toBe('user.email_invalid');
      const dup = await h.api('POST', '/v1/users', {
        email: 'ADMIN@acme.test',
        name: 'Again',
        role: 'viewer',
        password: PASSWORD,
      });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('user.email_taken');
      const role = await h.api('POST', '/v1/users', {
        email: 'x@acme.test',
        name: 'X',
        role: 'owner',
        password: PASSWORD,
      });
      expect(role.status).toBe(400);
      const list = await h.api('GET', '/v1/users');
      expect(list.body.data.map((u: any) => u.email)).toEqual([
        'admin@acme.test',
        'agent@acme.test',
        'viewer@acme.test',
      ]);
      expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/i);
    });

    it('signs in with an HttpOnly, SameSite=Lax cookie and answers GET /v1/session', async () => {
      const s = await signIn(h, 'admin@acme.test');
      expect(s.setCookie).toMatch(/HttpOnly/i);
      expect(s.setCookie).toMatch(/SameSite=Lax/i);
      expect(s.setCookie).not.toMatch(/Secure/i); // the public URL is plain http here
      expect(s.cookie).not.toContain(s.csrf);
      expect(s.body.user).toMatchObject({ email: 'admin@acme.test', role: 'admin' });
      const me = await asUser(h, s, 'GET', '/v1/session');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        kind: 'user',
        user: { email: 'admin@acme.test', role: 'admin' },
        csrfToken: s.csrf,
        business: { id: h.platform.business.id },
      });
      // The stored session is a hash of the cookie's secret, not the secret.
      const token = decodeURIComponent(s.cookie.split('=')[1]!);
      const stored = await h.platform.db.kysely.selectFrom('sessions').select('token_hash').execute();
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.map((r) => r.token_hash)).not.toContain(token);
      // Cookie requests act for the user's business.
      const business = await asUser(h, s, 'GET', '/v1/business');
      expect(business.body.id).toBe(h.platform.business.id);
    });

    it('requires the CSRF token on every change made with the cookie', async () => {
      const s = await signIn(h, 'agent@acme.test');
      const none = await asUser(h, s, 'POST', '/v1/contacts/%2B31611100001/opt-ins', optIn, {});
      expect(none.status).toBe(403);
      expect(none.body.error.code).toBe('auth.csrf_invalid');
      const other = await signIn(h, 'viewer@acme.test');
      const wrong = await asUser(h, s, 'POST', '/v1/contacts/%2B31611100001/opt-ins', optIn, {
        'x-csrf-token': other.csrf,
      });
      expect(wrong.body.error.code).toBe('auth.csrf_invalid');
      // Nothing was recorded by the refused requests.
      const before = await h.api('GET', '/v1/contacts/%2B31611100001/consent');
      expect(before.body.events).toEqual([]);
      const ok = await asUser(h, s, 'POST', '/v1/contacts/%2B31611100001/opt-ins', optIn);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      // Reads need no token.
      const read = await asUser(h, s, 'GET', '/v1/contacts/%2B31611100001/consent', undefined, {});
      expect(read.status).toBe(200);
      expect(read.body.categories.order_updates.state).toBe('opted_in');
    });

    it('gives each role its due: viewers read, agents work, admins manage people and keys', async () => {
      const viewer = await signIn(h, 'viewer@acme.test');
      const agent = await signIn(h, 'agent@acme.test');
      const admin = await signIn(h, 'admin@acme.test');

      expect((await asUser(h, viewer, 'GET', '/v1/templates')).status).toBe(200);
      expect((await asUser(h, viewer, 'GET', '/v1/contacts/%2B31611100001/consent')).status).toBe(200);
      for (const [method, path, body] of [
        ['POST', '/v1/messages', { to: '+31611100001', text: 'hi' }],
        ['POST', '/v1/contacts/%2B31611100002/opt-ins', optIn],
        ['PATCH', '/v1/business', { name: 'Viewer Coffee' }],
        ['GET', '/v1/users', undefined],
        ['GET', '/v1/api-keys', undefined],
      ] as const) {
        const r = await asUser(h, viewer, method, path, body);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe('auth.forbidden');
      }
      // A read-only POST is a read.
      const check = await asUser(h, viewer, 'POST', '/v1/policy/check', { to: '+31611100001', text: 'hi' });
      expect(check.status).toBe(200);

      expect((await asUser(h, agent, 'POST', '/v1/contacts/%2B31611100002/opt-ins', optIn)).status).toBe(201);
      for (const [method, path, body] of [
        ['GET', '/v1/users', undefined],
        ['POST', '/v1/users', { email: 'a@b.test', name: 'A', role: 'admin', password: PASSWORD }],
        ['POST', '/v1/api-keys', { label: 'mine', scopes: ['*'] }],
        ['PATCH', '/v1/business', { name: 'Agent Coffee' }],
        ['POST', '/v1/teams', { name: 'Agents' }],
      ] as const) {
        const r = await asUser(h, agent, method, path, body);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe('auth.forbidden');
      }
      expect((await asUser(h, admin, 'GET', '/v1/users')).status).toBe(200);
      const key = await asUser(h, admin, 'POST', '/v1/api-keys', { label: 'by admin', scopes: ['*'] });
      expect(key.status).toBe(201);
      expect((await withKey(h, key.body.key, 'GET', '/v1/business')).status).toBe(200);
      // Everybody may see and end their own session.
      expect((await asUser(h, viewer, 'GET', '/v1/session')).status).toBe(200);
      expect((await asUser(h, viewer, 'DELETE', '/v1/session')).status).toBe(200);
    });

    it('scopes API keys: a route needs its scope, admin routes need admin, keys grant only what they hold', async () => {
      const listed = await h.api('GET', '/v1/api-keys');
      const original = listed.body.data.find((k: any) => k.label === 'GREENLIGHT_API_KEY');
      expect(original.scopes).toEqual(['*']);
      expect(JSON.stringify(listed.body)).not.toContain(API_KEY);

      const made = await h.api('POST', '/v1/api-keys', {
        label: 'template reader',
        scopes: ['templates:read', 'contacts:read'],
      });
      expect(made.status).toBe(201);
      expect(made.body.key).toMatch(/^glk_/);
      expect(made.body.scopes).toEqual(['templates:read', 'contacts:read']);
      const reader = made.body.key as string;
      const again = await h.api('GET', '/v1/api-keys');
      expect(again.body.data.find((k: any) => k.id === made.body.id)).toEqual({
        id: made.body.id,
        label: 'template reader',
        scopes: ['templates:read', 'contacts:read'],
        createdAt: expect.any(String),
        revokedAt: null,
      });
      expect(JSON.stringify(again.body)).not.toContain(reader);

      expect((await withKey(h, reader, 'GET', '/v1/templates')).status).toBe(200);
      expect((await withKey(h, reader, 'GET', '/v1/contacts/%2B31611100001/consent')).status).toBe(200);
      for (const [method, path, body, scope] of [
        ['POST', '/v1/messages', { to: '+31611100001', text: 'hi' }, 'messages:send'],
        ['GET', '/v1/messages/msg_x', undefined, 'messages:read'],
        ['POST', '/v1/contacts/%2B31611100003/opt-ins', optIn, 'consent:write'],
        ['DELETE', '/v1/contacts/%2B31611100001', undefined, 'contacts:write'],
        ['GET', '/v1/users', undefined, 'admin'],
        ['POST', '/v1/api-keys', { label: 'x', scopes: ['templates:read'] }, 'admin'],
      ] as const) {
        const r = await withKey(h, reader, method, path, body);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.body.error.code).toBe('auth.scope_missing');
        expect(r.body.error.message).toContain(scope);
      }
      // Nothing was erased by the refused DELETE.
      const consent = await h.api('GET', '/v1/contacts/%2B31611100001/consent');
      expect(consent.body.categories.order_updates.state).toBe('opted_in');

      // messages:send also reads messages and may run the policy check.
      const sender = (await h.api('POST', '/v1/api-keys', { label: 's', scopes: ['messages:send'] })).body
        .key;
      expect(
        (await withKey(h, sender, 'POST', '/v1/policy/check', { to: '+31611100001', text: 'x' })).status,
      ).toBe(200);
      expect((await withKey(h, sender, 'GET', '/v1/templates')).status).toBe(403);

      // An admin-scoped key manages keys, but cannot hand out more than it holds.
      const adminKey = (await h.api('POST', '/v1/api-keys', { label: 'a', scopes: ['admin'] })).body.key;
      expect((await withKey(h, adminKey, 'GET', '/v1/users')).status).toBe(200);
      const escalate = await withKey(h, adminKey, 'POST', '/v1/api-keys', { label: 'b', scopes: ['*'] });
      expect(escalate.status).toBe(403);
      expect(escalate.body.error.code).toBe('auth.scope_missing');

      const invalid = await h.api('POST', '/v1/api-keys', { label: 'c', scopes: ['messages:everything'] });
      expect(invalid.status).toBe(422);
      expect(invalid.body.error.code).toBe('api_key.scope_invalid');

      const revoked = await h.api('DELETE', `/v1/api-keys/${made.body.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      const after = await withKey(h, reader, 'GET', '/v1/templates');
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('auth.invalid');
      expect((await h.api('DELETE', '/v1/api-keys/key_unknown')).body.error.code).toBe('api_key.not_found');
    });

    it('teams: members must be users of the business; the user store answers for assignment', async () => {
      const users = (await h.api('GET', '/v1/users')).body.data;
      const agent = users.find((u: any) => u.role === 'agent');
      const viewer = users.find((u: any) => u.role === 'viewer');
      const team = await h.api('POST', '/v1/teams', { name: 'Support', userIds: [agent.id] });
      expect(team.status).toBe(201);
      expect(team.body.memberIds).toEqual([agent.id]);
      expect((await h.api('POST', '/v1/teams', { name: 'Support' })).body.error.code).toBe('team.name_taken');
      const unknown = await h.api('PUT', `/v1/teams/${team.body.id}/members`, { userIds: ['usr_nobody'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('team.member_unknown');
      const set = await h.api('PUT', `/v1/teams/${team.body.id}/members`, { userIds: [viewer.id, agent.id] });
      expect(set.status).toBe(200);
      expect([...set.body.memberIds].sort()).toEqual([agent.id, viewer.id].sort());
      const list = await h.api('GET', '/v1/teams');
      expect(list.body.data).toHaveLength(1);
      const store = h.platform.services.users;
      const businessId = h.platform.business.id;
      expect((await store.getTeam(businessId, team.body.id))?.name).toBe('Support');
      expect((await store.getUser(businessId, agent.id))?.role).toBe('agent');
      expect(await store.getTeam('biz_other', team.body.id)).toBeUndefined();
    });

    it('ends sessions on sign-out, on disabling, on a role change and on a new password', async () => {
      const s = await signIn(h, 'agent@acme.test');
      expect((await asUser(h, s, 'DELETE', '/v1/session', undefined, {})).body.error.code).toBe(
        'auth.csrf_invalid',
      );
      const out = await asUser(h, s, 'DELETE', '/v1/session');
      expect(out.status).toBe(200);
      expect(out.headers.getSetCookie().join()).toMatch(/greenlight_session=;/);
      const gone = await asUser(h, s, 'GET', '/v1/session');
      expect(gone.status).toBe(401);
      expect(gone.body.error.code).toBe('auth.session_invalid');

      const agentId = (await h.api('GET', '/v1/users')).body.data.find((u: any) => u.role === 'agent').id;
      const s2 = await signIn(h, 'agent@acme.test');
      await h.api('PATCH', `/v1/users/${agentId}`, { name: 'Renamed Agent' });
      expect((await asUser(h, s2, 'GET', '/v1/session')).body.user.name).toBe('Renamed Agent');
      await h.api('PATCH', `/v1/users/${agentId}`, { role: 'viewer' });
      expect((await asUser(h, s2, 'GET', '/v1/session')).status).toBe(401);
      const s3 = await signIn(h, 'agent@acme.test');
      expect(s3.body.user.role).toBe('viewer');
      await h.api('PATCH', `/v1/users/${agentId}`, { role: 'agent', password: 'another long password' });
      expect((await asUser(h, s3, 'GET', '/v1/session')).status).toBe(401);
      const old = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: 'agent@acme.test', password: PASSWORD }),
        { 'content-type': 'application/json' },
      );
      expect(old.status).toBe(401);
      const s4 = await signIn(h, 'agent@acme.test', 'another long password');
      const disabled = await h.api('PATCH', `/v1/users/${agentId}`, { disabled: true });
      expect(disabled.body.disabled).toBe(true);
      expect((await asUser(h, s4, 'GET', '/v1/session')).status).toBe(401);
      const refused = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: 'agent@acme.test', password: 'another long password' }),
        { 'content-type': 'application/json' },
      );
      expect(refused.body.error.code).toBe('auth.invalid_credentials');
      await h.api('PATCH', `/v1/users/${agentId}`, { disabled: false });
      await signIn(h, 'agent@acme.test', 'another long password');
      expect((await h.api('PATCH', '/v1/users/usr_nobody', { name: 'x' })).body.error.code).toBe(
        'user.not_found',
      );
    });

    it('expires sessions after GREENLIGHT_SESSION_TTL_HOURS (12 h) on the platform clock', async () => {
      const s = await signIn(h, 'admin@acme.test');
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 11 * 3600 }), {
        'content-type': 'application/json',
      });
      expect((await asUser(h, s, 'GET', '/v1/session')).status).toBe(200);
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 3600 + 1 }), {
        'content-type': 'application/json',
      });
      const expired = await asUser(h, s, 'GET', '/v1/users');
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('auth.session_invalid');
    });

    it('throttles failed sign-ins per email, then lets the right password in once the lock is over', async () => {
      const attempt = (password: string) =>
        h.raw('POST', '/v1/session', JSON.stringify({ email: 'viewer@acme.test', password }), {
          'content-type': 'application/json',
        });
      for (let i = 0; i < 5; i++) expect((await attempt(`wrong password ${i}`)).status).toBe(401);
      const locked = await attempt(PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('auth.throttled');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another email is not affected.
      await signIn(h, 'admin@acme.test');
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 15 * 60 + 1 }), {
        'content-type': 'application/json',
      });
      expect((await attempt(PASSWORD)).status).toBe(201);
    });
  });
}

// The CLI writes to the configured database itself; it is tried on SQLite only, because on PostgreSQL it would use
// the server's default schema rather than a test's own.
describe('[sqlite] greenlight user add', () => {
  it('adds the first admin before the first start, who can then sign in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'greenlight-cli-'));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve('src/cli/main.ts'), 'user', 'add', ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          GREENLIGHT_DATA_DIR: dir,
          GREENLIGHT_BUSINESS_NAME: 'Acme Coffee',
        },
        encoding: 'utf8',
      });
    try {
      const added = cli(
        '--email',
        'First@Acme.test',
        '--name',
        'First',
        '--role',
        'admin',
        '--password',
        PASSWORD,
      );
      expect(added.status, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/Added admin first@acme\.test/);
      const again = cli(
        '--email',
        'first@acme.test',
        '--name',
        'F',
        '--role',
        'admin',
        '--password',
        PASSWORD,
      );
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('user.email_taken');
      const h = await startHarness({ kind: 'sqlite', file: path.join(dir, 'greenlight.db') });
      try {
        const s = await signIn(h, 'first@acme.test');
        expect(s.body.business.name).toBe('Acme Coffee');
        expect((await asUser(h, s, 'GET', '/v1/users')).body.data).toHaveLength(1);
      } finally {
        await h.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
