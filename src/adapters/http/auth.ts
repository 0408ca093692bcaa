// API key authentication: `Authorization: Bearer <key>` resolves to the key's business, or a 401 with a stable code.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.ts';
import type { HttpServer } from './server.ts';

export type AuthenticatedBusiness = { id: string; name: string };

declare module 'fastify' {
  interface FastifyRequest {
    business: AuthenticatedBusiness | null;
  }
}

export function registerApiKeyAuth(
  app: HttpServer,
  lookup: (key: string) => Promise<AuthenticatedBusiness | undefined>,
  prefix = '/v1/',
  // Public, unauthenticated helpers (the opt-in widget's phone check) that must never read a business's data.
  publicPrefix = '/v1/public/',
): void {
  app.decorateRequest('business', null);
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
    request.business = business;
  });
}

/** The authenticated business of a /v1 request (the hook guarantees it is there). */
export function businessOf(request: FastifyRequest): AuthenticatedBusiness {
  if (!request.business) throw new AppError('unauthorized', 'auth.missing', 'Authentication required.');
  return request.business;
}
