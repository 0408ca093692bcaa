// Flow definitions: the declarative format (docs/flows.md), parsed from JSON or YAML and validated with every problem.
import safeRegex from 'safe-regex2';
import { parse as parseYaml } from 'yaml';
import { detectSensitiveDataRequest, isLanguage } from '../understanding/index.ts';
import {
  isValidTimeZone,
  parseInterval,
  weekdays,
  type BusinessHours,
  type Weekday,
} from './business-hours.ts';

/** A customer-visible text: one string, or one per language. */
export type Text = string | Readonly<Record<string, string>>;

export type MenuOption = {
  id: string;
  title: Text;
  description?: Text;
  goto?: string;
  /** This option hands the thread to a person (every menu must have one). */
  handoff?: boolean;
};

export type InputKind = 'name' | 'order_number' | 'email' | 'number';

export type Step =
  | { type: 'message'; text: Text; next?: string }
  | { type: 'menu'; text: Text; style?: 'buttons' | 'list'; button?: Text; options: MenuOption[] }
  | {
      type: 'input';
      text: Text;
      variable: string;
      validate: InputKind | { pattern: string };
      invalidText: Text;
      next: string;
    }
  | { type: 'handoff'; text?: Text; teamId?: string }
  | { type: 'end'; text?: Text };

export type Trigger =
  | { type: 'keyword'; keywords: string[]; goto: string }
  | { type: 'regex'; pattern: string; goto: string }
  | { type: 'button'; payload: string; goto: string }
  | { type: 'list'; id: string; goto: string }
  | { type: 'first_message'; goto: string };

/**
 * A routine question the bot answers by meaning: example phrasings per language (docs/flows.md#faq), and the step
 * that answers it.
 */
export type FaqItem = { id: string; examples: Record<string, string[]>; goto: string };

export type Flow = {
  name: string;
  defaultLanguage: string;
  languages: string[];
  /** Typing one of these switches the conversation to that language ("nederlands", "english"). */
  languageKeywords?: Record<string, string[]>;
  start: string;
  handoff: { text: Text; teamId?: string; keywords?: string[] };
  notUnderstood: { text: Text; handoffAfter?: number };
  businessHours?: BusinessHours & { closedText: Text };
  triggers: Trigger[];
  /** Routine questions matched by meaning, after the triggers (docs/flows.md#faq). */
  faq?: FaqItem[];
  steps: Record<string, Step>;
};

// A flow's FAQ: at most this many entries, examples per language, and characters per example.
export const MAX_FAQ = 50;
export const MAX_FAQ_EXAMPLES = 50;
export const MAX_FAQ_EXAMPLE = 200;

export type FlowProblem = { code: string; path: string; message: string };

export const stepTypes = ['message', 'menu', 'input', 'handoff', 'end'] as const;
export const triggerTypes = ['keyword', 'regex', 'button', 'list', 'first_message'] as const;
export const inputKinds: readonly InputKind[] = ['name', 'order_number', 'email', 'number'];

// Meta's interactive limits (docs/meta-rules.md): reply buttons max 3 with titles up to 20 characters; a list has
// at most 10 rows with titles up to 24 and descriptions up to 72, and its button label up to 20.
export const MAX_BUTTONS = 3;
export const MAX_BUTTON_TITLE = 20;
export const MAX_LIST_ROWS = 10;
export const MAX_ROW_TITLE = 24;
export const MAX_ROW_DESCRIPTION = 72;
export const MAX_BODY = 1024;
const MAX_SOURCE_BYTES = 256 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const graphemes = (s: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;

/**
 * The problem with a customer-facing regular expression, if any: it must compile, and it must not be open to
 * catastrophic backtracking (nested quantifiers such as "(a+)+"), since it runs on whatever customers type.
 */
function regexProblem(pattern: string, flags: string): { code: string; message: string } | undefined {
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    return { code: 'flow.regex_invalid', message: (e as Error).message };
  }
  if (!safeRegex(pattern))
    return {
      code: 'flow.regex_unsafe',
      message:
        'The pattern can backtrack catastrophically (a quantifier inside a quantified group, such as "(a+)+"); simplify it.',
    };
  return undefined;
}

/** The fields each kind of object may have: anything else is a typo ("nxt") that would silently do nothing. */
const stepFields: Record<(typeof stepTypes)[number], readonly string[]> = {
  message: ['type', 'text', 'next'],
  menu: ['type', 'text', 'style', 'button', 'options'],
  input: ['type', 'text', 'variable', 'validate', 'invalidText', 'next'],
  handoff: ['type', 'text', 'teamId'],
  end: ['type', 'text'],
};
const triggerFields: Record<(typeof triggerTypes)[number], readonly string[]> = {
  keyword: ['type', 'keywords', 'goto'],
  regex: ['type', 'pattern', 'goto'],
  button: ['type', 'payload', 'goto'],
  list: ['type', 'id', 'goto'],
  first_message: ['type', 'goto'],
};
const optionFields = ['id', 'title', 'description', 'goto', 'handoff'] as const;

/** A flow's source over the size limit, as a problem (for a YAML or JSON text, and for a definition sent as JSON). */
export function sizeProblem(source: string): FlowProblem | undefined {
  return Buffer.byteLength(source) > MAX_SOURCE_BYTES
    ? { code: 'flow.too_large', path: '', message: `A flow is at most ${MAX_SOURCE_BYTES} bytes.` }
    : undefined;
}

/** Parses a flow's source. A YAML parse error is one problem with the line, not an exception. */
export function parseFlowSource(
  source: string,
  format: 'json' | 'yaml',
): { ok: true; value: unknown } | { ok: false; problems: FlowProblem[] } {
  const tooLarge = sizeProblem(source);
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  try {
    return { ok: true, value: format === 'json' ? JSON.parse(source) : parseYaml(source) };
  } catch (e) {
    return {
      ok: false,
      problems: [
        { code: 'flow.parse_error', path: '', message: `Not valid ${format}: ${(e as Error).message}` },
      ],
    };
  }
}

/** Every text of a Text value, with its language (null for a plain string). */
function textsOf(t: Text | undefined): { language: string | null; text: string }[] {
  if (t === undefined) return [];
  if (typeof t === 'string') return [{ language: null, text: t }];
  return Object.entries(t).map(([language, text]) => ({ language, text }));
}

/** The flow's problems (empty when it is valid). Checks shape, references, loops, the human path and content. */
export function validateFlow(
  raw: unknown,
): { flow: Flow; problems: [] } | { flow?: undefined; problems: FlowProblem[] } {
  const problems: FlowProblem[] = [];
  const add = (code: string, path: string, message: string) => problems.push({ code, path, message });
  if (!isObj(raw)) {
    add(
      'flow.not_object',
      '',
      'A flow is an object with name, start, handoff, notUnderstood, triggers and steps.',
    );
    return { problems };
  }
  const known = [
    'name',
    'defaultLanguage',
    'languages',
    'languageKeywords',
    'start',
    'handoff',
    'notUnderstood',
    'businessHours',
    'triggers',
    'faq',
    'steps',
    'description',
  ];
  for (const k of Object.keys(raw))
    if (!known.includes(k)) add('flow.field_unknown', k, `Unknown field "${k}"; known: ${known.join(', ')}.`);
  if (!isStr(raw.name) || raw.name.length > 100)
    add('flow.name_invalid', 'name', 'name must be 1 to 100 characters.');
  const defaultLanguage = isStr(raw.defaultLanguage) ? raw.defaultLanguage : 'en';
  if (raw.defaultLanguage !== undefined && !/^[a-z]{2}$/.test(String(raw.defaultLanguage)))
    add('flow.language_invalid', 'defaultLanguage', 'defaultLanguage is a two-letter code such as "en".');
  let languages: string[] = [defaultLanguage];
  if (raw.languages !== undefined) {
    if (
      !Array.isArray(raw.languages) ||
      !raw.languages.every((l) => typeof l === 'string' && /^[a-z]{2}$/.test(l))
    )
      add(
        'flow.language_invalid',
        'languages',
        'languages is a list of two-letter codes such as ["en", "nl"].',
      );
    else languages = [...new Set([defaultLanguage, ...(raw.languages as string[])])];
  }

  const checkText = (t: unknown, path: string, opts: { required?: boolean; max?: number } = {}) => {
    if (t === undefined) {
      if (opts.required) add('flow.text_missing', path, 'A text is required here.');
      return;
    }
    const max = opts.max ?? MAX_BODY;
    if (typeof t === 'string') {
      if (t.trim() === '') add('flow.text_missing', path, 'The text is empty.');
      else if (graphemes(t) > max)
        add('flow.text_too_long', path, `At most ${max} characters (${graphemes(t)}).`);
    } else if (isObj(t)) {
      if (typeof t[defaultLanguage] !== 'string')
        add(
          'flow.translation_missing',
          `${path}.${defaultLanguage}`,
          `No text in the default language "${defaultLanguage}".`,
        );
      for (const [lang, v] of Object.entries(t)) {
        if (!languages.includes(lang))
          add(
            'flow.language_unknown',
            `${path}.${lang}`,
            `"${lang}" is not one of the flow's languages (${languages.join(', ')}).`,
          );
        if (typeof v !== 'string' || v.trim() === '')
          add('flow.text_missing', `${path}.${lang}`, 'The text is empty.');
        else if (graphemes(v) > max)
          add('flow.text_too_long', `${path}.${lang}`, `At most ${max} characters (${graphemes(v)}).`);
      }
      for (const lang of languages)
        if (t[lang] === undefined)
          add(
            'flow.translation_missing',
            `${path}.${lang}`,
            `No "${lang}" text: every text needs one in each of the flow's languages.`,
          );
    } else add('flow.text_invalid', path, 'A text is a string or an object of language to string.');
    // A bot can never ask for an IBAN, a card number or a password (the policy's content.sensitive_data_request).
    for (const { text } of textsOf(isObj(t) || typeof t === 'string' ? (t as Text) : undefined)) {
      if (typeof text !== 'string') continue;
      const found = detectSensitiveDataRequest(text).findings;
      if (found.length > 0)
        add(
          'flow.sensitive_data_request',
          path,
          `The text asks the customer for sensitive data (${found.map((f) => `"${f.phrase}"`).join(', ')}); WhatsApp forbids it and the policy would deny the message.`,
        );
    }
  };

  const checkFields = (o: Record<string, unknown>, allowed: readonly string[], path: string) => {
    for (const key of Object.keys(o))
      if (!allowed.includes(key))
        add(
          'flow.field_unknown',
          `${path}.${key}`,
          `Unknown field "${key}"; here the fields are ${allowed.join(', ')}.`,
        );
  };

  // Steps.
  const steps = isObj(raw.steps) ? raw.steps : {};
  if (!isObj(raw.steps) || Object.keys(raw.steps).length === 0)
    add('flow.steps_missing', 'steps', 'steps is an object of step id to step, with at least one step.');
  const stepIds = Object.keys(steps);
  const refs: { from: string; to: unknown; path: string }[] = [];
  const auto = new Map<string, string>();
  let hasHandoffStep = false;
  for (const [id, s] of Object.entries(steps)) {
    const p = `steps.${id}`;
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id))
      add('flow.step_id_invalid', p, 'A step id is 1 to 40 of A-Z, a-z, 0-9, _ and -.');
    if (!isObj(s)) {
      add('flow.step_invalid', p, 'A step is an object with a type.');
      continue;
    }
    if (!(stepTypes as readonly unknown[]).includes(s.type)) {
      add(
        'flow.step_type_unknown',
        `${p}.type`,
        `Unknown step type ${JSON.stringify(s.type)}; use one of ${stepTypes.join(', ')}.`,
      );
      continue;
    }
    checkFields(s, stepFields[s.type as (typeof stepTypes)[number]], p);
    switch (s.type) {
      case 'message':
        checkText(s.text, `${p}.text`, { required: true, max: 4096 });
        if (s.next !== undefined) {
          refs.push({ from: id, to: s.next, path: `${p}.next` });
          if (typeof s.next === 'string') auto.set(id, s.next);
        }
        break;
      case 'menu': {
        checkText(s.text, `${p}.text`, { required: true });
        const options = Array.isArray(s.options) ? s.options : [];
        if (!Array.isArray(s.options) || options.length === 0)
          add('flow.menu_empty', `${p}.options`, 'A menu needs options.');
        const style = s.style ?? (options.length <= MAX_BUTTONS ? 'buttons' : 'list');
        if (style !== 'buttons' && style !== 'list')
          add('flow.menu_style_invalid', `${p}.style`, 'style is "buttons" or "list".');
        if (style === 'buttons' && options.length > MAX_BUTTONS)
          add(
            'flow.too_many_buttons',
            `${p}.options`,
            `A button menu has at most ${MAX_BUTTONS} options (${options.length}); use style "list".`,
          );
        if (style === 'list') {
          if (options.length > MAX_LIST_ROWS)
            add(
              'flow.too_many_rows',
              `${p}.options`,
              `A list has at most ${MAX_LIST_ROWS} rows (${options.length}).`,
            );
          checkText(s.button ?? 'Menu', `${p}.button`, { max: MAX_BUTTON_TITLE });
        }
        const titleMax = style === 'buttons' ? MAX_BUTTON_TITLE : MAX_ROW_TITLE;
        let human = false;
        const seen = new Set<string>();
        options.forEach((o: unknown, i: number) => {
          const op = `${p}.options[${i}]`;
          if (!isObj(o)) return add('flow.option_invalid', op, 'An option is {id, title, goto | handoff}.');
          checkFields(o, optionFields, op);
          if (!isStr(o.id) || !/^[A-Za-z0-9_-]{1,40}$/.test(o.id))
            add('flow.option_id_invalid', `${op}.id`, 'An option id is 1 to 40 of A-Z, a-z, 0-9, _ and -.');
          else if (seen.has(o.id))
            add('flow.option_id_duplicate', `${op}.id`, `Option id "${o.id}" is used twice.`);
          else seen.add(o.id);
          checkText(o.title, `${op}.title`, { required: true, max: titleMax });
          if (o.description !== undefined) {
            if (style === 'buttons')
              add(
                'flow.option_description_invalid',
                `${op}.description`,
                'Only list rows have a description.',
              );
            checkText(o.description, `${op}.description`, { max: MAX_ROW_DESCRIPTION });
          }
          if (o.handoff === true) human = true;
          else if (o.goto === undefined)
            add('flow.option_target_missing', op, 'An option needs goto (a step id) or handoff: true.');
          else {
            refs.push({ from: id, to: o.goto, path: `${op}.goto` });
            if (typeof o.goto === 'string') {
              const target = steps[o.goto];
              if (isObj(target) && target.type === 'handoff') human = true;
            }
          }
        });
        // Meta: automated conversations must offer a prompt, clear and direct path to a human (docs/meta-rules.md).
        if (!human && options.length > 0)
          add(
            'flow.menu_without_human',
            `${p}.options`,
            'Every menu must offer a person: an option with handoff: true or a goto to a handoff step.',
          );
        break;
      }
      case 'input':
        checkText(s.text, `${p}.text`, { required: true });
        checkText(s.invalidText, `${p}.invalidText`, { required: true });
        if (!isStr(s.variable) || !/^[a-z][a-z0-9_]{0,39}$/.test(s.variable))
          add(
            'flow.variable_invalid',
            `${p}.variable`,
            'variable is 1 to 40 of a-z, 0-9 and _, starting with a letter.',
          );
        if (isObj(s.validate)) {
          checkFields(s.validate, ['pattern'], `${p}.validate`);
          if (!isStr(s.validate.pattern) || s.validate.pattern.length > 200)
            add(
              'flow.regex_invalid',
              `${p}.validate.pattern`,
              'pattern is a regular expression of at most 200 characters.',
            );
          else {
            const bad = regexProblem(s.validate.pattern, 'u');
            if (bad) add(bad.code, `${p}.validate.pattern`, bad.message);
          }
        } else if (!inputKinds.includes(s.validate as InputKind))
          add(
            'flow.input_kind_unknown',
            `${p}.validate`,
            `validate is one of ${inputKinds.join(', ')} or {pattern}.`,
          );
        refs.push({ from: id, to: s.next, path: `${p}.next` });
        break;
      case 'handoff':
        hasHandoffStep = true;
        checkText(s.text, `${p}.text`);
        if (s.teamId !== undefined && !isStr(s.teamId))
          add('flow.team_invalid', `${p}.teamId`, 'teamId is a team id.');
        break;
      case 'end':
        checkText(s.text, `${p}.text`);
        break;
    }
  }
  for (const r of refs) {
    if (!isStr(r.to)) add('flow.step_reference_invalid', r.path, 'A reference is a step id.');
    else if (!stepIds.includes(r.to))
      add('flow.step_missing', r.path, `No step "${r.to}" (from "${r.from}").`);
  }

  // A chain of message steps that leads back to itself never waits for the customer: a loop without an exit.
  for (const startId of auto.keys()) {
    const path: string[] = [];
    let at: string | undefined = startId;
    while (at !== undefined && !path.includes(at)) {
      path.push(at);
      at = auto.get(at);
    }
    if (at === startId)
      add(
        'flow.cycle',
        `steps.${startId}.next`,
        `The steps ${[...path, startId].join(' -> ')} loop without waiting for the customer or an exit.`,
      );
  }

  // Start and triggers.
  if (!isStr(raw.start)) add('flow.start_missing', 'start', 'start names the first step.');
  else if (!stepIds.includes(raw.start)) add('flow.step_missing', 'start', `No step "${raw.start}".`);
  if (raw.triggers !== undefined && !Array.isArray(raw.triggers))
    add('flow.triggers_invalid', 'triggers', 'triggers is a list.');
  const triggers = Array.isArray(raw.triggers) ? raw.triggers : [];
  triggers.forEach((t: unknown, i: number) => {
    const p = `triggers[${i}]`;
    if (!isObj(t)) return add('flow.trigger_invalid', p, 'A trigger is {type, ..., goto}.');
    if (!(triggerTypes as readonly unknown[]).includes(t.type))
      return add(
        'flow.trigger_type_unknown',
        `${p}.type`,
        `Unknown trigger type ${JSON.stringify(t.type)}; use one of ${triggerTypes.join(', ')}.`,
      );
    checkFields(t, triggerFields[t.type as (typeof triggerTypes)[number]], p);
    if (
      t.type === 'keyword' &&
      (!Array.isArray(t.keywords) || t.keywords.length === 0 || !t.keywords.every(isStr))
    )
      add('flow.trigger_invalid', `${p}.keywords`, 'keywords is a list of words.');
    if (t.type === 'regex') {
      if (!isStr(t.pattern) || t.pattern.length > 200)
        add(
          'flow.regex_invalid',
          `${p}.pattern`,
          'pattern is a regular expression of at most 200 characters.',
        );
      else {
        const bad = regexProblem(t.pattern, 'iu');
        if (bad) add(bad.code, `${p}.pattern`, bad.message);
      }
    }
    if (t.type === 'button' && !isStr(t.payload))
      add('flow.trigger_invalid', `${p}.payload`, 'payload is the quick-reply payload.');
    if (t.type === 'list' && !isStr(t.id)) add('flow.trigger_invalid', `${p}.id`, 'id is the list row id.');
    if (!isStr(t.goto)) add('flow.step_reference_invalid', `${p}.goto`, 'goto is a step id.');
    else if (!stepIds.includes(t.goto)) add('flow.step_missing', `${p}.goto`, `No step "${t.goto}".`);
  });

  // FAQ entries: an id, example phrasings per language (one of the seven the classifier reads), and a step.
  const faq = Array.isArray(raw.faq) ? raw.faq : [];
  if (raw.faq !== undefined && !Array.isArray(raw.faq))
    add('flow.faq_invalid', 'faq', 'faq is a list of {id, examples: {<language>: [phrasings]}, goto}.');
  if (faq.length > MAX_FAQ) add('flow.faq_invalid', 'faq', `At most ${MAX_FAQ} FAQ entries (${faq.length}).`);
  const faqIds = new Set<string>();
  faq.forEach((f: unknown, i: number) => {
    const p = `faq[${i}]`;
    if (!isObj(f)) return add('flow.faq_invalid', p, 'An FAQ entry is {id, examples, goto}.');
    checkFields(f, ['id', 'examples', 'goto'], p);
    if (!isStr(f.id) || !/^[A-Za-z0-9_-]{1,40}$/.test(f.id))
      add('flow.faq_invalid', `${p}.id`, 'An FAQ id is 1 to 40 of A-Z, a-z, 0-9, _ and -.');
    else if (faqIds.has(f.id)) add('flow.faq_invalid', `${p}.id`, `FAQ id "${f.id}" is used twice.`);
    else faqIds.add(f.id);
    if (!isObj(f.examples) || Object.keys(f.examples).length === 0)
      add(
        'flow.faq_invalid',
        `${p}.examples`,
        'examples is {<language>: [phrasings]} with at least one language.',
      );
    else
      for (const [lang, list] of Object.entries(f.examples)) {
        if (!isLanguage(lang))
          add(
            'flow.faq_language_unsupported',
            `${p}.examples.${lang}`,
            `FAQ examples are read in en, nl, de, fr, es, pt and it; "${lang}" is not one of them.`,
          );
        if (
          !Array.isArray(list) ||
          list.length === 0 ||
          list.length > MAX_FAQ_EXAMPLES ||
          !list.every((x) => isStr(x) && x.length <= MAX_FAQ_EXAMPLE)
        )
          add(
            'flow.faq_invalid',
            `${p}.examples.${lang}`,
            `A list of 1 to ${MAX_FAQ_EXAMPLES} phrasings of at most ${MAX_FAQ_EXAMPLE} characters.`,
          );
      }
    if (!isStr(f.goto)) add('flow.step_reference_invalid', `${p}.goto`, 'goto is a step id.');
    else if (!stepIds.includes(f.goto)) add('flow.step_missing', `${p}.goto`, `No step "${f.goto}".`);
  });

  // Every step must be reachable from start or a trigger: an unreachable one is a mistake (a renamed goto, a typo).
  const reachable = new Set<string>();
  const queue = [
    raw.start,
    ...triggers.map((t: unknown) => (isObj(t) ? t.goto : undefined)),
    ...faq.map((f: unknown) => (isObj(f) ? f.goto : undefined)),
  ].filter((x): x is string => isStr(x) && stepIds.includes(x));
  while (queue.length > 0) {
    const at = queue.pop()!;
    if (reachable.has(at)) continue;
    reachable.add(at);
    for (const r of refs) if (r.from === at && isStr(r.to) && stepIds.includes(r.to)) queue.push(r.to);
  }
  if (isStr(raw.start) && stepIds.includes(raw.start))
    for (const id of stepIds)
      if (!reachable.has(id) && isObj(steps[id]))
        add(
          'flow.step_unreachable',
          `steps.${id}`,
          `No way leads to step "${id}": not start, no trigger, FAQ entry, next, goto or option points to it.`,
        );

  // The human path: a handoff section (its message) and at least one way to reach a person inside the flow.
  if (!isObj(raw.handoff))
    add(
      'flow.handoff_missing',
      'handoff',
      'handoff {text} is required: what the customer reads when a person takes over.',
    );
  else {
    checkText(raw.handoff.text, 'handoff.text', { required: true });
    if (
      raw.handoff.keywords !== undefined &&
      (!Array.isArray(raw.handoff.keywords) || !raw.handoff.keywords.every(isStr))
    )
      add('flow.handoff_invalid', 'handoff.keywords', 'keywords is a list of extra handoff words.');
    if (raw.handoff.teamId !== undefined && !isStr(raw.handoff.teamId))
      add('flow.team_invalid', 'handoff.teamId', 'teamId is a team id.');
  }
  const menuHuman = Object.values(steps).some(
    (s) =>
      isObj(s) &&
      s.type === 'menu' &&
      Array.isArray(s.options) &&
      s.options.some((o) => isObj(o) && o.handoff === true),
  );
  if (!hasHandoffStep && !menuHuman && stepIds.length > 0)
    add(
      'flow.handoff_missing',
      'steps',
      'No step hands off to a person: add a handoff step or a menu option with handoff: true.',
    );
  if (!isObj(raw.notUnderstood))
    add('flow.not_understood_missing', 'notUnderstood', 'notUnderstood {text, handoffAfter?} is required.');
  else {
    checkText(raw.notUnderstood.text, 'notUnderstood.text', { required: true });
    const n = raw.notUnderstood.handoffAfter;
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10))
      add(
        'flow.not_understood_invalid',
        'notUnderstood.handoffAfter',
        'handoffAfter is a whole number from 1 to 10.',
      );
  }
  if (raw.languageKeywords !== undefined) {
    if (!isObj(raw.languageKeywords))
      add('flow.language_keywords_invalid', 'languageKeywords', 'languageKeywords is {language: [words]}.');
    else
      for (const [lang, words] of Object.entries(raw.languageKeywords)) {
        if (!languages.includes(lang))
          add(
            'flow.language_unknown',
            `languageKeywords.${lang}`,
            `"${lang}" is not one of the flow's languages.`,
          );
        if (!Array.isArray(words) || !words.every(isStr))
          add('flow.language_keywords_invalid', `languageKeywords.${lang}`, 'A list of words.');
      }
  }
  if (raw.businessHours !== undefined) {
    const h = raw.businessHours;
    if (!isObj(h))
      add('flow.hours_invalid', 'businessHours', 'businessHours is {timeZone, weekly, closedText}.');
    else {
      if (!isStr(h.timeZone) || !isValidTimeZone(h.timeZone))
        add(
          'flow.timezone_invalid',
          'businessHours.timeZone',
          `${JSON.stringify(h.timeZone)} is not an IANA time zone such as "Europe/Amsterdam".`,
        );
      if (!isObj(h.weekly))
        add('flow.hours_invalid', 'businessHours.weekly', 'weekly is {mon: ["09:00-17:00"], ...}.');
      else
        for (const [day, intervals] of Object.entries(h.weekly)) {
          if (!weekdays.includes(day as Weekday))
            add('flow.hours_invalid', `businessHours.weekly.${day}`, `Days are ${weekdays.join(', ')}.`);
          else if (
            !Array.isArray(intervals) ||
            !intervals.every((x) => typeof x === 'string' && parseInterval(x))
          )
            add(
              'flow.hours_invalid',
              `businessHours.weekly.${day}`,
              'A list of "HH:MM-HH:MM" intervals, e.g. ["09:00-12:30", "13:30-17:00"].',
            );
        }
      checkText(h.closedText, 'businessHours.closedText', { required: true });
    }
  }

  if (problems.length > 0) return { problems };
  return { flow: raw as unknown as Flow, problems: [] };
}
