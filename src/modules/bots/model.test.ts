// Flow engine and flow validation: triggers, menus, inputs, languages, hours, handoff keywords, caps and problems.
import { describe, expect, it } from 'vitest';
import { exampleFlowSource } from './example-flow.ts';
import { parseFlowSource, validateFlow, type Flow } from './flow.ts';
import { matchHandoff } from '../understanding/index.ts';
import { initialBotState, optionReplyId, step, type BotState } from './model.ts';
import { isOpen, nextOpening } from './business-hours.ts';
import { checkFlow } from './index.ts';

const parsed = parseFlowSource(exampleFlowSource(), 'yaml');
if (!parsed.ok) throw new Error('example flow does not parse');
const checked = validateFlow(parsed.value);
const flow = checked.flow as Flow;

// Wednesday 2026-03-11 10:00 in Amsterdam (UTC+1): open. Sunday 2026-03-15 10:00: closed until Monday 08:00.
const OPEN = Date.UTC(2026, 2, 11, 9, 0);
const SUNDAY = Date.UTC(2026, 2, 15, 9, 0);
const text = (t: string) => ({ kind: 'text' as const, text: t });

const codes = (raw: unknown) => validateFlow(raw).problems.map((p) => p.code);
const clone = (): Record<string, any> => JSON.parse(JSON.stringify(parsed.ok ? parsed.value : {}));

describe('handoff keywords', () => {
  it.each([
    'medewerker',
    'Medewerker!',
    'ik wil een medewerker',
    'agent',
    'I want to talk to a human please',
    'Mitarbeiter',
    'ich möchte mit einem Mitarbeiter sprechen',
    'Mensch',
    'je veux parler à un conseiller',
    'humain',
    'quiero hablar con un agente',
    'humano',
    'mens',
  ])('"%s" asks for a person', (t) => expect(matchHandoff(t)).not.toBeNull());

  it.each(['medewerkers', 'mensen', 'the agent said my order shipped', 'humanity', 'agentschap', 'hello'])(
    '"%s" does not',
    (t) => expect(matchHandoff(t)).toBeNull(),
  );
});

describe('the flow engine', () => {
  it('accepts the example flow', () => expect(checked.problems).toEqual([]));

  it('answers a routine question from a regex trigger on the first message', () => {
    const r = step(flow, initialBotState(), text('What are your opening hours?'), OPEN);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toMatchObject({ kind: 'text' });
    expect((r.replies[0] as { text: string }).text).toContain('Monday to Friday');
    expect(r.handoff).toBeUndefined();
    expect(r.newState.started).toBe(true);
  });

  it('starts with the menu as reply buttons, and a tap follows the option', () => {
    const first = step(flow, initialBotState(), text('goedemorgen'), OPEN);
    expect(first.replies[0]).toMatchObject({ kind: 'buttons' });
    const buttons = (first.replies[0] as { buttons: { id: string; title: string }[] }).buttons;
    expect(buttons.map((b) => b.title)).toEqual(['Opening hours', 'Track my order', 'Talk to a person']);
    const tap = step(
      flow,
      first.newState,
      { kind: 'reply', id: optionReplyId('welcome', 'order'), title: 'Track my order', list: false },
      OPEN,
    );
    expect(tap.newState.at).toBe('ask_order');
  });

  it('collects an order number with validation, then fills it in', () => {
    const s: BotState = { ...initialBotState(), started: true, at: 'ask_order' };
    const bad = step(flow, s, text('yesterday'), OPEN);
    expect((bad.replies[0] as { text: string }).text).toContain('does not look like an order number');
    expect(bad.newState).toMatchObject({ at: 'ask_order', misses: 1 });
    const good = step(flow, bad.newState, text('A-10234'), OPEN);
    expect((good.replies[0] as { text: string }).text).toContain('Order A-10234 is being prepared');
    expect(good.replies[1]).toMatchObject({ kind: 'buttons' });
    expect(good.newState).toMatchObject({
      at: 'anything_else',
      misses: 0,
      vars: { order_number: 'A-10234' },
    });
  });

  it('hands off on a keyword, whatever step it waits on', () => {
    const s: BotState = { ...initialBotState(), started: true, at: 'ask_order' };
    const r = step(flow, s, text('ik wil een medewerker'), OPEN);
    expect(r.handoff).toMatchObject({ reason: 'keyword', keyword: 'medewerker' });
    expect(r.handoff?.outsideHours).toBeUndefined();
    expect(r.newState.at).toBeNull();
  });

  it('hands off from the menu option', () => {
    const s: BotState = { ...initialBotState(), started: true, at: 'welcome' };
    const r = step(
      flow,
      s,
      { kind: 'reply', id: optionReplyId('welcome', 'human'), title: 'Talk to a person', list: false },
      OPEN,
    );
    expect(r.handoff?.reason).toBe('menu');
  });

  it('hands off on its own after two turns it did not understand', () => {
    const s: BotState = { ...initialBotState(), started: true, at: 'welcome' };
    const once = step(flow, s, text('blue whale'), OPEN);
    expect(once.handoff).toBeUndefined();
    expect(once.replies.map((r) => r.kind)).toEqual(['text', 'buttons']);
    const twice = step(flow, once.newState, text('purple'), OPEN);
    expect(twice.handoff?.reason).toBe('not_understood');
  });

  it('tells the customer when a person will answer, outside business hours', () => {
    const r = step(flow, { ...initialBotState(), started: true }, text('agent'), SUNDAY);
    expect(r.handoff?.outsideHours?.opensAt).toBe(Date.UTC(2026, 2, 16, 7, 0));
    expect((r.replies[1] as { text: string }).text).toContain('Monday 08:00');
  });

  it('speaks the contact language, and switches on a keyword', () => {
    const nl = step(flow, initialBotState(), text('goedemorgen'), OPEN, { languageHint: 'nl' });
    expect((nl.replies[0] as { text: string }).text).toContain('Waarmee kan ik helpen');
    const en = step(flow, nl.newState, text('english'), OPEN);
    expect((en.replies[0] as { text: string }).text).toContain('How can I help');
    expect(en.newState.language).toBe('en');
  });

  it('never sends more than maxReplies messages for one inbound message', () => {
    const s: BotState = { ...initialBotState(), started: true, at: 'ask_order' };
    const r = step(flow, s, text('A-10234'), OPEN, { maxReplies: 1 });
    expect(r.replies).toHaveLength(1);
    expect(r.dropped).toBe(1);
  });
});

describe('business hours', () => {
  const hours = { timeZone: 'Europe/Amsterdam', weekly: { mon: ['08:00-18:00'] } };
  it('is open inside an interval in the zone, and finds the next opening across DST', () => {
    expect(isOpen(hours, Date.UTC(2026, 2, 16, 7, 30))).toBe(true);
    expect(isOpen(hours, Date.UTC(2026, 2, 16, 6, 30))).toBe(false);
    // After the switch to summer time (29 March 2026) Monday 08:00 is 06:00 UTC.
    expect(nextOpening(hours, Date.UTC(2026, 2, 28, 12))).toBe(Date.UTC(2026, 2, 30, 6, 0));
  });
});

describe('flow validation', () => {
  it('lists unknown step types, missing steps, loops, menus without a person and a missing handoff', () => {
    const f = clone();
    f.steps.weird = { type: 'carousel', text: 'x' };
    f.steps.a = { type: 'message', text: 'a', next: 'b' };
    f.steps.b = { type: 'message', text: 'b', next: 'a' };
    f.steps.hours.next = 'nowhere';
    f.steps.welcome.options = f.steps.welcome.options.filter((o: any) => !o.handoff);
    const c = codes(f);
    expect(c).toContain('flow.step_type_unknown');
    expect(c).toContain('flow.step_missing');
    expect(c).toContain('flow.cycle');
    expect(c).toContain('flow.menu_without_human');
    const g = clone();
    delete g.handoff;
    for (const s of Object.values<any>(g.steps))
      if (s.options) s.options = s.options.filter((o: any) => !o.handoff);
    expect(codes(g)).toEqual(expect.arrayContaining(['flow.handoff_missing', 'flow.menu_without_human']));
  });

  it('enforces Meta’s interactive limits', () => {
    const f = clone();
    f.steps.welcome.options[0].title = { en: 'Our opening hours and holidays', nl: 'Openingstijden' };
    f.steps.welcome.style = 'buttons';
    f.steps.welcome.options.push({ id: 'x', title: 'X', goto: 'hours' });
    expect(codes(f)).toEqual(expect.arrayContaining(['flow.text_too_long', 'flow.too_many_buttons']));
    const g = clone();
    g.steps.welcome.style = 'list';
    for (let i = 0; i < 9; i++)
      g.steps.welcome.options.push({ id: `o${i}`, title: `Option ${i}`, goto: 'hours' });
    expect(codes(g)).toContain('flow.too_many_rows');
  });

  it('refuses a bot that asks for an IBAN', () => {
    const f = clone();
    f.steps.hours.text = {
      en: 'Please send us your IBAN so we can refund you.',
      nl: 'Stuur ons je IBAN voor de terugbetaling.',
    };
    expect(codes(f)).toContain('flow.sensitive_data_request');
  });

  it('reports a YAML syntax error as a problem', () => {
    const r = parseFlowSource('name: [unclosed', 'yaml');
    expect(r.ok).toBe(false);
  });
});

describe('the reply cap and the handoff', () => {
  /** The example flow with a trigger "chain" that says three things, then reaches a handoff step. */
  const chained = (): Flow => {
    const f = clone();
    f.triggers.unshift({ type: 'keyword', keywords: ['chain'], goto: 'c1' });
    f.steps.c1 = { type: 'message', text: 'one', next: 'c2' };
    f.steps.c2 = { type: 'message', text: 'two', next: 'c3' };
    f.steps.c3 = { type: 'message', text: 'three', next: 'desk' };
    f.steps.desk = { type: 'handoff', text: 'A colleague takes over.' };
    const r = validateFlow(f);
    expect(r.problems).toEqual([]);
    return r.flow!;
  };
  const texts = (r: { replies: unknown[] }) => r.replies.map((x) => (x as { text: string }).text);
  const started = { ...initialBotState(), started: true };

  it('keeps the handoff and closed-hours texts under the cap, dropping earlier replies, and counts them', () => {
    const r = step(chained(), started, text('chain'), SUNDAY, { maxReplies: 3 });
    expect(r.handoff).toBeDefined();
    expect(texts(r)).toHaveLength(3);
    expect(texts(r)[0]).toBe('one');
    expect(texts(r)[1]).toBe('A colleague takes over.');
    expect(texts(r)[2]).toContain('Monday 08:00');
    expect(r.dropped).toBe(2);
  });

  it('counts what it dropped on a handoff step in opening hours too', () => {
    const r = step(chained(), started, text('chain'), OPEN, { maxReplies: 3 });
    expect(texts(r)).toEqual(['one', 'two', 'A colleague takes over.']);
    expect(r.dropped).toBe(1);
    const all = step(chained(), started, text('chain'), OPEN, { maxReplies: 5 });
    expect(all.dropped).toBe(0);
  });

  it('sends the handoff and closed-hours texts even when the cap is smaller', () => {
    const r = step(flow, started, text('agent'), SUNDAY, { maxReplies: 1 });
    expect(r.replies).toHaveLength(2);
    expect(texts(r)[1]).toContain('Monday 08:00');
    expect(r.dropped).toBe(0);
  });
});

describe('flow regexes', () => {
  it('refuses trigger and input patterns open to catastrophic backtracking (flow.regex_unsafe), with the path', () => {
    const f = clone();
    f.triggers.push({ type: 'regex', pattern: '^(a+)+$', goto: 'hours' });
    f.steps.ask_order.validate = { pattern: '^(\\w+\\s?)*$' };
    const problems = validateFlow(f).problems;
    expect(problems.filter((p) => p.code === 'flow.regex_unsafe').map((p) => p.path)).toEqual([
      'steps.ask_order.validate.pattern',
      `triggers[${f.triggers.length - 1}].pattern`,
    ]);
  });

  it('accepts ordinary patterns, Unicode classes included', () => {
    const f = clone();
    f.triggers.push({ type: 'regex', pattern: '\\bbestel(ling)?\\b', goto: 'hours' });
    f.steps.ask_order.validate = { pattern: '^[\\p{L} ]{2,40}$' };
    expect(validateFlow(f).problems).toEqual([]);
  });

  it('matches a regex trigger on the first 1,000 characters of a longer message', () => {
    const long = `What are your opening hours? ${'x'.repeat(5000)}`;
    const r = step(flow, initialBotState(), text(long), OPEN);
    expect((r.replies[0] as { text: string }).text).toContain('Monday to Friday');
    const late = step(flow, initialBotState(), text(`${'x '.repeat(600)} opening hours`), OPEN);
    expect(late.replies[0]).toMatchObject({ kind: 'buttons' });
  });
});

describe('a tap on an older menu', () => {
  const waitingOnOrder: BotState = { ...initialBotState(), started: true, at: 'ask_order' };
  const tap = (id: string) => ({ kind: 'reply' as const, id, title: 'x', list: false });

  it('follows the option when its step and option exist in the active flow', () => {
    const r = step(flow, waitingOnOrder, tap(optionReplyId('welcome', 'hours')), OPEN);
    expect((r.replies[0] as { text: string }).text).toContain('Monday to Friday');
    expect(r.newState.misses).toBe(0);
    const human = step(flow, waitingOnOrder, tap(optionReplyId('anything_else', 'human')), OPEN);
    expect(human.handoff?.reason).toBeDefined();
  });

  it('is not understood when the step or the option is gone', () => {
    for (const id of [optionReplyId('welcome', 'gone'), optionReplyId('nowhere', 'hours'), 'bot:hours:x']) {
      const r = step(flow, waitingOnOrder, tap(id), OPEN);
      expect(r.newState.misses, id).toBe(1);
      expect(r.handoff).toBeUndefined();
    }
  });
});

describe('flow validation gaps', () => {
  const problems = (raw: unknown) => validateFlow(raw).problems;

  it('refuses unknown fields in steps, options, triggers and input patterns, with their path', () => {
    const f = clone();
    f.steps.hours.nxt = 'welcome';
    f.steps.welcome.options[0].gotoo = 'hours';
    f.triggers[0].patern = 'x';
    f.steps.ask_order.validate = { pattern: '^\\d+$', flags: 'i' };
    const unknown = problems(f)
      .filter((p) => p.code === 'flow.field_unknown')
      .map((p) => p.path);
    expect(unknown.sort()).toEqual(
      [
        'steps.hours.nxt',
        'steps.welcome.options[0].gotoo',
        'triggers[0].patern',
        'steps.ask_order.validate.flags',
      ].sort(),
    );
  });

  it('type-checks the top-level handoff.teamId', () => {
    const f = clone();
    f.handoff.teamId = 42;
    expect(problems(f)).toContainEqual(
      expect.objectContaining({ code: 'flow.team_invalid', path: 'handoff.teamId' }),
    );
  });

  it('reports steps no way leads to', () => {
    const f = clone();
    f.steps.orphan = { type: 'message', text: 'Nobody reads me.', next: 'bye' };
    expect(problems(f)).toEqual([
      expect.objectContaining({ code: 'flow.step_unreachable', path: 'steps.orphan' }),
    ]);
  });

  it('says a missing translation is refused, not shown in the default language', () => {
    const f = clone();
    f.steps.bye.text = { en: 'Enjoy your coffee!' };
    const p = problems(f).find((x) => x.code === 'flow.translation_missing');
    expect(p?.path).toBe('steps.bye.text.nl');
    expect(p?.message).not.toMatch(/would be shown/);
    expect(p?.message).toMatch(/each of the flow's languages/);
  });

  it('refuses a definition sent as JSON over the size limit (flow.too_large)', () => {
    const f = clone();
    for (let i = 0; i < 300; i++) f.steps[`s${i}`] = { type: 'message', text: 'x'.repeat(1000), next: 'bye' };
    let code: unknown;
    try {
      checkFlow({ definition: f });
    } catch (e) {
      code = (e as { details?: { problems?: { code: string }[] } }).details?.problems?.map((p) => p.code);
    }
    expect(code).toEqual(['flow.too_large']);
  });
});

describe('handoff reasons', () => {
  const started = { ...initialBotState(), started: true };
  const withDesk = (): Flow => {
    const f = clone();
    f.triggers.unshift({ type: 'keyword', keywords: ['desk'], goto: 'desk' });
    f.steps.desk = { type: 'handoff', text: 'A colleague takes over.' };
    return validateFlow(f).flow!;
  };

  it('records a trigger that leads to a handoff step as `trigger`, with the trigger', () => {
    const r = step(withDesk(), started, text('desk'), OPEN);
    expect(r.handoff).toMatchObject({ reason: 'trigger', trigger: { index: 0, type: 'keyword' } });
    expect(r.handoff?.keyword).toBeUndefined();
  });

  it('records a handoff step reached from the start as `flow_step`', () => {
    const f = withDesk();
    const r = step({ ...f, start: 'desk', triggers: [] }, initialBotState(), text('goedemorgen'), OPEN);
    expect(r.handoff).toMatchObject({ reason: 'flow_step' });
    expect(r.handoff?.trigger).toBeUndefined();
  });

  it('keeps `keyword` for a handoff keyword (with it) and `menu` for a menu option', () => {
    expect(step(flow, started, text('agent'), OPEN).handoff).toMatchObject({
      reason: 'keyword',
      keyword: 'agent',
    });
    const tap = { kind: 'reply' as const, id: optionReplyId('welcome', 'human'), title: 'x', list: false };
    expect(step(flow, { ...started, at: 'welcome' }, tap, OPEN).handoff?.reason).toBe('menu');
  });
});
