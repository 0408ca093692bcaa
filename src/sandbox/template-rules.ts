// Template rules: what `POST /{waba-id}/message_templates` accepts (meta-rules.md#template-format) and what a template send must match (meta-rules.md#error-codes, 1320xx).
import type {
  GraphTemplate,
  GraphTemplateComponent,
  GraphTemplateSend,
  TemplateCategory,
} from '../wire/graph.ts';
import { graphError, templateManagementError, type GraphFailure } from './graph-errors.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

const VARIABLE = /\{\{([^{}]*)\}\}/g;
const CATEGORIES = new Set<string>(['MARKETING', 'UTILITY', 'AUTHENTICATION']);

/** The variables of a text in order of appearance, e.g. ['1','2'] or ['first_name']. */
export function variablesOf(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!);
}

export type ReviewVerdict = { approved: true } | { approved: false; reason: string; recommendation: string };

export type TemplateDraft = {
  name: string;
  language: string;
  category: TemplateCategory;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  components: GraphTemplateComponent[];
  verdict: ReviewVerdict;
};

const fail = (userTitle: string, userMsg: string, subcode = 2388043): GraphFailure =>
  templateManagementError(subcode, userTitle, userMsg);

function checkVariables(
  text: string,
  where: string,
  format: 'POSITIONAL' | 'NAMED',
): GraphFailure | undefined {
  // Braces must pair up; a stray "{{" or "}}" left after removing valid variables is malformed.
  const leftover = text.replace(VARIABLE, '');
  if (leftover.includes('{{') || leftover.includes('}}'))
    return fail('Invalid variable format', `The ${where} contains unmatched variable braces.`, 2388072);
  const vars = variablesOf(text);
  for (const v of vars) {
    if (format === 'POSITIONAL' && !/^[1-9]\d*$/.test(v))
      return fail(
        'Invalid variable format',
        `The ${where} variable {{${v}}} is not a positional variable like {{1}}. Set parameter_format to "named" to use named variables.`,
        2388072,
      );
    if (format === 'NAMED' && !/^[a-z_][a-z0-9_]*$/.test(v))
      return fail(
        'Invalid variable format',
        `The ${where} variable {{${v}}} must use lowercase letters, digits and underscores.`,
        2388072,
      );
  }
  if (format === 'POSITIONAL') {
    const distinct = [...new Set(vars.map(Number))].sort((a, b) => a - b);
    if (distinct.some((n, i) => n !== i + 1))
      return fail(
        'Variables must be sequential',
        `The ${where} variables must be numbered sequentially starting at {{1}}.`,
        2388072,
      );
  } else if (new Set(vars).size !== vars.length) {
    return fail('Duplicate variable names', `The ${where} uses a named variable more than once.`, 2388072);
  }
  return undefined;
}

function checkExamples(
  component: Obj,
  vars: string[],
  where: 'header' | 'body',
  format: 'POSITIONAL' | 'NAMED',
): GraphFailure | undefined {
  if (vars.length === 0) return undefined;
  const example = isObj(component.example) ? component.example : {};
  const missing = fail(
    'Missing sample values',
    `Add a sample for each variable in the ${where}: every variable needs an example value at creation.`,
    2388045,
  );
  if (format === 'NAMED') {
    const key = `${where}_text_named_params`;
    const list = example[key];
    if (!Array.isArray(list)) return missing;
    const named = new Set(
      list
        .filter(isObj)
        .filter((p) => isStr(p.param_name) && isStr(p.example))
        .map((p) => p.param_name as string),
    );
    return vars.every((v) => named.has(v)) ? undefined : missing;
  }
  if (where === 'header') {
    const list = example.header_text;
    return Array.isArray(list) && list.length >= new Set(vars).size && list.every(isStr)
      ? undefined
      : missing;
  }
  const rows = example.body_text;
  const row = Array.isArray(rows) ? rows[0] : undefined;
  return Array.isArray(row) && row.length >= new Set(vars).size && row.every(isStr) ? undefined : missing;
}

/** Validates a create body. Structural problems are sync errors; content-format problems become a review verdict. */
export function validateTemplateCreate(body: Obj): TemplateDraft | GraphFailure {
  const allowed = [
    'name',
    'language',
    'category',
    'components',
    'parameter_format',
    'allow_category_change',
    'message_send_ttl_seconds',
    'sub_category',
    'library_template_name',
    'cta_url_link_tracking_opted_out',
  ];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      return graphError(400, 100, 'Invalid parameter', `Unexpected key "${key}" on param "<root>".`);
  }
  const { name, language, category } = body;
  if (!isStr(name) || !/^[a-z0-9_]{1,512}$/.test(name))
    return fail(
      'Invalid template name',
      'Template names can only contain lowercase letters, numbers and underscores, up to 512 characters.',
      2388042,
    );
  if (!isStr(category) || !CATEGORIES.has(category.toUpperCase()))
    return fail(
      'Invalid category',
      'The category must be one of MARKETING, UTILITY or AUTHENTICATION.',
      2388041,
    );
  if (!isStr(language) || !/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(language))
    return fail(
      'Invalid language',
      `The language "${String(language)}" is not a supported template language code (for example en_US or nl).`,
      2388044,
    );
  const pf = body.parameter_format === undefined ? 'positional' : body.parameter_format;
  if (pf !== 'positional' && pf !== 'named' && pf !== 'POSITIONAL' && pf !== 'NAMED')
    return graphError(
      400,
      100,
      'Invalid parameter',
      'Param parameter_format must be "positional" or "named".',
    );
  const format = (pf as string).toUpperCase() as 'POSITIONAL' | 'NAMED';
  if (!Array.isArray(body.components) || body.components.length === 0)
    return graphError(400, 100, 'Invalid parameter', 'The parameter components is required.');

  const seen = new Set<string>();
  let verdict: ReviewVerdict = { approved: true };
  for (const raw of body.components) {
    if (!isObj(raw) || !isStr(raw.type))
      return graphError(
        400,
        100,
        'Invalid parameter',
        'Each component needs a type: HEADER, BODY, FOOTER or BUTTONS.',
      );
    const type = raw.type.toUpperCase();
    if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type))
      return graphError(400, 100, 'Invalid parameter', `Unknown component type "${raw.type}".`);
    if (seen.has(type))
      return graphError(400, 100, 'Invalid parameter', `A template can have only one ${type} component.`);
    seen.add(type);
    if (type === 'HEADER') {
      const fmt = isStr(raw.format) ? raw.format.toUpperCase() : 'TEXT';
      if (!['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'].includes(fmt))
        return fail(
          'Invalid header format',
          `Header format "${String(raw.format)}" is not supported.`,
          2388047,
        );
      if (fmt === 'TEXT') {
        if (!isStr(raw.text) || raw.text.length === 0)
          return fail('Header text missing', 'A TEXT header needs text.', 2388047);
        if ([...raw.text].length > 60)
          return fail('Character limit exceeded', 'The header text is longer than 60 characters.', 2388040);
        const bad = checkVariables(raw.text, 'header', format);
        if (bad) return bad;
        const vars = variablesOf(raw.text);
        if (vars.length > 1)
          return fail('Too many header variables', 'A header can have at most one variable.', 2388047);
        const ex = checkExamples(raw, vars, 'header', format);
        if (ex) return ex;
      } else if (fmt !== 'LOCATION') {
        const handle = isObj(raw.example) ? raw.example.header_handle : undefined;
        if (!Array.isArray(handle) || handle.length === 0)
          return fail('Missing sample media', `A ${fmt} header needs example.header_handle.`, 2388045);
      }
    } else if (type === 'BODY') {
      if (!isStr(raw.text) || raw.text.trim().length === 0)
        return fail('Body text missing', 'The BODY component needs text.', 2388072);
      if ([...raw.text].length > 1024)
        return fail('Character limit exceeded', 'The body text is longer than 1024 characters.', 2388040);
      const bad = checkVariables(raw.text, 'body', format);
      if (bad) return bad;
      const trimmed = raw.text.trim();
      // meta-rules.md#template-format: "a template may not start or end with a parameter" → 2388299, synchronously.
      if (/^\{\{[^{}]*\}\}/.test(trimmed) || /\{\{[^{}]*\}\}$/.test(trimmed))
        return fail(
          "Variables can't be at the start or end of the template",
          "Variables can't be at the start or end of the template.",
          2388299,
        );
      const vars = variablesOf(raw.text);
      const plain = raw.text.replace(VARIABLE, '').replace(/[\s\p{P}]/gu, '');
      if (vars.length > 0 && plain.length < 3 * vars.length)
        return fail(
          'Too many variables for the message length',
          'This template has too many variables for its length. Reduce the number of variables or increase the message length.',
          2388293,
        );
      const ex = checkExamples(raw, vars, 'body', format);
      if (ex) return ex;
      // Adjacent variables pass creation and are rejected at review (meta-rules.md#template-status-webhook rejection_info example).
      if (/\}\}\s*\{\{/.test(raw.text)) {
        verdict = {
          approved: false,
          reason:
            'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
          recommendation:
            'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.',
        };
      }
    } else if (type === 'FOOTER') {
      if (!isStr(raw.text) || raw.text.length === 0)
        return fail('Footer text missing', 'The FOOTER component needs text.', 2388073);
      if ([...raw.text].length > 60)
        return fail('Character limit exceeded', 'The footer text is longer than 60 characters.', 2388040);
      if (variablesOf(raw.text).length > 0)
        return fail('Invalid footer format', 'Footers cannot contain variables.', 2388073);
    } else {
      const buttons = raw.buttons;
      if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 10)
        return fail('Invalid buttons', 'BUTTONS needs between 1 and 10 buttons.', 2388046);
      const count: Record<string, number> = {};
      let sawOtherAfterQuickReply = false;
      let sawQuickReplyAfterOther = false;
      for (const b of buttons) {
        if (!isObj(b) || !isStr(b.type)) return fail('Invalid buttons', 'Each button needs a type.', 2388046);
        const bt = b.type.toUpperCase();
        count[bt] = (count[bt] ?? 0) + 1;
        if (bt === 'QUICK_REPLY' && Object.keys(count).some((k) => k !== 'QUICK_REPLY'))
          sawQuickReplyAfterOther = true;
        if (bt !== 'QUICK_REPLY' && count.QUICK_REPLY) sawOtherAfterQuickReply = true;
        if (bt !== 'OTP' && (!isStr(b.text) || [...b.text].length > 25))
          return fail(
            'Invalid button text',
            'Button labels are required and at most 25 characters.',
            2388040,
          );
        if (bt === 'URL' && (!isStr(b.url) || b.url.length > 2000))
          return fail('Invalid URL button', 'URL buttons need a url of at most 2000 characters.', 2388046);
        if (bt === 'PHONE_NUMBER' && (!isStr(b.phone_number) || b.phone_number.length > 20))
          return fail(
            'Invalid phone number button',
            'PHONE_NUMBER buttons need a phone_number of at most 20 characters.',
            2388046,
          );
      }
      if ((count.URL ?? 0) > 2 || (count.PHONE_NUMBER ?? 0) > 1 || (count.COPY_CODE ?? 0) > 1)
        return fail(
          'Too many buttons of one type',
          'A template can have at most 2 URL buttons, 1 PHONE_NUMBER button and 1 COPY_CODE button.',
          2388046,
        );
      // meta-rules.md#template-format: quick replies must be grouped together (QR,QR,URL is fine, QR,URL,QR is not).
      if (sawOtherAfterQuickReply && sawQuickReplyAfterOther)
        return fail('Invalid button order', 'Quick reply buttons must be grouped together.', 2388046);
    }
  }
  if (!seen.has('BODY'))
    return graphError(400, 100, 'Invalid parameter', 'A template needs a BODY component.');
  return {
    name,
    language,
    category: category.toUpperCase() as TemplateCategory,
    parameterFormat: format,
    components: body.components as GraphTemplateComponent[],
    verdict,
  };
}

type SendParam = { type?: unknown; text?: unknown; parameter_name?: unknown };

/** Checks a template send against the stored template: 132001/132015/132016 are the caller's; here 132000, 132012, 132005. */
export function checkTemplateSend(stored: GraphTemplate, send: GraphTemplateSend): GraphFailure | undefined {
  const named = stored.parameter_format === 'NAMED';
  const given = new Map<string, SendParam[]>();
  const buttons = new Map<string, SendParam[]>();
  for (const c of send.components ?? []) {
    const type = String(c.type).toLowerCase();
    const params = (c.parameters ?? []) as SendParam[];
    if (type === 'button') buttons.set(String(c.index ?? ''), params);
    else given.set(type, [...(given.get(type) ?? []), ...params]);
  }
  for (const component of stored.components) {
    const where = component.type.toLowerCase();
    if (where === 'header' && component.format && component.format !== 'TEXT') {
      const params = given.get('header') ?? [];
      if (component.format === 'LOCATION' && params.length === 0) continue;
      if (params.length !== 1) return mismatch(where, params.length, 1);
      if (String(params[0]!.type).toLowerCase() !== component.format.toLowerCase())
        return graphError(
          400,
          132012,
          'Parameter format does not match format in the created template',
          `header: Format mismatch, expected ${component.format}, received ${String(params[0]!.type).toUpperCase()}`,
        );
      continue;
    }
    if (where !== 'header' && where !== 'body') continue;
    const vars = variablesOf(component.text);
    const params = given.get(where) ?? [];
    const withNames = params.filter((p) => p.parameter_name !== undefined).length;
    if (named && params.length > 0 && withNames !== params.length)
      return graphError(
        400,
        132012,
        'Parameter format does not match format in the created template',
        `${where}: this template uses named parameters; every parameter needs a parameter_name.`,
      );
    if (!named && withNames > 0)
      return graphError(
        400,
        132012,
        'Parameter format does not match format in the created template',
        `${where}: this template uses positional parameters; remove parameter_name.`,
      );
    const expected = named ? vars.length : new Set(vars).size;
    if (params.length !== expected) return mismatch(where, params.length, expected);
    if (named) {
      const names = new Set(params.map((p) => String(p.parameter_name)));
      const unknown = vars.find((v) => !names.has(v));
      if (unknown)
        return graphError(
          400,
          132000,
          'Number of parameters does not match the expected number of params',
          `${where}: parameter "${unknown}" is missing.`,
        );
    }
    if (where === 'body') {
      let length = [...(component.text ?? '').replace(VARIABLE, '')].length;
      for (const p of params) length += typeof p.text === 'string' ? [...p.text].length : 10;
      if (length > 1024)
        return graphError(
          400,
          132005,
          'Translated text too long',
          'The body text with parameters filled in is longer than 1024 characters.',
        );
    }
  }
  const storedButtons = stored.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  for (const [i, b] of storedButtons.entries()) {
    if (b.type === 'URL' && variablesOf(b.url).length > 0 && !buttons.get(String(i))?.length)
      return graphError(
        400,
        132000,
        'Number of parameters does not match the expected number of params',
        `button at index ${i}: number of parameters (0) does not match the expected number of params (1)`,
      );
  }
  return undefined;
}

function mismatch(where: string, got: number, expected: number): GraphFailure {
  return graphError(
    400,
    132000,
    'Number of parameters does not match the expected number of params',
    `${where}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  );
}
