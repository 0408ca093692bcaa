// A status webhook that arrives before we know the message's wamid is kept and applied once the send returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, type Db } from '../../src/adapters/db/index.ts';
import { ok } from '../../src/kernel/result.ts';
import { createConsentService, createConsentStore } from '../../src/modules/consent/index.ts';
import { createContactStore } from '../../src/modules/contacts/index.ts';
import { createConversationStore } from '../../src/modules/conversations/index.ts';
import {
  createDispatcher,
  createMessageService,
  createMessageStore,
} from '../../src/modules/messages/index.ts';
import { createLimitService, createLimitStore } from '../../src/modules/limits/index.ts';
import { createPolicyService } from '../../src/modules/policy/index.ts';
import { createTemplateStore } from '../../src/modules/templates/index.ts';
import { createTenantStore } from '../../src/modules/tenants/index.ts';
import { testDatabases } from '../support/databases.ts';

const T0 = Date.UTC(2026, 10, 21, 10);

for (const database of testDatabases()) {
  describe(`[${database.name}] statuses that overtake their message`, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      db = openDb(created.target);
      await migrate(db);
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('keeps a delivered status for an unknown wamid and applies it when the send reports that wamid', async () => {
      const tenants = createTenantStore(db);
      const business = await tenants.createBusiness('Acme Coffee', T0);
      const conversations = createConversationStore(db);
      await conversations.openWindow(business.id, 'pn1', '31612345678', T0 - 60_000, T0);
      const store = createMessageStore(db);
      const policy = createPolicyService({
        consent: createConsentService({ store: createConsentStore(db) }),
        contacts: createContactStore(db),
        conversations,
        templates: createTemplateStore(db),
      });
      const messages = createMessageService({ store, policy });
      const { message } = await messages.send(
        business.id,
        'pn1',
        { to: '+31612345678', text: 'hello' },
        undefined,
        T0,
      );

      // Meta's webhook wins the race against its own HTTP response, without our id in it.
      const early = {
        id: 'wamid.EARLY',
        status: 'delivered' as const,
        timestamp: String(T0 / 1000 + 2),
        recipient_id: '31612345678',
      };
      expect(await messages.applyStatus(business.id, early, T0 + 1)).toBe('pending');

      const sent: unknown[] = [];
      const dispatcher = createDispatcher({
        store,
        policy,
        gateway: {
          async sendMessage(_pn, body) {
            sent.push(body);
            return ok({ wamid: 'wamid.EARLY' });
          },
        },
        now: () => T0 + 2,
        batchSize: 10,
        concurrency: 2,
        limits: createLimitService({ store: createLimitStore(db), defaultQuietHours: null }),
      });
      expect(await dispatcher.runOnce()).toBe(1);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        biz_opaque_callback_data: message.id,
        to: '31612345678',
        text: { body: 'hello' },
      });
      const after = await messages.get(business.id, message.id);
      expect(after).toMatchObject({
        status: 'delivered',
        wamid: 'wamid.EARLY',
        deliveredAt: (T0 / 1000 + 2) * 1000,
      });
      expect(await dispatcher.runOnce()).toBe(0);
    });

    it('links a status carrying our id in biz_opaque_callback_data to a send whose response was lost', async () => {
      const business = await createTenantStore(db).createBusiness('Other', T0);
      const conversations = createConversationStore(db);
      await conversations.openWindow(business.id, 'pn1', '31687654321', T0 - 60_000, T0);
      const store = createMessageStore(db);
      const policy = createPolicyService({
        consent: createConsentService({ store: createConsentStore(db) }),
        contacts: createContactStore(db),
        conversations,
        templates: createTemplateStore(db),
      });
      const messages = createMessageService({ store, policy });
      const { message } = await messages.send(
        business.id,
        'pn1',
        { to: '+31687654321', text: 'hi' },
        undefined,
        T0,
      );
      const status = {
        id: 'wamid.LOST',
        status: 'sent' as const,
        timestamp: String(T0 / 1000),
        biz_opaque_callback_data: message.id,
      };
      expect(await messages.applyStatus(business.id, status, T0 + 1)).toBe('applied');
      expect(await messages.get(business.id, message.id)).toMatchObject({
        status: 'sent',
        wamid: 'wamid.LOST',
      });
    });
  });
}
