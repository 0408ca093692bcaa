// Authentication and access for /v1: an API key (`Authorization: Bearer`) or a dashboard session cookie with its
// CSRF token, resolved to the business and the actor; then the route's need (scope, write) is checked.
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import {
  decideAccess,
  requiredAccess,
  type AccessDeclaration,
  type Principal,
  type RouteAccess,
} from '../../modules/users/index.ts';
import type { HttpServer } from './server.ts';

export type AuthenticatedBusiness = { id: string; name: string };

/**
 * Who is acting: a machine with an API key, or a person signed in to the dashboard. Inbox notes, replies, handoffs
 * and assignments record it; role and scope checks read it.
 */
export type Actor =
  | { kind: 'api_key'; keyId: string; scopes: readonly string[] }
  | { kind: 'user'; userId: string; role: 'admin' | 'agent' | 'viewer' };

declare module 'fastify' {
  interface FastifyRequest {
    business: AuthenticatedBusiness | null;
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /**
     * What the route needs, when the default by method and URL (src/modules/users/model.ts) is not right:
     * `'public'`, `'self'`, a scope such as `'messages:send'`, or `{scope, write}`.
     */
    access?: AccessDeclaration;
  }
}

export const SESSION_COOKIE = 'greenlight_session';
export const CSRF_HEADER = 'x-csrf-token';

export type AuthPorts = {
  apiKey(key: string): Promise<(AuthenticatedBusiness & { keyId: string; scopes: string[] }) | undefined>;
  session(
    token: string,
    now: number,
  ): Promise<
    | { businessId: string; businessName: string; user: { id: string; role: 'admin' | 'agent' | 'viewer' } }
    | undefined
  >;
  csrfTokenFor(sessionToken: string): string;
  now(): number;
  /** Secure cookies when the public URL is https (a browser would drop a Secure cookie over plain http). */
  secureCookies: boolean;
};

/** A /v1 route as registered: enumerated by the isolation test and by the docs, so later routes are covered too. */
export type RegisteredRoute = {
  method: string;
  url: string;
  access: RouteAccess;
  /** The JSON schema of the body, when the route declares one. */
  body?: unknown;
};

export type SessionCookies = {
  set(reply: FastifyReply, token: string, expiresAt: number): void;
  clear(reply: FastifyReply): void;
  tokenOf(request: FastifyRequest): string | undefined;
};

const routeTables = new WeakMap<object, RegisteredRoute[]>();

/** Every /v1 route registered after `registerAuth`, with the access it needs. */
export const registeredRoutes = (app: HttpServer): readonly RegisteredRoute[] => routeTables.get(app) ?? [];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function registerAuth(
  app: HttpServer,
  ports: AuthPorts,
  prefix = '/v1/',
  // Public, unauthenticated helpers (the opt-in widget's phone check) that must never read a business's data.
  publicPrefix = '/v1/public/',
): Promise<SessionCookies> {
  // Registered before the hook below so that request.cookies is parsed when it runs.
  await app.register(cookie, { hook: 'onRequest' });
  app.decorateRequest('business', null);
  app.decorateRequest('actor', null);

  const table: RegisteredRoute[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix) || route.url.startsWith(publicPrefix)) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      table.push({
        method,
        url: route.url,
        access: requiredAccess(method, route.url, route.config?.access),
        ...(route.schema?.body ? { body: route.schema.body } : {}),
      });
    }
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(prefix) || request.url.startsWith(publicPrefix)) return;
    const need = requiredAccess(
      request.method,
      request.routeOptions.url ?? request.url,
      request.routeOptions.config?.access,
    );
    if (need === 'public') return;
    const principal = await authenticate(request);
    const decision = decideAccess(principal, need);
    if (!decision.ok) throw new AppError('forbidden', decision.code, decision.message);
  });

  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new AppError(
          'unauthorized',
          'auth.malformed',
          'The Authorization header must be "Bearer <key>".',
        );
      const key = await ports.apiKey(match[1]!);
      if (!key) throw new AppError('unauthorized', 'auth.invalid', 'This API key is not valid.');
      request.business = { id: key.id, name: key.name };
      request.actor = { kind: 'api_key', keyId: key.keyId, scopes: key.scopes };
      return { kind: 'api_key', scopes: key.scopes };
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token)
      throw new AppError(
        'unauthorized',
        'auth.missing',
        'Send your API key as "Authorization: Bearer <key>", or sign in with POST /v1/session.',
      );
    const session = await ports.session(token, ports.now());
    if (!session)
      throw new AppError(
        'unauthorized',
        'auth.session_invalid',
        'Your session has ended (expired, signed out or revoked); sign in again.',
      );
    // A cookie rides along with any request the browser makes, even one started by another site's form: a change
    // must also show the CSRF token, which only our own pages were given (OWASP CSRF Prevention, synchronizer token).
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, ports.csrfTokenFor(token)))
        throw new AppError(
          'forbidden',
          'auth.csrf_invalid',
          `Send the session's CSRF token (from POST or GET /v1/session) in the X-CSRF-Token header.`,
        );
    }
    request.business = { id: session.businessId, name: session.businessName };
    request.actor = { kind: 'user', userId: session.user.id, role: session.user.role };
    return { kind: 'user', role: session.user.role };
  }

  return {
    set(reply, token, expiresAt) {
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ports.secureCookies,
        path: '/',
        expires: new Date(expiresAt),
      });
    },
    clear(reply) {
      void reply.clearCookie(SESSION_COOKIE, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ports.secureCookies,
        path: '/',
      });
    },
    tokenOf: (request) => request.cookies[SESSION_COOKIE],
  };
}

/** The authenticated business of a /v1 request (the hook guarantees it is there). */
export function businessOf(request: FastifyRequest): AuthenticatedBusiness {
  if (!request.business) throw new AppError('unauthorized', 'auth.missing', 'Authentication required.');
  return request.business;
}

/** The actor of a /v1 request (the hook guarantees it is there). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized', 'auth.missing', 'Authentication required.');
  return request.actor;
}
