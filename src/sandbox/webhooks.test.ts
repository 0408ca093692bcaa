// Webhook behaviour of the sandbox: status sequences with pricing, async failures, signatures, batching, retries and faults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../wire/meta-json.ts';
import { startTestRig, TEST_IDS, type TestRig } from './test-support.ts';

const P = TEST_IDS.phoneNumberId;
const T0 = Date.parse('2026-01-15T10:00:00Z') / 1000;

describe('sandbox webhooks', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startTestRig({ throughputMps: 1000 });
  });
  afterEach(async () => rig.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    rig.app.inject({ method: 'POST', url, payload: payload as object, headers });
  const send = async (payload: Record<string, unknown>, version = 'v23.0') => {
    const r = await post(
      `/sandbox/graph/${version}/${P}/messages`,
      { messaging_product: 'whatsapp', ...payload },
      rig.auth,
    );
    expect(r.statusCode).toBe(200);
    return r.json().messages[0].id as string;
  };
  const customerWrites = async (waId: string, body: Record<string, unknown>) => {
    const r = await post(`/sandbox/customers/${waId}/messages`, body);
    expect(r.statusCode).toBe(200);
    return r.json().wamid as string;
  };
  const statusesOf = (wamid: string) => rig.statuses().filter((s) => s.id === wamid);

  it('reports sent, delivered and read with PMP pricing, and a per-message conversation on sent for v23', async () => {
    await customerWrites('31612345678', { text: 'hello' });
    const wamid = await send({
      to: '31612345678',
      type: 'text',
      text: { body: 'hi' },
      biz_opaque_callback_data: 'order-17',
    });
    await rig.sandbox.drain();
    const [sent, delivered, read] = statusesOf(wamid);
    expect(statusesOf(wamid).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const service = {
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'service',
    };
    expect(sent).toMatchObject({
      recipient_id: '31612345678',
      biz_opaque_callback_data: 'order-17',
      pricing: service,
      timestamp: String(T0),
    });
    expect(sent!.conversation).toMatchObject({
      origin: { type: 'service' },
      expiration_timestamp: String(T0 + 86_400),
    });
    expect((sent!.conversation as { id: string }).id).toMatch(/^[0-9a-f]{32}$/);
    expect(delivered).toMatchObject({ pricing: service, biz_opaque_callback_data: 'order-17' });
    expect(delivered!.conversation).toBeUndefined();
    expect(read!.pricing).toBeUndefined();
    expect(Number(sent!.timestamp)).toBeLessThan(Number(delivered!.timestamp));
    expect(Number(delivered!.timestamp)).toBeLessThan(Number(read!.timestamp));
    // Envelope per meta-rules.md#webhook-envelope.
    const envelope = rig.receiver.received[rig.receiver.received.length - 1]!.body;
    expect(envelope.object).toBe('whatsapp_business_account');
    expect(envelope.entry[0]!.id).toBe(TEST_IDS.wabaId);
    expect(envelope.entry[0]!.changes[0]!.field).toBe('messages');
    expect(envelope.entry[0]!.changes[0]!.value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: P },
    });
  });

  it('prices templates by category and window, and leaves out conversation from v24', async () => {
    await post(
      `/sandbox/graph/v23.0/${TEST_IDS.wabaId}/message_templates`,
      {
        name: 'shipped',
        category: 'UTILITY',
        language: 'en',
        components: [
          { type: 'BODY', text: 'Your order {{1}} has shipped.', example: { body_text: [['A-1']] } },
        ],
      },
      rig.auth,
    );
    await rig.sandbox.drain();
    const utility = {
      type: 'template',
      template: {
        name: 'shipped',
        language: { code: 'en' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'A-9' }] }],
      },
    };
    const outside = await send({ to: '31622222222', ...utility }, 'v24.0');
    await customerWrites('31622222222', { text: 'where is my order?' });
    const inside = await send({ to: '31622222222', ...utility });
    const marketing = await send({
      to: '31622222222',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    await rig.sandbox.drain();
    expect(statusesOf(outside)[0]).toMatchObject({
      pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
    });
    expect(statusesOf(outside)[0]!.conversation).toBeUndefined();
    expect(statusesOf(inside)[0]!.pricing).toEqual({
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'utility',
    });
    expect(statusesOf(marketing)[0]).toMatchObject({
      pricing: { billable: true, type: 'regular', category: 'marketing' },
      conversation: { origin: { type: 'marketing' } },
    });
    expect(statusesOf(marketing)[1]!.pricing).toEqual({
      billable: true,
      pricing_model: 'PMP',
      type: 'regular',
      category: 'marketing',
    });
  });

  it('fails free-form messages with 131047 once the window has closed on the test clock', async () => {
    await customerWrites('31633333333', { text: 'hi' });
    const inWindow = await send({ to: '31633333333', type: 'text', text: { body: 'within 24 h' } });
    await post('/sandbox/clock', { advanceSeconds: 25 * 3600 });
    const late = await send({ to: '31633333333', type: 'text', text: { body: 'too late' } });
    await rig.sandbox.drain();
    expect(statusesOf(inWindow)[0]!.status).toBe('sent');
    expect(statusesOf(late)).toHaveLength(1);
    expect(statusesOf(late)[0]).toMatchObject({
      status: 'failed',
      recipient_id: '31633333333',
      timestamp: String(T0 + 25 * 3600),
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: { details: expect.stringContaining('24 hours') },
        },
      ],
    });
    expect(statusesOf(late)[0]!.pricing).toBeUndefined();
  });

  it('fails with 131026 for customers not on WhatsApp, numbers ending in 0000 and customers who blocked the business', async () => {
    await post('/sandbox/customers/+31644444444', { onWhatsApp: false });
    await post('/sandbox/customers/31655555555/actions', { action: 'block' });
    const template = { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
    const ids = [
      await send({ to: '31644444444', ...template }),
      await send({ to: '31612340000', ...template }),
      await send({ to: '31655555555', ...template }),
    ];
    await post('/sandbox/customers/31655555555/actions', { action: 'unblock' });
    const afterUnblock = await send({ to: '31655555555', ...template });
    await rig.sandbox.drain();
    for (const id of ids)
      expect(statusesOf(id)).toMatchObject([
        { status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] },
      ]);
    expect(statusesOf(afterUnblock)[0]!.status).toBe('sent');
    const quality = (await rig.app.inject({ method: 'GET', url: '/sandbox/phone-number' })).json();
    expect(quality.qualitySignals.blocks).toBe(1);
  });

  it('emits user_preferences on stop/resume and fails marketing templates with 131050 while stopped, not utility', async () => {
    await post('/sandbox/customers/31666666666/actions', { action: 'stop_marketing' });
    const marketing = await send({
      to: '31666666666',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    await post('/sandbox/customers/31666666666/actions', { action: 'resume_marketing' });
    const after = await send({
      to: '31666666666',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    await rig.sandbox.drain();
    expect(statusesOf(marketing)).toMatchObject([{ status: 'failed', errors: [{ code: 131050 }] }]);
    expect(statusesOf(after)[0]!.status).toBe('sent');
    const prefs = rig.changes('user_preferences');
    expect(prefs).toHaveLength(2);
    expect(prefs[0]).toEqual({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: P },
      contacts: [{ wa_id: '31666666666' }],
      user_preferences: [
        {
          wa_id: '31666666666',
          detail: 'User requested to stop marketing messages',
          category: 'marketing_messages',
          value: 'stop',
          timestamp: T0,
        },
      ],
    });
    expect((prefs[1]!.user_preferences as { value: string }[])[0]!.value).toBe('resume');
  });

  it('sends only `sent` for reactions, and no `read` for customers with autoRead off until they write', async () => {
    await post('/sandbox/customers/31677777777', { autoRead: false, name: 'Sheena Nelson' });
    const inbound = await customerWrites('31677777777', { text: 'hi' });
    const reaction = await send({
      to: '31677777777',
      type: 'reaction',
      reaction: { message_id: inbound, emoji: '\u{1F600}' },
    });
    const text = await send({ to: '31677777777', type: 'text', text: { body: 'hello' } });
    await rig.sandbox.drain();
    expect(statusesOf(reaction).map((s) => s.status)).toEqual(['sent']);
    expect(statusesOf(text).map((s) => s.status)).toEqual(['sent', 'delivered']);
    await customerWrites('31677777777', { text: 'thanks' });
    await rig.sandbox.drain();
    expect(statusesOf(text).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const inbox = (
      await rig.app.inject({ method: 'GET', url: '/sandbox/customers/31677777777/inbox' })
    ).json().data;
    expect(inbox.map((e: { wamid: string; status: string }) => [e.wamid, e.status])).toEqual([
      [reaction, 'sent'],
      [text, 'read'],
    ]);
    expect(inbox[1]).toMatchObject({
      type: 'text',
      message: { to: '31677777777', text: { body: 'hello' } },
      statuses: [{ status: 'sent' }, { status: 'delivered' }, { status: 'read' }],
    });
  });

  it('delivers customer messages with Meta shapes: text, quick-reply button with template context, interactive replies', async () => {
    await post('/sandbox/customers/16505551234', { name: 'Sheena Nelson' });
    const textId = await customerWrites('16505551234', { text: 'Does it come in another color?' });
    const template = await send({
      to: '16505551234',
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
    const tap = await customerWrites('16505551234', {
      button: { payload: 'Unsubscribe', text: 'Unsubscribe' },
    });
    const buttons = await send({
      to: '16505551234',
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Change?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'cancel-button', title: 'Cancel' } }] },
      },
    });
    const reply = await customerWrites('16505551234', {
      interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
    });
    const list = await customerWrites('16505551234', {
      interactive: {
        type: 'list_reply',
        id: 'priority_express',
        title: 'Priority Mail Express',
        description: 'Next Day to 2 Days',
      },
      context: { id: buttons },
    });
    await rig.sandbox.drain();
    const values = rig.changes('messages').filter((v) => Array.isArray(v.messages));
    const messages = values.flatMap((v) => v.messages as Record<string, unknown>[]);
    expect(values[0]!.contacts).toEqual([{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }]);
    expect(messages).toEqual([
      {
        from: '16505551234',
        id: textId,
        timestamp: String(T0),
        type: 'text',
        text: { body: 'Does it come in another color?' },
      },
      {
        context: { from: '15550783881', id: template },
        from: '16505551234',
        id: tap,
        timestamp: String(T0),
        type: 'button',
        button: { payload: 'Unsubscribe', text: 'Unsubscribe' },
      },
      {
        context: { from: '15550783881', id: buttons },
        from: '16505551234',
        id: reply,
        timestamp: String(T0),
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
      },
      {
        context: { from: '15550783881', id: buttons },
        from: '16505551234',
        id: list,
        timestamp: String(T0),
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: {
            id: 'priority_express',
            title: 'Priority Mail Express',
            description: 'Next Day to 2 Days',
          },
        },
      },
    ]);
    expect(textId).toMatch(/^wamid\.HBgLMTY1MDU1NTEyMzQVAgAS/);
    expect((await post('/sandbox/customers/abc/messages', { text: 'x' })).statusCode).toBe(400);
    expect(
      (
        await post('/sandbox/customers/16505551234/messages', {
          text: 'x',
          button: { payload: 'a', text: 'b' },
        })
      ).json().error.code,
    ).toBe('sandbox.invalid_request');
  });

  it('signs the exact bytes, escaping non-ASCII as lowercase \\u and "/" as "\\/"', async () => {
    await post('/sandbox/customers/31688888888', { name: 'Jürgen' });
    await customerWrites('31688888888', { text: 'Grüße / ☕' });
    await rig.sandbox.drain();
    const hit = rig.receiver.received.find((r) => r.raw.toString('latin1').includes('Gr'))!;
    const raw = hit.raw.toString('latin1');
    expect(raw).toContain('Gr\\u00fc\\u00dfe \\/ \\u2615');
    expect(raw).toContain('J\\u00fcrgen');
    expect(/^[\x20-\x7e]*$/.test(raw)).toBe(true);
    expect(hit.signatureValid).toBe(true);
    expect(verifySignature(hit.raw, hit.signature, TEST_IDS.appSecret)).toBe(true);
    // Signed over these bytes, not over a re-serialisation.
    expect(verifySignature(Buffer.from(JSON.stringify(hit.body)), hit.signature, TEST_IDS.appSecret)).toBe(
      false,
    );
    expect(
      (hit.body.entry[0]!.changes[0]!.value.messages as { text: { body: string } }[])[0]!.text.body,
    ).toBe('Grüße / ☕');
  });

  it('batches updates gathered within the batch window into one POST', async () => {
    const batched = await startTestRig({ throughputMps: 1000, webhookBatchMs: 200 });
    try {
      const template = {
        messaging_product: 'whatsapp',
        type: 'template',
        template: { name: 'hello_world', language: { code: 'en_US' } },
      };
      for (const to of ['31610000001', '31610000002', '31610000003']) {
        const r = await batched.app.inject({
          method: 'POST',
          url: `/sandbox/graph/v23.0/${P}/messages`,
          headers: batched.auth,
          payload: { ...template, to },
        });
        expect(r.statusCode).toBe(200);
      }
      await batched.sandbox.drain();
      expect(batched.receiver.received).toHaveLength(1);
      const statuses = batched.receiver.received[0]!.body.entry[0]!.changes[0]!.value.statuses as {
        status: string;
      }[];
      expect(statuses).toHaveLength(9);
      expect(statuses.map((s) => s.status).slice(0, 3)).toEqual(['sent', 'delivered', 'read']);
    } finally {
      await batched.close();
    }
  });

  it('retries the same signed bytes after the receiver fails twice', async () => {
    rig.receiver.respondWith = (n) => (n < 2 ? 500 : 200);
    await customerWrites('31699999999', { text: 'retry me' });
    await rig.sandbox.drain();
    expect(rig.receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const [a, b, c] = rig.receiver.received;
    expect(a!.raw.equals(b!.raw) && b!.raw.equals(c!.raw)).toBe(true);
    expect(c!.signature).toBe(a!.signature);
    const stats = (await rig.app.inject({ method: 'GET', url: '/sandbox/webhooks' })).json();
    expect(stats).toMatchObject({ pending: 0, failures: 2 });
  });

  it('holds webhooks while no webhook URL is set and delivers them once it is', async () => {
    let url: string | undefined;
    const held = await startTestRig({ throughputMps: 1000, webhookUrl: () => url });
    try {
      await held.app.inject({
        method: 'POST',
        url: '/sandbox/customers/31612121212/messages',
        payload: { text: 'queued' },
      });
      await expect(held.sandbox.drain(100)).rejects.toThrow(/not drained/);
      expect(held.receiver.received).toHaveLength(0);
      url = held.receiver.url;
      await held.sandbox.drain();
      expect(held.receiver.received).toHaveLength(1);
    } finally {
      await held.close();
    }
  });

  it('delivers a batch twice under the duplicate fault', async () => {
    await post('/sandbox/faults', { duplicateRate: 1 });
    await customerWrites('31612131415', { text: 'twice' });
    await rig.sandbox.drain();
    expect(rig.receiver.received).toHaveLength(2);
    expect(rig.receiver.received[0]!.raw.equals(rig.receiver.received[1]!.raw)).toBe(true);
    expect(rig.receiver.received.every((r) => r.signatureValid)).toBe(true);
  });

  it('shuffles the statuses of a batch under the reorder fault, so delivered or read may precede sent', async () => {
    const chaos = await startTestRig({ throughputMps: 1000, webhookBatchMs: 200, seed: 7 });
    try {
      await chaos.app.inject({ method: 'POST', url: '/sandbox/faults', payload: { reorder: true, seed: 7 } });
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await chaos.app.inject({
          method: 'POST',
          url: `/sandbox/graph/v23.0/${P}/messages`,
          headers: chaos.auth,
          payload: {
            messaging_product: 'whatsapp',
            to: `3162000001${i}`,
            type: 'template',
            template: { name: 'hello_world', language: { code: 'en_US' } },
          },
        });
        ids.push(r.json().messages[0].id);
      }
      await chaos.sandbox.drain();
      const statuses = chaos.statuses() as { id: string; status: string }[];
      expect(statuses).toHaveLength(18);
      const inOrder = ids.every(
        (id) =>
          statuses
            .filter((s) => s.id === id)
            .map((s) => s.status)
            .join() === 'sent,delivered,read',
      );
      expect(inOrder).toBe(false);
      expect(new Set(statuses.map((s) => `${s.id}/${s.status}`)).size).toBe(18);
    } finally {
      await chaos.close();
    }
  });

  it('counts reports toward the quality rating', async () => {
    for (const waId of ['31600000011', '31600000012', '31600000013'])
      await post(`/sandbox/customers/${waId}/actions`, { action: 'report' });
    const phone = await rig.app.inject({
      method: 'GET',
      url: `/sandbox/graph/v23.0/${P}?fields=quality_rating`,
      headers: rig.auth,
    });
    expect(phone.json()).toEqual({ quality_rating: 'YELLOW', id: P });
    expect((await post('/sandbox/customers/31600000011/actions', { action: 'dance' })).statusCode).toBe(400);
  });
});
