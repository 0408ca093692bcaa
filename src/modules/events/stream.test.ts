// Live streams over a log in memory: events of other processes arrive by polling, this process's at once, each
// once; heartbeats keep the connection busy; closing all of them ends every sink.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idFloor, newId } from '../../kernel/ids.ts';
import type { BusinessEvent } from './model.ts';
import { createEventStreams } from './stream.ts';

const t0 = Date.UTC(2026, 0, 15, 12, 0, 0);

function memoryLog() {
  const committed: BusinessEvent[] = [];
  const listeners = new Set<(e: readonly BusinessEvent[]) => void>();
  return {
    committed,
    /** Another process committed these: only a read of the log finds them. */
    commitElsewhere: (...events: BusinessEvent[]) => committed.push(...events),
    /** This process published these: listeners hear them at once, and they are in the log too. */
    publishHere(...events: BusinessEvent[]) {
      committed.push(...events);
      for (const l of listeners) l(events);
    },
    async since(businessId: string, afterId: string | null, limit = 500) {
      return committed
        .filter((e) => e.businessId === businessId && (afterId === null || e.id > afterId))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, limit);
    },
    async latestId(businessId: string) {
      const ids = committed.filter((e) => e.businessId === businessId).map((e) => e.id);
      return ids.length ? ids.sort().at(-1)! : null;
    },
    listen(l: (e: readonly BusinessEvent[]) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

const ev = (
  at: number,
  businessId = 'biz_1',
  type: BusinessEvent['type'] = 'message.received',
): BusinessEvent => ({
  id: newId('evt', at),
  businessId,
  type,
  subject: null,
  data: {},
  occurredAt: at,
});

function sink() {
  const got = { events: [] as string[], comments: [] as string[], ended: false };
  return {
    got,
    sink: {
      event: (e: BusinessEvent) => got.events.push(e.id),
      comment: (c: string) => got.comments.push(c),
      end: () => (got.ended = true),
    },
  };
}

describe('event streams', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts at the newest event, then sends events of this and other processes once each', async () => {
    const log = memoryLog();
    const before = ev(t0);
    log.commitElsewhere(before);
    const streams = createEventStreams({ log, pollMs: 1000 });
    const s = sink();
    await streams.open('biz_1', { types: null, subject: null }, null, s.sink);
    const here = ev(t0 + 10);
    log.publishHere(here);
    expect(s.got.events).toEqual([here.id]);
    const elsewhere = ev(t0 + 20);
    const otherBusiness = ev(t0 + 21, 'biz_2');
    log.commitElsewhere(elsewhere, otherBusiness);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.got.events).toEqual([here.id, elsewhere.id]);
    // A late commit below what was already sent still arrives, once.
    // Written (id made) at t0+5 by a transaction that commits only now; newId is monotonic in one process, so
    // the id is made by hand the way another process would have made it.
    const late = { ...ev(t0 + 5), id: `${idFloor('evt', t0 + 5).slice(0, -1)}1` };
    expect(late.id < here.id).toBe(true);
    log.commitElsewhere(late);
    await vi.advanceTimersByTimeAsync(3000);
    expect(s.got.events).toEqual([here.id, elsewhere.id, late.id]);
    streams.closeAll();
  });

  it('filters by type, resumes after an id, beats every 15 s, and ends on closeAll', async () => {
    const log = memoryLog();
    const a = ev(t0, 'biz_1', 'message.received');
    const b = ev(t0 + 1, 'biz_1', 'consent.opted_out');
    const c = ev(t0 + 2, 'biz_1', 'message.received');
    log.commitElsewhere(a, b, c);
    const streams = createEventStreams({ log, pollMs: 1000 });
    const s = sink();
    await streams.open('biz_1', { types: ['message.received'], subject: null }, a.id, s.sink);
    expect(s.got.events).toEqual([c.id]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(s.got.comments).toEqual(['heartbeat']);
    expect(streams.size).toBe(1);
    streams.closeAll();
    expect(s.got.ended).toBe(true);
    expect(streams.size).toBe(0);
    log.publishHere(ev(t0 + 3));
    expect(s.got.events).toEqual([c.id]);
  });
});
