// Inbox and bot fixes from the documentation review: changed threads answer with their window and contact, search
// reads only what the customer sees, replies take exactly one kind, template sends leave the bot its thread, the
// closed-hours text survives the reply cap, old menu taps count, list-row taps show their title, flow scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { customerWrites, optIn, ORDER_UPDATES_WORDING } from '../support/customers.ts';
import { botMessages, threadOf } from '../support/inbox.ts';
import { approvedTemplate } from '../support/templates.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

type Message = Parameters<typeof customerWrites>[2];

/** The customer writes; resolves once the bot has answered (its thread has a bot message). */
const greeted = async (h: Harness, phone: string, message: unknown) => {
  await customerWrites(h, phone.slice(1), message as Message);
  return eventually(async () => {
    const t = await threadOf(h, phone);
    return t && (await botMessages(h, t.id)).length > 0 ? t : undefined;
  }, 'the bot answer');
};

for (const database of testDatabases()) {
  describe(`[${database.name}] inbox and bot fixes`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database, { GREENLIGHT_SANDBOX_EXAMPLE_FLOW: 'on' });
      await approvedTemplate(h, {
        name: 'order_shipped',
        category: 'UTILITY',
        text: 'Hi {{1}}, your order has shipped.',
      });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('PATCH, assign, handoff and resolve answer with the real window and contact, as GET does', async () => {
      const phone = '+31611200001';
      const thread = await greeted(h, phone, { text: 'hello', name: 'Wim Bonen' });
      const get = (await h.api('GET', `/v1/threads/${thread.id}`)).body;
      expect(get.window.open).toBe(true);
      expect(get.contact).toEqual({ phone, name: 'Wim Bonen' });
      const same = (b: any) => {
        expect(b.contact).toEqual(get.contact);
        expect(b.window).toMatchObject({
          open: true,
          lastInboundAt: get.window.lastInboundAt,
          closesAt: get.window.closesAt,
        });
      };
      same((await h.api('PATCH', `/v1/threads/${thread.id}`, { tags: ['vip'] })).body);
      same((await h.api('POST', `/v1/threads/${thread.id}/handoff`)).body);
      const team = await h.platform.services.users.createTeam(h.platform.business.id, 'Roasters', Date.now());
      same((await h.api('POST', `/v1/threads/${thread.id}/assign`, { teamId: team.id })).body);
      same((await h.api('POST', `/v1/threads/${thread.id}/resolve`)).body);
    });

    it('search matches what the customer saw, not the JSON of the messages sent', async () => {
      const phone = '+31611200002';
      const thread = await greeted(h, phone, { text: 'hallo' });
      const ids = async (q: string) =>
        (await h.api('GET', `/v1/threads?q=${encodeURIComponent(q)}`)).body.data.map((t: any) => t.id);
      // The bot's Dutch menu: reply buttons "Openingstijden", "Mijn bestelling", "Een medewerker".
      expect(await ids('mijn bestelling')).toContain(thread.id);
      for (const q of ['interactive', 'reply', 'bot:welcome', '"type"'])
        expect(await ids(q), q).not.toContain(thread.id);
      await optIn(h, phone, ['order_updates'], ORDER_UPDATES_WORDING);
      const sent = await h.api('POST', '/v1/messages', {
        to: phone,
        template: { name: 'order_shipped', language: 'en', parameters: ['Henk'] },
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      expect(await ids('order_shipped')).toContain(thread.id);
      expect(await ids('henk')).toContain(thread.id);
      expect(await ids('template')).not.toContain(thread.id);
    });

    it('a reply takes exactly one kind: text with a canned reply is 422 thread.reply_invalid, and nothing is sent', async () => {
      const phone = '+31611200003';
      const thread = await greeted(h, phone, { text: 'hallo' });
      const canned = await h.api('POST', '/v1/canned-replies', {
        shortcut: 'beans',
        text: 'Fresh beans daily.',
      });
      expect(canned.status).toBe(201);
      const outbound = async () =>
        (await h.api('GET', `/v1/threads/${thread.id}`)).body.messages.filter(
          (m: any) => m.direction === 'outbound',
        ).length;
      const before = await outbound();
      const both = await h.api('POST', `/v1/threads/${thread.id}/reply`, {
        text: 'Hello there',
        cannedReplyId: canned.body.id,
      });
      expect(both.status).toBe(422);
      expect(both.body.error.code).toBe('thread.reply_invalid');
      const none = await h.api('POST', `/v1/threads/${thread.id}/reply`, {});
      expect(none.body.error.code).toBe('thread.reply_invalid');
      expect(await outbound()).toBe(before);
      const one = await h.api('POST', `/v1/threads/${thread.id}/reply`, { cannedReplyId: canned.body.id });
      expect(one.status).toBe(202);
    });

    it('a template from POST /v1/messages leaves the bot its thread; a free-form send still claims it', async () => {
      const phone = '+31611200004';
      const waId = phone.slice(1);
      const thread = await greeted(h, phone, { text: 'hallo' });
      await optIn(h, phone, ['order_updates'], ORDER_UPDATES_WORDING);
      const update = await h.api('POST', '/v1/messages', {
        to: phone,
        template: { name: 'order_shipped', language: 'en', parameters: ['Ann'] },
      });
      expect(update.status, JSON.stringify(update.body)).toBe(202);
      let t = (await h.api('GET', `/v1/threads/${thread.id}`)).body;
      expect(t).toMatchObject({ owner: 'bot', status: 'bot' });
      expect(t.history.filter((x: any) => x.kind === 'handoff')).toEqual([]);
      expect(t.messages.find((m: any) => m.id === update.body.id)).toMatchObject({ author: 'api' });
      // The bot still answers.
      const bots = (await botMessages(h, thread.id)).length;
      await customerWrites(h, waId, { text: 'menu' });
      await eventually(async () => (await botMessages(h, thread.id)).length > bots, 'the bot answering');

      const text = await h.api('POST', '/v1/messages', { to: phone, text: 'Sam here, from the shop.' });
      expect(text.status).toBe(202);
      t = (await h.api('GET', `/v1/threads/${thread.id}`)).body;
      expect(t.owner).toBe('human');
      expect(t.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'handoff',
            reason: 'agent_took_over',
            data: { messageId: text.body.id },
          }),
        ]),
      );
    });

    it('records a handoff through a trigger as reason `trigger` with the trigger in its history data', async () => {
      const current = (await h.api('GET', '/v1/flows')).body.data.find((v: any) => v.active);
      const definition = (await h.api('GET', `/v1/flows/${current.version}`)).body.definition;
      definition.triggers = [{ type: 'keyword', keywords: ['balie'], goto: 'desk' }, ...definition.triggers];
      definition.steps.desk = { type: 'handoff' };
      const up = await h.api('POST', '/v1/flows', { definition, activate: true });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      try {
        const phone = '+31611200005';
        await customerWrites(h, phone.slice(1), { text: 'balie' });
        const thread = await eventually(async () => {
          const t = await threadOf(h, phone);
          return t?.owner === 'human' ? t : undefined;
        }, 'the handoff');
        const history = (await h.api('GET', `/v1/threads/${thread.id}`)).body.history;
        expect(history).toContainEqual(
          expect.objectContaining({
            kind: 'handoff',
            reason: 'trigger',
            actor: 'bot',
            data: expect.objectContaining({ trigger: { index: 0, type: 'keyword' } }),
          }),
        );
        expect(history.find((x: any) => x.kind === 'handoff').data.keyword).toBeUndefined();
      } finally {
        await h.api('POST', `/v1/flows/${current.version}/activate`);
      }
    });

    it('shows the title of a tapped list row in the thread', async () => {
      const phone = '+31611200006';
      const thread = await greeted(h, phone, { text: 'hallo' });
      await customerWrites(h, phone.slice(1), {
        interactive: { type: 'list_reply', list_reply: { id: 'row_espresso', title: 'Espresso' } },
      } as unknown as Message);
      const messages = (await h.api('GET', `/v1/threads/${thread.id}`)).body.messages;
      expect(messages).toContainEqual(
        expect.objectContaining({ direction: 'inbound', type: 'interactive', text: 'Espresso' }),
      );
    });

    it('flows need flows:read or flows:write, both known scopes; viewers and readers may validate', async () => {
      const bad = await h.api('POST', '/v1/api-keys', { label: 'x', scopes: ['nope'] });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details.known).toEqual(expect.arrayContaining(['flows:read', 'flows:write']));
      const current = (await h.api('GET', '/v1/flows')).body.data.find((v: any) => v.active);
      const { definition } = (await h.api('GET', `/v1/flows/${current.version}`)).body;

      const reader = (await h.api('POST', '/v1/api-keys', { label: 'flows reader', scopes: ['flows:read'] }))
        .body.key;
      const asKey = (method: string, path: string, body?: unknown) =>
        h.api(method, path, body, { authorization: `Bearer ${reader}` });
      expect((await asKey('GET', '/v1/flows')).status).toBe(200);
      expect((await asKey('POST', '/v1/flows/validate', { definition })).status).toBe(200);
      const upload = await asKey('POST', '/v1/flows', { definition });
      expect(upload.status).toBe(403);
      expect(upload.body.error.code).toBe('auth.scope_missing');

      const password = 'correct horse battery staple';
      const made = await h.api('POST', '/v1/users', {
        email: 'viewer@acme.test',
        name: 'Viewer',
        role: 'viewer',
        password,
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const session = await h.raw(
        'POST',
        '/v1/session',
        JSON.stringify({ email: 'viewer@acme.test', password }),
        { 'content-type': 'application/json' },
      );
      const cookie = session.headers.getSetCookie().find((c) => c.startsWith('greenlight_session='))!;
      const asViewer = (path: string, body: unknown) =>
        h.raw('POST', path, JSON.stringify(body), {
          cookie: cookie.split(';')[0]!,
          'x-csrf-token': session.body.csrfToken,
          'content-type': 'application/json',
        });
      const validated = await asViewer('/v1/flows/validate', { definition });
      expect(validated.status, JSON.stringify(validated.body)).toBe(200);
      expect(validated.body.valid).toBe(true);
      const refused = await asViewer('/v1/flows', { definition });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('auth.forbidden');
    });
  });
}
