// Every real webhook payload recorded from Meta and public SDKs is accepted when signed Meta-style, and processed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaJsonStringify, signatureHeader } from '../../src/wire/meta-json.ts';
import { testDatabases } from '../support/databases.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

const DIR = path.resolve(import.meta.dirname, '../fixtures/webhooks');
const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f,
    body: JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as {
      entry: { id: string; changes: { value: Record<string, unknown> }[] }[];
    },
  }));

for (const database of testDatabases()) {
  describe(`[${database.name}] recorded webhook fixtures`, () => {
    let h: Harness;
    let info: { appSecret: string; wabaId: string; phoneNumberId: string };
    beforeAll(async () => {
      h = await startHarnessOn(database);
      info = (await h.raw('GET', '/sandbox/info', undefined)).body;
    });
    afterAll(() => h?.stop());

    const post = (body: unknown) => {
      const bytes = metaJsonStringify(body);
      return h.raw('POST', '/webhooks/whatsapp', bytes, {
        'content-type': 'application/json',
        'x-hub-signature-256': signatureHeader(bytes, info.appSecret),
      });
    };

    it('accepts every fixture as recorded (foreign WABA ids are kept, not processed)', async () => {
      expect(fixtures.length).toBeGreaterThan(50);
      for (const f of fixtures) {
        const r = await post(f.body);
        expect(r.status, f.name).toBe(200);
      }
      const counts = await h.platform.services.webhooks.counts();
      expect(counts.unroutable).toBeGreaterThan(0);
    });

    it('processes every fixture addressed to our WABA and number without a failure, keeping unknown fields', async () => {
      for (const f of fixtures) {
        const body = structuredClone(f.body);
        for (const entry of body.entry) {
          entry.id = info.wabaId;
          for (const change of entry.changes) {
            const md = change.value.metadata as { phone_number_id?: string } | undefined;
            if (md) md.phone_number_id = info.phoneNumberId;
          }
        }
        const r = await post(body);
        expect(r.status, f.name).toBe(200);
      }
      await eventually(async () => {
        const c = await h.platform.services.webhooks.counts();
        return (c.pending ?? 0) + (c.processing ?? 0) === 0 ? c : undefined;
      }, 'all items processed');
      const failed = await h.platform.db.kysely
        .selectFrom('webhook_events')
        .select(['dedupe_key', 'last_error'])
        .where('status', '=', 'failed')
        .execute();
      expect(failed).toEqual([]);
      const withErrors = await h.platform.db.kysely
        .selectFrom('webhook_events')
        .select('last_error')
        .where('last_error', 'is not', null)
        .execute();
      expect(withErrors).toEqual([]);
      // Unknown fields travel with the stored item: the BSUID user_id of the 2026 payload is still there.
      const bsuid = await h.platform.db.kysely
        .selectFrom('webhook_events')
        .select('payload')
        .where('payload', 'like', '%US.13491208655302741918%')
        .execute();
      expect(bsuid.length).toBeGreaterThan(0);
      // Inbound messages opened windows for their senders.
      const expected = new Set(
        fixtures.flatMap((f) =>
          f.body.entry.flatMap((e) =>
            e.changes.flatMap((c) =>
              ((c.value.messages as { id: string; from?: string }[] | undefined) ?? [])
                .filter((m) => m.from)
                .map((m) => m.id),
            ),
          ),
        ),
      );
      const inbound = await h.platform.db.kysely.selectFrom('inbound_messages').select('wamid').execute();
      expect(expected.size).toBeGreaterThan(15);
      expect(new Set(inbound.map((r) => r.wamid))).toEqual(expected);
    });
  });
}
