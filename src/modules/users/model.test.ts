// The pure access rules and the password hash: what each route needs, who may call it, the throttle, scrypt.
import { describe, expect, it } from 'vitest';
import {
  afterFailedLogin,
  decideAccess,
  isValidScope,
  lockedForMs,
  loginThrottle,
  normaliseEmail,
  passwordProblem,
  requiredAccess,
  scopesAllow,
  ungrantableScopes,
} from './model.ts';
import { hashPassword, verifyPassword } from './password.ts';

describe('requiredAccess', () => {
  it('maps existing routes by method and URL pattern', () => {
    expect(requiredAccess('POST', '/v1/messages')).toEqual({ scope: 'messages:send', write: true });
    expect(requiredAccess('GET', '/v1/messages/:id')).toEqual({ scope: 'messages:read', write: false });
    expect(requiredAccess('POST', '/v1/policy/check')).toEqual({ scope: 'messages:read', write: false });
    expect(requiredAccess('POST', '/v1/contacts/:phone/opt-ins')).toEqual({
      scope: 'consent:write',
      write: true,
    });
    expect(requiredAccess('DELETE', '/v1/contacts/:phone')).toEqual({ scope: 'contacts:write', write: true });
    expect(requiredAccess('GET', '/v1/contacts/:phone/consent')).toEqual({
      scope: 'contacts:read',
      write: false,
    });
    expect(requiredAccess('PUT', '/v1/consent/keywords')).toEqual({ scope: 'consent:write', write: true });
    expect(requiredAccess('POST', '/v1/templates/:id/preview')).toEqual({
      scope: 'templates:read',
      write: false,
    });
    expect(requiredAccess('POST', '/v1/templates')).toEqual({ scope: 'templates:write', write: true });
    expect(requiredAccess('POST', '/v1/threads/:id/reply')).toEqual({ scope: 'inbox:write', write: true });
    expect(requiredAccess('GET', '/v1/users')).toEqual({ scope: 'admin', write: false });
    expect(requiredAccess('PATCH', '/v1/business')).toEqual({ scope: 'admin', write: true });
    expect(requiredAccess('GET', '/v1/business')).toBe('self');
    expect(requiredAccess('DELETE', '/v1/session')).toBe('self');
  });

  it('gives routes nobody mapped a scope of their own, and lets a route declare one', () => {
    expect(requiredAccess('POST', '/v1/campaigns/:id/start')).toEqual({
      scope: 'campaigns:write',
      write: true,
    });
    expect(requiredAccess('GET', '/v1/costs.csv?from=x')).toEqual({ scope: 'costs:read', write: false });
    expect(requiredAccess('POST', '/v1/session', 'public')).toBe('public');
    expect(requiredAccess('POST', '/v1/anything', 'messages:send')).toEqual({
      scope: 'messages:send',
      write: true,
    });
    expect(requiredAccess('POST', '/v1/x', { scope: 'x:read', write: false })).toEqual({
      scope: 'x:read',
      write: false,
    });
  });
});

describe('decideAccess', () => {
  const read = { scope: 'templates:read', write: false };
  const write = { scope: 'templates:write', write: true };
  const admin = { scope: 'admin', write: true };

  it('checks API keys by scope; * holds everything; any scope on a resource reads it', () => {
    expect(decideAccess({ kind: 'api_key', scopes: ['*'] }, admin)).toEqual({ ok: true });
    expect(decideAccess({ kind: 'api_key', scopes: ['templates:write'] }, read)).toEqual({ ok: true });
    expect(decideAccess({ kind: 'api_key', scopes: ['templates:read'] }, write)).toMatchObject({
      ok: false,
      code: 'auth.scope_missing',
    });
    expect(decideAccess({ kind: 'api_key', scopes: ['admin'] }, read)).toMatchObject({ ok: false });
    expect(scopesAllow(['messages:send'], 'messages:read')).toBe(true);
    expect(scopesAllow(['messages:read'], 'messages:send')).toBe(false);
  });

  it('checks people by role', () => {
    for (const need of [read, write, admin])
      expect(decideAccess({ kind: 'user', role: 'admin' }, need)).toEqual({ ok: true });
    expect(decideAccess({ kind: 'user', role: 'agent' }, write)).toEqual({ ok: true });
    expect(decideAccess({ kind: 'user', role: 'agent' }, admin)).toMatchObject({ code: 'auth.forbidden' });
    expect(decideAccess({ kind: 'user', role: 'viewer' }, read)).toEqual({ ok: true });
    expect(decideAccess({ kind: 'user', role: 'viewer' }, write)).toMatchObject({ code: 'auth.forbidden' });
    expect(decideAccess({ kind: 'user', role: 'viewer' }, 'self')).toEqual({ ok: true });
  });

  it('lets a key grant only what it holds', () => {
    expect(
      ungrantableScopes({ kind: 'api_key', scopes: ['admin', 'messages:send'] }, ['messages:send', '*']),
    ).toEqual(['*']);
    expect(ungrantableScopes({ kind: 'api_key', scopes: ['*'] }, ['*'])).toEqual([]);
    expect(ungrantableScopes({ kind: 'user', role: 'admin' }, ['*'])).toEqual([]);
    expect(isValidScope('campaigns:write')).toBe(true);
    expect(isValidScope('messages:everything')).toBe(false);
    expect(isValidScope('ADMIN')).toBe(false);
  });
});

describe('login throttle', () => {
  it('locks after the fifth failure in the window, for the lock time, then starts afresh', () => {
    let s = afterFailedLogin(undefined, 0);
    for (let i = 1; i < loginThrottle.maxFailures - 1; i++) s = afterFailedLogin(s, i * 1000);
    expect(lockedForMs(s, 5000)).toBe(0);
    s = afterFailedLogin(s, 10_000);
    expect(s.failures).toBe(loginThrottle.maxFailures);
    expect(lockedForMs(s, 10_000)).toBe(loginThrottle.lockMs);
    expect(lockedForMs(s, 10_000 + loginThrottle.lockMs)).toBe(0);
    expect(afterFailedLogin(s, 10_000 + loginThrottle.lockMs).failures).toBe(1);
  });

  it('forgets failures older than the window', () => {
    const s = afterFailedLogin(afterFailedLogin(undefined, 0), loginThrottle.windowMs);
    expect(s.failures).toBe(1);
  });
});

describe('emails and passwords', () => {
  it('normalises emails and refuses what is not one', () => {
    expect(normaliseEmail('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(normaliseEmail('ann@example')).toBeUndefined();
    expect(normaliseEmail('ann example@x.com')).toBeUndefined();
  });

  it('counts password length in code points', () => {
    expect(passwordProblem('123456789')).toBe('too_short');
    expect(passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBeUndefined();
    expect(passwordProblem('x'.repeat(1025))).toBe('too_long');
  });

  it('hashes with a salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse battery');
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain text')).toBe(false);
    expect(await verifyPassword('correct horse battery', a.replace(/\$[^$]+$/, '$'))).toBe(false);
  });
});
