// Dispatcher: claims due outbox rows, re-checks the policy right before sending, paces per number, calls the
// gateway and records the outcome. The send to Meta is the last and only irreversible step.
import type { Result } from '../../kernel/result.ts';
import type { GraphSendMessageRequest } from '../../wire/graph.ts';
import type { PolicyService, SendContent } from '../policy/index.ts';
import type { TemplateValues } from '../templates/index.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './model.ts';
import { applyToRow } from './apply-status.ts';
import type { MessageRow, MessageStore } from './store.ts';

export type GatewayFailure = {
  code: string;
  retryable: boolean;
  message: string;
  metaCode?: number;
  retryAfterMs?: number;
  ambiguous?: boolean;
};

/** The part of the Cloud API client the dispatcher needs (a port; the whatsapp adapter satisfies it). */
export type SendGateway = {
  sendMessage(
    phoneNumberId: string,
    body: GraphSendMessageRequest,
  ): Promise<Result<{ wamid: string }, GatewayFailure>>;
};

export type DispatcherOptions = {
  store: MessageStore;
  policy: PolicyService;
  gateway: SendGateway;
  now: () => number;
  batchSize: number;
  concurrency: number;
  /** Messages per second per business number (Meta: 80 by default, up to 1,000). */
  throughputFor: (phoneNumberId: string) => Promise<number>;
  leaseMs?: number;
  logger?: { warn(o: object, m?: string): void; error(o: object, m?: string): void };
};

type Outcome =
  | { id: string; kind: 'accepted'; wamid: string }
  | { id: string; kind: 'retry'; at: number; error: GatewayFailure }
  | { id: string; kind: 'failed'; error: GatewayFailure }
  | { id: string; kind: 'denied'; reasons: unknown[] }
  | { id: string; kind: 'unconfirmed'; error: GatewayFailure };

/** Spaces sends per business number so that we stay under its throughput level (130429 otherwise). */
class Pacer {
  private next = new Map<string, number>();
  async wait(key: string, perSecond: number): Promise<void> {
    const interval = 1000 / Math.max(1, perSecond);
    const t = Date.now();
    const slot = Math.max(t, this.next.get(key) ?? 0);
    this.next.set(key, slot + interval);
    if (slot > t) await new Promise((r) => setTimeout(r, slot - t));
  }
}

function contentOf(row: MessageRow): SendContent {
  if (row.kind !== 'template') return { kind: 'free_form' };
  const req = JSON.parse(row.request) as { template: { name: string; language: string } & TemplateValues };
  return { kind: 'template', name: req.template.name, language: req.template.language, values: req.template };
}

export function createDispatcher(opts: DispatcherOptions) {
  const { store, policy, gateway, now } = opts;
  const leaseMs = opts.leaseMs ?? 120_000;
  const pacer = new Pacer();

  async function sendOne(row: MessageRow): Promise<Outcome> {
    // The policy is decided again right before sending: an opt-out or a paused template since acceptance wins.
    const verdict = await policy.evaluate(
      row.business_id,
      row.phone_number_id,
      row.to_wa_id,
      contentOf(row),
      now(),
    );
    if (!verdict.decision.allowed) return { id: row.id, kind: 'denied', reasons: verdict.decision.reasons };
    await pacer.wait(row.phone_number_id, await opts.throughputFor(row.phone_number_id));
    const result = await gateway.sendMessage(
      row.phone_number_id,
      JSON.parse(row.graph_request) as GraphSendMessageRequest,
    );
    if (result.ok) return { id: row.id, kind: 'accepted', wamid: result.value.wamid };
    const e = result.error;
    // Meta may have accepted an ambiguous send: keep the lease and let the status webhook (our id rides along in
    // biz_opaque_callback_data) or the lease expiry decide, rather than risk sending twice.
    if (e.ambiguous) return { id: row.id, kind: 'unconfirmed', error: e };
    if (e.retryable && row.attempts < MAX_ATTEMPTS) {
      return { id: row.id, kind: 'retry', at: now() + retryDelayMs(row.attempts, e.retryAfterMs), error: e };
    }
    return { id: row.id, kind: 'failed', error: e };
  }

  async function record(outcomes: Outcome[]): Promise<void> {
    const t = now();
    await store.transaction(async (trx) => {
      const acceptedWamids: string[] = [];
      for (const o of outcomes) {
        if (o.kind === 'accepted') {
          const row = await store.lockById(trx, o.id);
          if (!row) continue;
          // A status webhook may have linked the wamid and moved the message on already; never move it back.
          const set: Partial<MessageRow> = {
            wamid: row.wamid ?? o.wamid,
            lease_until: null,
            updated_at: t,
            last_error: null,
          };
          if (row.status === 'sending' || row.status === 'queued') {
            set.status = 'sent';
            set.sent_at = row.sent_at ?? t;
          }
          await store.update(trx, o.id, set);
          acceptedWamids.push(o.wamid);
        } else if (o.kind === 'retry') {
          await store.update(trx, o.id, {
            status: 'queued',
            next_attempt_at: o.at,
            lease_until: null,
            last_error: JSON.stringify(o.error),
            updated_at: t,
          });
        } else if (o.kind === 'failed') {
          await store.update(trx, o.id, {
            status: 'failed',
            failed_at: t,
            lease_until: null,
            last_error: JSON.stringify(o.error),
            updated_at: t,
          });
        } else if (o.kind === 'denied') {
          await store.update(trx, o.id, {
            status: 'denied',
            lease_until: null,
            denial: JSON.stringify({ reasons: o.reasons }),
            updated_at: t,
          });
        } else {
          await store.update(trx, o.id, { last_error: JSON.stringify(o.error), updated_at: t });
        }
      }
      // Statuses that arrived before we knew the wamid are applied now, in the order they happened.
      const pending = await store.pendingStatusEvents(trx, acceptedWamids);
      for (const ev of pending) {
        const row = await store.lockByWamid(trx, ev.wamid);
        if (!row) continue;
        const set = applyToRow(row, ev.status, ev.occurred_at, JSON.parse(ev.payload));
        if (Object.keys(set).length > 0) await store.update(trx, row.id, { ...set, updated_at: t });
      }
      await store.markStatusEventsApplied(
        trx,
        pending.map((p) => p.id),
      );
    });
  }

  /** One pass: claim a batch, send with bounded concurrency, record. Returns how many rows were claimed. */
  async function runOnce(): Promise<number> {
    await store.recoverExpiredLeases(now());
    const rows = await store.claimDue(opts.batchSize, now(), leaseMs);
    if (rows.length === 0) return 0;
    const outcomes: Outcome[] = new Array(rows.length);
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const i = next++;
        const row = rows[i]!;
        try {
          outcomes[i] = await sendOne(row);
        } catch (e) {
          opts.logger?.error({ err: e, messageId: row.id }, 'dispatch failed unexpectedly; will retry');
          outcomes[i] = {
            id: row.id,
            kind: 'retry',
            at: now() + retryDelayMs(row.attempts),
            error: { code: 'dispatch.internal', retryable: true, message: String(e) },
          };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, rows.length) }, worker));
    await record(outcomes);
    return rows.length;
  }

  return { runOnce };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
