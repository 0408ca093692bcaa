// On PostgreSQL an API process and several worker processes share the work: every message sent once, none lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarness, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };
// Numbers ending in 0000 are "not on WhatsApp" in the sandbox, so the list starts at 0001.
const customers = Array.from({ length: 40 }, (_, i) => `3162000${String(i + 1).padStart(4, '0')}`);

for (const database of testDatabases().filter((d) => d.name === 'postgres')) {
  describe(`[${database.name}] api and workers as separate roles`, () => {
    let api: Harness;
    let workers: Harness[] = [];
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      api = await startHarness(created.target, {}, { api: true, worker: false });
      // Each worker is a platform of its own (own pool, own loops) that reaches the sandbox through the public URL.
      workers = await Promise.all(
        [1, 2, 3].map(() =>
          startHarness(created.target, { GREENLIGHT_PUBLIC_URL: api.url }, { api: false, worker: true }),
        ),
      );
    });
    afterAll(async () => {
      for (const w of workers) await w.stop();
      await api?.stop();
      await cleanup?.();
    });

    it('processes webhooks and dispatches the outbox across three workers without double sends', async () => {
      for (const c of customers)
        await api.raw('POST', `/sandbox/customers/${c}/messages`, JSON.stringify({ text: 'hi' }), json);
      await eventually(async () => {
        const checks = await Promise.all(
          customers.map((c) => api.api('POST', '/v1/policy/check', { to: `+${c}`, text: 'x' })),
        );
        return checks.every((r) => r.body.allowed);
      }, 'the workers to open every window');
      const ids: string[] = [];
      for (const c of customers)
        ids.push(
          (await api.api('POST', '/v1/messages', { to: `+${c}`, text: 'Thanks for writing' })).body.id,
        );
      await eventually(
        async () => {
          const ms = await Promise.all(
            ids.map(async (id) => (await api.api('GET', `/v1/messages/${id}`)).body),
          );
          return ms.every((m) => m.status === 'read');
        },
        'every message read',
        20_000,
      );
      for (const c of customers) {
        expect((await api.raw('GET', `/sandbox/customers/${c}/inbox`, undefined)).body.data, c).toHaveLength(
          1,
        );
      }
      const attempts = await api.platform.db.kysely.selectFrom('messages').select('attempts').execute();
      expect(attempts.every((a) => a.attempts === 1)).toBe(true);
    });
  });
}
