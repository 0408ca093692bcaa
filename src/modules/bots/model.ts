// The flow engine: step(flow, state, input, now) -> {replies, newState, handoff?}. Pure: time is an argument.
import { normaliseIntent } from '../../kernel/text.ts';
import { formatOpening, isOpen, nextOpening } from './business-hours.ts';
import {
  buildFaqMatcher,
  classifyHandoff,
  handoffOffer,
  isLanguage,
  type FaqMatcher,
} from '../understanding/index.ts';
import type { Flow, MenuOption, Step, Text } from './flow.ts';

export type BotState = {
  /** The step waiting for the customer's answer (a menu or an input), or null when idle. */
  at: string | null;
  language: string | null;
  vars: Record<string, string>;
  /** Turns in a row the bot did not understand. */
  misses: number;
  /** False until the bot has spoken in this conversation (the first_message trigger and the start step). */
  started: boolean;
};

export type BotInput =
  | { kind: 'text'; text: string }
  /** A template's quick-reply button. */
  | { kind: 'button'; payload: string; text: string }
  /** An interactive reply: a reply button or a list row. */
  | { kind: 'reply'; id: string; title: string; list: boolean };

export type BotReply =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; buttons: { id: string; title: string }[] }
  | {
      kind: 'list';
      text: string;
      button: string;
      rows: { id: string; title: string; description?: string }[];
    };

/**
 * Why the bot handed off: `keyword` a handoff keyword (the keyword is recorded), `menu` a menu option (or where it
 * led), `trigger` a trigger whose path reached a handoff step (the trigger is recorded), `flow_step` a handoff step
 * reached otherwise (the start, a language switch, after an input), `not_understood` too many turns not understood.
 */
export type HandoffReason = 'keyword' | 'menu' | 'trigger' | 'flow_step' | 'not_understood';

/** The trigger that led to a handoff: its place in the flow's list (or FAQ list) and its type (`faq` for an FAQ entry). */
export type TriggerRef = { index: number; type: string };

/** The reply id of the bot's offer of a person, sent when it is unsure the customer asked for one. */
export const HANDOFF_OFFER_ID = 'bot-handoff';

// A flow's FAQ matcher is built once per flow object (the active flow is parsed once per version and cached).
const faqMatchers = new WeakMap<Flow, FaqMatcher>();
function faqMatcherOf(flow: Flow): FaqMatcher | null {
  if (!flow.faq || flow.faq.length === 0) return null;
  let m = faqMatchers.get(flow);
  if (!m) faqMatchers.set(flow, (m = buildFaqMatcher(flow.faq)));
  return m;
}

export type StepResult = {
  replies: BotReply[];
  newState: BotState;
  handoff?: {
    reason: HandoffReason;
    teamId?: string;
    keyword?: string;
    trigger?: TriggerRef;
    /** How sure the classifier was that the customer asked for a person, when it decided (1 for a keyword). */
    confidence?: number;
    /** Outside business hours: when a person will answer (null when the schedule never opens). */
    outsideHours?: { opensAt: number | null };
  };
  /** Replies the cap dropped (a flow that would send more than maxReplies messages for one inbound message). */
  dropped: number;
};

export type StepOptions = {
  /** At most this many bot messages per inbound message (anti-spam); default 3. */
  maxReplies?: number;
  /** Hand off after this many turns in a row not understood, unless the flow says otherwise; default 2. */
  handoffAfter?: number;
  /** The contact's language (e.g. from their country), used when the conversation has none yet. */
  languageHint?: string | null;
};

export const initialBotState = (language: string | null = null): BotState => ({
  at: null,
  language,
  vars: {},
  misses: 0,
  started: false,
});

/** The reply id of a menu option: the step and the option, so that a tap on an old menu still means something. */
export const optionReplyId = (stepId: string, optionId: string) => `bot:${stepId}:${optionId}`;

/** The text in the conversation's language, else the flow's default language, else any. */
export function localise(t: Text | undefined, language: string, fallback: string): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return t;
  return t[language] ?? t[fallback] ?? Object.values(t)[0] ?? '';
}

const fill = (s: string, vars: Record<string, string>) =>
  s.replace(/\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g, (_, k: string) => vars[k] ?? '');

const inputPatterns: Record<string, RegExp> = {
  // Letters, spaces, apostrophes and hyphens; two to 80 characters ("Ann", "Jean-Luc O'Neill").
  name: /^[\p{L}][\p{L}\p{M} '’.-]{1,79}$/u,
  // Order numbers as shops print them: 4 to 20 letters, digits and dashes, at least one digit ("#A-10234").
  order_number: /^#?(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{4,20}$/,
  email: /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/,
  number: /^-?\d{1,15}([.,]\d{1,6})?$/,
};

/**
 * Regexes run on at most this many characters of the customer's text: flow patterns are checked for catastrophic
 * backtracking at upload, and the bound caps the work of any pattern that slips through.
 */
export const MAX_REGEX_INPUT = 1000;
/** An answer to an input step is at most this long (a name, an order number, an e-mail address). */
const MAX_INPUT = 200;

function validInput(step: Extract<Step, { type: 'input' }>, value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || v.length > MAX_INPUT) return false;
  const re =
    typeof step.validate === 'string'
      ? inputPatterns[step.validate]!
      : new RegExp(step.validate.pattern, 'u');
  return re.test(v);
}

/** The menu option a reply id of optionReplyId() names, when that step is a menu of this flow with that option. */
function tappedOption(flow: Flow, input: BotInput): { stepId: string; option: MenuOption } | undefined {
  const id = input.kind === 'reply' ? input.id : input.kind === 'button' ? input.payload : '';
  const m = /^bot:([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]{1,40})$/.exec(id);
  if (!m) return undefined;
  const s = Object.hasOwn(flow.steps, m[1]!) ? flow.steps[m[1]!] : undefined;
  const option = s?.type === 'menu' ? s.options.find((o) => o.id === m[2]) : undefined;
  return option ? { stepId: m[1]!, option } : undefined;
}

function textOf(input: BotInput): string {
  return input.kind === 'text' ? input.text : input.kind === 'button' ? input.text : input.title;
}

function pickLanguage(flow: Flow, state: BotState, hint: string | null | undefined): string {
  const langs = flow.languages ?? [flow.defaultLanguage];
  if (state.language && langs.includes(state.language)) return state.language;
  if (hint && langs.includes(hint)) return hint;
  return flow.defaultLanguage ?? 'en';
}

/**
 * One turn: the customer's message in, the bot's replies and its new state out. The order of reading is fixed and
 * documented in docs/flows.md: a request for a person (a handoff keyword, or a sentence the classifier is sure of)
 * always wins; then a language switch; then the answer to the step the bot waits on (a menu option, an input); then
 * the flow's triggers; then its FAQ entries by meaning; then the start step on the first message; otherwise the bot
 * did not understand (offering a person when the classifier was unsure one was asked for), and after
 * `handoffAfter` such turns in a row it hands off on its own.
 */
export function step(
  flow: Flow,
  state: BotState,
  input: BotInput,
  now: number,
  opts: StepOptions = {},
): StepResult {
  const maxReplies = opts.maxReplies ?? 3;
  const handoffAfter = flow.notUnderstood.handoffAfter ?? opts.handoffAfter ?? 2;
  const fallbackLanguage = flow.defaultLanguage ?? 'en';
  let language = pickLanguage(flow, state, opts.languageHint);
  const vars = { ...state.vars };
  const say = (t: Text | undefined) => fill(localise(t, language, fallbackLanguage), vars);
  const text = textOf(input);
  const norm = normaliseIntent(text);

  /**
   * The turn's result under the reply cap. The last `keep` replies are always sent (the handoff message and the
   * closed-hours text: the customer must learn that a person, and when, will answer); earlier ones make room.
   */
  const finish = (
    replies: BotReply[],
    next: Partial<BotState>,
    handoff?: StepResult['handoff'],
    keep = 0,
  ): StepResult => {
    const before = replies.slice(0, replies.length - keep);
    const room = Math.max(0, maxReplies - keep);
    const sent = [...before.slice(0, room), ...replies.slice(replies.length - keep)];
    return {
      replies: sent,
      dropped: replies.length - sent.length,
      newState: { at: null, language, vars, misses: 0, started: true, ...next },
      ...(handoff ? { handoff } : {}),
    };
  };

  const handOff = (
    reason: HandoffReason,
    extra: { teamId?: string; text?: Text; keyword?: string; trigger?: TriggerRef; confidence?: number } = {},
    before: BotReply[] = [],
  ) => {
    const replies: BotReply[] = [{ kind: 'text', text: say(extra.text ?? flow.handoff.text) }];
    let outsideHours: { opensAt: number | null } | undefined;
    if (flow.businessHours && !isOpen(flow.businessHours, now)) {
      const opensAt = nextOpening(flow.businessHours, now);
      outsideHours = { opensAt };
      const when = opensAt === null ? '' : formatOpening(flow.businessHours, opensAt, language);
      replies.push({ kind: 'text', text: say(flow.businessHours.closedText).replace(/\{opensAt\}/g, when) });
    }
    const teamId = extra.teamId ?? flow.handoff.teamId;
    return finish(
      [...before, ...replies],
      { misses: 0 },
      {
        reason,
        ...(teamId ? { teamId } : {}),
        ...(extra.keyword ? { keyword: extra.keyword } : {}),
        ...(extra.trigger ? { trigger: extra.trigger } : {}),
        ...(extra.confidence !== undefined ? { confidence: extra.confidence } : {}),
        ...(outsideHours ? { outsideHours } : {}),
      },
      replies.length,
    );
  };

  /** Runs from a step until the bot must wait for the customer, ends, or hands off. */
  const runFrom = (
    stepId: string,
    reason: HandoffReason,
    before: BotReply[] = [],
    trigger?: TriggerRef,
  ): StepResult => {
    const replies = [...before];
    let at: string | undefined = stepId;
    // Validation rejects loops of message steps; the bound keeps a bad stored flow from spinning anyway.
    for (let hops = 0; at !== undefined && hops < 50; hops++) {
      const s: Step | undefined = flow.steps[at];
      if (!s) break;
      switch (s.type) {
        case 'message':
          replies.push({ kind: 'text', text: say(s.text) });
          at = s.next;
          continue;
        case 'menu':
          replies.push(renderMenu(at, s));
          return finish(replies, { at });
        case 'input':
          replies.push({ kind: 'text', text: say(s.text) });
          return finish(replies, { at });
        case 'handoff':
          return handOff(
            reason,
            {
              ...(s.teamId ? { teamId: s.teamId } : {}),
              ...(s.text ? { text: s.text } : {}),
              ...(trigger ? { trigger } : {}),
            },
            replies,
          );
        case 'end':
          if (s.text !== undefined) replies.push({ kind: 'text', text: say(s.text) });
          return finish(replies, { at: null });
      }
    }
    return finish(replies, { at: null });
  };

  const renderMenu = (stepId: string, s: Extract<Step, { type: 'menu' }>): BotReply => {
    const style = s.style ?? (s.options.length <= 3 ? 'buttons' : 'list');
    if (style === 'buttons')
      return {
        kind: 'buttons',
        text: say(s.text),
        buttons: s.options.map((o) => ({ id: optionReplyId(stepId, o.id), title: say(o.title) })),
      };
    return {
      kind: 'list',
      text: say(s.text),
      button: say(s.button ?? 'Menu'),
      rows: s.options.map((o) => ({
        id: optionReplyId(stepId, o.id),
        title: say(o.title),
        ...(o.description !== undefined ? { description: say(o.description) } : {}),
      })),
    };
  };

  // 1. A person, whenever the customer asks for one: a handoff keyword, or a sentence the classifier is sure of.
  // When it is only unsure, the bot offers a person instead of saying it did not understand (step 6).
  const prior = isLanguage(language) ? language : isLanguage(opts.languageHint) ? opts.languageHint : null;
  const wantsPerson =
    input.kind === 'text'
      ? classifyHandoff(text, { languagePrior: prior, keywords: flow.handoff.keywords ?? [] })
      : null;
  if (wantsPerson?.decision === 'yes')
    return handOff('keyword', {
      keyword: wantsPerson.keyword ?? wantsPerson.evidence.join(' '),
      confidence: wantsPerson.confidence,
    });
  // The tap on that offer.
  if (
    (input.kind === 'reply' && input.id === HANDOFF_OFFER_ID) ||
    (input.kind === 'button' && input.payload === HANDOFF_OFFER_ID)
  )
    return handOff('menu');

  // 2. A language switch ("nederlands"): re-ask the waiting step, or start, in the new language.
  for (const [lang, words] of Object.entries(flow.languageKeywords ?? {}))
    if (words.some((w) => normaliseIntent(w) === norm)) {
      language = lang;
      return runFrom(state.at ?? flow.start, 'flow_step');
    }

  // 3. The answer to what the bot asked.
  const waiting = state.at ? flow.steps[state.at] : undefined;
  if (waiting?.type === 'menu') {
    const option = waiting.options.find((o, i) =>
      input.kind === 'reply'
        ? input.id === optionReplyId(state.at!, o.id)
        : input.kind === 'button'
          ? input.payload === optionReplyId(state.at!, o.id)
          : norm === normaliseIntent(say(o.title)) || norm === String(i + 1),
    );
    if (option) {
      if (option.handoff) return handOff('menu');
      return runFrom(option.goto!, 'menu');
    }
  }
  // A tap on an older menu (the customer scrolled up): its reply id names the step and option, still meaningful
  // when both exist in the active flow.
  const tapped = tappedOption(flow, input);
  if (tapped) {
    if (tapped.option.handoff) return handOff('menu');
    return runFrom(tapped.option.goto!, 'menu');
  }
  if (waiting?.type === 'input' && input.kind === 'text' && validInput(waiting, text)) {
    vars[waiting.variable] = text.trim();
    return runFrom(waiting.next, 'flow_step');
  }

  // 4. Triggers, in the flow's order.
  for (const [index, t] of (flow.triggers ?? []).entries()) {
    const hit =
      (t.type === 'keyword' && t.keywords.some((k) => normaliseIntent(k) === norm)) ||
      (t.type === 'regex' && new RegExp(t.pattern, 'iu').test(text.slice(0, MAX_REGEX_INPUT))) ||
      (t.type === 'button' && input.kind === 'button' && input.payload === t.payload) ||
      (t.type === 'button' && input.kind === 'reply' && !input.list && input.id === t.payload) ||
      (t.type === 'list' && input.kind === 'reply' && input.list && input.id === t.id) ||
      (t.type === 'first_message' && !state.started);
    if (hit) return runFrom(t.goto, 'trigger', [], { index, type: t.type });
  }

  // 4b. A routine question, by meaning: the FAQ entry whose example phrasing is closest, above the threshold.
  const faq = input.kind === 'text' ? faqMatcherOf(flow)?.match(text, prior) : null;
  if (faq) {
    const index = flow.faq!.findIndex((f) => f.id === faq.id);
    return runFrom(flow.faq![index]!.goto, 'trigger', [], { index, type: 'faq' });
  }

  // 5. The first message of a conversation starts the flow.
  if (!state.started) return runFrom(flow.start, 'flow_step');

  // 6. Not understood: say so and ask again, or hand off after too many such turns.
  const misses = state.misses + 1;
  if (misses >= handoffAfter) return handOff('not_understood');
  // Unsure whether the customer asked for a person: offer one, rather than "I didn't get that".
  if (wantsPerson?.decision === 'unsure') {
    const o = handoffOffer(isLanguage(language) ? language : (wantsPerson.language ?? 'en'));
    return finish([{ kind: 'buttons', text: o.text, buttons: [o.button] }], { at: state.at, misses });
  }
  const again: BotReply[] = [
    { kind: 'text', text: say(waiting?.type === 'input' ? waiting.invalidText : flow.notUnderstood.text) },
  ];
  if (waiting?.type === 'menu') again.push(renderMenu(state.at!, waiting));
  const r = finish(again, { at: state.at, misses });
  return r;
}
