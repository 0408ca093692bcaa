// Splitting deliveries into items: one per message and status, keys that make redelivery harmless.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitDelivery } from './model.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/webhooks');

const statusDelivery = (statuses: object[]) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: 'waba',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { phone_number_id: 'pn', display_phone_number: '1' },
            statuses,
          },
        },
      ],
    },
  ],
});

describe('splitDelivery', () => {
  it('makes one item per status with the envelope kept', () => {
    const r = splitDelivery(
      statusDelivery([
        { id: 'wamid.A', status: 'sent', timestamp: '1' },
        { id: 'wamid.A', status: 'delivered', timestamp: '2' },
      ]),
    );
    expect(r.ok && r.items.map((i) => i.dedupeKey)).toEqual([
      'messages:st:pn:wamid.A:sent',
      'messages:st:pn:wamid.A:delivered',
    ]);
    expect(r.ok && r.items[0]!.payload.value).toMatchObject({
      metadata: { phone_number_id: 'pn' },
      statuses: [{ id: 'wamid.A', status: 'sent' }],
    });
  });
  it('gives the same key to the same status delivered twice', () => {
    const a = splitDelivery(statusDelivery([{ id: 'wamid.B', status: 'read', timestamp: '5' }]));
    const b = splitDelivery(statusDelivery([{ id: 'wamid.B', status: 'read', timestamp: '5' }]));
    expect(a.ok && b.ok && a.items[0]!.dedupeKey === b.items[0]!.dedupeKey).toBe(true);
  });
  it('rejects what is not a webhook', () => {
    expect(splitDelivery({ hello: 1 }).ok).toBe(false);
    expect(splitDelivery({ object: 'x', entry: [{ id: '1', changes: [{ value: {} }] }] }).ok).toBe(false);
    expect(splitDelivery(null).ok).toBe(false);
  });
  it('splits every recorded fixture and keeps unknown fields', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
      const r = splitDelivery(body);
      expect(r.ok, f).toBe(true);
      if (!r.ok) continue;
      expect(r.items.length, f).toBeGreaterThan(0);
      // Nothing is dropped: every key of every change value survives in some item.
      for (const change of body.entry.flatMap((e: { changes: { value: object }[] }) => e.changes)) {
        for (const key of Object.keys(change.value)) {
          expect(
            r.items.some((i) => key in i.payload.value),
            `${f}: ${key}`,
          ).toBe(true);
        }
      }
    }
  });
});
