// Messages: accept a send (policy, then the durable outbox), show it, and apply Meta's status webhooks to it.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../adapters/db/index.ts';
import { AppError, conflict, invalidInput, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { parsePhone } from '../../kernel/phone.ts';
import type { GraphInteractive, GraphSendMessageRequest } from '../../wire/graph.ts';
import type { StatusUpdate } from '../../wire/webhook.ts';
import type { PolicyService, PolicyVerdict, Reason, SendContent, SendPurpose } from '../policy/index.ts';
import type { EventPublisher, NewBusinessEvent } from '../events/index.ts';
import { graphComponentsFor, type TemplateValues } from '../templates/index.ts';
import { distinct, slices } from '../../kernel/batches.ts';
import { applyToRow, change, workingRow, type WorkingRow } from './apply-status.ts';
import { freeFormTextOf } from './free-form-text.ts';
import {
  statusEventKey,
  toMessage,
  type MessageRow,
  type MessageStore,
  type OutboundMessage,
} from './store.ts';

export { nextStatus, retryDelayMs, messageStatuses, MAX_ATTEMPTS, type MessageStatus } from './model.ts';
export { createMessageStore, toMessage, type MessageStore, type OutboundMessage } from './store.ts';
export { applyToRow } from './apply-status.ts';
export { createDispatcher, type Dispatcher, type SendGateway, type GatewayFailure } from './dispatcher.ts';

export type SendMessageInput = {
  to: string;
  from?: string;
  text?: string;
  previewUrl?: boolean;
  template?: { name: string; language: string } & TemplateValues;
  interactive?: GraphInteractive;
  media?: {
    type: 'image' | 'video' | 'audio' | 'document' | 'sticker';
    link: string;
    caption?: string;
    filename?: string;
  };
  replyTo?: string;
  /**
   * Set only by the system, never by the public API (its schema has no such field): `opt_out_confirmation` lets
   * the confirmation after a WhatsApp opt-out through the opt-out itself, inside the window the STOP opened.
   */
  purpose?: SendPurpose;
};

type Prepared = {
  waId: string;
  phoneNumberId: string;
  content: SendContent;
  kind: string;
  graph: GraphSendMessageRequest;
};

export type StatusOutcome = 'applied' | 'unchanged' | 'pending';

// Statuses per bulk read and insert: Meta sends at most 1000 per POST; slices keep statements bounded regardless.
const STATUS_SLICE = 500;

export class PolicyDenied extends AppError {
  constructor(reasons: Reason[]) {
    super('invalid_input', 'policy.denied', reasons.map((r) => r.message).join(' '), { reasons });
  }
}

function prepare(input: SendMessageInput, phoneNumberId: string): Prepared {
  const phone = parsePhone(input.to);
  if (!phone.ok)
    throw invalidInput('message.to_invalid', `"to" ${phone.error}: ${JSON.stringify(input.to)}.`);
  const given = [
    input.text !== undefined,
    input.template !== undefined,
    input.interactive !== undefined,
    input.media !== undefined,
  ].filter(Boolean).length;
  if (given !== 1)
    throw invalidInput(
      'message.content_invalid',
      'Give exactly one of text, template, interactive or media.',
    );
  const base = {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    to: phone.value.waId,
    ...(input.replyTo ? { context: { message_id: input.replyTo } } : {}),
  };
  if (input.template) {
    const t = input.template;
    const values: TemplateValues = {
      ...(t.parameters !== undefined ? { parameters: t.parameters } : {}),
      ...(t.header !== undefined ? { header: t.header } : {}),
      ...(t.buttons !== undefined ? { buttons: t.buttons } : {}),
    };
    const components = graphComponentsFor(values);
    return {
      waId: phone.value.waId,
      phoneNumberId,
      kind: 'template',
      content: { kind: 'template', name: t.name, language: t.language, values },
      graph: {
        ...base,
        type: 'template',
        template: {
          name: t.name,
          language: { code: t.language },
          ...(components.length ? { components } : {}),
        },
      },
    };
  }
  if (input.text !== undefined) {
    if (input.text.trim() === '' || input.text.length > 4096)
      throw invalidInput('message.text_invalid', 'text must be 1 to 4096 characters.');
    return {
      waId: phone.value.waId,
      phoneNumberId,
      kind: 'text',
      content: {
        kind: 'free_form',
        text: input.text,
        ...(input.purpose ? { purpose: input.purpose } : {}),
      },
      graph: {
        ...base,
        type: 'text',
        text: { body: input.text, ...(input.previewUrl ? { preview_url: true } : {}) },
      },
    };
  }
  if (input.interactive) {
    const graph: GraphSendMessageRequest = { ...base, type: 'interactive', interactive: input.interactive };
    return {
      waId: phone.value.waId,
      phoneNumberId,
      kind: 'interactive',
      content: { kind: 'free_form', text: freeFormTextOf(graph) },
      graph,
    };
  }
  const m = input.media!;
  const graph: GraphSendMessageRequest = {
    ...base,
    type: m.type,
    [m.type]: {
      link: m.link,
      ...(m.caption ? { caption: m.caption } : {}),
      ...(m.filename ? { filename: m.filename } : {}),
    },
  };
  return {
    waId: phone.value.waId,
    phoneNumberId,
    kind: m.type,
    content: { kind: 'free_form', text: freeFormTextOf(graph) },
    graph,
  };
}

const hashRequest = (input: SendMessageInput) =>
  createHash('sha256').update(JSON.stringify(input)).digest('hex');

/** The outbox row of one prepared send under the policy's verdict: queued when allowed, denied with its reasons. */
function newRow(
  businessId: string,
  p: Prepared,
  verdict: PolicyVerdict,
  input: SendMessageInput,
  idempotencyKey: string | null,
  requestHash: string,
  now: number,
): MessageRow {
  const id = newId('msg', now);
  const allowed = verdict.decision.allowed;
  // Our id travels with the send so that status webhooks can be matched even if the response was lost.
  const graph: GraphSendMessageRequest = { ...p.graph, biz_opaque_callback_data: id };
  return {
    id,
    business_id: businessId,
    phone_number_id: p.phoneNumberId,
    to_wa_id: p.waId,
    kind: p.kind,
    category: verdict.template ? verdict.template.category.toLowerCase() : 'service',
    template_name: verdict.template?.name ?? null,
    template_language: verdict.template?.language ?? null,
    request: JSON.stringify(input),
    graph_request: JSON.stringify(graph),
    status: allowed ? 'queued' : 'denied',
    idempotency_key: idempotencyKey,
    request_hash: requestHash,
    wamid: null,
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    last_error: null,
    denial: allowed ? null : JSON.stringify({ reasons: verdict.decision.reasons }),
    pricing: null,
    created_at: now,
    updated_at: now,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    failed_at: null,
  };
}

export function createMessageService(deps: {
  store: MessageStore;
  policy: PolicyService;
  /** Where status changes are announced (`message.status`), in the transaction that applies them. */
  events?: EventPublisher;
  onQueued?: () => void;
}) {
  const { store, policy } = deps;

  return {
    /** Runs the policy without sending anything (POST /v1/policy/check). */
    async check(businessId: string, defaultPhoneNumberId: string, input: SendMessageInput, now: number) {
      const p = prepare(input, input.from ?? defaultPhoneNumberId);
      const verdict = await policy.evaluate(businessId, p.phoneNumberId, p.waId, p.content, now);
      return { allowed: verdict.decision.allowed, reasons: verdict.decision.reasons };
    },

    /** Accepts a send: policy first, then one durable outbox row. The dispatcher does the irreversible part. */
    async send(
      businessId: string,
      defaultPhoneNumberId: string,
      input: SendMessageInput,
      idempotencyKey: string | undefined,
      now: number,
    ): Promise<{ message: OutboundMessage; replayed: boolean }> {
      const requestHash = hashRequest(input);
      if (idempotencyKey !== undefined) {
        if (idempotencyKey.length === 0 || idempotencyKey.length > 255) {
          throw invalidInput('idempotency.key_invalid', 'Idempotency-Key must be 1 to 255 characters.');
        }
        const existing = await store.byIdempotencyKey(businessId, idempotencyKey);
        if (existing) return replay(existing, requestHash);
      }
      const p = prepare(input, input.from ?? defaultPhoneNumberId);
      const verdict = await policy.evaluate(businessId, p.phoneNumberId, p.waId, p.content, now);
      if (!verdict.decision.allowed) throw new PolicyDenied(verdict.decision.reasons);
      const row = newRow(businessId, p, verdict, input, idempotencyKey ?? null, requestHash, now);
      try {
        await store.insert(row);
      } catch (e) {
        // Two concurrent requests with one key: the loser answers with the winner's message.
        const existing =
          idempotencyKey !== undefined ? await store.byIdempotencyKey(businessId, idempotencyKey) : undefined;
        if (existing) return replay(existing, requestHash);
        throw e;
      }
      deps.onQueued?.();
      return { message: toMessage(row), replayed: false };
    },

    /**
     * Enqueues many sends at once (a campaign's chunk): the policy decides the whole chunk with one read per kind of
     * fact; allowed sends become queued rows, denied ones are kept as `denied` rows with their reasons, so that a
     * campaign's stats say who was left out and why. Rows whose idempotency key exists are skipped. The policy runs
     * before the transaction (SQLite has one connection); `inTransaction` runs inside it before the insert, so that
     * the caller's cursor moves in the same commit, and the insert is skipped when it answers false.
     */
    async enqueueMany(
      businessId: string,
      phoneNumberId: string,
      items: readonly { input: SendMessageInput; idempotencyKey: string }[],
      extra: { campaignId: string | null },
      now: number,
      inTransaction?: (trx: Transaction<Database>) => Promise<boolean>,
    ): Promise<{ inserted: number; queued: number; denied: number; invalid: number; aborted: boolean }> {
      const prepared: { p: Prepared; input: SendMessageInput; key: string }[] = [];
      const rows: MessageRow[] = [];
      let invalid = 0;
      for (const it of items) {
        try {
          prepared.push({
            p: prepare(it.input, it.input.from ?? phoneNumberId),
            input: it.input,
            key: it.idempotencyKey,
          });
        } catch (e) {
          // A recipient whose number cannot be sent to is left out, counted; the campaign goes on.
          if (e instanceof AppError && e.kind === 'invalid_input') invalid++;
          else throw e;
        }
      }
      const verdicts = await policy.evaluateMany(
        prepared.map(({ p }) => ({
          businessId,
          phoneNumberId: p.phoneNumberId,
          waId: p.waId,
          content: p.content,
        })),
        now,
      );
      prepared.forEach(({ p, input, key }, i) => {
        rows.push({
          ...newRow(businessId, p, verdicts[i]!, input, key, hashRequest(input), now),
          campaign_id: extra.campaignId,
        });
      });
      const ids = await store.transaction(async (t) =>
        inTransaction && !(await inTransaction(t)) ? null : store.insertMany(t, rows),
      );
      if (ids === null) return { inserted: 0, queued: 0, denied: 0, invalid, aborted: true };
      const inserted = new Set(ids);
      let queued = 0;
      let denied = 0;
      for (const r of rows) {
        if (!inserted.has(r.id)) continue;
        if (r.status === 'queued') queued++;
        else denied++;
      }
      if (queued > 0) deps.onQueued?.();
      return { inserted: inserted.size, queued, denied, invalid, aborted: false };
    },

    async get(businessId: string, id: string): Promise<OutboundMessage> {
      const row = await store.get(businessId, id);
      if (!row) throw notFound('message.not_found', `No message ${id}.`);
      return toMessage(row);
    },

    /**
     * Applies one status webhook. Matches by wamid, else by biz_opaque_callback_data (our id) for a send whose
     * response never reached us. A status for a message we cannot match yet is kept and applied once it can be.
     */
    async applyStatus(businessId: string | null, s: StatusUpdate, now: number): Promise<StatusOutcome> {
      const [outcome] = await store.transaction((trx) => applyRun(trx, businessId, [s], now));
      return outcome!;
    },

    /**
     * Applies several status webhooks, in order, in one transaction: all of them or none. Meta batches statuses
     * (up to 1000 per POST), and one transaction per status made the commit the processor's largest cost on
     * SQLite (measured with `npm run bench`). A caller that needs to isolate a bad status retries one by one.
     */
    async applyStatuses(
      businessId: string | null,
      statuses: StatusUpdate[],
      now: number,
    ): Promise<StatusOutcome[]> {
      if (statuses.length === 0) return [];
      return store.transaction(async (trx) => {
        const outcomes: StatusOutcome[] = [];
        for (const part of slices(statuses, STATUS_SLICE))
          outcomes.push(...(await applyRun(trx, businessId, part, now)));
        return outcomes;
      });
    },
  };

  /**
   * Applies a run of statuses with a fixed number of statements: one read of the messages concerned, one insert of
   * the status events, one update per changed message. Three statements per status were most of the processor's
   * database work (`npm run bench`). The outcome is the one applying them one by one, in order, would give.
   */
  async function applyRun(
    trx: Transaction<Database>,
    businessId: string | null,
    statuses: readonly StatusUpdate[],
    now: number,
  ): Promise<StatusOutcome[]> {
    const callbackIds = statuses.flatMap((s) =>
      s.biz_opaque_callback_data ? [s.biz_opaque_callback_data] : [],
    );
    const rows = await store.lockForStatuses(trx, distinct(statuses.map((s) => s.id)), distinct(callbackIds));
    const byId = new Map(rows.map((r) => [r.id, workingRow(r)]));
    const byWamid = new Map<string, WorkingRow>();
    for (const w of byId.values()) if (w.row.wamid !== null) byWamid.set(w.row.wamid, w);

    // Match each status to its message in order: by wamid, else by our id for a send whose response never reached us.
    // A match by our id links the wamid, so that the statuses after it find the message by wamid.
    const matches = statuses.map((s) => {
      let w = byWamid.get(s.id);
      if (!w && s.biz_opaque_callback_data) {
        const candidate = byId.get(s.biz_opaque_callback_data);
        if (
          candidate &&
          candidate.row.wamid === null &&
          (businessId === null || candidate.row.business_id === businessId)
        )
          w = candidate;
      }
      const links = w !== undefined && w.row.wamid === null;
      if (links) {
        change(w!, { wamid: s.id });
        byWamid.set(s.id, w!);
      }
      return { w, links, occurredAt: Number(s.timestamp) * 1000 || now };
    });

    const fresh = await store.recordStatusEvents(
      trx,
      statuses.map((s, i) => ({
        businessId,
        wamid: s.id,
        status: s.status,
        occurredAt: matches[i]!.occurredAt,
        payload: s,
        applied: matches[i]!.w !== undefined,
      })),
      now,
    );

    const announced: NewBusinessEvent[] = [];
    const outcomes = statuses.map((s, i): StatusOutcome => {
      const { w, links, occurredAt } = matches[i]!;
      // Only the first of a (wamid, status) pair is new; a repeat, here or from an earlier run, changes nothing.
      const key = statusEventKey(s.id, s.status);
      const isFresh = fresh.delete(key);
      if (!w) return 'pending';
      if (!isFresh && !links) return 'unchanged';
      const changed = applyToRow(w.row, s.status, occurredAt, s);
      change(w, changed);
      if (changed.status !== undefined)
        announced.push({
          businessId: w.row.business_id,
          type: 'message.status',
          subject: w.row.id,
          data: {
            messageId: w.row.id,
            wamid: s.id,
            to: `+${w.row.to_wa_id}`,
            status: changed.status,
            errorCode: s.errors?.[0]?.code ?? null,
          },
        });
      return links || Object.keys(changed).length > 0 ? 'applied' : 'unchanged';
    });

    // Rows are in id order (the lock order); each changed message is written once.
    for (const w of byId.values())
      if (Object.keys(w.set).length > 0) await store.update(trx, w.row.id, { ...w.set, updated_at: now });
    if (announced.length > 0) await deps.events?.publish(announced, now, trx);
    return outcomes;
  }

  function replay(existing: MessageRow, requestHash: string) {
    if (existing.request_hash !== requestHash) {
      throw conflict('idempotency.conflict', 'This Idempotency-Key was used with a different request.', {
        messageId: existing.id,
      });
    }
    return { message: toMessage(existing), replayed: true };
  }
}

export type MessageService = ReturnType<typeof createMessageService>;
