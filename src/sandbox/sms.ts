// The sandbox SMS provider: records what the platform sends, and lets a test play a person texting in.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { OffsetClock } from '../kernel/clock.ts';

export type SandboxSmsMessage = { id: string; to: string; text: string; sentAt: string };

/** What an inbound SMS is handed to: the platform's SMS channel, wired in platform.ts (the sandbox imports no module). */
export type SandboxSmsReceiver = (sms: {
  id: string;
  from: string;
  to: string;
  text: string;
}) => Promise<unknown>;

export type SandboxSms = {
  /** The SmsGateway port: accepts every message and keeps it in the outbox. */
  send(to: string, text: string): Promise<{ id: string }>;
  outbox(): readonly SandboxSmsMessage[];
  plugin: FastifyPluginAsync;
};

// Keeps the newest messages only, so a long-running demo does not grow without bound.
const OUTBOX_LIMIT = 1000;

export function createSandboxSms(opts: {
  clock: OffsetClock;
  number: string;
  receive: SandboxSmsReceiver;
}): SandboxSms {
  const sent: SandboxSmsMessage[] = [];
  const newId = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    app.get('/sandbox/sms/outbox', async (req) => {
      const to = (req.query as { to?: string }).to;
      return { data: to ? sent.filter((m) => m.to === to) : sent };
    });
    app.post('/sandbox/sms/inbound', async (req, reply) => {
      const b = (req.body ?? {}) as { from?: unknown; text?: unknown; id?: unknown };
      if (typeof b.from !== 'string' || typeof b.text !== 'string' || b.text.length > 1600)
        return reply.code(400).send({
          error: {
            code: 'sandbox.invalid_request',
            message: 'body must be {from, text} (text ≤ 1600 characters)',
          },
        });
      const id = typeof b.id === 'string' && b.id ? b.id : newId('SMin');
      const result = await opts.receive({ id, from: b.from, to: opts.number, text: b.text });
      return { id, result };
    });
  };

  return {
    async send(to, text) {
      const m = { id: newId('SMout'), to, text, sentAt: new Date(opts.clock.now()).toISOString() };
      sent.push(m);
      if (sent.length > OUTBOX_LIMIT) sent.splice(0, sent.length - OUTBOX_LIMIT);
      return { id: m.id };
    },
    outbox: () => sent,
    plugin,
  };
}
