// Checks a template definition against Meta's format rules before submission: each problem has a code, a JSON path and a message.
//
// Rules and limits are those of docs/meta-rules.md#template-categories (authentication templates), meta-rules.md#template-format (count, name,
// component limits, variable rules) and the creation error codes of meta-rules.md#error-codes (2388040 length, 2388293 too
// many variables, 2388299 leading/trailing variable, 2388019 count limit). Bad input of any shape becomes
// problems, never an exception: we only read the fields we know, cap how much of each list and string we
// look at, and stop after `maxProblems`.
import type { TemplateCategory } from '../../wire/graph.ts';
import type { Problem } from './model.ts';

export type TemplateInput = {
  name?: unknown;
  language?: unknown;
  category?: unknown;
  /** `positional` (default) or `named`; Graph's `parameter_format` spelling is accepted too. */
  parameterFormat?: unknown;
  parameter_format?: unknown;
  components?: unknown;
};

export type ValidateOptions = {
  /** Templates the WABA already has (each language counts separately, meta-rules.md#template-format). */
  existingCount?: number;
  /** The WABA's template limit: 250 unverified (default), up to 6,000 verified (meta-rules.md#template-format). */
  limit?: number;
};

export const templateLimits = {
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttons: 10,
  quickReplies: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  buttonLabel: 25,
  url: 2000,
  phoneNumber: 20,
  copyCodeExample: 15,
  authenticationParameter: 15,
  headerVariables: 1,
  urlVariables: 1,
  defaultTemplateCount: 250,
  /** Words of text each variable needs around it (see `checkVariableDensity`). */
  wordsPerVariable: 2,
} as const;

/** Reporting stops here, so a hostile input cannot produce an unbounded answer. */
export const maxProblems = 50;
/** Components and buttons looked at; more than this is already a problem. */
const maxComponentsScanned = 10;
const maxButtonsScanned = 20;
/** Strings longer than this are too long for any field; we do not segment them. */
const maxStringScanned = 8192;

const categories: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const componentTypes = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'] as const;
type ComponentType = (typeof componentTypes)[number];
const headerFormats = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
const buttonTypes = [
  'QUICK_REPLY',
  'URL',
  'PHONE_NUMBER',
  'COPY_CODE',
  'OTP',
  'FLOW',
  'CATALOG',
  'MPM',
  'VOICE_CALL',
] as const;
const otpTypes = ['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'];

const words = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * Unicode code points, counted up to `stopAt`. Meta does not say how it counts its 60/1024 limits; we count code
 * points, as our sandbox does, which is never more lenient than counting what people see: "👍🏽" is 2, a Hebrew
 * letter with its vowel points 2 or 3, but never the 2 to 4 UTF-16 units a naive `.length` would give for emoji.
 */
export function characterCount(text: string, stopAt = Number.MAX_SAFE_INTEGER): number {
  if (text.length > maxStringScanned) return Math.max(text.length, stopAt);
  let n = 0;
  for (const _ of text) {
    n++;
    if (n >= stopAt) break;
  }
  return n;
}

export type VariableToken = {
  /** What stood between the braces, trimmed: "1", "first_name", or something invalid. */
  name: string;
  kind: 'positional' | 'named' | 'invalid';
  start: number;
  end: number;
};

const VARIABLE = /\{\{([^{}]*)\}\}/g;

/** The `{{…}}` tokens of a text, and whether braces are left unmatched (`{{1}`, `{1}}`, `{{ {{1}}`). */
export function scanVariables(text: string): { tokens: VariableToken[]; unbalanced: boolean } {
  const tokens: VariableToken[] = [];
  let rest = '';
  let last = 0;
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[1]!.trim();
    const kind = /^\d{1,3}$/.test(name) ? 'positional' : /^[a-z][a-z0-9_]*$/.test(name) ? 'named' : 'invalid';
    tokens.push({ name, kind, start: m.index, end: m.index + m[0].length });
    rest += text.slice(last, m.index);
    last = m.index + m[0].length;
    if (tokens.length > 200) break;
  }
  rest += text.slice(last);
  return { tokens, unbalanced: rest.includes('{{') || rest.includes('}}') };
}

const EMOJI = /\p{Extended_Pictographic}/u;
const URL_IN_TEXT = /https?:\/\/|www\./i;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly list: Problem[] = [];
  full = false;
  add(code: string, path: string, message: string): void {
    if (this.full) return;
    if (this.list.length >= maxProblems) {
      this.full = true;
      this.list.push({
        code: 'template.too_many_problems',
        path: '',
        message: `Stopped after ${maxProblems} problems; fix these first.`,
      });
      return;
    }
    this.list.push({ code, path, message });
  }
}

/** A field that should be a string: absent is `undefined`, any other type is a problem. */
function stringField(
  obj: Rec,
  key: string,
  path: string,
  p: Problems,
  what: string,
): string | undefined | null {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    p.add(
      'template.text_invalid',
      path,
      `${what} must be text, not ${Array.isArray(v) ? 'a list' : typeof v}.`,
    );
    return null;
  }
  return v;
}

function checkLength(text: string, limit: number, path: string, p: Problems, what: string): void {
  const n = characterCount(text, limit + 1);
  if (n > limit) {
    p.add('template.text_too_long', path, `${what} is at most ${limit} characters (emoji count as one).`);
  }
}

type Format = 'positional' | 'named';

/** Everything about one text's variables that does not depend on the other components (meta-rules.md#template-format variable rules). */
function checkVariableSyntax(tokens: VariableToken[], unbalanced: boolean, path: string, p: Problems): void {
  if (unbalanced) {
    p.add(
      'template.variable_braces_unbalanced',
      path,
      'Every variable opens with {{ and closes with }}, like {{1}} or {{first_name}}.',
    );
  }
  for (const t of tokens) {
    if (t.kind === 'invalid') {
      p.add(
        'template.variable_invalid',
        path,
        `{{${t.name.slice(0, 40)}}} is not a valid variable: use a number ({{1}}) or a lowercase name with underscores ({{first_name}}), without special characters.`,
      );
    }
  }
}

/** Positional variables are 1..n, first used in that order; named ones are used once each (meta-rules.md#template-format). */
function checkVariableOrder(tokens: VariableToken[], path: string, p: Problems): void {
  const positional = tokens.filter((t) => t.kind === 'positional').map((t) => Number(t.name));
  if (positional.length > 0) {
    const firstUses: number[] = [];
    for (const n of positional) if (!firstUses.includes(n)) firstUses.push(n);
    const inSequence = firstUses.every((n, i) => n === i + 1);
    if (!inSequence) {
      p.add(
        'template.variables_not_sequential',
        path,
        `Number variables from {{1}} in order without gaps; found ${firstUses.map((n) => `{{${n}}}`).join(', ')}.`,
      );
    }
  }
  const named = tokens.filter((t) => t.kind === 'named').map((t) => t.name);
  const dup = named.find((n, i) => named.indexOf(n) !== i);
  if (dup !== undefined) {
    p.add(
      'template.variable_name_duplicate',
      path,
      `The variable {{${dup}}} is used more than once; names are unique.`,
    );
  }
}

/** Variables next to each other ({{1}}{{2}} or {{1}} {{2}}) are rejected as INVALID_FORMAT (meta-rules.md#template-status-webhook, meta-rules.md#template-format). */
function checkAdjacent(text: string, tokens: VariableToken[], path: string, p: Problems): void {
  for (let i = 1; i < tokens.length; i++) {
    const between = text.slice(tokens[i - 1]!.end, tokens[i]!.start);
    if (between.trim() === '') {
      p.add(
        'template.variables_adjacent',
        path,
        'Variables cannot stand next to each other; put words or punctuation between them.',
      );
      return;
    }
  }
}

/**
 * Too many variables for the text length (2388293). Meta does not publish the ratio; we require at least
 * `wordsPerVariable` (2) words of fixed text per variable, i.e. at most one variable in every three words.
 * "Your appointment with Dr. {{1}} is confirmed for {{2}} at {{3}}." (8 words, 3 variables) passes;
 * "Dear {{1}}, {{2}} at {{3}}" (2 words, 3 variables) does not.
 */
function checkVariableDensity(text: string, tokens: VariableToken[], path: string, p: Problems): void {
  if (tokens.length === 0) return;
  let fixed = '';
  let last = 0;
  for (const t of tokens) {
    fixed += `${text.slice(last, t.start)} `;
    last = t.end;
  }
  fixed += text.slice(last);
  let count = 0;
  for (const w of words.segment(fixed)) if (w.isWordLike) count++;
  if (count < tokens.length * templateLimits.wordsPerVariable) {
    p.add(
      'template.variables_too_many',
      path,
      `${tokens.length} variable(s) in ${count} word(s) of text: use at least ${templateLimits.wordsPerVariable} words per variable (Meta rejects templates with too many variables for their length).`,
    );
  }
}

/** A template may not start or end with a variable (2388299). */
function checkEdges(text: string, tokens: VariableToken[], path: string, p: Problems): void {
  if (tokens.length === 0) return;
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  if (text.slice(0, first.start).trim() === '' || text.slice(last.end).trim() === '') {
    p.add(
      'template.variable_at_edge',
      path,
      'The body may not start or end with a variable; add text before the first and after the last.',
    );
  }
}

function distinctNames(tokens: VariableToken[]): string[] {
  return [...new Set(tokens.filter((t) => t.kind !== 'invalid').map((t) => t.name))];
}

/** Example values: one per variable, as strings, in the shape the format needs (meta-rules.md#template-format: "Every variable needs an example"). */
function checkTextExamples(
  comp: Rec,
  slot: 'header' | 'body',
  tokens: VariableToken[],
  format: Format,
  path: string,
  p: Problems,
  authentication: boolean,
): void {
  const names = distinctNames(tokens);
  if (names.length === 0) return;
  const example = comp['example'];
  const examplePath = `${path}.example`;
  if (!isRecord(example)) {
    p.add(
      'template.example_missing',
      examplePath,
      `Give an example value for each of the ${names.length} variable(s).`,
    );
    return;
  }
  let values: unknown[] | undefined;
  let valuesPath: string;
  if (format === 'named') {
    const key = `${slot}_text_named_params`;
    valuesPath = `${examplePath}.${key}`;
    const list = example[key];
    if (!Array.isArray(list)) {
      p.add(
        'template.example_missing',
        valuesPath,
        `Give {param_name, example} for each of: ${names.join(', ')}.`,
      );
      return;
    }
    const given = list.slice(0, 100);
    const byName = new Map<string, unknown>();
    given.forEach((e, i) => {
      if (!isRecord(e) || typeof e['param_name'] !== 'string') {
        p.add('template.example_invalid', `${valuesPath}[${i}]`, 'Each example is {param_name, example}.');
        return;
      }
      if (byName.has(e['param_name'])) {
        p.add('template.example_duplicate', `${valuesPath}[${i}]`, `${e['param_name']} has two examples.`);
      }
      byName.set(e['param_name'], e['example']);
    });
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length > 0) {
      p.add('template.example_missing', valuesPath, `Missing example(s) for ${missing.join(', ')}.`);
    }
    const extra = [...byName.keys()].filter((n) => !names.includes(n));
    if (extra.length > 0) {
      p.add(
        'template.example_count_mismatch',
        valuesPath,
        `Examples for unknown variable(s) ${extra.join(', ')}.`,
      );
    }
    values = names.map((n) => byName.get(n)).filter((v) => v !== undefined);
  } else {
    const key = `${slot}_text`;
    valuesPath = `${examplePath}.${key}`;
    const raw = example[key];
    // body_text is one list of values wrapped in a list ([["Ann", "42"]]); header_text is a flat list.
    const list = slot === 'body' ? (Array.isArray(raw) ? raw[0] : undefined) : raw;
    if (!Array.isArray(list)) {
      p.add(
        'template.example_missing',
        valuesPath,
        slot === 'body'
          ? `Give ${names.length} example value(s) as [["value 1", ...]].`
          : 'Give the example value as ["value"].',
      );
      return;
    }
    if (list.length !== names.length) {
      p.add(
        'template.example_count_mismatch',
        valuesPath,
        `${names.length} variable(s) but ${list.length} example value(s).`,
      );
    }
    values = list.slice(0, 100);
  }
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') {
      p.add('template.example_invalid', `${valuesPath}[${i}]`, 'Example values are non-empty text.');
    } else if (authentication && characterCount(v, 16) > templateLimits.authenticationParameter) {
      p.add(
        'template.authentication_parameter_too_long',
        `${valuesPath}[${i}]`,
        `Authentication parameters are at most ${templateLimits.authenticationParameter} characters.`,
      );
    }
  });
}

type ButtonCounts = { quickReplies: number; urls: number; phones: number; copyCodes: number; otps: number };

function checkButtons(
  comp: Rec,
  path: string,
  category: TemplateCategory | undefined,
  p: Problems,
  allTokens: VariableToken[],
): ButtonCounts {
  const counts: ButtonCounts = { quickReplies: 0, urls: 0, phones: 0, copyCodes: 0, otps: 0 };
  const list = comp['buttons'];
  if (!Array.isArray(list) || list.length === 0) {
    p.add('template.buttons_invalid', `${path}.buttons`, 'BUTTONS holds a non-empty list of buttons.');
    return counts;
  }
  if (list.length > templateLimits.buttons) {
    p.add(
      'template.buttons_too_many',
      `${path}.buttons`,
      `At most ${templateLimits.buttons} buttons in all.`,
    );
  }
  const kinds: string[] = [];
  list.slice(0, maxButtonsScanned).forEach((b: unknown, j) => {
    const bp = `${path}.buttons[${j}]`;
    if (
      !isRecord(b) ||
      typeof b['type'] !== 'string' ||
      !(buttonTypes as readonly string[]).includes(b['type'])
    ) {
      p.add('template.button_type_unknown', `${bp}.type`, `Use one of ${buttonTypes.join(', ')}.`);
      kinds.push('?');
      return;
    }
    const type = b['type'];
    kinds.push(type);
    const label = stringField(b, 'text', `${bp}.text`, p, 'A button label');
    const needsLabel = type === 'QUICK_REPLY' || type === 'URL' || type === 'PHONE_NUMBER';
    if (label === undefined && needsLabel) {
      p.add('template.button_text_missing', `${bp}.text`, 'This button needs a label.');
    } else if (typeof label === 'string') {
      if (label.trim() === '' && needsLabel)
        p.add('template.button_text_missing', `${bp}.text`, 'This button needs a label.');
      else if (characterCount(label, templateLimits.buttonLabel + 1) > templateLimits.buttonLabel) {
        p.add(
          'template.button_text_too_long',
          `${bp}.text`,
          `Button labels are at most ${templateLimits.buttonLabel} characters.`,
        );
      }
      if (variablesOf(label).tokens.length > 0) {
        p.add('template.button_text_variables', `${bp}.text`, 'Button labels cannot hold variables.');
      }
    }
    switch (type) {
      case 'QUICK_REPLY':
        counts.quickReplies++;
        break;
      case 'URL': {
        counts.urls++;
        const url = stringField(b, 'url', `${bp}.url`, p, 'The URL');
        if (url === undefined || (url !== null && !/^https?:\/\/\S+$/i.test(url))) {
          p.add('template.button_url_invalid', `${bp}.url`, 'Give an http(s) URL.');
        }
        if (typeof url === 'string') {
          if (url.length > templateLimits.url) {
            p.add(
              'template.button_url_too_long',
              `${bp}.url`,
              `URLs are at most ${templateLimits.url} characters.`,
            );
          }
          const { tokens, unbalanced } = variablesOf(url);
          checkVariableSyntax(tokens, unbalanced, `${bp}.url`, p);
          allTokens.push(...tokens);
          if (tokens.length > templateLimits.urlVariables) {
            p.add('template.button_url_variables', `${bp}.url`, 'A URL holds at most one variable.');
          } else if (tokens.length === 1 && tokens[0]!.end !== url.trimEnd().length) {
            p.add(
              'template.button_url_variables',
              `${bp}.url`,
              'The URL variable goes at the very end, like https://example.com/track/{{1}}.',
            );
          }
          if (tokens.length > 0) {
            const ex = b['example'];
            const values = typeof ex === 'string' ? [ex] : Array.isArray(ex) ? ex : [];
            if (values.length === 0) {
              p.add(
                'template.example_missing',
                `${bp}.example`,
                'Give an example URL (or suffix) for the variable.',
              );
            } else if (typeof values[0] !== 'string' || values[0].trim() === '') {
              p.add('template.example_invalid', `${bp}.example[0]`, 'Example values are non-empty text.');
            }
          }
        }
        break;
      }
      case 'PHONE_NUMBER': {
        counts.phones++;
        const phone = stringField(b, 'phone_number', `${bp}.phone_number`, p, 'The phone number');
        if (phone === undefined || (typeof phone === 'string' && !/^\+?[0-9][0-9 ()-]{3,}$/.test(phone))) {
          p.add(
            'template.button_phone_invalid',
            `${bp}.phone_number`,
            'Give a phone number such as +31201234567.',
          );
        } else if (typeof phone === 'string' && phone.length > templateLimits.phoneNumber) {
          p.add(
            'template.button_phone_invalid',
            `${bp}.phone_number`,
            `Phone numbers are at most ${templateLimits.phoneNumber} characters.`,
          );
        }
        break;
      }
      case 'COPY_CODE': {
        counts.copyCodes++;
        const ex = b['example'];
        const code = typeof ex === 'string' ? ex : Array.isArray(ex) ? ex[0] : undefined;
        if (typeof code !== 'string' || code.trim() === '') {
          p.add('template.copy_code_example_invalid', `${bp}.example`, 'Give an example code.');
        } else if (
          characterCount(code, templateLimits.copyCodeExample + 1) > templateLimits.copyCodeExample
        ) {
          p.add(
            'template.copy_code_example_invalid',
            `${bp}.example`,
            `Codes are at most ${templateLimits.copyCodeExample} characters.`,
          );
        }
        break;
      }
      case 'OTP': {
        counts.otps++;
        if (category !== undefined && category !== 'AUTHENTICATION') {
          p.add(
            'template.otp_button_not_authentication',
            `${bp}.type`,
            'OTP buttons belong in AUTHENTICATION templates only.',
          );
        }
        if (typeof b['otp_type'] !== 'string' || !otpTypes.includes(b['otp_type'])) {
          p.add('template.otp_type_invalid', `${bp}.otp_type`, `Use ${otpTypes.join(', ')}.`);
        }
        break;
      }
    }
  });
  if (counts.quickReplies > templateLimits.quickReplies) {
    p.add(
      'template.quick_replies_too_many',
      `${path}.buttons`,
      `At most ${templateLimits.quickReplies} quick replies.`,
    );
  }
  // Quick replies sit together (QR,QR,URL is fine; QR,URL,QR is not), meta-rules.md#template-format.
  const firstQr = kinds.indexOf('QUICK_REPLY');
  const lastQr = kinds.lastIndexOf('QUICK_REPLY');
  if (firstQr >= 0 && kinds.slice(firstQr, lastQr + 1).some((k) => k !== 'QUICK_REPLY')) {
    p.add(
      'template.quick_replies_not_grouped',
      `${path}.buttons`,
      'Keep quick-reply buttons together, before or after the other buttons.',
    );
  }
  if (counts.urls > templateLimits.urlButtons) {
    p.add(
      'template.url_buttons_too_many',
      `${path}.buttons`,
      `At most ${templateLimits.urlButtons} URL buttons.`,
    );
  }
  if (counts.phones > templateLimits.phoneButtons) {
    p.add(
      'template.phone_buttons_too_many',
      `${path}.buttons`,
      `At most ${templateLimits.phoneButtons} phone-number button.`,
    );
  }
  if (counts.copyCodes > templateLimits.copyCodeButtons) {
    p.add(
      'template.copy_code_buttons_too_many',
      `${path}.buttons`,
      `At most ${templateLimits.copyCodeButtons} copy-code button.`,
    );
  }
  return counts;
}

function variablesOf(text: string): { tokens: VariableToken[]; unbalanced: boolean } {
  return scanVariables(text.length > maxStringScanned ? text.slice(0, maxStringScanned) : text);
}

function declaredFormat(input: Rec, p: Problems): Format | undefined {
  const raw = input['parameterFormat'] ?? input['parameter_format'];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && ['positional', 'named'].includes(raw.toLowerCase())) {
    return raw.toLowerCase() as Format;
  }
  p.add('template.parameter_format_invalid', 'parameterFormat', 'Use positional or named.');
  return undefined;
}

/**
 * Every problem Meta's review would find in the template's format, plus the count limit. Pure; never throws.
 * Content checks (marketing wording, sensitive data, commerce policy) are separate detectors.
 */
export function validateTemplate(input: unknown, opts: ValidateOptions = {}): Problem[] {
  const p = new Problems();
  try {
    validateInto(input, opts, p);
  } catch {
    // A bug here must not turn bad input into a 500; report it as a problem instead.
    p.add('template.invalid', '', 'The template could not be checked.');
  }
  return p.list;
}

function validateInto(input: unknown, opts: ValidateOptions, p: Problems): void {
  if (!isRecord(input)) {
    p.add(
      'template.invalid_input',
      '',
      'A template is an object with name, language, category and components.',
    );
    return;
  }
  const limit = opts.limit ?? templateLimits.defaultTemplateCount;
  if (opts.existingCount !== undefined && opts.existingCount >= limit) {
    p.add(
      'template.limit_exceeded',
      '',
      `This account already has ${opts.existingCount} templates, the limit is ${limit} (each language counts). Delete unused ones first.`,
    );
  }
  const name = input['name'];
  if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name)) {
    p.add('template.name_invalid', 'name', 'Use 1 to 512 lowercase letters, digits and underscores.');
  }
  const language = input['language'];
  if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) {
    p.add('template.language_invalid', 'language', 'Use a language code such as en, en_US or nl.');
  }
  const rawCategory = input['category'];
  const category = categories.find((c) => c === rawCategory);
  if (!category) p.add('template.category_invalid', 'category', 'Use MARKETING, UTILITY or AUTHENTICATION.');
  const declared = declaredFormat(input, p);

  const components = input['components'];
  if (!Array.isArray(components)) {
    p.add('template.components_invalid', 'components', 'components must be a list.');
    return;
  }
  if (components.length > maxComponentsScanned) {
    p.add(
      'template.components_too_many',
      'components',
      'A template has at most one HEADER, BODY, FOOTER and BUTTONS.',
    );
  }
  const authentication = category === 'AUTHENTICATION';
  const seen = new Map<ComponentType, number>();
  const allTokens: VariableToken[] = [];
  let buttonCounts: ButtonCounts | undefined;
  const texts: { text: string; path: string }[] = [];
  const textExamples: { comp: Rec; slot: 'header' | 'body'; tokens: VariableToken[]; path: string }[] = [];

  components.slice(0, maxComponentsScanned).forEach((c: unknown, i) => {
    const path = `components[${i}]`;
    if (!isRecord(c)) {
      p.add('template.components_invalid', path, 'Each component is an object with a type.');
      return;
    }
    const type = componentTypes.find((t) => t === c['type']);
    if (!type) {
      p.add('template.component_unknown', `${path}.type`, 'Use HEADER, BODY, FOOTER or BUTTONS.');
      return;
    }
    if (seen.has(type)) {
      p.add(
        'template.component_duplicate',
        `${path}.type`,
        `A template has at most one ${type} (the first is components[${seen.get(type)}]).`,
      );
      return;
    }
    seen.set(type, i);

    if (type === 'BUTTONS') {
      buttonCounts = checkButtons(c, path, category, p, allTokens);
      return;
    }
    const rawFormat = c['format'] ?? 'TEXT';
    const format = headerFormats.find((f) => f === rawFormat);
    if (type === 'HEADER' && !format) {
      p.add('template.header_format_invalid', `${path}.format`, `Use ${headerFormats.join(', ')}.`);
      return;
    }
    if (type !== 'HEADER' && rawFormat !== 'TEXT') {
      p.add(
        'template.header_format_invalid',
        `${path}.format`,
        `Only a HEADER has a format; a ${type} is text.`,
      );
    }
    if (type === 'HEADER' && format !== 'TEXT') {
      if (authentication) {
        p.add(
          'template.authentication_media',
          `${path}.format`,
          'Authentication templates have no media header (meta-rules.md#template-categories).',
        );
      }
      if (format !== 'LOCATION') {
        const ex = c['example'];
        const handles = isRecord(ex) ? ex['header_handle'] : undefined;
        if (!Array.isArray(handles) || typeof handles[0] !== 'string' || handles[0] === '') {
          p.add(
            'template.example_missing',
            `${path}.example.header_handle`,
            `A ${format} header needs an example media handle.`,
          );
        }
      }
      return;
    }
    const textPath = `${path}.text`;
    const text = stringField(c, 'text', textPath, p, `${type} text`);
    if (text === null) return;
    if (text === undefined || text.trim() === '') {
      p.add('template.text_missing', textPath, `${type} needs text.`);
      return;
    }
    const limitChars =
      type === 'BODY'
        ? templateLimits.body
        : type === 'HEADER'
          ? templateLimits.headerText
          : templateLimits.footer;
    checkLength(text, limitChars, textPath, p, `${type} text`);
    texts.push({ text, path: textPath });
    const { tokens, unbalanced } = variablesOf(text);
    checkVariableSyntax(tokens, unbalanced, textPath, p);
    allTokens.push(...tokens);
    if (type === 'FOOTER') {
      if (tokens.length > 0) p.add('template.footer_variables', textPath, 'A footer cannot hold variables.');
      return;
    }
    checkVariableOrder(tokens, textPath, p);
    checkAdjacent(text, tokens, textPath, p);
    if (type === 'HEADER') {
      if (tokens.length > templateLimits.headerVariables) {
        p.add('template.header_variables_too_many', textPath, 'A text header holds at most one variable.');
      }
    } else {
      checkEdges(text, tokens, textPath, p);
      checkVariableDensity(text, tokens, textPath, p);
    }
    textExamples.push({ comp: c, slot: type === 'HEADER' ? 'header' : 'body', tokens, path });
  });

  if (!seen.has('BODY'))
    p.add('template.body_missing', 'components', 'A template has exactly one BODY component.');

  // One parameter format per template, matching parameter_format (positional is Meta's default).
  const usesPositional = allTokens.some((t) => t.kind === 'positional');
  const usesNamed = allTokens.some((t) => t.kind === 'named');
  let format: Format = declared ?? 'positional';
  if (usesPositional && usesNamed) {
    p.add(
      'template.variables_mixed',
      'components',
      'Use either numbered ({{1}}) or named ({{first_name}}) variables, not both.',
    );
  } else if (usesNamed && format !== 'named') {
    p.add(
      'template.parameter_format_mismatch',
      'parameterFormat',
      'Named variables need parameterFormat "named".',
    );
    format = 'named';
  } else if (usesPositional && declared === 'named') {
    // URL buttons are numbered even in named templates, so only text variables count here.
    const textPositional = textExamples.some((e) => e.tokens.some((t) => t.kind === 'positional'));
    if (textPositional) {
      p.add(
        'template.parameter_format_mismatch',
        'parameterFormat',
        'parameterFormat is "named" but the text uses numbered variables.',
      );
      format = 'positional';
    }
  }
  for (const e of textExamples) {
    const own: Format = e.tokens.some((t) => t.kind === 'named')
      ? 'named'
      : e.tokens.length > 0
        ? 'positional'
        : format;
    checkTextExamples(e.comp, e.slot, e.tokens, own, e.path, p, authentication);
  }

  if (category === 'AUTHENTICATION') {
    if (!buttonCounts || buttonCounts.otps === 0) {
      p.add(
        'template.authentication_otp_missing',
        'components',
        'Authentication templates carry an OTP button (copy code, one-tap or zero-tap), meta-rules.md#template-categories.',
      );
    }
    if (buttonCounts && buttonCounts.urls > 0) {
      p.add(
        'template.authentication_url',
        'components',
        'Authentication templates have no URL buttons (meta-rules.md#template-categories).',
      );
    }
    for (const t of texts) {
      if (URL_IN_TEXT.test(t.text))
        p.add(
          'template.authentication_url',
          t.path,
          'Authentication templates have no URLs (meta-rules.md#template-categories).',
        );
      if (EMOJI.test(t.text))
        p.add(
          'template.authentication_emoji',
          t.path,
          'Authentication templates have no emoji (meta-rules.md#template-categories).',
        );
    }
  }
}
