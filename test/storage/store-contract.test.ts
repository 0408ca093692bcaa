// The store contract: the same behaviour on SQLite and PostgreSQL, against real databases (never mocked).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, type Db } from '../../src/adapters/db/index.ts';
import { createConsentService, createConsentStore } from '../../src/modules/consent/index.ts';
import { createContactStore } from '../../src/modules/contacts/index.ts';
import { createConversationStore } from '../../src/modules/conversations/index.ts';
import { createMessageService, createMessageStore } from '../../src/modules/messages/index.ts';
import type { MessageRow } from '../../src/modules/messages/store.ts';
import { createPolicyService, type PolicyQuestion } from '../../src/modules/policy/index.ts';
import { createTemplateStore } from '../../src/modules/templates/index.ts';
import { createTenantStore } from '../../src/modules/tenants/index.ts';
import { createWebhookService, splitDelivery } from '../../src/modules/webhooks/index.ts';
import { testDatabases } from '../support/databases.ts';

const T0 = Date.UTC(2026, 10, 21, 10);

function queuedRow(id: string, businessId: string, over: Partial<MessageRow> = {}): MessageRow {
  return {
    id,
    business_id: businessId,
    phone_number_id: 'pn1',
    to_wa_id: '31612345678',
    kind: 'text',
    category: 'service',
    template_name: null,
    template_language: null,
    request: '{}',
    graph_request: '{}',
    status: 'queued',
    idempotency_key: null,
    request_hash: 'h',
    wamid: null,
    attempts: 0,
    next_attempt_at: T0,
    lease_until: null,
    last_error: null,
    denial: null,
    pricing: null,
    created_at: T0,
    updated_at: T0,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    failed_at: null,
    ...over,
  };
}

for (const database of testDatabases()) {
  describe(`[${database.name}] store contract`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    let businessId: string;
    let otherBusinessId: string;

    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      db = openDb(created.target);
      await migrate(db);
      const tenants = createTenantStore(db);
      businessId = (await tenants.createBusiness('Acme Coffee', T0)).id;
      otherBusinessId = (await tenants.createBusiness('Other Shop', T0)).id;
      await tenants.upsertWaba(businessId, 'waba1', T0);
      await tenants.upsertPhoneNumber(
        {
          businessId,
          wabaId: 'waba1',
          phoneNumberId: 'pn1',
          displayPhoneNumber: '15550001',
          verifiedName: 'Acme',
          qualityRating: 'GREEN',
          throughputMps: 80,
          messagingLimit: null,
        },
        T0,
      );
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('applies migrations once and is up to date the second time', async () => {
      expect(await migrate(db)).toEqual([]);
    });

    it('finds a business by API key hash only, and routes numbers and WABAs to their business', async () => {
      const tenants = createTenantStore(db);
      await tenants.addApiKey(businessId, 'glk_the_right_key_123456', 'test', T0);
      expect((await tenants.businessForApiKey('glk_the_right_key_123456'))?.id).toBe(businessId);
      expect(await tenants.businessForApiKey('glk_the_wrong_key_123456')).toBeUndefined();
      expect((await tenants.phoneNumber('pn1'))?.businessId).toBe(businessId);
      expect(await tenants.businessIdForWaba('waba1')).toBe(businessId);
      expect(await tenants.businessIdForWaba('unknown')).toBeNull();
      const stored = await db.kysely.selectFrom('api_keys').select('key_hash').execute();
      expect(stored.every((r) => !r.key_hash.includes('right_key'))).toBe(true);
    });

    it('keeps contacts per business and never moves the last inbound time backwards', async () => {
      const contacts = createContactStore(db);
      await contacts.touch(businessId, '31600000001', { profileName: 'Ann', inboundAt: T0 + 5000 }, T0);
      await contacts.touch(businessId, '31600000001', { inboundAt: T0 + 1000 }, T0 + 10);
      await contacts.touch(otherBusinessId, '31600000001', { profileName: 'Ann elsewhere' }, T0);
      const c = await contacts.get(businessId, '31600000001');
      expect(c).toMatchObject({ profileName: 'Ann', lastInboundAt: T0 + 5000 });
      expect((await contacts.get(otherBusinessId, '31600000001'))?.profileName).toBe('Ann elsewhere');
    });

    it('keeps an erased contact free of new personal data', async () => {
      const contacts = createContactStore(db);
      await contacts.touch(businessId, '31600000009', { profileName: 'Bob' }, T0);
      await contacts.erase(businessId, '31600000009', T0 + 1);
      await contacts.touch(businessId, '31600000009', { profileName: 'Bob again' }, T0 + 2);
      expect(await contacts.get(businessId, '31600000009')).toMatchObject({
        profileName: null,
        erasedAt: T0 + 1,
      });
    });

    it('opens the service window and never shortens it with a late, older message', async () => {
      const conv = createConversationStore(db);
      await conv.openWindow(businessId, 'pn1', '31600000002', T0 + 60_000, T0);
      await conv.openWindow(businessId, 'pn1', '31600000002', T0, T0 + 1);
      expect(await conv.lastInboundAt(businessId, 'pn1', '31600000002')).toBe(T0 + 60_000);
      expect(await conv.lastInboundAt(otherBusinessId, 'pn1', '31600000002')).toBeNull();
    });

    it('records an inbound message once', async () => {
      const conv = createConversationStore(db);
      const m = {
        businessId,
        phoneNumberId: 'pn1',
        waId: '31600000002',
        wamid: 'wamid.IN1',
        type: 'text',
        text: 'hi',
        payload: { a: 1 },
        sentAt: T0,
      };
      expect(await conv.recordInbound(m, T0)).toBe(true);
      expect(await conv.recordInbound(m, T0 + 1)).toBe(false);
    });

    it('appends consent events and derives the state from them', async () => {
      const consent = createConsentService({ store: createConsentStore(db) });
      await consent.recordOptIn(
        { id: businessId, name: 'Acme Coffee' },
        '31600000003',
        {
          categories: ['offers', 'order_updates'],
          channel: 'website',
          wording: 'Acme Coffee may message me on WhatsApp',
        },
        T0,
      );
      await consent.recordOptOut(
        businessId,
        '31600000003',
        { categories: ['offers'], channel: 'api' },
        T0 + 1000,
      );
      const view = await consent.view(businessId, '31600000003');
      expect(view.categories.offers!.state).toBe('opted_out');
      expect(view.categories.order_updates!.state).toBe('opted_in');
      expect(view.events.map((e) => `${e.category}:${e.action}`)).toEqual([
        'offers:opt_in',
        'order_updates:opt_in',
        'offers:opt_out',
      ]);
      expect((await consent.view(otherBusinessId, '31600000003')).events).toEqual([]);
    });

    it('rejects a second message with the same idempotency key in a business, but not in another', async () => {
      const store = createMessageStore(db);
      await store.insert(queuedRow('msg_idem_1', businessId, { idempotency_key: 'k1', status: 'sent' }));
      await expect(
        store.insert(queuedRow('msg_idem_2', businessId, { idempotency_key: 'k1', status: 'sent' })),
      ).rejects.toThrow();
      await store.insert(queuedRow('msg_idem_3', otherBusinessId, { idempotency_key: 'k1', status: 'sent' }));
      expect((await store.byIdempotencyKey(businessId, 'k1'))?.id).toBe('msg_idem_1');
    });

    it('hands each due message to exactly one of several concurrent claimers', async () => {
      const store = createMessageStore(db);
      const ids = Array.from({ length: 60 }, (_, i) => `msg_claim_${String(i).padStart(2, '0')}`);
      for (const id of ids) await store.insert(queuedRow(id, businessId, { next_attempt_at: T0 - 1 }));
      await store.insert(queuedRow('msg_claim_later', businessId, { next_attempt_at: T0 + 60_000 }));
      const claims = await Promise.all([
        store.claimDue(25, T0, 1000),
        store.claimDue(25, T0, 1000),
        store.claimDue(25, T0, 1000),
      ]);
      const claimed = claims.flat().map((r) => r.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      const rest = await store.claimDue(100, T0, 1000);
      expect([...claimed, ...rest.map((r) => r.id)].sort()).toEqual(ids);
      expect(claims.flat().every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
    });

    it('returns a message whose worker died to the queue once its lease expired, but not one Meta accepted', async () => {
      const store = createMessageStore(db);
      await store.insert(queuedRow('msg_lease_1', businessId, { status: 'sending', lease_until: T0 - 1 }));
      await store.insert(
        queuedRow('msg_lease_2', businessId, { status: 'sending', lease_until: T0 - 1, wamid: 'wamid.L2' }),
      );
      await store.insert(
        queuedRow('msg_lease_3', businessId, { status: 'sending', lease_until: T0 + 10_000 }),
      );
      expect(await store.recoverExpiredLeases(T0)).toBe(1);
      expect((await store.get(businessId, 'msg_lease_1'))?.status).toBe('queued');
      expect((await store.get(businessId, 'msg_lease_2'))?.status).toBe('sending');
    });

    it('records a status event once per wamid and status', async () => {
      const store = createMessageStore(db);
      const e = {
        businessId,
        wamid: 'wamid.S1',
        status: 'delivered',
        occurredAt: T0,
        payload: {},
        applied: false,
      };
      expect(await store.recordStatusEvent(db.kysely, e, T0)).toBe(true);
      expect(await store.recordStatusEvent(db.kysely, e, T0)).toBe(false);
      expect((await store.pendingStatusEvents(db.kysely, ['wamid.S1'])).map((p) => p.status)).toEqual([
        'delivered',
      ]);
    });

    it('reads contacts, windows and consent of many numbers at once, answer i for question i', async () => {
      const contacts = createContactStore(db);
      const conv = createConversationStore(db);
      const consentStore = createConsentStore(db);
      const consent = createConsentService({ store: consentStore });
      await contacts.touch(businessId, '31600000101', { profileName: 'Cas' }, T0);
      await contacts.touch(businessId, '31600000102', { profileName: 'Dee' }, T0);
      await contacts.erase(businessId, '31600000102', T0 + 1);
      await contacts.touch(otherBusinessId, '31600000103', { profileName: 'Eve elsewhere' }, T0);
      await conv.openWindow(businessId, 'pn1', '31600000101', T0 + 5, T0);
      await conv.openWindow(businessId, 'pn2', '31600000101', T0 + 9, T0);
      await conv.openWindow(otherBusinessId, 'pn1', '31600000103', T0 + 7, T0);
      await consent.recordOptIn(
        { id: businessId, name: 'Acme Coffee' },
        '31600000101',
        { categories: ['offers'], channel: 'website', wording: 'Acme Coffee may message me on WhatsApp' },
        T0,
      );
      await consent.recordOptOut(
        businessId,
        '31600000101',
        { categories: ['offers'], channel: 'api' },
        T0 + 10,
      );
      await consent.recordOptOut(otherBusinessId, '31600000103', { channel: 'api' }, T0);

      const keys = [
        { businessId, waId: '31600000103' },
        { businessId, waId: '31600000101' },
        { businessId, waId: '31600000102' },
        { businessId: otherBusinessId, waId: '31600000103' },
        { businessId, waId: '31600000101' },
      ];
      expect((await contacts.getMany(keys)).map((c) => c && [c.profileName, c.erasedAt])).toEqual([
        undefined,
        ['Cas', null],
        [null, T0 + 1],
        ['Eve elsewhere', null],
        ['Cas', null],
      ]);
      expect(await contacts.getMany([])).toEqual([]);
      for (const k of keys) {
        expect((await contacts.getMany([k]))[0]).toEqual(await contacts.get(k.businessId, k.waId));
      }

      expect(
        await conv.lastInboundAtMany([
          { businessId, phoneNumberId: 'pn1', waId: '31600000101' },
          { businessId, phoneNumberId: 'pn2', waId: '31600000101' },
          { businessId, phoneNumberId: 'pn1', waId: '31600000103' },
          { businessId: otherBusinessId, phoneNumberId: 'pn1', waId: '31600000103' },
          { businessId, phoneNumberId: 'pn2', waId: '31600000102' },
        ]),
      ).toEqual([T0 + 5, T0 + 9, null, T0 + 7, null]);

      const events = await consentStore.eventsOfMany(keys);
      expect(events.map((list) => list.map((e) => `${e.category}:${e.action}`))).toEqual([
        [],
        ['offers:opt_in', 'offers:opt_out'],
        [],
        ['*:opt_out'],
        ['offers:opt_in', 'offers:opt_out'],
      ]);
      for (const [i, k] of keys.entries()) {
        expect(events[i]).toEqual(await consentStore.events(k.businessId, k.waId));
      }
      const views = await consent.viewMany(keys);
      expect(views[1]!.categories.offers!.state).toBe('opted_out');
      expect(views[3]!.totalOptOutAt).toBe(T0);
      expect(views[0]!.totalOptOutAt).toBeNull();
    });

    it('decides a batch of sends exactly as it decides each one alone', async () => {
      const contacts = createContactStore(db);
      const conv = createConversationStore(db);
      const consent = createConsentService({ store: createConsentStore(db) });
      const policy = createPolicyService({
        consent,
        contacts,
        conversations: conv,
        templates: createTemplateStore(db),
      });
      const now = T0 + 3_600_000;
      await conv.openWindow(businessId, 'pn1', '31600000201', now - 60_000, now);
      await conv.openWindow(businessId, 'pn1', '31600000202', now - 25 * 3_600_000, now);
      await conv.openWindow(businessId, 'pn1', '31600000203', now - 60_000, now);
      await consent.recordOptOut(businessId, '31600000203', { channel: 'api' }, now - 1000);
      await conv.openWindow(businessId, 'pn1', '31600000204', now - 60_000, now);
      await contacts.touch(businessId, '31600000204', {}, now);
      await contacts.erase(businessId, '31600000204', now);
      await conv.openWindow(otherBusinessId, 'pn1', '31600000205', now - 60_000, now);

      const free = { kind: 'free_form' } as const;
      const template = { kind: 'template', name: 'nope', language: 'en', values: {} } as const;
      const questions: PolicyQuestion[] = [
        { businessId, phoneNumberId: 'pn1', waId: '31600000201', content: free },
        { businessId, phoneNumberId: 'pn1', waId: '31600000202', content: free },
        { businessId, phoneNumberId: 'pn1', waId: '31600000203', content: free },
        { businessId, phoneNumberId: 'pn1', waId: '31600000204', content: free },
        { businessId, phoneNumberId: 'pn1', waId: '31600000205', content: free },
        { businessId: otherBusinessId, phoneNumberId: 'pn1', waId: '31600000205', content: free },
        { businessId, phoneNumberId: 'pn2', waId: '31600000201', content: free },
        { businessId, phoneNumberId: 'pn1', waId: '31600000201', content: template },
        { businessId, phoneNumberId: 'pn1', waId: '31600000201', content: template },
      ];
      const batch = await policy.evaluateMany(questions, now);
      expect(batch.map((v) => v.decision.allowed)).toEqual([
        true,
        false,
        false,
        false,
        false,
        true,
        false,
        false,
        false,
      ]);
      expect(batch[3]!.decision.reasons.map((r) => r.code)).toEqual(['contact.suppressed']);
      expect(batch[7]!.decision.reasons.map((r) => r.code)).toEqual(['template.not_found']);
      for (const [i, q] of questions.entries()) {
        expect(batch[i]).toEqual(
          await policy.evaluate(q.businessId, q.phoneNumberId, q.waId, q.content, now),
        );
      }
      expect(await policy.evaluateMany([], now)).toEqual([]);
    });

    it('records a batch of accepted sends in one go without moving any status back', async () => {
      const store = createMessageStore(db);
      await store.insert(queuedRow('msg_acc_1', businessId, { status: 'sending' }));
      // A status webhook matched this one by our id and moved it on before the send returned.
      await store.insert(
        queuedRow('msg_acc_2', businessId, { status: 'delivered', wamid: 'wamid.ACC2', sent_at: T0 - 5 }),
      );
      await store.insert(queuedRow('msg_acc_3', businessId, { status: 'sending', sent_at: T0 - 9 }));
      const updated = await db.kysely.transaction().execute(async (trx) => {
        await store.lockInIdOrder(trx, ['msg_acc_3', 'msg_acc_1', 'msg_acc_2', 'msg_acc_missing']);
        return store.markAccepted(
          trx,
          [
            { id: 'msg_acc_1', wamid: 'wamid.ACC1' },
            { id: 'msg_acc_2', wamid: 'wamid.ACC2-other' },
            { id: 'msg_acc_missing', wamid: 'wamid.ACCX' },
            { id: 'msg_acc_3', wamid: 'wamid.ACC3' },
          ],
          T0 + 1,
        );
      });
      expect(updated.sort()).toEqual(['msg_acc_1', 'msg_acc_2', 'msg_acc_3']);
      const rows = await db.kysely
        .selectFrom('messages')
        .select(['id', 'status', 'wamid', 'sent_at', 'lease_until', 'updated_at'])
        .where('id', 'like', 'msg_acc_%')
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        {
          id: 'msg_acc_1',
          status: 'sent',
          wamid: 'wamid.ACC1',
          sent_at: T0 + 1,
          lease_until: null,
          updated_at: T0 + 1,
        },
        {
          id: 'msg_acc_2',
          status: 'delivered',
          wamid: 'wamid.ACC2',
          sent_at: T0 - 5,
          lease_until: null,
          updated_at: T0 + 1,
        },
        {
          id: 'msg_acc_3',
          status: 'sent',
          wamid: 'wamid.ACC3',
          sent_at: T0 - 9,
          lease_until: null,
          updated_at: T0 + 1,
        },
      ]);
      expect(await store.markAccepted(db.kysely, [], T0)).toEqual([]);
    });

    it('records many status events in one insert and tells which were new', async () => {
      const store = createMessageStore(db);
      const e = (wamid: string, status: string) => ({
        businessId,
        wamid,
        status,
        occurredAt: T0,
        payload: { wamid, status },
        applied: false,
      });
      await store.recordStatusEvent(db.kysely, e('wamid.B1', 'sent'), T0);
      const fresh = await store.recordStatusEvents(
        db.kysely,
        [
          e('wamid.B1', 'sent'),
          e('wamid.B1', 'delivered'),
          e('wamid.B2', 'read'),
          e('wamid.B1', 'delivered'),
        ],
        T0,
      );
      expect([...fresh].sort()).toEqual(['wamid.B1 delivered', 'wamid.B2 read']);
      const stored = await db.kysely
        .selectFrom('status_events')
        .select(['wamid', 'status'])
        .where('wamid', 'in', ['wamid.B1', 'wamid.B2'])
        .orderBy('wamid')
        .orderBy('status')
        .execute();
      expect(stored).toEqual([
        { wamid: 'wamid.B1', status: 'delivered' },
        { wamid: 'wamid.B1', status: 'sent' },
        { wamid: 'wamid.B2', status: 'read' },
      ]);
      expect((await store.recordStatusEvents(db.kysely, [], T0)).size).toBe(0);
    });

    it('finds the messages of a run of statuses by wamid and by our id in one read', async () => {
      const store = createMessageStore(db);
      await store.insert(queuedRow('msg_find_1', businessId, { status: 'sent', wamid: 'wamid.F1' }));
      await store.insert(queuedRow('msg_find_2', businessId, { status: 'sending' }));
      await store.insert(queuedRow('msg_find_3', businessId, { status: 'sent', wamid: 'wamid.F3' }));
      const rows = await store.lockForStatuses(
        db.kysely,
        ['wamid.F1', 'wamid.F-unknown'],
        ['msg_find_2', 'nope'],
      );
      expect(rows.map((r) => r.id)).toEqual(['msg_find_1', 'msg_find_2']);
      expect(await store.lockForStatuses(db.kysely, [], [])).toEqual([]);
    });

    it('applies a run of statuses in arrival order, as one by one would, with one write per message', async () => {
      const store = createMessageStore(db);
      const messages = createMessageService({ store, policy: {} as never });
      await store.insert(
        queuedRow('msg_run_1', businessId, { status: 'sent', wamid: 'wamid.R1', sent_at: T0 }),
      );
      // Its send response was lost: only our id (biz_opaque_callback_data) links the first status to it.
      await store.insert(queuedRow('msg_run_2', businessId, { status: 'sending' }));
      await store.insert(queuedRow('msg_run_3', otherBusinessId, { status: 'sending' }));
      const st = (id: string, status: 'sent' | 'delivered' | 'read', second: number, callback?: string) => ({
        id,
        status,
        timestamp: String(T0 / 1000 + second),
        recipient_id: '31612345678',
        ...(callback ? { biz_opaque_callback_data: callback } : {}),
      });
      const outcomes = await messages.applyStatuses(
        businessId,
        [
          st('wamid.R1', 'read', 3),
          st('wamid.R1', 'delivered', 2),
          st('wamid.R1', 'read', 3),
          st('wamid.R2', 'sent', 1, 'msg_run_2'),
          st('wamid.R2', 'delivered', 2),
          st('wamid.R3', 'sent', 1, 'msg_run_3'),
          st('wamid.R-unknown', 'delivered', 2),
        ],
        T0 + 10_000,
      );
      expect(outcomes).toEqual([
        'applied',
        'unchanged',
        'unchanged',
        'applied',
        'applied',
        'pending',
        'pending',
      ]);
      const rows = await db.kysely
        .selectFrom('messages')
        .select(['id', 'status', 'wamid', 'sent_at', 'delivered_at', 'read_at', 'updated_at'])
        .where('id', 'like', 'msg_run_%')
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        {
          id: 'msg_run_1',
          status: 'read',
          wamid: 'wamid.R1',
          sent_at: T0,
          delivered_at: T0 + 3000,
          read_at: T0 + 3000,
          updated_at: T0 + 10_000,
        },
        {
          id: 'msg_run_2',
          status: 'delivered',
          wamid: 'wamid.R2',
          sent_at: T0 + 1000,
          delivered_at: T0 + 2000,
          read_at: null,
          updated_at: T0 + 10_000,
        },
        // Another business's message is never linked by a status routed to this one.
        {
          id: 'msg_run_3',
          status: 'sending',
          wamid: null,
          sent_at: null,
          delivered_at: null,
          read_at: null,
          updated_at: T0,
        },
      ]);
      const events = await db.kysely
        .selectFrom('status_events')
        .select(['wamid', 'status', 'applied'])
        .where('wamid', 'like', 'wamid.R%')
        .orderBy('wamid')
        .orderBy('status')
        .execute();
      expect(events).toEqual([
        { wamid: 'wamid.R-unknown', status: 'delivered', applied: 0 },
        { wamid: 'wamid.R1', status: 'delivered', applied: 1 },
        { wamid: 'wamid.R1', status: 'read', applied: 1 },
        { wamid: 'wamid.R2', status: 'delivered', applied: 1 },
        { wamid: 'wamid.R2', status: 'sent', applied: 1 },
        { wamid: 'wamid.R3', status: 'sent', applied: 0 },
      ]);
      // The same run again changes nothing.
      expect(
        await messages.applyStatuses(
          businessId,
          [st('wamid.R1', 'read', 3), st('wamid.R2', 'delivered', 2)],
          T0 + 20_000,
        ),
      ).toEqual(['unchanged', 'unchanged']);
    });

    it('stores webhook items once, routes them to their business, and keeps unroutable ones', async () => {
      const webhooks = createWebhookService({
        db,
        tenants: createTenantStore(db),
        contacts: createContactStore(db),
        conversations: createConversationStore(db),
        consent: createConsentService({ store: createConsentStore(db) }),
        messages: {} as never,
        templates: {} as never,
      });
      const body = (pn: string) => ({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: 'waba-x',
            changes: [
              {
                field: 'messages',
                value: {
                  metadata: { phone_number_id: pn },
                  statuses: [
                    { id: 'wamid.W1', status: 'sent', timestamp: '1' },
                    { id: 'wamid.W1', status: 'read', timestamp: '2' },
                  ],
                },
              },
            ],
          },
        ],
      });
      const split = splitDelivery(body('pn1'));
      if (!split.ok) throw new Error(split.problem);
      expect(await webhooks.ingest(split.items, T0)).toEqual({ stored: 2, duplicates: 0 });
      expect(await webhooks.ingest(split.items, T0)).toEqual({ stored: 0, duplicates: 2 });
      const other = splitDelivery({
        ...body('pn-unknown'),
        entry: [
          { ...body('pn-unknown').entry[0]!, changes: [{ field: 'account_update', value: { event: 'X' } }] },
        ],
      });
      if (!other.ok) throw new Error(other.problem);
      await webhooks.ingest(other.items, T0);
      const rows = await db.kysely
        .selectFrom('webhook_events')
        .select(['business_id', 'status', 'field'])
        .orderBy('field')
        .execute();
      expect(rows).toEqual([
        { business_id: null, status: 'unroutable', field: 'account_update' },
        { business_id: businessId, status: 'pending', field: 'messages' },
        { business_id: businessId, status: 'pending', field: 'messages' },
      ]);
    });
  });
}
