// API key authentication: `Authorization: Bearer <key>` resolves to the key's business, or a 401 with a stable code.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
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
}

export function registerApiKeyAuth(
  app: HttpServer,
  lookup: (key: string) => Promise<(AuthenticatedBusiness & { keyId: string }) | undefined>,
  prefix = '/v1/',
  // Public, unauthenticated helpers (the opt-in widget's phone check) that must never read a business's data.
  publicPrefix = '/v1/public/',
): void {
  app.decorateRequest('business', null);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(prefix) || request.url.startsWith(publicPrefix)) return;
    const header = request.headers.authorization;
    if (!header)
      throw new AppError(
        'unauthorized',
        'auth.missing',
        'Send your API key as "Authorization: Bearer <key>".',
      );
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new AppError(
        'unauthorized',
        'auth.malformed',
        'The Authorization header must be "Bearer <key>".',
      );
    const business = await lookup(match[1]!);
    if (!business) throw new AppError('unauthorized', 'auth.invalid', 'This API key is not valid.');
    request.business = { id: business.id, name: business.name };
    // Keys made before scopes existed act for the whole business.
    request.actor = { kind: 'api_key', keyId: business.keyId, scopes: ['*'] };
  });
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
