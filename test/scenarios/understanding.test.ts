// The understanding component's unsure paths end to end against the sandbox: an unsure opt-out gets the three-button
// question (the tap is the opt-out, with the question's wording; "No, keep them" records nothing) and flags the
// thread; an unsure request for a person gets the bot's offer of a person; marketing wording in a UTILITY template
// is refused at creation with the explanation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { customerWrites, GENERAL_WORDING, optIn } from '../support/customers.ts';
import { eventually, startHarnessOn, type Harness } from '../support/harness.ts';
import { threadOf } from '../support/inbox.ts';

const QUESTION = 'Do you want to stop receiving messages from Acme Coffee?';

const consentOf = async (h: Harness, phone: string) =>
  (await h.api('GET', `/v1/contacts/${encodeURIComponent(phone)}/consent`)).body;

/** What the customer received, newest last, as the sandbox shows it. */
const received = async (h: Harness, waId: string): Promise<any[]> =>
  (await h.raw('GET', `/sandbox/customers/${waId}/inbox`, undefined)).body.data;

const bodyOf = (m: any): string => m.message?.text?.body ?? m.message?.interactive?.body?.text ?? '';
const buttonsOf = (m: any): { id: string; title: string }[] =>
  m.message?.interactive?.action?.buttons?.map((b: any) => b.reply) ?? [];

/** The customer taps a reply button; resolves once the platform processed the tap. */
async function taps(h: Harness, waId: string, id: string, title: string): Promise<void> {
  const k = h.platform.db.kysely;
  const count = async () =>
    (await k.selectFrom('inbound_messages').select('id').where('wa_id', '=', waId).execute()).length;
  const before = await count();
  const r = await h.raw(
    'POST',
    `/sandbox/customers/${waId}/messages`,
    JSON.stringify({ interactive: { type: 'button_reply', button_reply: { id, title } } }),
    { 'content-type': 'application/json' },
  );
  if (r.status >= 300) throw new Error(`sandbox: ${r.status} ${JSON.stringify(r.body)}`);
  await eventually(async () => (await count()) > before, 'the tap');
}

for (const database of testDatabases()) {
  describe(`[${database.name}] understanding: the unsure paths`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarnessOn(database, { GREENLIGHT_SANDBOX_EXAMPLE_FLOW: 'on' });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('asks when unsure about an opt-out; "Stop everything" records it with the question as wording, and the message is flagged', async () => {
      const phone = '+31622300101';
      await optIn(h, phone, ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622300101', { text: 'these messages are annoying' });
      // Nothing recorded yet: the classifier was not sure enough to act.
      expect((await consentOf(h, phone)).events.filter((e: any) => e.action === 'opt_out')).toEqual([]);
      const question = await eventually(
        async () => (await received(h, '31622300101')).find((m) => bodyOf(m) === QUESTION),
        'the opt-out question',
      );
      expect(buttonsOf(question).map((b) => b.title)).toEqual([
        'Stop everything',
        'Only offers',
        'No, keep them',
      ]);
      // The unsure message is flagged on the thread for a person, and the bot did not answer it.
      const thread = await threadOf(h, phone);
      expect(thread.tags).toContain('opt-out-unsure');
      const detail = (await h.api('GET', `/v1/threads/${thread.id}`)).body;
      expect(detail.history).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'flagged', reason: 'opt_out_unsure' })]),
      );
      expect(detail.messages.filter((m: any) => m.author === 'bot')).toEqual([]);

      await taps(h, '31622300101', 'optq:all', 'Stop everything');
      const c = await consentOf(h, phone);
      expect(c.categories.order_updates.state).toBe('opted_out');
      expect(c.categories.offers.state).toBe('opted_out');
      const ev = c.events.find((e: any) => e.action === 'opt_out');
      expect(ev).toMatchObject({ category: '*', channel: 'whatsapp', actor: 'customer', wording: QUESTION });
      expect(ev.evidence).toMatchObject({ choice: 'all', unsureText: 'these messages are annoying' });
    });

    it('"No, keep them" records nothing', async () => {
      const phone = '+31622300102';
      await optIn(h, phone, ['order_updates', 'offers'], GENERAL_WORDING);
      await customerWrites(h, '31622300102', { text: 'too many messages honestly' });
      await eventually(
        async () => (await received(h, '31622300102')).some((m) => bodyOf(m) === QUESTION),
        'the opt-out question',
      );
      await taps(h, '31622300102', 'optq:keep', 'No, keep them');
      const c = await consentOf(h, phone);
      expect(c.events.filter((e: any) => e.action === 'opt_out')).toEqual([]);
      expect(c.categories.offers.state).toBe('opted_in');
    });

    it('offers a person instead of "I didn\'t get that" when unsure the customer asked for one', async () => {
      // A Dutch number: the example flow speaks Dutch to it, and so does the offer.
      const waId = '31622300103';
      await customerWrites(h, waId, { text: 'menu' });
      await customerWrites(h, waId, { text: 'I need help' });
      const offer = await eventually(
        async () => (await received(h, waId)).find((m) => bodyOf(m) === 'Wil je iemand van ons spreken?'),
        'the offer of a person',
      );
      expect(buttonsOf(offer)).toEqual([{ id: 'bot-handoff', title: 'Een medewerker' }]);
      expect((await received(h, waId)).some((m) => bodyOf(m).startsWith('Sorry, dat begreep ik niet'))).toBe(
        false,
      );
      await taps(h, waId, 'bot-handoff', 'Een medewerker');
      await eventually(async () => (await threadOf(h, `+${waId}`))?.owner === 'human', 'the handoff');
    });

    it('refuses a UTILITY template that upsells, with the explanation', async () => {
      const r = await h.api('POST', '/v1/templates', {
        name: 'order_upsell',
        language: 'en',
        category: 'UTILITY',
        components: [
          {
            type: 'BODY',
            text: 'Your order {{1}} is on its way. Add a matching saucer for just €3 more.',
            example: { body_text: [['A-1']] },
          },
        ],
      });
      expect(r.status).toBe(422);
      const p = r.body.error.details.problems.find((x: any) => x.code === 'template.marketing_in_utility');
      expect(p.message).toMatch(/for just €3 more.*upsell/);
    });
  });
}
