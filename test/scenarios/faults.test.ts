// Under the sandbox's fault profile (rate limits, 5xx, duplicated and reordered webhooks) nothing accepted is lost
// and nothing is sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };
const customers = Array.from({ length: 10 }, (_, i) => `3161000${String(i).padStart(4, '1')}`);

for (const database of testDatabases()) {
  describe(`[${database.name}] faults`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database);
    });
    afterAll(() => h?.stop());

    it('delivers every accepted message exactly once through rate limits, 5xx, duplicates and reordering', async () => {
      for (const c of customers)
        await h.raw('POST', `/sandbox/customers/${c}/messages`, JSON.stringify({ text: 'hello' }), json);
      await eventually(async () => {
        const checks = await Promise.all(
          customers.map((c) => h.api('POST', '/v1/policy/check', { to: `+${c}`, text: 'x' })),
        );
        return checks.every((r) => r.body.allowed);
      }, 'every window to open');
      const faults = await h.raw(
        'POST',
        '/sandbox/faults',
        JSON.stringify({
          rateLimitRate: 0.15,
          serverErrorRate: 0.05,
          duplicateRate: 0.5,
          reorder: true,
          seed: 7,
        }),
        json,
      );
      expect(faults.status).toBe(200);

      const ids: string[] = [];
      for (const c of customers) {
        const r = await h.api('POST', '/v1/messages', { to: `+${c}`, text: `Your order for ${c}` });
        expect(r.status).toBe(202);
        ids.push(r.body.id);
      }
      const final = await eventually(
        async () => {
          const ms = await Promise.all(
            ids.map(async (id) => (await h.api('GET', `/v1/messages/${id}`)).body),
          );
          return ms.every((m) => m.status === 'read') ? ms : undefined;
        },
        'every message to be read',
        25_000,
      );
      expect(final.some((m) => m.attempts > 1)).toBe(true);
      for (const c of customers) {
        const inbox = (await h.raw('GET', `/sandbox/customers/${c}/inbox`, undefined)).body.data;
        expect(inbox, c).toHaveLength(1);
      }
      await h.raw('POST', '/sandbox/faults', JSON.stringify({ profile: 'off' }), json);
    }, 40_000);
  });
}
