// The sandbox's own control surface: info, test clock, simulated customers, fault profiles and test hooks.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OffsetClock } from '../kernel/clock.ts';
import { DAY_MS } from '../kernel/clock.ts';
import type { Random } from './random.ts';
import type { SandboxCore } from './sandbox-core.ts';
import type { Customer } from './sandbox-state.ts';
import { normaliseRecipient } from './send-validation.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

export type SandboxRoutesContext = {
  core: SandboxCore;
  clock: OffsetClock;
  random: Random;
  dispatcher: WebhookDispatcher;
  info: () => Record<string, unknown>;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function invalid(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: { code: 'sandbox.invalid_request', message } });
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).send({ error: { code: 'sandbox.not_found', message } });
}

function bodyOf(body: unknown): Obj | undefined {
  if (body === undefined || body === null) return {};
  return isObj(body) ? body : undefined;
}

const ACTIONS = new Set(['block', 'unblock', 'report', 'stop_marketing', 'resume_marketing']);

export function registerSandboxRoutes(app: FastifyInstance, ctx: SandboxRoutesContext): void {
  const { core, clock } = ctx;
  const clockView = () => {
    const nowMs = clock.now();
    return { now: new Date(nowMs).toISOString(), nowMs };
  };
  const customerView = (c: Customer) => ({
    waId: c.waId,
    name: c.name,
    onWhatsApp: c.onWhatsApp,
    autoRead: c.autoRead,
    blocked: c.blocked,
    marketingStopped: c.marketingStopped,
    reports: c.reports,
    lastInboundAt: c.lastInboundMs === undefined ? null : new Date(c.lastInboundMs).toISOString(),
    serviceWindowOpenUntil:
      c.lastInboundMs === undefined ? null : new Date(c.lastInboundMs + DAY_MS).toISOString(),
  });
  const waIdParam = (params: unknown): string | undefined =>
    normaliseRecipient((params as { waId?: string }).waId);

  app.get('/sandbox/info', async () => ctx.info());

  app.get('/sandbox/clock', async () => clockView());
  app.post('/sandbox/clock', async (req, reply) => {
    const body = bodyOf(req.body);
    const s = body?.advanceSeconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0)
      return invalid(reply, 'advanceSeconds must be a non-negative number');
    clock.advance(s * 1000);
    // Pauses that ended within the jump end now, with their webhooks (meta-rules.md#template-lifecycle).
    core.tick();
    return clockView();
  });

  app.get('/sandbox/customers/:waId', async (req, reply) => {
    const waId = waIdParam(req.params);
    if (!waId) return invalid(reply, 'waId must be a phone number in digits (a leading + is allowed)');
    const c = core.findCustomer(waId);
    return c ? customerView(c) : notFound(reply, `no simulated customer ${waId}`);
  });

  app.post('/sandbox/customers/:waId', async (req, reply) => {
    const waId = waIdParam(req.params);
    if (!waId) return invalid(reply, 'waId must be a phone number in digits (a leading + is allowed)');
    const body = bodyOf(req.body);
    if (!body) return invalid(reply, 'body must be a JSON object');
    if (body.name !== undefined && (!isStr(body.name) || body.name.length === 0))
      return invalid(reply, 'name must be a non-empty string');
    if (body.onWhatsApp !== undefined && typeof body.onWhatsApp !== 'boolean')
      return invalid(reply, 'onWhatsApp must be a boolean');
    if (body.autoRead !== undefined && typeof body.autoRead !== 'boolean')
      return invalid(reply, 'autoRead must be a boolean');
    const c = core.customer(waId);
    if (isStr(body.name)) c.name = body.name;
    if (typeof body.onWhatsApp === 'boolean') c.onWhatsApp = body.onWhatsApp;
    if (typeof body.autoRead === 'boolean') c.autoRead = body.autoRead;
    return customerView(c);
  });

  app.post('/sandbox/customers/:waId/messages', async (req, reply) => {
    const waId = waIdParam(req.params);
    if (!waId) return invalid(reply, 'waId must be a phone number in digits (a leading + is allowed)');
    const body = bodyOf(req.body);
    if (!body) return invalid(reply, 'body must be a JSON object');
    const kinds = ['text', 'button', 'interactive'].filter((k) => body[k] !== undefined);
    if (kinds.length !== 1) return invalid(reply, 'give exactly one of text, button or interactive');
    let content: Obj;
    if (body.text !== undefined) {
      if (!isStr(body.text) || body.text.length === 0 || body.text.length > 4096)
        return invalid(reply, 'text must be a non-empty string of at most 4096 characters');
      content = { text: body.text };
    } else if (body.button !== undefined) {
      const b = body.button;
      if (!isObj(b) || !isStr(b.payload) || !isStr(b.text))
        return invalid(reply, 'button must be {payload, text}');
      content = { button: { payload: b.payload, text: b.text } };
    } else {
      const it = body.interactive;
      if (!isObj(it) || (it.type !== 'button_reply' && it.type !== 'list_reply'))
        return invalid(reply, "interactive.type must be 'button_reply' or 'list_reply'");
      const inner = isObj(it[it.type]) ? (it[it.type] as Obj) : it;
      if (!isStr(inner.id) || !isStr(inner.title))
        return invalid(reply, `interactive needs ${it.type}.id and ${it.type}.title`);
      if (inner.description !== undefined && !isStr(inner.description))
        return invalid(reply, 'description must be a string');
      content = {
        interactive: { type: it.type, id: inner.id, title: inner.title, description: inner.description },
      };
    }
    if (body.name !== undefined && (!isStr(body.name) || body.name.length === 0))
      return invalid(reply, 'name must be a non-empty string');
    if (body.context !== undefined && (!isObj(body.context) || !isStr(body.context.id)))
      return invalid(reply, 'context must be {id}');
    const c = core.customer(waId);
    if (isStr(body.name)) c.name = body.name;
    const wamid = core.customerWrites(
      c,
      content,
      isObj(body.context) ? (body.context.id as string) : undefined,
    );
    return { wamid };
  });

  app.post('/sandbox/customers/:waId/actions', async (req, reply) => {
    const waId = waIdParam(req.params);
    if (!waId) return invalid(reply, 'waId must be a phone number in digits (a leading + is allowed)');
    const body = bodyOf(req.body);
    if (!body || !isStr(body.action) || !ACTIONS.has(body.action))
      return invalid(reply, `action must be one of ${[...ACTIONS].join(', ')}`);
    const c = core.customer(waId);
    core.customerAction(c, body.action);
    return customerView(c);
  });

  app.get('/sandbox/customers/:waId/inbox', async (req, reply) => {
    const waId = waIdParam(req.params);
    if (!waId) return invalid(reply, 'waId must be a phone number in digits (a leading + is allowed)');
    return { data: core.findCustomer(waId)?.inbox ?? [] };
  });

  app.get('/sandbox/faults', async () => ({ ...core.faults }));
  app.post('/sandbox/faults', async (req, reply) => {
    const body = bodyOf(req.body);
    if (!body) return invalid(reply, 'body must be a JSON object');
    const known = ['rateLimitRate', 'serverErrorRate', 'duplicateRate', 'reorder', 'profile', 'seed'];
    const unknown = Object.keys(body).find((k) => !known.includes(k));
    if (unknown) return invalid(reply, `unknown fault field "${unknown}"; known: ${known.join(', ')}`);
    if (body.profile !== undefined && body.profile !== 'off') return invalid(reply, "profile must be 'off'");
    for (const k of ['rateLimitRate', 'serverErrorRate', 'duplicateRate']) {
      const v = body[k];
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1)))
        return invalid(reply, `${k} must be a number from 0 to 1`);
    }
    if (body.reorder !== undefined && typeof body.reorder !== 'boolean')
      return invalid(reply, 'reorder must be a boolean');
    if (body.seed !== undefined && (typeof body.seed !== 'number' || !Number.isInteger(body.seed)))
      return invalid(reply, 'seed must be an integer');
    // A POST replaces the whole profile: {} and {profile:'off'} both switch every fault off.
    const off = body.profile === 'off';
    core.faults.rateLimitRate = off ? 0 : ((body.rateLimitRate as number | undefined) ?? 0);
    core.faults.serverErrorRate = off ? 0 : ((body.serverErrorRate as number | undefined) ?? 0);
    core.faults.duplicateRate = off ? 0 : ((body.duplicateRate as number | undefined) ?? 0);
    core.faults.reorder = off ? false : ((body.reorder as boolean | undefined) ?? false);
    if (typeof body.seed === 'number') ctx.random.reseed(body.seed);
    return { ...core.faults };
  });

  app.post('/sandbox/templates/:id/status', async (req, reply) => {
    const t = core.findTemplate((req.params as { id: string }).id);
    if (!t) return notFound(reply, 'no such template');
    const body = bodyOf(req.body);
    if (!body || (body.status === undefined && body.quality === undefined))
      return invalid(reply, 'give status and/or quality');
    const problem = core.setTemplateState(t, body.status, body.quality);
    if (problem) return invalid(reply, problem);
    return {
      id: t.id,
      name: t.name,
      language: t.language,
      status: t.status,
      category: t.category,
      quality_score: t.quality_score ?? null,
    };
  });

  app.get('/sandbox/phone-number', async () => ({
    ...core.phoneNumber(),
    qualitySignals: { ...core.quality },
  }));
  app.post('/sandbox/phone-number', async (req, reply) => {
    const body = bodyOf(req.body);
    if (!body) return invalid(reply, 'body must be a JSON object');
    if (body.messagingLimit !== undefined) {
      if (
        !isStr(body.messagingLimit) ||
        !/^TIER_(250|2K|10K|100K|UNLIMITED|NOT_SET|50)$/.test(body.messagingLimit)
      )
        return invalid(reply, 'messagingLimit must be a TIER_* value');
      core.phoneOverrides.messagingLimit = body.messagingLimit;
    }
    if (body.throughputLevel !== undefined) {
      if (
        body.throughputLevel !== 'STANDARD' &&
        body.throughputLevel !== 'HIGH' &&
        body.throughputLevel !== 'NOT_APPLICABLE'
      )
        return invalid(reply, 'throughputLevel must be STANDARD, HIGH or NOT_APPLICABLE');
      core.phoneOverrides.throughputLevel = body.throughputLevel;
    }
    return { ...core.phoneNumber(), qualitySignals: { ...core.quality } };
  });

  app.get('/sandbox/webhooks', async () => ({ pending: ctx.dispatcher.pending, ...ctx.dispatcher.stats }));
}
