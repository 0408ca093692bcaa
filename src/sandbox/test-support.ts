// Test kit for the sandbox: a signature-checking webhook receiver and a sandbox wired to it (used by *.test.ts here and by scenarios).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastify, { type FastifyInstance } from 'fastify';
import { OffsetClock } from '../kernel/clock.ts';
import { verifySignature } from '../wire/meta-json.ts';
import type { WebhookEnvelope } from '../wire/webhook.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from './index.ts';

export type ReceivedWebhook = {
  raw: Buffer;
  body: WebhookEnvelope;
  signature: string | undefined;
  signatureValid: boolean;
  status: number;
};

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the HTTP status for the n-th POST (0-based); default 200. */
  respondWith: (n: number) => number;
  close(): Promise<void>;
};

export async function startWebhookReceiver(appSecret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received,
    respondWith: () => 200,
    close: async () => undefined,
  };
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers['x-hub-signature-256'] as string | undefined;
      const signatureValid = verifySignature(raw, signature, appSecret);
      const status = signatureValid ? receiver.respondWith(n++) : 401;
      received.push({
        raw,
        body: JSON.parse(raw.toString('utf8')) as WebhookEnvelope,
        signature,
        signatureValid,
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'EVENT_RECEIVED' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whatsapp`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

export const TEST_IDS = {
  accessToken: 'EAAG-sandbox-test-token',
  appSecret: 'sandbox-app-secret',
  wabaId: '102290129340398',
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  verifiedName: 'Lucky Shrub',
} as const;

export type TestRig = {
  app: FastifyInstance;
  sandbox: Sandbox;
  clock: OffsetClock;
  receiver: WebhookReceiver;
  auth: { authorization: string };
  /** All updates received so far, flattened: statuses, messages and other changes in arrival order. */
  statuses(): Record<string, unknown>[];
  changes(field?: string): Record<string, unknown>[];
  close(): Promise<void>;
};

/** A sandbox on a fixed-base test clock (2026-01-15T10:00:00Z), registered on a Fastify app, posting to a local receiver. */
export async function startTestRig(overrides: Partial<SandboxOptions> = {}): Promise<TestRig> {
  const receiver = await startWebhookReceiver(TEST_IDS.appSecret);
  const base = Date.parse('2026-01-15T10:00:00Z');
  const clock = new OffsetClock({ now: () => base });
  const sandbox = createSandbox({
    ...TEST_IDS,
    clock,
    publicBaseUrl: () => 'http://sandbox.test',
    webhookUrl: () => receiver.url,
    webhookBatchMs: 5,
    webhookRetryBaseMs: 10,
    templateReviewMs: 5,
    seed: 42,
    ...overrides,
  });
  const app = fastify();
  await app.register(sandbox.plugin);
  await app.ready();
  const accepted = () => receiver.received.filter((r) => r.status === 200);
  return {
    app,
    sandbox,
    clock,
    receiver,
    auth: { authorization: `Bearer ${TEST_IDS.accessToken}` },
    statuses: () =>
      accepted().flatMap((r) =>
        r.body.entry.flatMap((e) =>
          e.changes.flatMap((c) => (c.value.statuses as Record<string, unknown>[] | undefined) ?? []),
        ),
      ),
    changes: (field?: string) =>
      accepted().flatMap((r) =>
        r.body.entry.flatMap((e) =>
          e.changes.filter((c) => field === undefined || c.field === field).map((c) => c.value),
        ),
      ),
    close: async () => {
      await sandbox.close();
      await app.close();
      await receiver.close();
    },
  };
}

/** Replaces every leaf by its type, so two payloads compare on shape and not on ids. */
export function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [shapeOf(v[0])];
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shapeOf(x)]));
  return typeof v;
}
