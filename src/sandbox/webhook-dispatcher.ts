// Signed webhook delivery like Meta's (meta-rules.md#webhook-signature, #webhook-delivery): batched, one order-preserving queue, retried with backoff, optional faults.
import { Agent, request } from 'undici';
import type { InboundMessage, StatusUpdate, WebhookContact, WebhookMetadata } from '../wire/webhook.ts';
import { metaJsonStringify, signatureHeader } from '../wire/meta-json.ts';
import type { Random } from './random.ts';

export type WebhookUpdate =
  | { kind: 'status'; status: StatusUpdate }
  | { kind: 'message'; contact: WebhookContact; message: InboundMessage }
  | { kind: 'change'; field: string; value: Record<string, unknown>; time?: number };

export type DeliveryFaults = { duplicateRate: number; reorder: boolean };

export type DispatcherOptions = {
  appSecret: string;
  wabaId: string;
  metadata: WebhookMetadata;
  webhookUrl: () => string | undefined;
  batchMs: number;
  retryBaseMs: number;
  random: Random;
  faults: () => DeliveryFaults;
  logger?: { warn(o: object, m?: string): void };
};

type Batch = { body: string; signature: string; updates: number; attempts: number };
type Waiter = { resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

// Meta aggregates "up to 1000 updates" per POST (meta-rules.md#webhook-delivery).
const MAX_UPDATES_PER_POST = 1000;
const MAX_RETRY_DELAY_MS = 60_000;
// While no webhook URL is configured, updates stay queued and we look again this often.
const NO_URL_RECHECK_MS = 200;

/**
 * One queue, one POST in flight. A batch that fails is retried with the same bytes (so the signature stays
 * valid and receivers can deduplicate) and later batches wait behind it: delivery order is preserved, as a
 * receiver written against the sandbox should not need to cope with more reordering than the fault profile asks for.
 */
export class WebhookDispatcher {
  private readonly opts: DispatcherOptions;
  private readonly agent = new Agent({
    keepAliveTimeout: 30_000,
    connections: 4,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  private queue: WebhookUpdate[] = [];
  private head = 0;
  private current: Batch | undefined;
  private inFlight: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private holds = 0;
  private closed = false;
  private waiters: Waiter[] = [];
  /** Counts, for tests and /sandbox/info-style diagnostics. */
  readonly stats = { posts: 0, failures: 0, delivered: 0 };

  constructor(opts: DispatcherOptions) {
    this.opts = opts;
  }

  enqueue(update: WebhookUpdate): void {
    if (this.closed) return;
    this.queue.push(update);
    if (!this.timer && !this.inFlight && !this.current) this.schedule(this.opts.batchMs);
  }

  /** Something outside the queue (a pending template review) will enqueue later: drain() must wait for it. */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.checkIdle();
    };
  }

  get pending(): number {
    return this.queue.length - this.head + (this.current ? this.current.updates : 0);
  }

  drain(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(
            new Error(`sandbox webhooks not drained after ${timeoutMs} ms (${this.pending} updates pending)`),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waiters = [];
    await this.agent.close().catch(() => undefined);
  }

  private isIdle(): boolean {
    return this.head === this.queue.length && !this.current && !this.inFlight && this.holds === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle() || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve();
    }
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  private async flush(): Promise<void> {
    if (this.closed || this.inFlight) return;
    const url = this.opts.webhookUrl();
    if (!url) {
      if (this.pending > 0) {
        this.schedule(NO_URL_RECHECK_MS);
        this.timer?.unref();
      }
      return;
    }
    if (!this.current) {
      if (this.head === this.queue.length) return this.checkIdle();
      this.current = this.takeBatch();
    }
    const batch = this.current;
    const ok = await this.post(url, batch);
    if (this.closed) return;
    if (ok) {
      this.stats.delivered += batch.updates;
      const faults = this.opts.faults();
      if (faults.duplicateRate > 0 && this.opts.random.next() < faults.duplicateRate) {
        // Meta may deliver the same payload twice (meta-rules.md#webhook-delivery): same bytes, same signature.
        await this.post(url, batch);
        if (this.closed) return;
      }
      this.current = undefined;
      // Whatever arrived while this POST was in flight has already waited: send it straight away.
      if (this.head < this.queue.length) this.schedule(0);
      else this.checkIdle();
      return;
    }
    batch.attempts++;
    const delay = Math.min(this.opts.retryBaseMs * 2 ** (batch.attempts - 1), MAX_RETRY_DELAY_MS);
    this.schedule(delay);
  }

  private async post(url: string, batch: Batch): Promise<boolean> {
    const abort = new AbortController();
    this.inFlight = abort;
    this.stats.posts++;
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        signal: abort.signal,
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': batch.signature,
          'user-agent': 'facebookexternalua',
        },
        body: batch.body,
      });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return true;
      this.stats.failures++;
      this.opts.logger?.warn(
        { statusCode: res.statusCode, attempt: batch.attempts + 1, updates: batch.updates },
        'sandbox webhook rejected; will retry',
      );
      return false;
    } catch (err) {
      this.stats.failures++;
      if (!this.closed)
        this.opts.logger?.warn(
          { err: (err as Error).message, attempt: batch.attempts + 1 },
          'sandbox webhook delivery failed; will retry',
        );
      return false;
    } finally {
      this.inFlight = undefined;
    }
  }

  private takeBatch(): Batch {
    const end = Math.min(this.queue.length, this.head + MAX_UPDATES_PER_POST);
    const updates = this.queue.slice(this.head, end);
    this.head = end;
    // Compact now and then so the array does not grow without bound under sustained load.
    if (this.head > 10_000 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const envelope = this.envelope(updates);
    const body = metaJsonStringify(envelope);
    return {
      body,
      signature: signatureHeader(body, this.opts.appSecret),
      updates: updates.length,
      attempts: 0,
    };
  }

  /** Builds Meta's envelope; adjacent statuses share one `messages` value, as do adjacent messages of one customer. */
  private envelope(updates: WebhookUpdate[]): Record<string, unknown> {
    const { wabaId, metadata } = this.opts;
    type Change = { value: Record<string, unknown>; field: string; from?: string };
    type Entry = { id: string; time?: number; changes: Change[] };
    const entries: Entry[] = [];
    let messagesEntry: Entry | undefined;
    let last: Change | undefined;
    const messagesChange = (value: Record<string, unknown>): Change => {
      if (!messagesEntry) {
        messagesEntry = { id: wabaId, changes: [] };
        entries.push(messagesEntry);
      }
      const change: Change = {
        value: { messaging_product: 'whatsapp', metadata: { ...metadata }, ...value },
        field: 'messages',
      };
      messagesEntry.changes.push(change);
      return change;
    };
    for (const u of updates) {
      if (u.kind === 'status') {
        if (last && last.field === 'messages' && Array.isArray(last.value.statuses))
          (last.value.statuses as StatusUpdate[]).push(u.status);
        else last = messagesChange({ statuses: [u.status] });
      } else if (u.kind === 'message') {
        if (
          last &&
          last.field === 'messages' &&
          last.from === u.contact.wa_id &&
          Array.isArray(last.value.messages)
        ) {
          (last.value.messages as InboundMessage[]).push(u.message);
        } else {
          last = messagesChange({ contacts: [u.contact], messages: [u.message] });
          last.from = u.contact.wa_id;
        }
      } else {
        const entry: Entry =
          u.time === undefined ? { id: wabaId, changes: [] } : { id: wabaId, time: u.time, changes: [] };
        last = { value: u.value, field: u.field };
        entry.changes.push(last);
        entries.push(entry);
        messagesEntry = undefined;
        last = undefined;
      }
    }
    if (this.opts.faults().reorder) {
      for (const e of entries)
        for (const c of e.changes)
          if (Array.isArray(c.value.statuses)) shuffle(c.value.statuses, this.opts.random);
    }
    return {
      object: 'whatsapp_business_account',
      entry: entries.map((e) => ({
        ...e,
        changes: e.changes.map((c) => ({ value: c.value, field: c.field })),
      })),
    };
  }
}

function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
