// Template model: parameters a template expects, the problems of a definition, and the Graph send body for given values.
import type {
  GraphTemplateComponent,
  GraphTemplateComponentParams,
  GraphTemplateParameter,
  TemplateCategory,
} from '../../wire/graph.ts';
import { validateTemplate } from './validation.ts';

export const templateCategories: readonly TemplateCategory[] = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
export type ParameterFormat = 'positional' | 'named';

export type Template = {
  id: string;
  businessId: string;
  wabaId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  consentCategory: string;
  status: string;
  quality: string;
  parameterFormat: ParameterFormat;
  components: GraphTemplateComponent[];
  metaTemplateId: string | null;
  rejectedReason: string | null;
  createdAt: number;
  updatedAt: number;
  /** When Meta's current pause ends (3 h the first time, 6 h the second), or null when not paused. */
  pausedUntil: number | null;
  pauseCount: number;
};

export type Problem = { code: string; path: string; message: string };

const VARIABLE = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

/** The variables in a text, in order of appearance: "1", "2" or "first_name". */
export function variablesIn(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!);
}

export type ExpectedParameters = {
  header: string[];
  body: string[];
  buttons: { index: number; variables: string[] }[];
};

export function expectedParameters(components: readonly GraphTemplateComponent[]): ExpectedParameters {
  const header = variablesIn(
    components.find((c) => c.type === 'HEADER' && (c.format ?? 'TEXT') === 'TEXT')?.text,
  );
  const body = variablesIn(components.find((c) => c.type === 'BODY')?.text);
  const buttons: { index: number; variables: string[] }[] = [];
  components
    .find((c) => c.type === 'BUTTONS')
    ?.buttons?.forEach((b, index) => {
      const vars = b.type === 'URL' ? variablesIn(b.url) : [];
      if (vars.length > 0) buttons.push({ index, variables: vars });
    });
  return { header, body, buttons };
}

/**
 * Meta's format rules for a template definition (see validation.ts): kept as the module's entry point so
 * callers and problem codes stay the same; the count limit needs `validateTemplate` with `existingCount`.
 */
export function validateTemplateDefinition(t: {
  name: unknown;
  language: unknown;
  category: unknown;
  components: unknown;
}): Problem[] {
  return validateTemplate(t);
}

export type TemplateValues = {
  parameters?: string[] | Record<string, string>;
  header?: string[] | Record<string, string>;
  buttons?: { index: number; payload?: string; text?: string }[];
};

export type ParameterMismatch = {
  code: 'template.params_mismatch' | 'template.param_format';
  message: string;
  details: Record<string, unknown>;
};

function checkSlot(
  slot: 'header' | 'body',
  expected: string[],
  given: string[] | Record<string, string> | undefined,
  format: ParameterFormat,
): ParameterMismatch | null {
  if (given === undefined) {
    return expected.length === 0
      ? null
      : {
          code: 'template.params_mismatch',
          message: `The ${slot} expects ${expected.length} parameter(s); none were given.`,
          details: { slot, expected: expected.length, given: 0 },
        };
  }
  if (Array.isArray(given) !== (format === 'positional')) {
    return {
      code: 'template.param_format',
      message: `This template uses ${format} parameters; give the ${slot} parameters as ${format === 'positional' ? 'a list' : 'an object keyed by name'}.`,
      details: { slot, format },
    };
  }
  if (Array.isArray(given)) {
    if (given.length !== expected.length) {
      return {
        code: 'template.params_mismatch',
        message: `The ${slot} expects ${expected.length} parameter(s), got ${given.length}.`,
        details: { slot, expected: expected.length, given: given.length },
      };
    }
    return null;
  }
  const names = Object.keys(given).sort();
  const want = [...new Set(expected)].sort();
  if (names.join(',') !== want.join(',')) {
    return {
      code: 'template.params_mismatch',
      message: `The ${slot} expects parameters ${want.join(', ') || '(none)'}, got ${names.join(', ') || '(none)'}.`,
      details: { slot, expected: want, given: names },
    };
  }
  return null;
}

/** Checks the values against the template before anything reaches Meta (mirrors 132000 and 132012). */
export function checkParameters(
  t: Pick<Template, 'components' | 'parameterFormat'>,
  v: TemplateValues,
): ParameterMismatch | null {
  const expected = expectedParameters(t.components);
  const header = checkSlot('header', expected.header, v.header, t.parameterFormat);
  if (header) return header;
  const body = checkSlot('body', expected.body, v.parameters, t.parameterFormat);
  if (body) return body;
  for (const b of expected.buttons) {
    const given = v.buttons?.find((x) => x.index === b.index);
    if (!given || given.text === undefined) {
      return {
        code: 'template.params_mismatch',
        message: `Button ${b.index} needs a text parameter for its URL.`,
        details: { slot: 'buttons', index: b.index },
      };
    }
  }
  return null;
}

function textParams(values: string[] | Record<string, string>): GraphTemplateParameter[] {
  return Array.isArray(values)
    ? values.map((text) => ({ type: 'text', text }))
    : Object.entries(values).map(([parameter_name, text]) => ({ type: 'text', text, parameter_name }));
}

/** The `template.components` of a Graph send for the given values. */
export function graphComponentsFor(v: TemplateValues): GraphTemplateComponentParams[] {
  const out: GraphTemplateComponentParams[] = [];
  if (v.header && (Array.isArray(v.header) ? v.header.length : Object.keys(v.header).length)) {
    out.push({ type: 'header', parameters: textParams(v.header) });
  }
  if (
    v.parameters &&
    (Array.isArray(v.parameters) ? v.parameters.length : Object.keys(v.parameters).length)
  ) {
    out.push({ type: 'body', parameters: textParams(v.parameters) });
  }
  for (const b of v.buttons ?? []) {
    out.push(
      b.payload !== undefined
        ? {
            type: 'button',
            sub_type: 'quick_reply',
            index: String(b.index),
            parameters: [{ type: 'payload', payload: b.payload }],
          }
        : {
            type: 'button',
            sub_type: 'url',
            index: String(b.index),
            parameters: [{ type: 'text', text: b.text ?? '' }],
          },
    );
  }
  return out;
}
