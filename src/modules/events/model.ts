// Business events, the pure part: the event types, filters, the SSE frame, and the tail cursor that reads the log
// without missing a late-committed event or sending one twice.
import { invalidInput } from '../../kernel/errors.ts';
import { idFloor, idTime } from '../../kernel/ids.ts';

/**
 * The event types, named `<thing>.<happened>`. Stable: integrations subscribe to them by name (docs/api.md).
 * Add a type here before publishing it.
 */
export const businessEventTypes = [
  'message.received',
  'message.status',
  'consent.opted_out',
  'thread.updated',
  'thread.handoff',
  'thread.resolved',
  'quality.alert',
  'campaign.progress',
  'campaign.paused',
  'campaign.finished',
] as const;
export type BusinessEventType = (typeof businessEventTypes)[number];

export type NewBusinessEvent = {
  businessId: string;
  type: BusinessEventType;
  /** What the event is about (a thread id, a campaign id, a contact's wa_id), for filtering. */
  subject?: string | null;
  data: Record<string, unknown>;
};

export type BusinessEvent = NewBusinessEvent & { id: string; occurredAt: number };

export const isBusinessEventType = (t: string): t is BusinessEventType =>
  (businessEventTypes as readonly string[]).includes(t);

/** The public shape of an event: the SSE `data`, the list's items and the outbound webhook's body. */
export function eventView(e: BusinessEvent) {
  return {
    id: e.id,
    type: e.type,
    occurredAt: new Date(e.occurredAt).toISOString(),
    businessId: e.businessId,
    subject: e.subject ?? null,
    data: e.data,
  };
}

export type EventFilter = { types: readonly BusinessEventType[] | null; subject: string | null };

/** `types` as a query parameter: comma-separated known types; absent or empty means every type. */
export function parseTypesParam(raw: string | undefined): BusinessEventType[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const types = [...new Set(raw.split(',').map((t) => t.trim()))].filter((t) => t !== '');
  const unknown = types.filter((t) => !isBusinessEventType(t));
  if (unknown.length > 0)
    throw invalidInput('events.types_invalid', `Unknown event types: ${unknown.join(', ')}.`, {
      unknown,
      known: businessEventTypes,
    });
  return types as BusinessEventType[];
}

export const matchesFilter = (e: BusinessEvent, f: EventFilter): boolean =>
  (f.types === null || f.types.includes(e.type)) && (f.subject === null || e.subject === f.subject);

/** An event as one Server-Sent Events frame (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export function sseFrame(e: BusinessEvent): string {
  // JSON.stringify never emits a raw newline, so the data fits one `data:` line.
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(eventView(e))}\n\n`;
}

/** How far behind the newest event a tail re-reads the log, for transactions that commit late. */
export const SETTLE_MS = 10_000;

/**
 * Reads a business's log as it grows, for a live stream.
 *
 * Ids are time-ordered, but an id is made when the event is written, not when its transaction commits: a worker
 * whose transaction is still open when another commits a later id makes an event appear *below* a cursor that
 * has already passed it. A plain `id > cursor` read would miss it for good. So each read starts `settleMs` before
 * the newest event seen (never below `floor`, where the client said it was), and the ids already sent in that
 * window are remembered and skipped. The window is measured on the ids' own clock, not the reader's, so processes
 * whose clocks differ (a moved test clock, skew between hosts) agree on it. A transaction that commits more than
 * `settleMs` after its first event was written can still be missed; none of ours stays open that long.
 */
export class EventTail {
  private floor: string | null;
  private newest: string | null = null;
  private readonly seen = new Set<string>();
  private readonly settleMs: number;

  /** `start`: the last id the reader already has (Last-Event-ID), or the newest in the log when it connects. */
  constructor(start: string | null, settleMs = SETTLE_MS) {
    this.floor = start;
    this.settleMs = settleMs;
  }

  /** The next read takes events with ids above this one (null: from the beginning). */
  readAfter(): string | null {
    if (this.newest === null) return this.floor;
    const windowStart = idFloor(
      this.newest.slice(0, this.newest.indexOf('_')),
      idTime(this.newest) - this.settleMs,
    );
    return this.floor !== null && this.floor > windowStart ? this.floor : windowStart;
  }

  /** Takes events read from the log or heard in this process; returns the ones not taken before, in id order. */
  accept(events: readonly BusinessEvent[]): BusinessEvent[] {
    const fresh = [...events]
      .filter((e) => !this.seen.has(e.id) && (this.floor === null || e.id > this.floor))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const e of fresh) {
      this.seen.add(e.id);
      if (this.newest === null || e.id > this.newest) this.newest = e.id;
    }
    // Ids at or below the window's start are never read again: forget them, and raise the floor so that one heard
    // again (an in-process notice racing a read) is still not sent twice.
    const bound = this.readAfter();
    if (bound !== null) {
      for (const id of this.seen) if (id <= bound) this.seen.delete(id);
      this.floor = bound;
    }
    return fresh;
  }
}
