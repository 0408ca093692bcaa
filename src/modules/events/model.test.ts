// The event tail: late commits inside the settle window are still sent, nothing is sent twice, resume works.
import { describe, expect, it } from 'vitest';
import { newId } from '../../kernel/ids.ts';
import { EventTail, parseTypesParam, sseFrame, type BusinessEvent } from './model.ts';

const t0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const ev = (at: number, type: BusinessEvent['type'] = 'message.received'): BusinessEvent => ({
  id: newId('evt', at),
  businessId: 'biz_1',
  type,
  subject: '31612345678',
  data: { text: `at ${at}` },
  occurredAt: at,
});

/** A log as a reader would see it: only committed events, read with id > after. */
const read = (log: BusinessEvent[], after: string | null) =>
  log.filter((e) => after === null || e.id > after).sort((a, b) => (a.id < b.id ? -1 : 1));

describe('EventTail', () => {
  it('sends an event whose transaction committed after a later one, once', () => {
    const early = ev(t0); // written first, committed last
    const late = ev(t0 + 2_000);
    const tail = new EventTail(null);
    const committed = [late];
    expect(tail.accept(read(committed, tail.readAfter())).map((e) => e.id)).toEqual([late.id]);
    // A plain cursor would now be at `late` and skip `early` for good; the tail re-reads behind it.
    committed.push(early);
    expect(tail.readAfter()! < early.id).toBe(true);
    expect(tail.accept(read(committed, tail.readAfter())).map((e) => e.id)).toEqual([early.id]);
    expect(tail.accept(read(committed, tail.readAfter()))).toEqual([]);
  });

  it('does not send an event twice when it is both heard in-process and read from the log', () => {
    const a = ev(t0 + 5_000);
    const tail = new EventTail(null);
    expect(tail.accept([a])).toHaveLength(1);
    expect(tail.accept(read([a], tail.readAfter()))).toEqual([]);
    expect(tail.accept([a])).toEqual([]);
  });

  it('resumes after Last-Event-ID and never goes below it', () => {
    const log = [ev(t0), ev(t0 + 1), ev(t0 + 2)];
    const tail = new EventTail(log[0]!.id);
    expect(tail.readAfter()).toBe(log[0]!.id);
    expect(tail.accept(read(log, tail.readAfter())).map((e) => e.id)).toEqual([log[1]!.id, log[2]!.id]);
    // The window reaches back before the floor; the floor wins.
    expect(tail.readAfter()).toBe(log[0]!.id);
    expect(tail.accept(log)).toEqual([]);
  });

  it('moves its window with the newest event and forgets what lies behind it', () => {
    const old = ev(t0);
    const tail = new EventTail(null, 10_000);
    tail.accept([old]);
    const newer = ev(t0 + 60_000);
    tail.accept([newer]);
    expect(tail.readAfter()! > old.id).toBe(true);
    expect(tail.readAfter()! < newer.id).toBe(true);
    // Something older than the window is no longer sent (documented limit), and never twice.
    expect(tail.accept([old])).toEqual([]);
  });
});

describe('event parameters and frames', () => {
  it('parses comma-separated types and refuses unknown ones', () => {
    expect(parseTypesParam(undefined)).toBeNull();
    expect(parseTypesParam(' message.received, consent.opted_out ')).toEqual([
      'message.received',
      'consent.opted_out',
    ]);
    expect(() => parseTypesParam('message.received,nope')).toThrow(
      expect.objectContaining({ code: 'events.types_invalid' }),
    );
  });

  it('writes one SSE frame with id, event and a one-line JSON data', () => {
    const e = { ...ev(t0), data: { text: 'two\nlines' } };
    const frame = sseFrame(e);
    const lines = frame.split('\n');
    expect(lines[0]).toBe(`id: ${e.id}`);
    expect(lines[1]).toBe('event: message.received');
    expect(JSON.parse(lines[2]!.slice('data: '.length))).toMatchObject({
      id: e.id,
      type: 'message.received',
      businessId: 'biz_1',
      occurredAt: new Date(t0).toISOString(),
      data: { text: 'two\nlines' },
    });
    expect(frame.endsWith('\n\n')).toBe(true);
    expect(lines).toHaveLength(5);
  });
});
