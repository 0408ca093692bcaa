// Live event streams: each one tails a business's log (and hears this process's events at once), filters, and
// writes frames to its sink; all of them end when the server stops.
import type { BusinessEvent, EventFilter } from './model.ts';
import { EventTail, matchesFilter, SETTLE_MS } from './model.ts';

type LogReader = {
  since(businessId: string, afterId: string | null, limit?: number): Promise<BusinessEvent[]>;
  latestId(businessId: string): Promise<string | null>;
  listen(listener: (events: readonly BusinessEvent[]) => void): () => void;
};

export type StreamSink = {
  event(e: BusinessEvent): void;
  /** An SSE comment line (heartbeat); proxies and clients see traffic, EventSource ignores it. */
  comment(text: string): void;
  end(): void;
};

const PAGE = 500;

export function createEventStreams(deps: {
  log: LogReader;
  /** How often each stream reads the log for events of other processes (split roles). */
  pollMs: number;
  heartbeatMs?: number;
  settleMs?: number;
  onError?: (e: unknown) => void;
}) {
  const open = new Set<() => void>();
  const heartbeatMs = deps.heartbeatMs ?? 15_000;

  return {
    /** Starts a stream; `lastEventId` resumes after that event. Returns the function that closes it. */
    async open(
      businessId: string,
      filter: EventFilter,
      lastEventId: string | null,
      sink: StreamSink,
    ): Promise<() => void> {
      const tail = new EventTail(
        lastEventId ?? (await deps.log.latestId(businessId)),
        deps.settleMs ?? SETTLE_MS,
      );
      let closed = false;
      let reading = false;
      const emit = (events: readonly BusinessEvent[]) => {
        if (closed) return;
        for (const e of tail.accept(events)) if (matchesFilter(e, filter)) sink.event(e);
      };
      const read = async () => {
        if (reading || closed) return;
        reading = true;
        try {
          // The first page starts at the tail's window; later pages follow the previous one, since a full page
          // may lie entirely inside the window.
          let after = tail.readAfter();
          for (;;) {
            const page = await deps.log.since(businessId, after, PAGE);
            emit(page);
            if (page.length < PAGE || closed) break;
            after = page[page.length - 1]!.id;
          }
        } catch (e) {
          deps.onError?.(e);
        } finally {
          reading = false;
        }
      };
      const unlisten = deps.log.listen((events) => emit(events.filter((e) => e.businessId === businessId)));
      const poll = setInterval(() => void read(), deps.pollMs);
      const beat = setInterval(() => !closed && sink.comment('heartbeat'), heartbeatMs);
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(poll);
        clearInterval(beat);
        unlisten();
        open.delete(close);
        sink.end();
      };
      open.add(close);
      await read();
      return close;
    },
    /** Ends every open stream (server stop): clients see the connection close and reconnect elsewhere. */
    closeAll(): void {
      for (const close of [...open]) close();
    },
    get size(): number {
      return open.size;
    },
  };
}

export type EventStreams = ReturnType<typeof createEventStreams>;
