// The Cloud API sandbox: a fast, faithful simulator of Meta's Graph API and webhooks ("Meta, not us").
import { createHmac } from 'node:crypto';
import fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import multipart from '@fastify/multipart';
import type { OffsetClock } from '../kernel/clock.ts';
import { metaJsonStringify } from '../wire/meta-json.ts';
import { graphError, invalidParameter } from './graph-errors.ts';
import { bearerOk, registerGraphRoutes, sendGraph } from './graph-routes.ts';
import { createRandom } from './random.ts';
import { SandboxCore, type Faults } from './sandbox-core.ts';
import { DEFAULT_TEMPLATE_QUALITY, type TemplateQualityOptions } from './template-lifecycle.ts';
import { registerSandboxRoutes } from './sandbox-routes.ts';
import type { StoredMedia } from './sandbox-state.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';

export type SandboxOptions = {
  clock: OffsetClock;
  accessToken: string;
  appSecret: string;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  graphVersion?: string;
  publicBaseUrl: () => string;
  webhookUrl: () => string | undefined;
  throughputMps?: number;
  webhookBatchMs?: number;
  webhookRetryBaseMs?: number;
  logger?: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  /** Addition: real-time delay before a PENDING template is reviewed; default 50 ms. */
  templateReviewMs?: number;
  /** Addition: seed for the fault-profile randomness (also settable with POST /sandbox/faults {seed}). */
  seed?: number;
  /**
   * Addition: when customer feedback makes a template YELLOW or RED (RED pauses it), counted per template over a
   * rolling window of test-clock time. Defaults: YELLOW at 2 signals, RED at 4, over 7 days (template-lifecycle.ts).
   */
  templateQuality?: Partial<TemplateQualityOptions>;
};

export type SandboxInfo = {
  graphBaseUrl: string;
  graphVersion: string;
  accessToken: string;
  appSecret: string;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
};

export type Sandbox = {
  plugin: FastifyPluginAsync;
  info(): SandboxInfo;
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

const INVALID_JSON = Symbol('invalid-json');
// Meta's download URLs expire after 5 minutes (meta-rules.md#send-media).
const MEDIA_URL_TTL_S = 300;

export function createSandbox(opts: SandboxOptions): Sandbox {
  const graphVersion = opts.graphVersion ?? 'v23.0';
  const random = createRandom(opts.seed);
  const metadata = { display_phone_number: opts.displayPhoneNumber, phone_number_id: opts.phoneNumberId };
  const dispatcher: WebhookDispatcher = new WebhookDispatcher({
    appSecret: opts.appSecret,
    wabaId: opts.wabaId,
    metadata,
    webhookUrl: opts.webhookUrl,
    batchMs: opts.webhookBatchMs ?? 25,
    retryBaseMs: opts.webhookRetryBaseMs ?? 1000,
    random,
    // Read at flush time, after `core` exists.
    faults: (): Faults => core.faults,
    logger: opts.logger,
  });
  const mediaHash = (mid: string, ext: number) =>
    createHmac('sha256', opts.appSecret).update(`${mid}:${ext}`).digest('base64url').slice(0, 40);
  const mediaUrl = (m: StoredMedia) => {
    const ext = Math.floor(opts.clock.now() / 1000) + MEDIA_URL_TTL_S;
    return `${opts.publicBaseUrl()}/sandbox/lookaside/whatsapp_business/attachments/?mid=${m.id}&ext=${ext}&hash=${mediaHash(m.id, ext)}`;
  };
  const core: SandboxCore = new SandboxCore({
    clock: opts.clock,
    wabaId: opts.wabaId,
    phoneNumberId: opts.phoneNumberId,
    displayPhoneNumber: opts.displayPhoneNumber,
    verifiedName: opts.verifiedName,
    defaultVersion: Number(/^v(\d+)/.exec(graphVersion)?.[1] ?? 23),
    throughputMps: opts.throughputMps ?? 80,
    templateReviewMs: opts.templateReviewMs ?? 50,
    random,
    dispatcher,
    mediaUrl,
    templateQuality: { ...DEFAULT_TEMPLATE_QUALITY, ...opts.templateQuality },
  });

  const info = (): SandboxInfo => ({
    graphBaseUrl: `${opts.publicBaseUrl()}/sandbox/graph`,
    graphVersion,
    accessToken: opts.accessToken,
    appSecret: opts.appSecret,
    wabaId: opts.wabaId,
    phoneNumberId: opts.phoneNumberId,
    displayPhoneNumber: opts.displayPhoneNumber,
  });

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    // Our own JSON parser (this scope only): a malformed body becomes Meta's code 100 instead of Fastify's
    // error, an empty body is {}, and plain JSON.parse is faster than the default secure parser.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      const text = String(body);
      if (text.trim().length === 0) return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch {
        done(null, INVALID_JSON);
      }
    });
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_req, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(String(body))));
        },
      );
    }
    if (!app.hasContentTypeParser('multipart/form-data')) {
      // Documents may be up to 100 MB (meta-rules.md#send-media).
      await app.register(multipart, { limits: { fileSize: 100 * 1024 * 1024, files: 1, fields: 10 } });
    }
    app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
      if (req.url.startsWith('/sandbox/graph')) {
        const status = err.statusCode ?? 500;
        return sendGraph(
          reply,
          status >= 500
            ? graphError(
                500,
                131000,
                'Something went wrong',
                'Message failed to send because of an unknown error.',
              )
            : invalidParameter(err.message),
        );
      }
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) opts.logger?.warn({ err: err.message, url: req.url }, 'sandbox route failed');
      return reply.code(status).send({
        error: {
          code: status === 500 ? 'sandbox.internal' : 'sandbox.invalid_request',
          message: err.message,
        },
      });
    });
    // Meta's clock never stops; ours moves in jumps. Every request first lets due pauses end (meta-rules.md#template-lifecycle) so that a
    // send right after the platform advanced the shared clock sees the unpaused template.
    app.addHook('onRequest', async () => {
      core.tick();
    });
    // Sandbox control routes take JSON only; a malformed body is a plain 400.
    app.addHook('preHandler', async (req, reply) => {
      if (req.body === INVALID_JSON && !req.url.startsWith('/sandbox/graph')) {
        return reply
          .code(400)
          .send({ error: { code: 'sandbox.invalid_request', message: 'body is not valid JSON' } });
      }
    });

    registerGraphRoutes(app, {
      core: core,
      accessToken: opts.accessToken,
      wabaId: opts.wabaId,
      phoneNumberId: opts.phoneNumberId,
      defaultVersion: graphVersion,
      graphBaseUrl: () => `${opts.publicBaseUrl()}/sandbox/graph`,
    });
    registerSandboxRoutes(app, { core: core, clock: opts.clock, random, dispatcher, info });

    // The download URL handed out by GET /{media-id}; like Meta's, it needs the bearer token and expires.
    app.get('/sandbox/lookaside/whatsapp_business/attachments/', async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      if (!bearerOk(req, opts.accessToken)) {
        return reply
          .code(401)
          .header('content-type', 'application/json; charset=UTF-8')
          .send(
            metaJsonStringify({
              error: {
                message: 'Invalid OAuth access token - Cannot parse access token',
                type: 'OAuthException',
                code: 190,
              },
            }),
          );
      }
      const ext = Number(q.ext);
      const media = q.mid ? core.findMedia(q.mid) : undefined;
      if (
        !media ||
        !Number.isFinite(ext) ||
        q.hash !== mediaHash(media.id, ext) ||
        ext < Math.floor(opts.clock.now() / 1000)
      ) {
        return reply.code(404).send({
          error: {
            code: 'sandbox.not_found',
            message: 'media URL unknown or expired; fetch a new one with GET /{media-id}',
          },
        });
      }
      return reply
        .code(200)
        .header('content-type', media.mimeType)
        .header('content-length', media.size)
        .send(media.bytes);
    });
  };

  return {
    plugin,
    info,
    drain: (timeoutMs?: number) => dispatcher.drain(timeoutMs),
    close: async () => {
      core.close();
      await dispatcher.close();
    },
  };
}

/** A standalone sandbox process (benchmarks, demos): its own Fastify server on host:port. */
export async function startSandboxServer(
  opts: Omit<SandboxOptions, 'publicBaseUrl'> & { port: number; host?: string },
): Promise<{ sandbox: Sandbox; url: string; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  let url = `http://${host}:${opts.port}`;
  const sandbox = createSandbox({ ...opts, publicBaseUrl: () => url });
  const app = fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  await app.register(sandbox.plugin);
  await app.listen({ port: opts.port, host });
  const address = app.server.address();
  if (address && typeof address === 'object')
    url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return {
    sandbox,
    url,
    close: async () => {
      await sandbox.close();
      await app.close();
    },
  };
}
