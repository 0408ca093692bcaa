// Every opt-in channel end to end: from the channel's input to the ledger to a policy decision, on every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { BUSINESS_NAME, eventually, startHarness, type Harness } from '../support/harness.ts';

const json = { 'content-type': 'application/json' };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

for (const database of testDatabases()) {
  describe(`[${database.name}] consent channels`, () => {
    let h: Harness;
    let cleanup: () => Promise<void>;
    let info: { displayPhoneNumber: string };

    const consentOf = async (e164: string) =>
      (await h.api('GET', `/v1/contacts/${encodeURIComponent(e164)}/consent`)).body;
    /** The policy's answer for a template of the category (order_updates: UTILITY, offers: MARKETING). */
    const allowed = async (e164: string, template: 'order_ready' | 'spring_offer') =>
      (
        await h.api('POST', '/v1/policy/check', {
          to: e164,
          template: {
            name: template,
            language: 'en',
            parameters: template === 'order_ready' ? ['Ann', 'A-1'] : [],
          },
        })
      ).body;
    const customerWrites = (waId: string, body: unknown) =>
      h.raw('POST', `/sandbox/customers/${waId}/messages`, JSON.stringify(body), json);
    const inbox = async (waId: string) =>
      (await h.raw('GET', `/sandbox/customers/${waId}/inbox`, undefined)).body.data;

    beforeAll(async () => {
      const created = await database.create();
      cleanup = created.cleanup;
      h = await startHarness(created.target);
      info = (await h.raw('GET', '/sandbox/info', undefined)).body;
      const templates = [
        {
          name: 'order_ready',
          language: 'en',
          category: 'UTILITY',
          components: [
            {
              type: 'BODY',
              text: 'Hi {{1}}, your order {{2}} is ready for pickup.',
              example: { body_text: [['Ann', 'A-1']] },
            },
          ],
        },
        {
          name: 'spring_offer',
          language: 'en',
          category: 'MARKETING',
          components: [{ type: 'BODY', text: 'Our spring menu is here: 20% off every latte this week.' }],
        },
      ];
      for (const t of templates) expect((await h.api('POST', '/v1/templates', t)).status).toBe(201);
      await eventually(async () => {
        const list = (await h.api('GET', '/v1/templates')).body.data as { status: string }[];
        return list.length === 2 && list.every((t) => t.status === 'APPROVED');
      }, 'template approval');
    }, 60_000);
    afterAll(async () => {
      await h?.stop();
      await cleanup?.();
    });

    it('website: the hosted page shows an unticked box, the business, topics and a privacy link', async () => {
      const page = await h.raw('GET', '/o/acme-coffee?phone=%2B31611111111', undefined);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = page.body as string;
      expect(html).toContain(BUSINESS_NAME);
      expect(html).toMatch(/<input type="checkbox" name="consent" value="yes" required>/);
      expect(html).not.toMatch(/name="consent"[^>]*checked/);
      expect(html).toContain('value="+31611111111"');
      expect(html).toContain('value="offers"');
      expect(html).toContain('href="/o/acme-coffee/privacy"');
      expect(html).toContain('/o/assets/libphonenumber.js');
      expect((await h.raw('GET', '/o/assets/libphonenumber.js', undefined)).body.length).toBeGreaterThan(
        10_000,
      );
      expect((await h.raw('GET', '/o/no-such-business', undefined)).status).toBe(404);
      const widget = await h.raw('GET', '/widget.js', undefined);
      expect(widget.headers.get('content-type')).toContain('javascript');
      expect(widget.body).toContain("customElements.define('greenlight-opt-in'");
      const form = (await h.raw('GET', '/o/acme-coffee/form.json?lang=nl', undefined)).body;
      expect(form.sentence).toContain('via WhatsApp');
      expect(JSON.stringify(form)).not.toMatch(/biz_|31611111111/);
      const check = (
        await h.raw('GET', '/v1/public/phone-check?number=0031%206%2012%2034%2056%2078', undefined)
      ).body;
      expect(check).toMatchObject({ valid: true, e164: '+31612345678' });
      expect((await h.raw('GET', '/v1/public/phone-check?number=12', undefined)).body.valid).toBe(false);
    });

    it('website: a submission records the exact wording with IP and user agent, and the policy allows', async () => {
      const phone = '+31611111111';
      expect((await allowed(phone, 'order_ready')).allowed).toBe(false);
      const unticked = await h.raw(
        'POST',
        '/o/acme-coffee',
        `phone=${encodeURIComponent(phone)}&categories=order_updates`,
        {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      );
      expect(unticked.status).toBe(422);
      expect(unticked.body.error.code).toBe('consent.checkbox_unticked');
      const r = await h.raw(
        'POST',
        '/o/acme-coffee',
        `phone=${encodeURIComponent(phone)}&consent=yes&categories=order_updates&categories=offers&lang=en`,
        { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TestBrowser/1.0' },
      );
      expect(r.status).toBe(201);
      expect(r.body).toContain('Thank you');
      const c = await consentOf(phone);
      expect(c.categories.order_updates).toMatchObject({ state: 'opted_in', channel: 'website' });
      const e = c.events.find((x: { category: string }) => x.category === 'offers');
      expect(e.wording).toBe(
        `Yes, ${BUSINESS_NAME} may send me messages on WhatsApp about the topics I tick below. [Order updates; Offers and news]`,
      );
      expect(e.evidence).toMatchObject({
        userAgent: 'TestBrowser/1.0',
        ip: expect.any(String),
        source: 'website',
      });
      expect((await allowed(phone, 'order_ready')).allowed).toBe(true);
      expect((await allowed(phone, 'spring_offer')).allowed).toBe(true);
    });

    it('website double opt-in: nothing is recorded until the person sends the code from WhatsApp', async () => {
      expect((await h.api('PUT', '/v1/consent/channels', { doubleOptIn: true })).status).toBe(200);
      const waId = '31622222222';
      const r = await h.raw(
        'POST',
        '/o/acme-coffee',
        `phone=%2B${waId}&consent=yes&categories=order_updates`,
        {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      );
      expect(r.status).toBe(202);
      expect(r.body.confirmLink).toBe(
        `https://wa.me/${info.displayPhoneNumber}?text=CONFIRM%20${r.body.code}`,
      );
      expect((await consentOf(`+${waId}`)).events).toHaveLength(0);
      // The code from another number confirms nothing.
      await customerWrites('31633333333', { text: `CONFIRM ${r.body.code}` });
      await customerWrites(waId, { text: `CONFIRM ${r.body.code}` });
      await eventually(
        async () => (await allowed(`+${waId}`, 'order_ready')).allowed,
        'the confirmed opt-in',
      );
      const c = await consentOf(`+${waId}`);
      expect(c.events[0].evidence).toMatchObject({
        doubleOptIn: true,
        confirmationWamid: expect.stringMatching(/^wamid\./),
      });
      expect((await consentOf('+31633333333')).events).toHaveLength(0);
      await eventually(
        async () => (await inbox(waId)).some((m: any) => m.message.text?.body?.includes('confirmed')),
        'the confirmation reply',
      );
      await h.api('PUT', '/v1/consent/channels', { doubleOptIn: false });
    });

    it('click-to-chat and QR: a wa.me link with the keyword, as SVG and PNG', async () => {
      const r = await h.api('GET', '/v1/consent/click-to-chat?keyword=join');
      expect(r.status).toBe(200);
      expect(r.body.link).toBe(`https://wa.me/${info.displayPhoneNumber}?text=JOIN`);
      const svg = await h.api('GET', '/v1/consent/qr.svg?keyword=JOIN');
      expect(svg.headers.get('content-type')).toContain('image/svg+xml');
      expect(svg.body).toContain('<svg');
      const png = await fetch(`${h.url}/v1/consent/qr.png?keyword=JOIN&size=256`, {
        headers: { authorization: 'Bearer glk_test_key_0123456789abcdef' },
      });
      expect(png.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(PNG.subarray(0, 8));
      expect((await h.api('GET', '/v1/consent/click-to-chat?keyword=NOPE')).body.error.code).toBe(
        'consent.keyword_unknown',
      );
      expect((await h.raw('GET', '/v1/consent/qr.svg?keyword=JOIN', undefined)).status).toBe(401);
    });

    it('in-thread: the keyword gets consent questions; the tap is the opt-in with the question as wording', async () => {
      const waId = '31644444444';
      await customerWrites(waId, { text: 'join!' });
      const questions = await eventually(async () => {
        const got = (await inbox(waId)).filter((m: { type: string }) => m.type === 'interactive');
        return got.length >= 4 ? got : undefined;
      }, 'the consent questions');
      const offers = questions.find((m: any) =>
        m.message.interactive.action.buttons.some((b: any) => b.reply.id === 'consent:offers:yes'),
      );
      expect(offers.message.interactive.body.text).toContain(BUSINESS_NAME);
      expect((await allowed(`+${waId}`, 'spring_offer')).allowed).toBe(false);
      await customerWrites(waId, {
        interactive: {
          type: 'button_reply',
          button_reply: { id: 'consent:offers:yes', title: 'Yes, please' },
        },
        context: { id: offers.wamid },
      });
      await eventually(
        async () => (await allowed(`+${waId}`, 'spring_offer')).allowed,
        'the in-thread opt-in',
      );
      const c = await consentOf(`+${waId}`);
      expect(c.categories.offers).toMatchObject({ state: 'opted_in', channel: 'whatsapp' });
      expect(c.events[0].wording).toBe(offers.message.interactive.body.text);
      // Writing in opened the window but created no other consent.
      expect((await allowed(`+${waId}`, 'order_ready')).allowed).toBe(false);
      await customerWrites(waId, {
        interactive: {
          type: 'button_reply',
          button_reply: { id: 'consent:order_updates:no', title: 'No, thanks' },
        },
      });
      await eventually(
        async () => (await consentOf(`+${waId}`)).categories.order_updates.state === 'opted_out',
        'the no',
      );
    });

    it('SMS: keyword, question, YES records the opt-in; STOP by SMS opts out', async () => {
      const from = '+31655555555';
      const a = await h.raw(
        'POST',
        '/sandbox/sms/inbound',
        JSON.stringify({ from, text: 'JOIN', id: 'sms-1' }),
        json,
      );
      expect(a.body.result.outcome).toBe('asked');
      const out = (await h.raw('GET', `/sandbox/sms/outbox?to=${encodeURIComponent(from)}`, undefined)).body
        .data;
      expect(out).toHaveLength(1);
      expect(out[0].text).toContain('reply YES');
      const dup = await h.raw(
        'POST',
        '/sandbox/sms/inbound',
        JSON.stringify({ from, text: 'JOIN', id: 'sms-1' }),
        json,
      );
      expect(dup.body.result.outcome).toBe('duplicate');
      const y = await h.raw('POST', '/sandbox/sms/inbound', JSON.stringify({ from, text: 'yes' }), json);
      expect(y.body.result.outcome).toBe('opted_in');
      const c = await consentOf(from);
      expect(c.categories.order_updates).toMatchObject({ state: 'opted_in', channel: 'sms' });
      expect(c.events[0].wording).toBe(out[0].text);
      expect((await allowed(from, 'order_ready')).allowed).toBe(true);
      // The documented provider webhook (API key) does the same as the sandbox adapter.
      const stop = await h.api('POST', '/v1/channels/sms/inbound', { id: 'prov-9', from, text: 'STOP' });
      expect(stop.body.outcome).toBe('opted_out');
      expect((await allowed(from, 'order_ready')).allowed).toBe(false);
    });

    it('IVR: DTMF 1 records the opt-in with the call id and the prompt; other keys record nothing', async () => {
      const caller = '+31666666666';
      const promptText = `Press 1 to get order updates from ${BUSINESS_NAME} on WhatsApp.`;
      const no = await h.api('POST', '/v1/channels/ivr', {
        callId: 'call-0',
        caller,
        digits: '2',
        promptText,
      });
      expect(no.body).toMatchObject({ recorded: false, reason: 'declined' });
      const r = await h.api('POST', '/v1/channels/ivr', {
        callId: 'call-1',
        caller,
        digits: '1',
        promptText,
        categories: ['order_updates'],
      });
      expect(r.status).toBe(201);
      const again = await h.api('POST', '/v1/channels/ivr', {
        callId: 'call-1',
        caller,
        digits: '1',
        promptText,
        categories: ['order_updates'],
      });
      expect(again.body.reason).toBe('duplicate');
      const c = await consentOf(caller);
      expect(c.events).toHaveLength(1);
      expect(c.events[0]).toMatchObject({
        channel: 'ivr',
        wording: promptText,
        evidence: expect.objectContaining({ callId: 'call-1' }),
      });
      expect((await allowed(caller, 'order_ready')).allowed).toBe(true);
      expect((await allowed(caller, 'spring_offer')).allowed).toBe(false);
      const bad = await h.api('POST', '/v1/channels/ivr', {
        callId: 'call-2',
        caller,
        digits: '1',
        promptText: 'Press 1 for news.',
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('consent.wording_invalid');
    });

    it('missed call: an SMS with the prefilled hosted page; the opt-in is recorded only there', async () => {
      const caller = '+31612340077';
      const r = await h.api('POST', '/v1/channels/missed-call', {
        caller,
        callId: 'mc-1',
        calledAt: '2025-05-01T10:00:00Z',
      });
      expect(r.body).toMatchObject({ sent: true });
      expect(r.status).toBe(202);
      expect(
        (await h.api('POST', '/v1/channels/missed-call', { caller, callId: 'mc-1' })).body.duplicate,
      ).toBe(true);
      const sms = (await h.raw('GET', `/sandbox/sms/outbox?to=${encodeURIComponent(caller)}`, undefined)).body
        .data;
      expect(sms).toHaveLength(1);
      const link = /https?:\/\/\S+/.exec(sms[0].text)![0];
      expect((await consentOf(caller)).events).toHaveLength(0);
      const page = await h.raw('GET', link.replace(h.url, ''), undefined);
      expect(page.body).toContain('value="+31612340077"');
      expect(page.body).toContain('value="missed_call"');
      const post = await h.raw(
        'POST',
        '/o/acme-coffee',
        `phone=%2B31612340077&consent=yes&categories=offers&source=missed_call&callId=mc-1`,
        {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      );
      expect(post.status).toBe(201);
      const c = await consentOf(caller);
      expect(c.events[0]).toMatchObject({
        channel: 'missed_call',
        evidence: expect.objectContaining({ callId: 'mc-1' }),
      });
      expect((await allowed(caller, 'spring_offer')).allowed).toBe(true);
    });

    it('paper: the signed form is typed by its bytes, size-limited, hashed and stored; staff is the actor', async () => {
      const phone = '%2B31688888888';
      const form = (file: Blob, fields: Record<string, string>) => {
        const f = new FormData();
        for (const [k, v] of Object.entries(fields)) f.append(k, v);
        f.append('file', file, 'form.png');
        return f;
      };
      const fields = {
        staffId: 'staff-42',
        categories: 'order_updates',
        wording: `I agree that ${BUSINESS_NAME} sends me order updates on WhatsApp.`,
      };
      const post = (body: FormData) =>
        fetch(`${h.url}/v1/contacts/${phone}/opt-ins/paper`, {
          method: 'POST',
          body,
          headers: { authorization: 'Bearer glk_test_key_0123456789abcdef' },
        });
      const wrong = await post(form(new Blob([Buffer.from('MZ fake executable')]), fields));
      expect(wrong.status).toBe(422);
      expect(((await wrong.json()) as any).error.code).toBe('consent.document_type');
      const big = await post(form(new Blob([PNG, Buffer.alloc(5 * 1024 * 1024)]), fields));
      expect(big.status).toBeGreaterThanOrEqual(400);
      expect(big.status).toBeLessThan(500);
      const ok = await post(form(new Blob([PNG, Buffer.from('signed')]), fields));
      expect(ok.status).toBe(201);
      const body = (await ok.json()) as any;
      expect(body).toMatchObject({ mimeType: 'image/png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const c = await consentOf('+31688888888');
      expect(c.events).toHaveLength(1);
      expect(c.events[0]).toMatchObject({
        channel: 'paper',
        actor: 'agent',
        evidence: expect.objectContaining({ staffId: 'staff-42', documentSha256: body.sha256 }),
      });
      const doc = await fetch(`${h.url}/v1/consent/documents/${body.documentId}`, {
        headers: { authorization: 'Bearer glk_test_key_0123456789abcdef' },
      });
      expect(doc.headers.get('content-type')).toBe('image/png');
      expect((await allowed('+31688888888', 'order_ready')).allowed).toBe(true);
    });

    it('import: valid rows go in, rows without evidence or with odd numbers are rejected per row', async () => {
      const csv = [
        'phone,categories,channel,wording,language,occurred_at,evidence_source,evidence_form_id',
        `+31 6 1234 0001,offers,website,"Yes, ${BUSINESS_NAME} may send me offers on WhatsApp.",en,2024-03-01T10:00:00Z,shop signup,F-1`,
        `0031 (0)6-1234-0002,order_updates;offers,paper,"Yes, ${BUSINESS_NAME} may send me updates on WhatsApp.",en,2024-03-02,,F-2`,
        `+31 6 1234 0003,offers,website,"Yes, ${BUSINESS_NAME} may send me offers on WhatsApp.",en,2024-03-01,,`,
        `not a phone,offers,website,"Yes, ${BUSINESS_NAME} may send me offers on WhatsApp.",en,2024-03-01,x,`,
        `+31612340005,offers,website,Send me offers,en,2024-03-01,x,`,
        `+31612340006,offers,website,"Yes, ${BUSINESS_NAME} may send me offers on WhatsApp.",en,03/04/2024,x,`,
      ].join('\n');
      const r = await h.api('POST', '/v1/consent/imports', undefined, {}).then(() =>
        h.raw('POST', '/v1/consent/imports', csv, {
          authorization: 'Bearer glk_test_key_0123456789abcdef',
          'content-type': 'text/csv',
        }),
      );
      expect(r.status).toBe(201);
      expect(r.body.imported).toBe(2);
      expect(r.body.rejected.map((x: { line: number; code: string }) => [x.line, x.code])).toEqual([
        [4, 'evidence.missing'],
        [5, 'phone.invalid'],
        [6, 'consent.wording_invalid'],
        [7, 'occurred_at.invalid'],
      ]);
      expect((await consentOf('+31612340002')).events[0]).toMatchObject({
        channel: 'paper',
        actor: 'import',
      });
      expect((await allowed('+31612340001', 'spring_offer')).allowed).toBe(true);
      expect((await allowed('+31612340003', 'spring_offer')).allowed).toBe(false);
      const malformed = await h.raw('POST', '/v1/consent/imports', 'phone,categories\n"unclosed', {
        authorization: 'Bearer glk_test_key_0123456789abcdef',
        'content-type': 'text/csv',
      });
      expect(malformed.status).toBe(422);
      const huge = await h.raw('POST', '/v1/consent/imports', 'phone,x\n' + 'a'.repeat(11 * 1024 * 1024), {
        authorization: 'Bearer glk_test_key_0123456789abcdef',
        'content-type': 'text/csv',
      });
      expect(huge.status).toBe(413);
    });
  });
}
