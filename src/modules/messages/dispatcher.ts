// Dispatcher: claims due outbox rows, re-checks the policy right before sending, paces per number, calls the
// gateway and records the outcome. The send to Meta is the last and only irreversible step.
import type { Result } from '../../kernel/result.ts';
import type { GraphSendMessageRequest } from '../../wire/graph.ts';
import { distinct } from '../../kernel/batches.ts';
import {
  isBusinessInitiated,
  type PolicyQuestion,
  type PolicyService,
  type SendContent,
  type SendPurpose,
} from '../policy/index.ts';
import type { TemplateValues } from '../templates/index.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './model.ts';
import { applyToRow, change, workingRow } from './apply-status.ts';
import type { MessageRow, MessageStore } from './store.ts';
import { freeFormTextOf } from './free-form-text.ts';
import { rescheduleAt, type Admission, type AdmitItem, type LimitService } from '../limits/index.ts';

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
  /**
   * Tier reservations, pair buckets and send slots in the database (src/modules/limits): the pace of each number comes
   * from phone_numbers and is shared by every worker.
   */
  limits: SendLimits;
  /** Wall-clock time for send slots: workers share it, whereas `now` may be a test clock moved per process. */
  wallNow?: () => number;
  leaseMs?: number;
  logger?: { warn(o: object, m?: string): void; error(o: object, m?: string): void };
};

/** The part of the limits service the dispatcher needs (a port). */
export type SendLimits = Pick<LimitService, 'admit' | 'onAccepted' | 'release' | 'onSendFailure'>;

/** When a send may leave (wall clock, ms) and the spacing kept after the previous send of its number. */
type Slot = { at: number; spacingMs: number };

type Outcome =
  | { id: string; kind: 'accepted'; wamid: string }
  | { id: string; kind: 'deferred'; at: number; attempts: number }
  | { id: string; kind: 'retry'; at: number; error: GatewayFailure }
  | { id: string; kind: 'failed'; error: GatewayFailure }
  | { id: string; kind: 'denied'; reasons: unknown[] }
  | { id: string; kind: 'unconfirmed'; error: GatewayFailure };

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
  const wallNow = opts.wallNow ?? (() => Date.now());

  /** Sends one message the batch re-check and the limits allowed, at its send slot (`at`, wall clock). */
  async function sendOne(row: MessageRow, slot: Slot): Promise<Outcome> {
    await untilSlot(row.phone_number_id, slot);
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
      const delay = retryDelayMs(row.attempts, e.retryAfterMs);
      await onRefused(row, e, delay);
      return { id: row.id, kind: 'retry', at: now() + delay, error: e };
    }
    await onRefused(row, e, retryDelayMs(row.attempts, e.retryAfterMs));
    return { id: row.id, kind: 'failed', error: e };
  }

  // Per number, the theoretical time of the next send (GCRA, the "virtual scheduling" form of a leaky bucket). A send
  // leaves at its reserved slot or one spacing after the previous send's theoretical time, whichever is later, and
  // may leave up to one spacing early: timers cannot sleep less than a millisecond, and at 1,000 msg/s a spacing is
  // about one, so waiting out every sub-millisecond gap capped a number near 300 msg/s. The theoretical time moves on
  // from the real start when a send left late (timers, garbage collection), so a late send is never followed by a
  // catch-up burst: in any second at most rate + 2 sends leave, and the slots' headroom covers the 2.
  const nextTheoretical = new Map<string, number>();
  const chain = new Map<string, Promise<void>>();

  /** Waits until this message may leave (wall clock), in call order per number. */
  function untilSlot(phoneNumberId: string, slot: Slot): Promise<void> {
    const previous = chain.get(phoneNumberId) ?? Promise.resolve();
    const mine = previous.then(async () => {
      const ideal = Math.max(slot.at, nextTheoretical.get(phoneNumberId) ?? -Infinity);
      const wait = ideal - slot.spacingMs - wallNow();
      if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
      nextTheoretical.set(phoneNumberId, Math.max(ideal, wallNow()) + slot.spacingMs);
    });
    chain.set(phoneNumberId, mine);
    return mine;
  }

  /** 130429 slows the number, 131056 the pair, 131049 stops marketing to the contact (shared with all workers). */
  async function onRefused(row: MessageRow, e: GatewayFailure, delayMs: number): Promise<void> {
    try {
      await opts.limits.onSendFailure(
        { businessId: row.business_id, phoneNumberId: row.phone_number_id, waId: row.to_wa_id },
        e.metaCode,
        delayMs,
        now(),
        wallNow(),
      );
    } catch (err) {
      opts.logger?.error({ err, messageId: row.id }, 'recording a send limit failed');
    }
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
  async function recheck(rows: MessageRow[], initiated: boolean[]): Promise<(Outcome | null)[]> {
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
      const t = now();
      decided.forEach((v, i) => {
        const index = questions[i]!.index;
        const row = rows[index]!;
        initiated[index] = isBusinessInitiated(v.facts, t);
        if (v.decision.allowed) return;
        // Quiet hours and the frequency cap lift by themselves: a queued message waits for them, it is not lost.
        const at = rescheduleAt(v.decision.reasons);
        verdicts[index] =
          at !== null
            ? { id: row.id, kind: 'deferred', at, attempts: row.attempts - 1 }
            : { id: row.id, kind: 'denied', reasons: v.decision.reasons };
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
        if (o.kind === 'deferred') {
          // Waiting for a pair token, quiet hours or the frequency cap is not a failed attempt.
          await store.update(trx, o.id, {
            status: 'queued',
            next_attempt_at: o.at,
            lease_until: null,
            attempts: o.attempts,
            updated_at: t,
          });
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
    const initiated: boolean[] = rows.map(() => false);
    const outcomes = await recheck(rows, initiated);
    const slots = await admitBatch(rows, outcomes, initiated);
    const toSend = rows.flatMap((row, i) => (outcomes[i] === null ? [i] : []));
    let next = 0;
    const worker = async () => {
      while (next < toSend.length) {
        const i = toSend[next++]!;
        const row = rows[i]!;
        try {
          outcomes[i] = await sendOne(row, slots[i]!);
        } catch (e) {
          opts.logger?.error({ err: e, messageId: row.id }, 'dispatch failed unexpectedly; will retry');
          outcomes[i] = internalRetry(row, e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, toSend.length) }, worker));
    await record(outcomes as Outcome[]);
    await afterRecord(rows, outcomes as Outcome[], initiated);
    return rows.length;
  }

  /**
   * Admits what the re-check allowed through the shared limits: a denial past the messaging limit ends the message,
   * a pair without a token reschedules it, and the rest get their send slots. Returns the slot of each row to send.
   */
  async function admitBatch(
    rows: MessageRow[],
    outcomes: (Outcome | null)[],
    initiated: boolean[],
  ): Promise<(Slot | undefined)[]> {
    const slots: (Slot | undefined)[] = rows.map(() => undefined);
    const indexes = rows.flatMap((_, i) => (outcomes[i] === null ? [i] : []));
    if (indexes.length === 0) return slots;
    const items: AdmitItem[] = indexes.map((i) => ({
      messageId: rows[i]!.id,
      businessId: rows[i]!.business_id,
      phoneNumberId: rows[i]!.phone_number_id,
      waId: rows[i]!.to_wa_id,
      businessInitiated: initiated[i]!,
    }));
    let admitted: Admission[];
    try {
      admitted = await opts.limits.admit(items, now(), wallNow());
    } catch (e) {
      opts.logger?.error({ err: e }, 'admitting the batch failed unexpectedly; will retry the batch');
      for (const i of indexes) outcomes[i] = internalRetry(rows[i]!, e);
      return slots;
    }
    admitted.forEach((a, j) => {
      const i = indexes[j]!;
      const row = rows[i]!;
      if (a.kind === 'go') slots[i] = { at: a.at, spacingMs: a.spacingMs };
      else if (a.kind === 'wait')
        outcomes[i] = { id: row.id, kind: 'deferred', at: a.at, attempts: row.attempts - 1 };
      else outcomes[i] = { id: row.id, kind: 'denied', reasons: a.reasons };
    });
    return slots;
  }

  /** Recipients reached count from Meta's acceptance; a denied or refused send gives its reservation back. */
  async function afterRecord(rows: MessageRow[], outcomes: Outcome[], initiated: boolean[]): Promise<void> {
    try {
      const accepted = rows.flatMap((r, i) =>
        outcomes[i]!.kind === 'accepted'
          ? [{ businessId: r.business_id, waId: r.to_wa_id, businessInitiated: initiated[i]! }]
          : [],
      );
      await opts.limits.onAccepted(accepted, now());
      await opts.limits.release(
        outcomes.flatMap((o) => (o.kind === 'denied' || o.kind === 'failed' ? [o.id] : [])),
      );
    } catch (e) {
      opts.logger?.error({ err: e }, 'recording reached recipients failed');
    }
  }

  return { runOnce };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
