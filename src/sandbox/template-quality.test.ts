// Template quality in the sandbox: customers' blocks and reports → YELLOW → RED → paused 3 h, 6 h → disabled, on the test clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../kernel/clock.ts';
import { DEFAULT_TEMPLATE_QUALITY, TemplateLifecycle } from './template-lifecycle.ts';
import { startTestRig, TEST_IDS, type TestRig } from './test-support.ts';

const W = TEST_IDS.wabaId;
const P = TEST_IDS.phoneNumberId;
const HOUR_S = 3600;

describe('sandbox template quality and pausing', () => {
  let rig: TestRig;
  let customer = 31612000100;
  beforeEach(async () => {
    rig = await startTestRig();
  });
  afterEach(async () => rig.close());

  const graph = (method: 'GET' | 'POST', path: string, payload?: object) =>
    rig.app.inject({ method, url: `/sandbox/graph/v23.0/${path}`, headers: rig.auth, payload });
  const createApproved = async (name: string): Promise<string> => {
    const r = await graph('POST', `${W}/message_templates`, {
      name,
      category: 'UTILITY',
      language: 'en',
      components: [{ type: 'BODY', text: 'Your order is ready for pickup at the counter.' }],
    });
    expect(r.statusCode).toBe(200);
    await rig.sandbox.drain();
    return r.json().id as string;
  };
  const send = (name: string, to: string) =>
    graph('POST', `${P}/messages`, {
      messaging_product: 'whatsapp',
      to,
      type: 'template',
      template: { name, language: { code: 'en' } },
    });
  const act = (waId: string, action: string) =>
    rig.app.inject({ method: 'POST', url: `/sandbox/customers/${waId}/actions`, payload: { action } });
  const advance = (seconds: number) =>
    rig.app.inject({ method: 'POST', url: '/sandbox/clock', payload: { advanceSeconds: seconds } });
  /** n new customers receive the template, then each blocks or reports it (alternating). */
  const wave = async (name: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const waId = String(customer++);
      expect((await send(name, waId)).statusCode).toBe(200);
      await act(waId, i % 2 === 0 ? 'report' : 'block');
    }
    await rig.sandbox.drain();
  };
  const statusEvents = () => rig.changes('message_template_status_update');
  const qualityMoves = () =>
    rig
      .changes('message_template_quality_update')
      .map((e) => [e.previous_quality_score, e.new_quality_score]);
  const template = async (id: string) => (await graph('GET', `${id}?fields=status,quality_score`)).json();

  it('walks YELLOW → RED → FIRST_PAUSE → UNPAUSE → SECOND_PAUSE → UNPAUSE → DISABLED', async () => {
    const id = await createApproved('order_ready');

    // First wave: YELLOW at 2 signals, RED at 4, and RED pauses for 3 hours.
    await wave('order_ready', 1);
    expect(qualityMoves()).toEqual([]);
    await wave('order_ready', 1);
    expect(qualityMoves()).toEqual([['UNKNOWN', 'YELLOW']]);
    await wave('order_ready', 2);
    expect(qualityMoves()).toEqual([
      ['UNKNOWN', 'YELLOW'],
      ['YELLOW', 'RED'],
    ]);
    const paused = statusEvents().at(-1)!;
    expect(paused).toEqual({
      event: 'PAUSED',
      message_template_id: Number(id),
      message_template_name: 'order_ready',
      message_template_language: 'en',
      reason: 'NONE',
      message_template_category: 'UTILITY',
      other_info: {
        title: 'FIRST_PAUSE',
        description: 'Your WhatsApp message template has been paused for 3 hours due to low quality.',
      },
    });
    expect(await template(id)).toMatchObject({ status: 'PAUSED', quality_score: { score: 'RED' } });
    const refused = await send('order_ready', String(customer++));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe(132015);

    // Not yet over at 2 h 59 m of test-clock time; over at 3 h.
    await advance(3 * HOUR_S - 60);
    expect((await send('order_ready', String(customer++))).json().error.code).toBe(132015);
    await advance(60);
    await rig.sandbox.drain();
    expect(statusEvents().at(-1)).toMatchObject({
      event: 'APPROVED',
      reason: 'NONE',
      other_info: { title: 'UNPAUSE' },
    });
    expect(qualityMoves().at(-1)).toEqual(['RED', 'YELLOW']);
    expect(await template(id)).toMatchObject({ status: 'APPROVED', quality_score: { score: 'YELLOW' } });
    expect((await send('order_ready', String(customer++))).statusCode).toBe(200);

    // Second wave: the old signals were used up by the first pause, so it takes a fresh 4 to reach RED.
    await wave('order_ready', 3);
    expect(statusEvents().at(-1)!.event).toBe('APPROVED');
    await wave('order_ready', 1);
    expect(statusEvents().at(-1)).toMatchObject({
      event: 'PAUSED',
      other_info: {
        title: 'SECOND_PAUSE',
        description: 'Your WhatsApp message template has been paused for 6 hours due to low quality.',
      },
    });
    await advance(3 * HOUR_S);
    expect((await send('order_ready', String(customer++))).json().error.code).toBe(132015);
    await advance(3 * HOUR_S);
    expect((await send('order_ready', String(customer++))).statusCode).toBe(200);
    await rig.sandbox.drain();
    expect(
      statusEvents()
        .filter((e) => e.event === 'APPROVED')
        .at(-1),
    ).toMatchObject({
      other_info: { title: 'UNPAUSE' },
    });

    // Third time RED: disabled for good.
    await wave('order_ready', 4);
    const disabled = statusEvents().at(-1)!;
    expect(disabled).toMatchObject({ event: 'DISABLED', reason: 'NONE', message_template_id: Number(id) });
    expect(disabled.disable_info).toEqual({ disable_date: expect.stringMatching(/^January \d+, 2026$/) });
    expect(disabled.other_info).toBeUndefined();
    const gone = await send('order_ready', String(customer++));
    expect(gone.statusCode).toBe(400);
    expect(gone.json().error.code).toBe(132016);
    await advance(24 * HOUR_S);
    expect((await send('order_ready', String(customer++))).json().error.code).toBe(132016);
    expect(await template(id)).toMatchObject({ status: 'DISABLED' });
    expect(statusEvents().map((e) => e.event)).toEqual([
      'APPROVED',
      'PAUSED',
      'APPROVED',
      'PAUSED',
      'APPROVED',
      'DISABLED',
    ]);
  });

  it('unpauses through Graph (POST /{template-id}/unpause) before the pause is over', async () => {
    const id = await createApproved('pickup_notice');
    await wave('pickup_notice', 4);
    expect((await template(id)).status).toBe('PAUSED');
    const r = await graph('POST', `${id}/unpause`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ success: true });
    await rig.sandbox.drain();
    expect(statusEvents().at(-1)).toMatchObject({ event: 'APPROVED', other_info: { title: 'UNPAUSE' } });
    expect(await template(id)).toMatchObject({ status: 'APPROVED', quality_score: { score: 'YELLOW' } });
    expect((await send('pickup_notice', String(customer++))).statusCode).toBe(200);
    // The original pause end passing later changes nothing: no second UNPAUSE.
    await advance(3 * HOUR_S);
    await rig.sandbox.drain();
    expect(statusEvents().filter((e) => e.event === 'APPROVED')).toHaveLength(2);
    const again = await graph('POST', `${id}/unpause`);
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe(100);
  });

  it('blames only the template the customer last received, once per customer and kind', async () => {
    const a = await createApproved('first_notice');
    const b = await createApproved('second_notice');
    const waId = String(customer++);
    // Feedback from someone who never received a template counts for the number only.
    await act(String(customer++), 'report');
    await send('first_notice', waId);
    await send('second_notice', waId);
    await act(waId, 'report');
    await act(waId, 'report');
    await act(waId, 'report');
    await rig.sandbox.drain();
    expect(qualityMoves()).toEqual([]);
    await act(waId, 'block');
    await rig.sandbox.drain();
    expect(rig.changes('message_template_quality_update')).toEqual([
      {
        previous_quality_score: 'UNKNOWN',
        new_quality_score: 'YELLOW',
        message_template_id: Number(b),
        message_template_name: 'second_notice',
        message_template_language: 'en',
      },
    ]);
    expect((await template(a)).quality_score).toEqual({ score: 'UNKNOWN' });
  });

  it('lets signals age out of the 7-day window: YELLOW recovers to GREEN', async () => {
    const id = await createApproved('late_notice');
    await wave('late_notice', 2);
    expect((await template(id)).quality_score.score).toBe('YELLOW');
    await advance(7 * 24 * HOUR_S - 60);
    expect((await template(id)).quality_score.score).toBe('YELLOW');
    await advance(60);
    await rig.sandbox.drain();
    expect(qualityMoves()).toEqual([
      ['UNKNOWN', 'YELLOW'],
      ['YELLOW', 'GREEN'],
    ]);
    // Two more signals a week later are a fresh YELLOW, not RED.
    await wave('late_notice', 2);
    expect(qualityMoves().at(-1)).toEqual(['GREEN', 'YELLOW']);
  });

  it('reflects blocks and reports in the number quality without inventing a quality webhook', async () => {
    await createApproved('phone_notice');
    await wave('phone_notice', 3);
    const phone = await graph('GET', `${P}?fields=quality_rating`);
    expect(phone.json()).toEqual({ quality_rating: 'YELLOW', id: P });
    expect(rig.changes('phone_number_quality_update')).toEqual([]);
  });

  it('keeps the status test hook: a hook pause ends on the clock like a real one', async () => {
    const id = await createApproved('hook_notice');
    const hook = await rig.app.inject({
      method: 'POST',
      url: `/sandbox/templates/${id}/status`,
      payload: { status: 'PAUSED' },
    });
    expect(hook.json().status).toBe('PAUSED');
    expect((await send('hook_notice', String(customer++))).json().error.code).toBe(132015);
    // The platform may move the shared clock itself: the next request to the sandbox notices.
    rig.clock.advance(3 * HOUR_S * 1000);
    expect((await send('hook_notice', String(customer++))).statusCode).toBe(200);
    await rig.sandbox.drain();
    expect(
      statusEvents().map((e) => [e.event, (e.other_info as { title?: string } | undefined)?.title]),
    ).toEqual([
      ['APPROVED', undefined],
      ['PAUSED', 'FIRST_PAUSE'],
      ['APPROVED', 'UNPAUSE'],
    ]);
  });
});

describe('sandbox template quality thresholds', () => {
  it('takes its thresholds from the sandbox options', async () => {
    const rig = await startTestRig({ templateQuality: { yellowAt: 1, redAt: 2 } });
    try {
      const created = await rig.app.inject({
        method: 'POST',
        url: `/sandbox/graph/v23.0/${W}/message_templates`,
        headers: rig.auth,
        payload: {
          name: 'strict_notice',
          category: 'UTILITY',
          language: 'en',
          components: [{ type: 'BODY', text: 'Your appointment is confirmed.' }],
        },
      });
      await rig.sandbox.drain();
      for (const waId of ['31612000901', '31612000902']) {
        await rig.app.inject({
          method: 'POST',
          url: `/sandbox/graph/v23.0/${P}/messages`,
          headers: rig.auth,
          payload: {
            messaging_product: 'whatsapp',
            to: waId,
            type: 'template',
            template: { name: 'strict_notice', language: { code: 'en' } },
          },
        });
        await rig.app.inject({
          method: 'POST',
          url: `/sandbox/customers/${waId}/actions`,
          payload: { action: 'report' },
        });
      }
      await rig.sandbox.drain();
      expect(rig.changes('message_template_quality_update').map((e) => e.new_quality_score)).toEqual([
        'YELLOW',
        'RED',
      ]);
      expect(rig.changes('message_template_status_update').at(-1)).toMatchObject({
        event: 'PAUSED',
        message_template_id: Number(created.json().id),
      });
    } finally {
      await rig.close();
    }
  });

  it('refuses thresholds that cannot work', () => {
    const make = (yellowAt: number, redAt: number) => () =>
      new TemplateLifecycle({
        clock: new OffsetClock(),
        dispatcher: undefined as never,
        quality: { ...DEFAULT_TEMPLATE_QUALITY, yellowAt, redAt },
      });
    expect(make(3, 3)).toThrow(RangeError);
    expect(make(0, 2)).toThrow(RangeError);
    expect(make(2, 4)).not.toThrow();
  });
});
