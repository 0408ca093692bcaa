// Team inbox and chatbot end to end against the sandbox: the bot answers, hands off on "medewerker", falls silent
// while people own the thread (also for a plain POST /v1/messages), offers templates once the window closed, and
// is back after resolving. Also: consent keeps precedence, invalid flows are refused, notes, canned replies, search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { customerWrites, optIn, ORDER_UPDATES_WORDING } from '../support/customers.ts';
import { botMessages, threadOf } from '../support/inbox.ts';
import { approvedTemplate } from '../support/templates.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';

/** Everything the customer received, each entry as text (bodies, buttons and list rows included). */
const received = async (h: Harness, waId: string): Promise<string[]> =>
  (await h.raw('GET', `/sandbox/customers/${waId}/inbox`, undefined)).body.data.map((m: unknown) =>
    JSON.stringify(m),
  );

for (const database of testDatabases()) {
  describe(`[${database.name}] team inbox and chatbot`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database, { GREENLIGHT_SANDBOX_EXAMPLE_FLOW: 'on' });
      await approvedTemplate(h, {
        name: 'order_ready',
        category: 'UTILITY',
        text: 'Hi {{1}}, your order is ready for pickup.',
      });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('ships the example flow as the active version in sandbox mode', async () => {
      const r = await h.api('GET', '/v1/flows');
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual([expect.objectContaining({ version: 1, active: true, format: 'yaml' })]);
    });

    it('answers, hands off on "medewerker", stays silent for the agent, offers templates after 24 h, and is back after resolving', async () => {
      const phone = '+31611100001';
      const waId = phone.slice(1);
      await optIn(h, phone, ['order_updates'], ORDER_UPDATES_WORDING);

      // 1. A routine question: the bot answers from its FAQ.
      await customerWrites(h, waId, { text: 'What are your opening hours?' });
      await eventually(
        async () => (await received(h, waId)).some((m) => m.includes('maandag tot vrijdag 08:00-18:00')),
        'the FAQ answer (in Dutch: a +31 number)',
      );
      let thread = await threadOf(h, phone);
      expect(thread).toMatchObject({ status: 'bot', owner: 'bot', window: { open: true } });
      expect(Date.parse(thread.window.closesAt) - Date.parse(thread.window.lastInboundAt)).toBe(
        24 * 3600_000,
      );

      // 2. "medewerker": handed off (keyword), then assigned to a team.
      await customerWrites(h, waId, { text: 'Medewerker' });
      await eventually(async () => (await threadOf(h, phone))?.owner === 'human', 'the handoff');
      const detail = (await h.api('GET', `/v1/threads/${thread.id}`)).body;
      expect(['open', 'pending']).toContain(detail.status);
      expect(detail.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'handoff', reason: 'keyword', actor: 'bot' }),
        ]),
      );
      await eventually(
        async () => (await received(h, waId)).some((m) => m.includes('Ik geef je door aan een collega')),
        'the handoff message',
      );
      const unknown = await h.api('POST', `/v1/threads/${thread.id}/assign`, { teamId: 'team_nope' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('thread.assignee_unknown');
      const team = await h.platform.services.users.createTeam(h.platform.business.id, 'Baristas', Date.now());
      const assigned = await h.api('POST', `/v1/threads/${thread.id}/assign`, { teamId: team.id });
      expect(assigned.status).toBe(200);
      expect(assigned.body.assignee).toEqual({ agentId: null, teamId: team.id });
      expect((await h.api('GET', `/v1/threads?assignee=${team.id}`)).body.data.map((t: any) => t.id)).toEqual(
        [thread.id],
      );

      // 3. The agent chats; the bot stays silent, even for words it would otherwise answer.
      const botBefore = (await botMessages(h, thread.id)).length;
      const agent = await h.api('POST', `/v1/threads/${thread.id}/reply`, {
        text: 'Hi, Sam from Acme here. How can I help?',
      });
      expect(agent.status).toBe(202);
      await customerWrites(h, waId, { text: 'menu' });
      await customerWrites(h, waId, { text: 'What are your opening hours?' });
      await eventually(
        async () => (await received(h, waId)).some((m) => m.includes('Sam from Acme')),
        'the agent reply',
      );
      expect((await botMessages(h, thread.id)).length).toBe(botBefore);
      const note = await h.api('POST', `/v1/threads/${thread.id}/notes`, {
        text: 'Regular customer, oat milk.',
      });
      expect(note.status).toBe(201);

      // 4. The window closes: the agent's reply is answered with the templates allowed instead.
      await h.raw('POST', '/sandbox/clock', JSON.stringify({ advanceSeconds: 25 * 3600 }), {
        'content-type': 'application/json',
      });
      const late = await h.api('POST', `/v1/threads/${thread.id}/reply`, { text: 'Are you still there?' });
      expect(late.status).toBe(422);
      expect(late.body.error.code).toBe('policy.denied');
      expect(late.body.error.details.reasons.map((r: any) => r.code)).toContain('window.closed');
      expect(late.body.error.details.window.open).toBe(false);
      expect(late.body.error.details.alternatives).toEqual([
        expect.objectContaining({
          name: 'order_ready',
          language: 'en',
          category: 'UTILITY',
          parameters: expect.objectContaining({ body: ['1'] }),
        }),
      ]);
      const sendable = (await h.api('GET', `/v1/threads/${thread.id}/sendable`)).body;
      expect(sendable).toMatchObject({ freeForm: false, window: { open: false } });
      expect(sendable.templates.map((t: any) => t.name)).toEqual(['order_ready']);
      const tpl = await h.api('POST', `/v1/threads/${thread.id}/reply`, {
        template: { name: 'order_ready', language: 'en', parameters: ['Ann'] },
      });
      expect(tpl.status).toBe(202);

      // 5. Resolved: the bot is back for the next message.
      const resolved = await h.api('POST', `/v1/threads/${thread.id}/resolve`);
      expect(resolved.body).toMatchObject({ status: 'resolved', owner: 'bot' });
      await customerWrites(h, waId, { text: 'hello' });
      await eventually(async () => (await botMessages(h, thread.id)).length > botBefore, 'the bot back');
      thread = await threadOf(h, phone);
      expect(thread).toMatchObject({ status: 'bot', owner: 'bot' });
      const history = (await h.api('GET', `/v1/threads/${thread.id}`)).body.history.map((x: any) => x.kind);
      expect(history).toEqual(expect.arrayContaining(['handoff', 'assigned', 'resolved', 'reopened']));
    });

    it('a plain POST /v1/messages to the contact claims the thread: the bot falls silent', async () => {
      const phone = '+31611100002';
      const waId = phone.slice(1);
      await customerWrites(h, waId, { text: 'hello' });
      const thread = await eventually(async () => {
        const t = await threadOf(h, phone);
        return t && (await botMessages(h, t.id)).length > 0 ? t : undefined;
      }, 'the bot greeting');
      const elsewhere = await h.api('POST', '/v1/messages', {
        to: phone,
        text: 'Hi, this is Sam from the shop.',
      });
      expect(elsewhere.status).toBe(202);
      const after = (await h.api('GET', `/v1/threads/${thread.id}`)).body;
      expect(after.owner).toBe('human');
      expect(after.history).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'handoff', reason: 'agent_took_over' })]),
      );
      const bots = (await botMessages(h, thread.id)).length;
      await customerWrites(h, waId, { text: 'menu' });
      expect((await botMessages(h, thread.id)).length).toBe(bots);
    });

    it('a menu tap follows the flow, and the bot hands off on its own after two turns it did not understand', async () => {
      const phone = '+31611100003';
      const waId = phone.slice(1);
      await customerWrites(h, waId, { text: 'goedemiddag' });
      const thread = await eventually(async () => {
        const t = await threadOf(h, phone);
        return t && (await botMessages(h, t.id)).length > 0 ? t : undefined;
      }, 'the menu');
      await customerWrites(h, waId, {
        interactive: {
          type: 'button_reply',
          button_reply: { id: 'bot:welcome:order', title: 'Track my order' },
        },
      } as any);
      await eventually(
        async () => (await received(h, waId)).some((m) => m.includes('Wat is je bestelnummer')),
        'the order question',
      );
      await customerWrites(h, waId, { text: 'no idea' });
      await customerWrites(h, waId, { text: 'still no idea' });
      await eventually(async () => (await threadOf(h, phone))?.owner === 'human', 'the automatic handoff');
      const history = (await h.api('GET', `/v1/threads/${thread.id}`)).body.history;
      expect(history).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'handoff', reason: 'not_understood' })]),
      );
    });

    it('leaves STOP to consent: the opt-out is confirmed and the bot does not answer it', async () => {
      const phone = '+31611100004';
      const waId = phone.slice(1);
      await customerWrites(h, waId, { text: 'STOP' });
      await eventually(
        async () => (await received(h, waId)).some((m) => m.includes('no longer receive')),
        'the confirmation',
      );
      const thread = await threadOf(h, phone);
      expect(await botMessages(h, thread.id)).toEqual([]);
    });

    it('refuses invalid flows with every problem listed, and versions valid ones', async () => {
      const bad = await h.api('POST', '/v1/flows', {
        format: 'yaml',
        source: [
          'name: Broken',
          'start: welcome',
          'notUnderstood: { text: "?" }',
          'steps:',
          '  welcome: { type: menu, text: "Hi", options: [{ id: a, title: "A", goto: nowhere }] }',
          '  loop1: { type: message, text: "1", next: loop2 }',
          '  loop2: { type: message, text: "2", next: loop1 }',
          '  odd: { type: carousel }',
          '  iban: { type: message, text: "Please send us your IBAN." }',
        ].join('\n'),
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('flow.invalid');
      const codes = bad.body.error.details.problems.map((p: any) => p.code);
      expect(codes).toEqual(
        expect.arrayContaining([
          'flow.step_missing',
          'flow.cycle',
          'flow.step_type_unknown',
          'flow.menu_without_human',
          'flow.handoff_missing',
          'flow.sensitive_data_request',
        ]),
      );
      const got = await h.api('GET', '/v1/flows/1');
      expect(got.status, JSON.stringify(got.body)).toBe(200);
      const current = got.body;
      const second = await h.api('POST', '/v1/flows', { source: current.source, format: 'yaml' });
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      expect(second.body).toMatchObject({ version: 2, active: false });
      expect((await h.api('POST', '/v1/flows/2/activate')).body).toMatchObject({ version: 2, active: true });
      expect((await h.api('GET', '/v1/flows')).body.data.map((v: any) => [v.version, v.active])).toEqual([
        [2, true],
        [1, false],
      ]);
    });

    it('canned replies, tags and search by name, text and tag', async () => {
      const created = await h.api('POST', '/v1/canned-replies', {
        shortcut: '/hours',
        title: 'Hours',
        text: 'We open at 08:00.',
      });
      expect(created.status).toBe(201);
      expect((await h.api('POST', '/v1/canned-replies', { shortcut: 'hours', text: 'x' })).status).toBe(409);
      const phone = '+31611100005';
      await h.raw(
        'POST',
        `/sandbox/customers/${phone.slice(1)}/messages`,
        JSON.stringify({ text: 'Do you sell decaf beans?', name: 'Ingrid Koffie' }),
        {
          'content-type': 'application/json',
        },
      );
      const thread = await eventually(async () => threadOf(h, phone), 'the thread');
      await h.api('PATCH', `/v1/threads/${thread.id}`, { tags: ['Wholesale'] });
      const ids = async (q: string) =>
        (await h.api('GET', `/v1/threads?${q}`)).body.data.map((t: any) => t.id);
      await eventually(async () => (await ids('q=decaf')).includes(thread.id), 'search by text');
      expect(await ids('q=ingrid')).toEqual([thread.id]);
      expect(await ids('tag=wholesale')).toEqual([thread.id]);
      const viaCanned = await h.api('POST', `/v1/threads/${thread.id}/reply`, {
        cannedReplyId: created.body.id,
      });
      expect(viaCanned.status).toBe(202);
      expect((await h.api('DELETE', `/v1/canned-replies/${created.body.id}`)).status).toBe(204);
    });
  });
}
