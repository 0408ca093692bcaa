// Dispatcher: claims due outbox rows, re-checks the policy right before sending, paces per number, calls the
// gateway and records the outcome. The send to Meta is the last and only irreversible step.
import type { Result } from '../../kernel/result.ts';
import type { GraphSendMessageRequest } from '../../wire/graph.ts';
import { distinct } from '../../kernel/batches.ts';
import type { PolicyQuestion, PolicyService, SendContent, SendPurpose } from '../policy/index.ts';
import type { TemplateValues } from '../templates/index.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './model.ts';
import { applyToRow, change, workingRow } from './apply-status.ts';
import type { MessageRow, MessageStore } from './store.ts';
import { freeFormTextOf } from './free-form-text.ts';

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
  if (row.kind !== 'template') {
    // A system send's purpose (the opt-out confirmation) rides in the stored request, so the re-check sees it too.
    const { purpose } = JSON.parse(row.request) as { purpose?: SendPurpose };
    const text = freeFormTextOf(JSON.parse(row.graph_request) as GraphSendMessageRequest);
    return { kind: 'free_form', text, ...(purpose ? { purpose } : {}) };
  }
  const req = JSON.parse(row.request) as { template: { name: string; language: string } & TemplateValues };
  return { kind: 'template', name: req.template.name, language: req.template.language, values: req.template };
}

export function createDispatcher(opts: DispatcherOptions) {
  const { store, policy, gateway, now } = opts;
  const leaseMs = opts.leaseMs ?? 120_000;
  const pacer = new Pacer();

  /** Sends one message the batch re-check allowed; `throughput` is the batch's memo of throughputFor. */
  async function sendOne(
    row: MessageRow,
    throughput: (phoneNumberId: string) => Promise<number>,
  ): Promise<Outcome> {
    await pacer.wait(row.phone_number_id, await throughput(row.phone_number_id));
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

  const internalRetry = (row: MessageRow, e: unknown): Outcome => ({
    id: row.id,
    kind: 'retry',
    at: now() + retryDelayMs(row.attempts),
    error: { code: 'dispatch.internal', retryable: true, message: String(e) },
  });

  /**
   * The policy is decided again right before sending: an opt-out or a paused template since acceptance wins. The
   * whole batch is decided with one read per kind of fact; a row whose check cannot run is retried later.
   */
  async function recheck(rows: MessageRow[]): Promise<(Outcome | null)[]> {
    const verdicts: (Outcome | null)[] = new Array(rows.length).fill(null);
    const questions: { index: number; q: PolicyQuestion }[] = [];
    rows.forEach((row, index) => {
      try {
        questions.push({
          index,
          q: {
            businessId: row.business_id,
            phoneNumberId: row.phone_number_id,
            waId: row.to_wa_id,
            content: contentOf(row),
          },
        });
      } catch (e) {
        opts.logger?.error({ err: e, messageId: row.id }, 'dispatch failed unexpectedly; will retry');
        verdicts[index] = internalRetry(row, e);
      }
    });
    try {
      const decided = await policy.evaluateMany(
        questions.map((x) => x.q),
        now(),
      );
      decided.forEach((v, i) => {
        const row = rows[questions[i]!.index]!;
        if (!v.decision.allowed)
          verdicts[questions[i]!.index] = { id: row.id, kind: 'denied', reasons: v.decision.reasons };
      });
    } catch (e) {
      opts.logger?.error({ err: e }, 'dispatch policy check failed unexpectedly; will retry the batch');
      for (const { index } of questions) verdicts[index] = internalRetry(rows[index]!, e);
    }
    return verdicts;
  }

  async function record(outcomes: Outcome[]): Promise<void> {
    const t = now();
    await store.transaction(async (trx) => {
      await store.lockInIdOrder(
        trx,
        outcomes.map((o) => o.id),
      );
      const accepted = outcomes.flatMap((o) => (o.kind === 'accepted' ? [o] : []));
      const found = new Set(await store.markAccepted(trx, accepted, t));
      const acceptedWamids = accepted.filter((o) => found.has(o.id)).map((o) => o.wamid);
      for (const o of [...outcomes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
        if (o.kind === 'retry') {
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
        } else if (o.kind === 'unconfirmed') {
          await store.update(trx, o.id, { last_error: JSON.stringify(o.error), updated_at: t });
        }
      }
      // Statuses that arrived before we knew the wamid are applied now, in the order they happened.
      const pending = await store.pendingStatusEvents(trx, acceptedWamids);
      if (pending.length > 0) {
        const rows = await store.lockForStatuses(trx, distinct(pending.map((p) => p.wamid)), []);
        const byWamid = new Map(rows.map((r) => [r.wamid!, workingRow(r)]));
        for (const ev of pending) {
          const w = byWamid.get(ev.wamid);
          if (w) change(w, applyToRow(w.row, ev.status, ev.occurred_at, JSON.parse(ev.payload)));
        }
        for (const w of byWamid.values())
          if (Object.keys(w.set).length > 0) await store.update(trx, w.row.id, { ...w.set, updated_at: t });
      }
      await store.markStatusEventsApplied(
        trx,
        pending.map((p) => p.id),
      );
    });
  }

  /** One pass: claim a batch, re-check it, send with bounded concurrency, record. Returns how many were claimed. */
  async function runOnce(): Promise<number> {
    await store.recoverExpiredLeases(now());
    const rows = await store.claimDue(opts.batchSize, now(), leaseMs);
    if (rows.length === 0) return 0;
    const outcomes = await recheck(rows);
    const toSend = rows.flatMap((row, i) => (outcomes[i] === null ? [i] : []));
    // A batch nearly always sends from one or two numbers: look each one's throughput up once per batch.
    const levels = new Map<string, Promise<number>>();
    const throughput = (id: string) => {
      let level = levels.get(id);
      if (!level) {
        levels.set(id, (level = opts.throughputFor(id)));
        // A failed lookup fails only the send that made it (retried later); the next send asks again.
        level.catch(() => levels.delete(id));
      }
      return level;
    };
    let next = 0;
    const worker = async () => {
      while (next < toSend.length) {
        const i = toSend[next++]!;
        const row = rows[i]!;
        try {
          outcomes[i] = await sendOne(row, throughput);
        } catch (e) {
          opts.logger?.error({ err: e, messageId: row.id }, 'dispatch failed unexpectedly; will retry');
          outcomes[i] = internalRetry(row, e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, toSend.length) }, worker));
    await record(outcomes as Outcome[]);
    return rows.length;
  }

  return { runOnce };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
