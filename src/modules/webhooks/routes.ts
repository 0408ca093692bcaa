// HTTP for Meta's webhooks: the verify-token handshake, and signed deliveries verified over the raw bytes.
import { timingSafeEqual } from 'node:crypto';
import type { HttpServer } from '../../adapters/http/server.ts';
import { sendError } from '../../adapters/http/server.ts';
import { verifySignature } from '../../wire/meta-json.ts';
import { splitDelivery, type WebhookService } from './index.ts';

const sameString = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function registerWebhookRoutes(
  app: HttpServer,
  deps: {
    service: WebhookService;
    appSecret: () => string;
    verifyToken: () => string;
    now: () => number;
    onStored?: () => void;
  },
): void {
  // Meta calls GET with hub.* parameters when the callback URL is set; answer with the raw challenge (meta-rules.md#webhook-verify).
  app.get('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (q['hub.mode'] !== 'subscribe' || !q['hub.challenge']) {
      return sendError(
        reply,
        400,
        'webhook.handshake_invalid',
        'Expected hub.mode=subscribe with hub.challenge and hub.verify_token.',
      );
    }
    if (!q['hub.verify_token'] || !sameString(q['hub.verify_token'], deps.verifyToken())) {
      return sendError(
        reply,
        403,
        'webhook.verify_token_mismatch',
        'hub.verify_token does not match the configured verify token.',
      );
    }
    return reply.type('text/plain').send(q['hub.challenge']);
  });

  // The signature is over Meta's exact bytes, so this route keeps the body as a Buffer and parses it itself.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post('/webhooks/whatsapp', { schema: { hide: true } }, async (request, reply) => {
      const raw = request.body as Buffer | undefined;
      const signature = request.headers['x-hub-signature-256'];
      if (
        !raw ||
        !verifySignature(raw, typeof signature === 'string' ? signature : undefined, deps.appSecret())
      ) {
        return sendError(
          reply,
          401,
          'webhook.signature_invalid',
          'X-Hub-Signature-256 is missing or does not match the body.',
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendError(reply, 400, 'webhook.malformed', 'The signed body is not JSON.');
      }
      const split = splitDelivery(body);
      if (!split.ok)
        return sendError(reply, 400, 'webhook.malformed', `Not a WhatsApp webhook: ${split.problem}.`);
      const result = await deps.service.ingest(split.items, deps.now());
      if (result.stored > 0) deps.onStored?.();
      return reply
        .code(200)
        .send({ received: split.items.length, stored: result.stored, duplicates: result.duplicates });
    });
  });
}
