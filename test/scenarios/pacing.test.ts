// Pacing end to end against the sandbox: the pair budget (45 burst, then rescheduled, never 131056), a queued
// marketing message rescheduled past quiet hours by the dispatcher, and throughput kept under the number's level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsterdamTime } from '../support/clock.ts';
import { testDatabases } from '../support/databases.ts';
import { customerWrites } from '../support/customers.ts';
import { approvedTemplate, WEEKLY_OFFER } from '../support/templates.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };

const rowsTo = (h: Harness, waId: string) =>
  h.platform.db.kysely
    .selectFrom('messages')
    .select(['id', 'status', 'attempts', 'last_error', 'next_attempt_at', 'kind', 'denial', 'created_at'])
    .where('to_wa_id', '=', waId)
    .execute();

const isSent = (s: string) => ['sent', 'delivered', 'read'].includes(s);

for (const database of testDatabases()) {
  describe(`[${database.name}] pair rate and rescheduling`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
      await approvedTemplate(h, WEEKLY_OFFER);
    }, 60_000);
    afterAll(async () => {
      await h?.stop();
    });

    const cara = '31611170001';

    it('sends a burst of 45 to one contact and reschedules the rest; none fails with 131056', async () => {
      await customerWrites(h, cara, { text: 'Tell me everything' });
      for (let i = 1; i <= 50; i++) {
        const r = await h.api('POST', '/v1/messages', { to: `+${cara}`, text: `Part ${i}` });
        expect(r.status, JSON.stringify(r.body)).toBe(202);
      }
      // The dispatcher may not have claimed the last five yet when the first 45 are out: wait until they were
      // claimed and put back, which moves their next attempt to when a token frees (1 per 6 s).
      const rescheduled = (x: { status: string; next_attempt_at: number; created_at: number }) =>
        x.status === 'queued' && x.next_attempt_at >= x.created_at + 5_000;
      const rows = await eventually(async () => {
        const r = await rowsTo(h, cara);
        return r.filter((x) => isSent(x.status)).length === 45 && r.filter(rescheduled).length === 5
          ? r
          : undefined;
      }, '45 sent and 5 rescheduled');
      for (const w of rows.filter((x) => x.status === 'queued')) {
        // Waiting for a token is not an attempt, and not an error.
        expect(w.attempts).toBe(0);
        expect(w.last_error).toBeNull();
      }
      expect(rows.every((x) => x.last_error === null && x.status !== 'failed')).toBe(true);
    });

    it("reschedules a queued marketing message that finds the contact's quiet hours, then sends it", async () => {
      await h.api('POST', `/v1/contacts/%2B${cara}/opt-ins`, {
        categories: ['offers'],
        channel: 'website',
        wording: 'Acme Coffee may send me offers on WhatsApp.',
      });
      // The pair budget is spent, so the offer waits in the outbox for a token.
      const offer = await h.api('POST', '/v1/messages', {
        to: `+${cara}`,
        template: { name: 'weekly_offer', language: 'en', parameters: ['Cara'] },
      });
      expect(offer.status).toBe(202);
      await eventually(
        async () =>
          ((await rowsTo(h, cara)).find((r) => r.id === offer.body.id)?.next_attempt_at ?? 0) >
          h.platform.clock.now(),
        'the offer waiting for a pair token',
      );
      // Meanwhile the business sets quiet hours that cover the contact's local time now (Amsterdam for +31).
      await h.api('PATCH', '/v1/settings/sending', {
        quietHours: { start: amsterdamTime(h, -30), end: amsterdamTime(h, 120) },
      });
      // Ten minutes on: the texts have tokens again and go; the offer meets the quiet hours and waits for their end.
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 600 }), json);
      const rows = await eventually(async () => {
        const r = await rowsTo(h, cara);
        const o = r.find((x) => x.id === offer.body.id)!;
        return r.filter((x) => x.kind === 'text' && isSent(x.status)).length === 50 &&
          o.status === 'queued' &&
          o.next_attempt_at > h.platform.clock.now() + 60 * 60_000
          ? r
          : undefined;
      }, 'the texts sent and the offer rescheduled past quiet hours');
      const o = rows.find((x) => x.id === offer.body.id)!;
      expect([o.denial, o.last_error, o.attempts]).toEqual([null, null, 0]);
      expect(o.next_attempt_at - h.platform.clock.now()).toBeLessThanOrEqual(110 * 60_000);
      // After the quiet hours it goes.
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 2 * 3600 }), json);
      await eventually(
        async () => isSent((await h.api('GET', `/v1/messages/${offer.body.id}`)).body.status),
        'the offer sent in the morning',
      );
      const all = await rowsTo(h, cara);
      expect(all.every((r) => isSent(r.status) && r.attempts === 1 && r.last_error === null)).toBe(true);
    });
  });

  describe(`[${database.name}] throughput`, () => {
    let h: Harness;
    // The sandbox answers 130429 above 100 messages in any second; the number is configured at the same level.
    beforeAll(async () => {
      h = await startHarnessOn(database, { GREENLIGHT_SANDBOX_THROUGHPUT_MPS: '100' });
    }, 60_000);
    afterAll(async () => {
      await h?.stop();
    });

    it('sends 300 messages at a number limited to 100 per second without one 130429', async () => {
      const limits = (await h.api('GET', '/v1/limits')).body;
      expect(limits.numbers[0].throughputMps).toBe(100);
      const customers = Array.from({ length: 10 }, (_, i) => `3168880${String(i + 1).padStart(4, '0')}`);
      for (const c of customers) await customerWrites(h, c, { text: 'hello' });
      const sends = customers.flatMap((c) =>
        Array.from({ length: 30 }, (_, i) => ({ to: `+${c}`, text: `News ${i}` })),
      );
      for (let i = 0; i < sends.length; i += 50)
        await Promise.all(sends.slice(i, i + 50).map((b) => h.api('POST', '/v1/messages', b)));
      const rows = await eventually(
        async () => {
          const r = await h.platform.db.kysely
            .selectFrom('messages')
            .select(['status', 'attempts', 'last_error'])
            .where('kind', '=', 'text')
            .execute();
          return r.length === 300 && r.every((x) => isSent(x.status) || x.status === 'failed')
            ? r
            : undefined;
        },
        'all 300 sent',
        30_000,
      );
      // A 130429 would have failed the attempt and retried the message: every one went on its first attempt.
      expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
      const retried = rows.filter((r) => r.attempts !== 1 || r.last_error !== null);
      expect(retried.map((r) => [r.attempts, r.last_error])).toEqual([]);
    });
  });
}
