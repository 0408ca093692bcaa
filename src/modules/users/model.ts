// People and access, the pure rules: roles, scopes, what a route needs, who may call it, and the login throttle.

export const roles = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof roles)[number];

/**
 * The scopes an API key can carry. `*` is everything (keys made before scopes existed have it); `admin` covers the
 * admin routes (users, teams, API keys, the business profile). A `<resource>:read` need is met by any scope of the
 * same resource (`messages:send` reads messages too).
 */
export const knownScopes = [
  'messages:send',
  'messages:read',
  'contacts:read',
  'contacts:write',
  'consent:write',
  'templates:read',
  'templates:write',
  'inbox:read',
  'inbox:write',
  'flows:read',
  'flows:write',
  'admin',
  '*',
] as const;

/** What a route needs: a scope, and whether it changes state (viewers may only read). */
export type Access = { scope: string; write: boolean };
/** `public`: no credentials at all; `self`: any signed-in actor (their own session, the business's name). */
export type RouteAccess = Access | 'public' | 'self';

/** A route's own declaration, e.g. `config: { access: { scope: 'messages:send', write: true } }`. */
export type AccessDeclaration = RouteAccess | string | undefined;

export type Principal = { kind: 'api_key'; scopes: readonly string[] } | { kind: 'user'; role: Role };

export type AccessDecision =
  { ok: true } | { ok: false; code: 'auth.scope_missing' | 'auth.forbidden'; message: string };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Rule = {
  pattern: RegExp;
  read: RouteAccess;
  write: RouteAccess;
  /** POST routes that compute without changing anything (a policy check, a preview). */
  readOnlyPost?: boolean;
};

const rw = (resource: string, write = `${resource}:write`): Pick<Rule, 'read' | 'write'> => ({
  read: { scope: `${resource}:read`, write: false },
  write: { scope: write, write: true },
});
const admin: Access = { scope: 'admin', write: true };
const adminRead: Access = { scope: 'admin', write: false };

// The default needs by URL, so that every route, including ones added later, is covered without declaring anything;
// the first match wins. A route that declares `config.access` overrides this.
const rules: Rule[] = [
  { pattern: /^\/v1\/session$/, read: 'self', write: 'self' },
  { pattern: /^\/v1\/business(\/|$)/, read: 'self', write: admin },
  { pattern: /^\/v1\/(users|teams|api-keys)(\/|$)/, read: adminRead, write: admin },
  { pattern: /^\/v1\/policy\/check$/, ...rw('messages', 'messages:send'), readOnlyPost: true },
  { pattern: /^\/v1\/messages(\/|$)/, ...rw('messages', 'messages:send') },
  {
    pattern: /^\/v1\/contacts\/[^/]+\/(opt-ins|opt-outs|preference-link)(\/|$)/,
    ...rw('contacts', 'consent:write'),
  },
  { pattern: /^\/v1\/contacts(\/|$)/, ...rw('contacts') },
  { pattern: /^\/v1\/(consent|channels)(\/|$)/, ...rw('contacts', 'consent:write') },
  { pattern: /^\/v1\/templates\/[^/]+\/preview$/, ...rw('templates'), readOnlyPost: true },
  { pattern: /^\/v1\/templates(\/|$)/, ...rw('templates') },
  { pattern: /^\/v1\/(inbox|threads|canned-replies|conversations)(\/|$)/, ...rw('inbox') },
  // Validating a flow stores nothing: a read, open to viewers and flows:read keys.
  { pattern: /^\/v1\/flows\/validate$/, ...rw('flows'), readOnlyPost: true },
  { pattern: /^\/v1\/flows(\/|$)/, ...rw('flows') },
];

/** What a route needs, from its declaration or else from its method and URL pattern. */
export function requiredAccess(method: string, url: string, declared?: AccessDeclaration): RouteAccess {
  const m = method.toUpperCase();
  if (typeof declared === 'string' && declared !== 'public' && declared !== 'self')
    return { scope: declared, write: !READ_METHODS.has(m) };
  if (declared !== undefined) return declared as RouteAccess;
  const path = url.split('?')[0]!;
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    const reads = READ_METHODS.has(m) || (rule.readOnlyPost === true && m === 'POST');
    return reads ? rule.read : rule.write;
  }
  // Anything else: `<first segment>:read|write`, so that a scoped key is refused until it is granted that resource.
  const resource = /^\/v1\/([a-z0-9-]+)/i.exec(path)?.[1]?.toLowerCase() ?? 'api';
  return READ_METHODS.has(m)
    ? { scope: `${resource}:read`, write: false }
    : { scope: `${resource}:write`, write: true };
}

/** True when the scopes meet the need: `*`, the scope itself, or for `x:read` any scope on `x`. */
export function scopesAllow(scopes: readonly string[], need: string): boolean {
  if (scopes.includes('*') || scopes.includes(need)) return true;
  const [resource, action] = need.split(':');
  return action === 'read' && scopes.some((s) => s.startsWith(`${resource}:`));
}

/** The one access decision: API keys by scope, people by role (admin all; agent not admin; viewer reads only). */
export function decideAccess(who: Principal, need: RouteAccess): AccessDecision {
  if (need === 'public' || need === 'self') return { ok: true };
  if (who.kind === 'api_key') {
    return scopesAllow(who.scopes, need.scope)
      ? { ok: true }
      : {
          ok: false,
          code: 'auth.scope_missing',
          message: `This API key lacks the scope "${need.scope}".`,
        };
  }
  if (who.role === 'admin') return { ok: true };
  if (need.scope === 'admin')
    return { ok: false, code: 'auth.forbidden', message: 'Only an admin may do this.' };
  if (who.role === 'viewer' && need.write)
    return { ok: false, code: 'auth.forbidden', message: 'Viewers may read but not change anything.' };
  return { ok: true };
}

const SCOPE_SHAPE = /^[a-z][a-z0-9-]*:(read|write|send)$/;

/** A scope a key may be given: a known one, or `<resource>:read|write` for routes added later. */
export const isValidScope = (s: string): boolean =>
  (knownScopes as readonly string[]).includes(s) || SCOPE_SHAPE.test(s);

/** A key can hand out only what it holds itself; an admin person can hand out anything. */
export function ungrantableScopes(granter: Principal, wanted: readonly string[]): string[] {
  if (granter.kind === 'user') return granter.role === 'admin' ? [] : [...wanted];
  if (granter.scopes.includes('*')) return [];
  return wanted.filter((s) => !granter.scopes.includes(s));
}

/** Lower-cased and trimmed; undefined when it does not look like an address. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email)) return undefined;
  return email;
}

export const PASSWORD_MIN_LENGTH = 10;
// scrypt's cost grows with the input; a ceiling keeps a huge password from being a denial of service.
export const PASSWORD_MAX_LENGTH = 1024;

/** The problem with a new password, if any (lengths in code points, so that emoji count once). */
export function passwordProblem(password: string): 'too_short' | 'too_long' | undefined {
  const n = [...password].length;
  if (n < PASSWORD_MIN_LENGTH) return 'too_short';
  if (n > PASSWORD_MAX_LENGTH) return 'too_long';
  return undefined;
}

/**
 * The failed-login throttle, per email: after `maxFailures` failures within `windowMs`, logins for that email are
 * refused for `lockMs`, whatever the password (OWASP Authentication Cheat Sheet, "Login Throttling").
 */
export const loginThrottle = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;

export type ThrottleState = { failures: number; windowStartedAt: number; lockedUntil: number | null };

/** Milliseconds until logins for this email are allowed again (0: now). */
export const lockedForMs = (state: ThrottleState | undefined, now: number): number =>
  state?.lockedUntil != null && state.lockedUntil > now ? state.lockedUntil - now : 0;

export function afterFailedLogin(state: ThrottleState | undefined, now: number): ThrottleState {
  const fresh = !state || now - state.windowStartedAt >= loginThrottle.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  return {
    failures,
    windowStartedAt,
    lockedUntil: failures >= loginThrottle.maxFailures ? now + loginThrottle.lockMs : null,
  };
}
