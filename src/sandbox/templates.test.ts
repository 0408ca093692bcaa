// Template management in the sandbox: create and review webhooks, sync validation errors, list paging, delete, test hooks.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shapeOf, startTestRig, TEST_IDS, type TestRig } from './test-support.ts';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/graph-api');
const recorded = (name: string) =>
  JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as {
    request: { body: string };
    response: { body: string };
  };
const W = TEST_IDS.wabaId;
const body = (text: string, example?: string[]) => ({
  type: 'BODY',
  text,
  ...(example ? { example: { body_text: [example] } } : {}),
});

describe('sandbox message templates', () => {
  let rig: TestRig;
  beforeEach(async () => {
    rig = await startTestRig();
  });
  afterEach(async () => rig.close());

  const create = (payload: Record<string, unknown>) =>
    rig.app.inject({
      method: 'POST',
      url: `/sandbox/graph/v23.0/${W}/message_templates`,
      headers: rig.auth,
      payload,
    });
  const get = (url: string) => rig.app.inject({ method: 'GET', url, headers: rig.auth });

  it('creates the recorded template as PENDING, then approves it with a status webhook', async () => {
    const fixture = recorded('ruby-sdk-vcr__message_templates__create-200.json');
    const r = await create(JSON.parse(fixture.request.body));
    expect(r.statusCode).toBe(200);
    expect(shapeOf(r.json())).toEqual(shapeOf(JSON.parse(fixture.response.body)));
    expect(r.json()).toMatchObject({ status: 'PENDING', category: 'MARKETING' });
    await rig.sandbox.drain();
    const [update] = rig.changes('message_template_status_update');
    expect(update).toEqual({
      event: 'APPROVED',
      message_template_id: Number(r.json().id),
      message_template_name: 'seasonal_promotion',
      message_template_language: 'nl',
      reason: 'NONE',
      message_template_category: 'MARKETING',
    });
    const entry = rig.receiver.received
      .flatMap((x) => x.body.entry)
      .find((e) => e.changes[0]!.field === 'message_template_status_update')!;
    expect(entry.time).toBe(Date.parse('2026-01-15T10:00:00Z') / 1000);
    const one = await get(`/sandbox/graph/v23.0/${r.json().id}`);
    expect(one.json()).toMatchObject({
      id: r.json().id,
      status: 'APPROVED',
      name: 'seasonal_promotion',
      quality_score: { score: 'UNKNOWN' },
    });
  });

  it('rejects adjacent variables at review with INVALID_FORMAT and rejection_info', async () => {
    const r = await create({
      name: 'abandoned_cart',
      category: 'MARKETING',
      language: 'en',
      components: [body('You left {{1}}{{2}} in your cart, come back.', ['2', 'shoes'])],
    });
    expect(r.json().status).toBe('PENDING');
    await rig.sandbox.drain();
    expect(rig.changes('message_template_status_update')[0]).toEqual({
      event: 'REJECTED',
      message_template_id: Number(r.json().id),
      message_template_name: 'abandoned_cart',
      message_template_language: 'en',
      reason: 'INVALID_FORMAT',
      message_template_category: 'MARKETING',
      rejection_info: {
        reason:
          'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
        recommendation:
          'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
      },
    });
  });

  it.each([
    [
      'a bad name',
      { name: 'Bad Name', category: 'UTILITY', language: 'en', components: [body('Hello there')] },
      2388042,
    ],
    [
      'a leading variable',
      {
        name: 'lead',
        category: 'UTILITY',
        language: 'en',
        components: [body('{{1}} is your code, thanks', ['1'])],
      },
      2388299,
    ],
    [
      'a trailing variable',
      { name: 'trail', category: 'UTILITY', language: 'en', components: [body('Your code is {{1}}', ['1'])] },
      2388299,
    ],
    [
      'a body over 1024',
      { name: 'long', category: 'UTILITY', language: 'en', components: [body('x'.repeat(1025))] },
      2388040,
    ],
    [
      'a header over 60',
      {
        name: 'hdr',
        category: 'UTILITY',
        language: 'en',
        components: [{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, body('Hello there')],
      },
      2388040,
    ],
    [
      'a footer over 60',
      {
        name: 'ftr',
        category: 'UTILITY',
        language: 'en',
        components: [body('Hello there'), { type: 'FOOTER', text: 'f'.repeat(61) }],
      },
      2388040,
    ],
    [
      'missing examples',
      {
        name: 'noex',
        category: 'UTILITY',
        language: 'en',
        components: [body('Hello {{1}}, welcome aboard.')],
      },
      2388045,
    ],
    [
      'non-sequential variables',
      {
        name: 'seq',
        category: 'UTILITY',
        language: 'en',
        components: [body('Hello {{1}}, order {{3}} is ready.', ['a', 'b'])],
      },
      2388072,
    ],
    [
      'an unknown category',
      { name: 'cat', category: 'PROMO', language: 'en', components: [body('Hello there')] },
      2388041,
    ],
  ])('rejects %s synchronously with code 100', async (_name, payload, subcode) => {
    const r = await create(payload);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 100, error_subcode: subcode, type: 'OAuthException' });
    expect(typeof r.json().error.error_user_msg).toBe('string');
  });

  it('rejects a template without BODY, and a duplicate name+language', async () => {
    const noBody = await create({
      name: 'x',
      category: 'UTILITY',
      language: 'en',
      components: [{ type: 'FOOTER', text: 'f' }],
    });
    expect(noBody.json().error.code).toBe(100);
    expect(noBody.json().error.error_data.details).toMatch(/BODY/);
    const t = { name: 'twice', category: 'UTILITY', language: 'en', components: [body('Hello there')] };
    expect((await create(t)).statusCode).toBe(200);
    const dup = await create(t);
    expect(dup.json().error).toMatchObject({ code: 100, error_subcode: 2388024 });
    expect((await create({ ...t, language: 'nl' })).statusCode).toBe(200);
  });

  it('pages the list with limit/after and filters by name and status', async () => {
    for (let i = 0; i < 5; i++)
      await create({
        name: `promo_${i}`,
        category: 'MARKETING',
        language: 'en',
        components: [body(`Offer number ${i} is here`)],
      });
    const first = await get(`/sandbox/graph/v23.0/${W}/message_templates?limit=4`);
    expect(first.json().data.map((t: { name: string }) => t.name)).toEqual([
      'hello_world',
      'promo_0',
      'promo_1',
      'promo_2',
    ]);
    expect(Object.keys(first.json().data[0])).toEqual([
      'name',
      'parameter_format',
      'components',
      'language',
      'status',
      'category',
      'id',
    ]);
    const next = new URL(first.json().paging.next as string);
    expect(next.origin + next.pathname).toBe(
      `http://sandbox.test/sandbox/graph/v23.0/${W}/message_templates`,
    );
    const second = await get(
      `/sandbox/graph/v23.0/${W}/message_templates?limit=4&after=${first.json().paging.cursors.after}`,
    );
    expect(second.json().data.map((t: { name: string }) => t.name)).toEqual(['promo_3', 'promo_4']);
    expect(second.json().paging.next).toBeUndefined();
    const byName = await get(`/sandbox/graph/v23.0/${W}/message_templates?name=promo_3`);
    expect(byName.json().data.map((t: { name: string }) => t.name)).toEqual(['promo_3']);
    const pending = await get(`/sandbox/graph/v23.0/${W}/message_templates?status=PENDING&limit=100`);
    expect(pending.json().data).toHaveLength(5);
    await rig.sandbox.drain();
    const approved = await get(
      `/sandbox/graph/v23.0/${W}/message_templates?status=APPROVED&fields=name,status`,
    );
    expect(approved.json().data).toHaveLength(6);
    expect(Object.keys(approved.json().data[0]).sort()).toEqual(['id', 'name', 'status']);
  });

  it('deletes by name and answers an unknown name like the recorded error', async () => {
    await create({
      name: 'seasonal_promotion',
      category: 'MARKETING',
      language: 'en',
      components: [body('Hello there')],
    });
    const del = await rig.app.inject({
      method: 'DELETE',
      url: `/sandbox/graph/v23.0/${W}/message_templates?name=seasonal_promotion`,
      headers: rig.auth,
    });
    expect(del.body).toBe(recorded('ruby-sdk-vcr__message_templates__delete-by-name-200.json').response.body);
    const missing = await rig.app.inject({
      method: 'DELETE',
      url: `/sandbox/graph/v23.0/${W}/message_templates?name=fake%20name`,
      headers: rig.auth,
    });
    const expected = JSON.parse(
      recorded('ruby-sdk-vcr__message_templates__delete-error-400.json').response.body,
    ).error;
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ ...expected, fbtrace_id: expect.any(String) });
    const unknownId = await get('/sandbox/graph/v19.0/1297883712183060');
    expect({ ...unknownId.json().error, fbtrace_id: 'x' }).toEqual({
      ...JSON.parse(recorded('ruby-sdk-vcr__message_templates__get-unknown-id-400.json').response.body).error,
      fbtrace_id: 'x',
    });
  });

  it('changes status and quality through the test hook, with the matching webhooks', async () => {
    const id = (
      await create({
        name: 'welcome_template',
        category: 'UTILITY',
        language: 'en_US',
        components: [body('Welcome aboard, friend')],
      })
    ).json().id as string;
    await rig.sandbox.drain();
    const hook = (payload: object) =>
      rig.app.inject({ method: 'POST', url: `/sandbox/templates/${id}/status`, payload });
    expect((await hook({ quality: 'YELLOW' })).json()).toMatchObject({ quality_score: { score: 'YELLOW' } });
    expect((await hook({ status: 'PAUSED' })).json().status).toBe('PAUSED');
    await hook({ status: 'APPROVED' });
    await hook({ status: 'DISABLED' });
    await rig.sandbox.drain();
    expect(rig.changes('message_template_quality_update')).toEqual([
      {
        previous_quality_score: 'UNKNOWN',
        new_quality_score: 'YELLOW',
        message_template_id: Number(id),
        message_template_name: 'welcome_template',
        message_template_language: 'en_US',
      },
    ]);
    const events = rig.changes('message_template_status_update');
    expect(events.map((e) => e.event)).toEqual(['APPROVED', 'PAUSED', 'APPROVED', 'DISABLED']);
    expect(events[1]).toMatchObject({ reason: 'NONE', other_info: { title: 'FIRST_PAUSE' } });
    expect(events[2]).toMatchObject({ other_info: { title: 'UNPAUSE' } });
    expect(events[3]).toMatchObject({ disable_info: { disable_date: 'January 15, 2026' } });
    expect((await hook({ status: 'SHINY' })).statusCode).toBe(400);
    expect(
      (
        await rig.app.inject({
          method: 'POST',
          url: '/sandbox/templates/1/status',
          payload: { status: 'PAUSED' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('refuses the 251st template with 2388019', async () => {
    // hello_world is the first of the 250.
    for (let i = 0; i < 249; i++)
      expect(
        (
          await create({
            name: `t_${i}`,
            category: 'UTILITY',
            language: 'en',
            components: [body('Hello there')],
          })
        ).statusCode,
      ).toBe(200);
    const over = await create({
      name: 't_over',
      category: 'UTILITY',
      language: 'en',
      components: [body('Hello there')],
    });
    expect(over.json().error).toMatchObject({ code: 100, error_subcode: 2388019 });
  });
});
