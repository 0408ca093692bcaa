// Every rule of validateTemplate with a template that breaks it and one that keeps it (docs/meta-rules.md#template-categories, meta-rules.md#template-format).
import { describe, expect, it } from 'vitest';
import { characterCount, maxProblems, scanVariables, validateTemplate } from './validation.ts';
import { validateTemplateDefinition } from './model.ts';

type T = Record<string, any>;

/** A template that passes every rule: header, body, footer, a quick reply and a URL button. */
function valid(): T {
  return {
    name: 'order_shipped',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1'] } },
      {
        type: 'BODY',
        text: 'Hi {{1}}, your order {{2}} has shipped and arrives on {{3}}.',
        example: { body_text: [['Ann', 'A-1', 'Friday']] },
      },
      { type: 'FOOTER', text: 'Acme Coffee' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Thanks' },
          { type: 'URL', text: 'Track', url: 'https://acme.test/t/{{1}}', example: ['A-1'] },
        ],
      },
    ],
  };
}

function body(text: string, examples: string[] = [], extra: T = {}): T {
  const t = valid();
  t.components[1] = {
    type: 'BODY',
    text,
    ...(examples.length ? { example: { body_text: [examples] } } : {}),
    ...extra,
  };
  return t;
}
function header(h: T): T {
  const t = valid();
  t.components[0] = h;
  return t;
}
function buttons(list: unknown[]): T {
  const t = valid();
  t.components[3] = { type: 'BUTTONS', buttons: list };
  return t;
}
function auth(mutate: (t: T) => void = () => {}): T {
  const t: T = {
    name: 'login_code',
    language: 'en',
    category: 'AUTHENTICATION',
    components: [
      { type: 'BODY', text: 'Your code is {{1}}. Do not share it.', example: { body_text: [['123456']] } },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
    ],
  };
  mutate(t);
  return t;
}
function named(mutate: (t: T) => void = () => {}): T {
  const t: T = {
    name: 'order_named',
    language: 'nl',
    category: 'UTILITY',
    parameterFormat: 'named',
    components: [
      {
        type: 'BODY',
        text: 'Hoi {{first_name}}, je bestelling {{order_id}} is verzonden.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Ann' },
            { param_name: 'order_id', example: 'A-1' },
          ],
        },
      },
    ],
  };
  mutate(t);
  return t;
}
const qr = (text = 'Yes') => ({ type: 'QUICK_REPLY', text });
const url = (u = 'https://acme.test/x') => ({ type: 'URL', text: 'Open', url: u });

const codes = (t: unknown, opts = {}) => validateTemplate(t, opts).map((p) => p.code);

describe('validateTemplate: the passing base templates', () => {
  it('finds nothing wrong with a full utility, an authentication and a named template', () => {
    expect(validateTemplate(valid())).toEqual([]);
    expect(validateTemplate(auth())).toEqual([]);
    expect(validateTemplate(named())).toEqual([]);
  });
});

// [rule, code, breaking template, keeping template]
const rules: [string, string, () => unknown, () => unknown][] = [
  [
    'name format',
    'template.name_invalid',
    () => ({ ...valid(), name: 'Order-Shipped' }),
    () => ({ ...valid(), name: 'order_shipped_2' }),
  ],
  [
    'name at most 512',
    'template.name_invalid',
    () => ({ ...valid(), name: 'a'.repeat(513) }),
    () => ({ ...valid(), name: 'a'.repeat(512) }),
  ],
  [
    'language code',
    'template.language_invalid',
    () => ({ ...valid(), language: 'english' }),
    () => ({ ...valid(), language: 'pt_BR' }),
  ],
  [
    'category',
    'template.category_invalid',
    () => ({ ...valid(), category: 'PROMO' }),
    () => ({ ...valid(), category: 'MARKETING' }),
  ],
  [
    'parameter format value',
    'template.parameter_format_invalid',
    () => ({ ...valid(), parameterFormat: 'numbered' }),
    () => ({ ...valid(), parameterFormat: 'positional' }),
  ],
  [
    'components is a list',
    'template.components_invalid',
    () => ({ ...valid(), components: { type: 'BODY' } }),
    valid,
  ],
  [
    'unknown component type',
    'template.component_unknown',
    () => {
      const t = valid();
      t.components.push({ type: 'CAROUSEL' });
      return t;
    },
    valid,
  ],
  [
    'exactly one BODY: missing',
    'template.body_missing',
    () => {
      const t = valid();
      t.components.splice(1, 1);
      return t;
    },
    valid,
  ],
  [
    'exactly one BODY: two',
    'template.component_duplicate',
    () => {
      const t = valid();
      t.components.push({ ...t.components[1] });
      return t;
    },
    valid,
  ],
  [
    'at most one HEADER',
    'template.component_duplicate',
    () => {
      const t = valid();
      t.components.push({ type: 'HEADER', format: 'TEXT', text: 'Hello' });
      return t;
    },
    valid,
  ],
  [
    'at most one FOOTER',
    'template.component_duplicate',
    () => {
      const t = valid();
      t.components.push({ type: 'FOOTER', text: 'Bye' });
      return t;
    },
    valid,
  ],
  [
    'at most one BUTTONS',
    'template.component_duplicate',
    () => {
      const t = valid();
      t.components.push({ type: 'BUTTONS', buttons: [qr()] });
      return t;
    },
    valid,
  ],
  ['text present', 'template.text_missing', () => body('   '), valid],
  [
    'text is a string',
    'template.text_invalid',
    () => {
      const t = valid();
      t.components[1].text = 42;
      return t;
    },
    valid,
  ],
  [
    'header text 60',
    'template.text_too_long',
    () => header({ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(61) }),
    () => header({ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(60) }),
  ],
  [
    'body 1024',
    'template.text_too_long',
    () => body(`Hello ${'x'.repeat(1019)}`),
    () => body(`Hello ${'x'.repeat(1018)}`),
  ],
  [
    'footer 60',
    'template.text_too_long',
    () => {
      const t = valid();
      t.components[2].text = 'y'.repeat(61);
      return t;
    },
    () => {
      const t = valid();
      t.components[2].text = 'y'.repeat(60);
      return t;
    },
  ],
  [
    'lengths in code points (30 thumbs with skin tone, two code points each, fill a footer)',
    'template.text_too_long',
    () => {
      const t = valid();
      t.components[2].text = '👍🏽'.repeat(30) + 'x';
      return t;
    },
    () => {
      const t = valid();
      t.components[2].text = '👍🏽'.repeat(30);
      return t;
    },
  ],
  [
    'header at most 1 variable',
    'template.header_variables_too_many',
    () =>
      header({
        type: 'HEADER',
        format: 'TEXT',
        text: 'Order {{1}} for {{2}}',
        example: { header_text: ['A', 'B'] },
      }),
    valid,
  ],
  [
    'footer has no variables',
    'template.footer_variables',
    () => {
      const t = valid();
      t.components[2].text = 'Ref {{1}}';
      return t;
    },
    valid,
  ],
  [
    'header format',
    'template.header_format_invalid',
    () => header({ type: 'HEADER', format: 'GIF' }),
    () => header({ type: 'HEADER', format: 'LOCATION' }),
  ],
  [
    'media header needs an example handle',
    'template.example_missing',
    () => header({ type: 'HEADER', format: 'IMAGE' }),
    () => header({ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1n'] } }),
  ],
  ['buttons list', 'template.buttons_invalid', () => buttons([]), () => buttons([qr()])],
  [
    'at most 10 buttons',
    'template.buttons_too_many',
    () => buttons([...Array(9).fill(qr()), url(), url()]),
    () => buttons([...Array(8).fill(qr()), url(), url()]),
  ],
  [
    'at most 10 quick replies',
    'template.quick_replies_too_many',
    () => buttons(Array(11).fill(qr())),
    () => buttons(Array(10).fill(qr())),
  ],
  [
    'quick replies grouped',
    'template.quick_replies_not_grouped',
    () => buttons([qr(), url(), qr()]),
    () => buttons([qr(), qr(), url(), { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+31201234567' }]),
  ],
  [
    'at most 2 URL buttons',
    'template.url_buttons_too_many',
    () => buttons([url(), url(), url()]),
    () => buttons([url(), url()]),
  ],
  [
    'URL at most 2000',
    'template.button_url_too_long',
    () => buttons([url(`https://a.test/${'p'.repeat(1986)}`)]),
    () => buttons([url(`https://a.test/${'p'.repeat(1985)}`)]),
  ],
  [
    'URL is http(s)',
    'template.button_url_invalid',
    () => buttons([url('ftp://a.test')]),
    () => buttons([url('https://a.test')]),
  ],
  [
    'URL at most 1 variable',
    'template.button_url_variables',
    () => buttons([{ ...url('https://a.test/{{1}}/{{2}}'), example: ['x'] }]),
    () => buttons([{ ...url('https://a.test/{{1}}'), example: ['x'] }]),
  ],
  [
    'URL variable at the end',
    'template.button_url_variables',
    () => buttons([{ ...url('https://a.test/{{1}}/track'), example: ['x'] }]),
    () => buttons([{ ...url('https://a.test/track/{{1}}'), example: ['x'] }]),
  ],
  [
    'URL variable needs an example',
    'template.example_missing',
    () => buttons([url('https://a.test/{{1}}')]),
    () => buttons([{ ...url('https://a.test/{{1}}'), example: 'https://a.test/x' }]),
  ],
  [
    'at most 1 phone button',
    'template.phone_buttons_too_many',
    () => buttons([1, 2].map(() => ({ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+31201234567' }))),
    () => buttons([{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+31201234567' }]),
  ],
  [
    'phone number at most 20',
    'template.button_phone_invalid',
    () => buttons([{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+3120123456789012345678' }]),
    () => buttons([{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+31 20 123 4567' }]),
  ],
  [
    'at most 1 copy-code button',
    'template.copy_code_buttons_too_many',
    () =>
      buttons([
        { type: 'COPY_CODE', example: 'A' },
        { type: 'COPY_CODE', example: 'B' },
      ]),
    () => buttons([{ type: 'COPY_CODE', example: 'A' }]),
  ],
  [
    'copy-code example at most 15',
    'template.copy_code_example_invalid',
    () => buttons([{ type: 'COPY_CODE', example: 'X'.repeat(16) }]),
    () => buttons([{ type: 'COPY_CODE', example: 'X'.repeat(15) }]),
  ],
  [
    'button label at most 25',
    'template.button_text_too_long',
    () => buttons([qr('x'.repeat(26))]),
    () => buttons([qr('x'.repeat(25))]),
  ],
  [
    'button label present',
    'template.button_text_missing',
    () => buttons([{ type: 'QUICK_REPLY' }]),
    () => buttons([qr('Ok')]),
  ],
  [
    'known button type',
    'template.button_type_unknown',
    () => buttons([{ type: 'SMOKE_SIGNAL', text: 'x' }]),
    () => buttons([qr()]),
  ],
  [
    'OTP buttons only in AUTHENTICATION',
    'template.otp_button_not_authentication',
    () => buttons([{ type: 'OTP', otp_type: 'COPY_CODE' }]),
    () => auth(),
  ],
  [
    'OTP type',
    'template.otp_type_invalid',
    () => auth((t) => (t.components[1].buttons[0].otp_type = 'SMS')),
    () => auth((t) => (t.components[1].buttons[0].otp_type = 'ONE_TAP')),
  ],
  [
    'AUTHENTICATION needs an OTP button',
    'template.authentication_otp_missing',
    () => auth((t) => t.components.pop()),
    () => auth(),
  ],
  [
    'AUTHENTICATION: no URL buttons',
    'template.authentication_url',
    () => auth((t) => t.components[1].buttons.push(url())),
    () => auth(),
  ],
  [
    'AUTHENTICATION: no URLs in text',
    'template.authentication_url',
    () => auth((t) => (t.components[0].text = 'Your code is {{1}}. See https://a.test for help.')),
    () => auth(),
  ],
  [
    'AUTHENTICATION: no media',
    'template.authentication_media',
    () =>
      auth((t) =>
        t.components.unshift({ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['h'] } }),
      ),
    () => auth(),
  ],
  [
    'AUTHENTICATION: no emoji',
    'template.authentication_emoji',
    () => auth((t) => (t.components[0].text = 'Your code is {{1}} 🔐. Do not share it.')),
    () => auth(),
  ],
  [
    'AUTHENTICATION parameters at most 15',
    'template.authentication_parameter_too_long',
    () => auth((t) => (t.components[0].example.body_text = [['1234567890123456']])),
    () => auth((t) => (t.components[0].example.body_text = [['123456789012345']])),
  ],
  [
    'braces balanced',
    'template.variable_braces_unbalanced',
    () => body('Hi {{1}, your order is ready today.'),
    () => body('Hi {{1}}, your order is ready today.', ['Ann']),
  ],
  [
    'no special characters in variables',
    'template.variable_invalid',
    () => body('Hi {{#1}}, your order is ready today.', ['Ann']),
    () => body('Hi {{1}}, your order is ready today.', ['Ann']),
  ],
  [
    'named variables lowercase',
    'template.variable_invalid',
    () =>
      named((t) => (t.components[0].text = 'Hoi {{First_Name}}, je bestelling {{order_id}} is verzonden.')),
    () => named(),
  ],
  [
    'positional variables in sequence',
    'template.variables_not_sequential',
    () => body('Hi {{2}}, your order {{1}} has shipped today.', ['a', 'b']),
    () => body('Hi {{1}}, your order {{2}} has shipped today.', ['a', 'b']),
  ],
  [
    'positional variables without gaps',
    'template.variables_not_sequential',
    () => body('Hi {{1}}, your order {{3}} has shipped today.', ['a', 'b']),
    () => body('Hi {{1}}, your order {{2}} has shipped today.', ['a', 'b']),
  ],
  [
    'named variables unique',
    'template.variable_name_duplicate',
    () =>
      named(
        (t) =>
          (t.components[0].text =
            'Hoi {{first_name}}, {{first_name}} je bestelling {{order_id}} is verzonden.'),
      ),
    () => named(),
  ],
  [
    'not mixed positional and named',
    'template.variables_mixed',
    () => named((t) => (t.components[0].text = 'Hoi {{first_name}}, je bestelling {{1}} is nu verzonden.')),
    () => named(),
  ],
  [
    'named variables need parameterFormat named',
    'template.parameter_format_mismatch',
    () => named((t) => delete t.parameterFormat),
    () => named(),
  ],
  [
    'positional variables in a named template',
    'template.parameter_format_mismatch',
    () => ({ ...valid(), parameterFormat: 'named' }),
    () => ({ ...valid(), parameterFormat: 'positional' }),
  ],
  [
    'body does not start with a variable (2388299)',
    'template.variable_at_edge',
    () => body('{{1}}, your order has shipped today.', ['Ann']),
    () => body('Hi {{1}}, your order has shipped today.', ['Ann']),
  ],
  [
    'body does not end with a variable (2388299)',
    'template.variable_at_edge',
    () => body('Your order has shipped, {{1}}', ['Ann']),
    () => body('Your order has shipped, {{1}}.', ['Ann']),
  ],
  [
    'variables not adjacent',
    'template.variables_adjacent',
    () => body('Hi there, your code {{1}}{{2}} is ready for pickup now.', ['a', 'b']),
    () => body('Hi there, your code {{1}}-{{2}} is ready for pickup now.', ['a', 'b']),
  ],
  [
    'variables not separated only by whitespace',
    'template.variables_adjacent',
    () => body('Hi there, your code {{1}} {{2}} is ready for pickup now.', ['a', 'b']),
    () => body('Hi there, your code {{1}} and {{2}} is ready for pickup now.', ['a', 'b']),
  ],
  [
    'not too many variables for the length (2388293)',
    'template.variables_too_many',
    () => body('Dear {{1}}, {{2}} at {{3}}.', ['a', 'b', 'c']),
    () => body('Your appointment with Dr. {{1}} is confirmed for {{2}} at {{3}}.', ['a', 'b', 'c']),
  ],
  [
    'body examples present',
    'template.example_missing',
    () => body('Hi {{1}}, your order has shipped today.'),
    () => body('Hi {{1}}, your order has shipped today.', ['Ann']),
  ],
  [
    'body example count',
    'template.example_count_mismatch',
    () => body('Hi {{1}}, your order {{2}} has shipped today.', ['Ann']),
    () => body('Hi {{1}}, your order {{2}} has shipped today.', ['Ann', 'A-1']),
  ],
  [
    'example values are text',
    'template.example_invalid',
    () => body('Hi {{1}}, your order has shipped today.', [42 as any]),
    () => body('Hi {{1}}, your order has shipped today.', ['42']),
  ],
  [
    'header example present',
    'template.example_missing',
    () => header({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' }),
    valid,
  ],
  [
    'named examples cover every name',
    'template.example_missing',
    () => named((t) => t.components[0].example.body_text_named_params.pop()),
    () => named(),
  ],
  ['template count limit', 'template.limit_exceeded', () => valid(), () => valid()],
];

describe('validateTemplate: every rule fails one template and passes another', () => {
  it.each(rules)('%s', (rule, code, bad, good) => {
    const opts =
      rule === 'template count limit' ? [{ existingCount: 250 }, { existingCount: 249 }] : [{}, {}];
    expect(codes(bad(), opts[0]), `${rule}: breaking template`).toContain(code);
    expect(codes(good(), opts[1]), `${rule}: keeping template`).not.toContain(code);
  });

  it('takes a raised limit for verified businesses', () => {
    expect(codes(valid(), { existingCount: 250, limit: 6000 })).not.toContain('template.limit_exceeded');
    expect(codes(valid(), { existingCount: 6000, limit: 6000 })).toContain('template.limit_exceeded');
  });
});

describe('validateTemplate: paths and messages', () => {
  it('points at the offending part', () => {
    const t = valid();
    t.components[3].buttons[1].text = 'x'.repeat(30);
    t.components[1].text = `Hi {{1}} ${'z'.repeat(1030)}.`;
    const problems = validateTemplate(t);
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'template.button_text_too_long',
        path: 'components[3].buttons[1].text',
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'template.text_too_long', path: 'components[1].text' }),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(10);
  });
});

describe('validateTemplate: bad input becomes problems, never an exception', () => {
  const hostile: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a list', [1, 2]],
    ['components null', { ...valid(), components: null }],
    ['components of nulls and numbers', { ...valid(), components: [null, 1, 'BODY', [], { type: null }] }],
    [
      'wrong types everywhere',
      {
        name: 1,
        language: [],
        category: {},
        parameterFormat: 3,
        components: [
          { type: 'BODY', text: ['a'], example: 'x' },
          { type: 'BUTTONS', buttons: 'x' },
          { type: 'HEADER', format: 7 },
        ],
      },
    ],
    [
      'buttons of wrong types',
      buttons([
        null,
        1,
        { type: 'URL', url: 5, text: 9 },
        { type: 'PHONE_NUMBER', phone_number: {} },
        { type: 'COPY_CODE', example: [1] },
      ]),
    ],
    [
      'examples of wrong shapes',
      body('Hi {{1}}, your order {{2}} shipped today.', [], { example: { body_text: 'x' } }),
    ],
    [
      'named examples of wrong shapes',
      named((t) => (t.components[0].example.body_text_named_params = [null, 3, { param_name: 4 }])),
    ],
  ];
  it.each(hostile)('%s', (_name, input) => {
    const problems = validateTemplate(input);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(typeof p.code).toBe('string');
      expect(typeof p.path).toBe('string');
      expect(typeof p.message).toBe('string');
    }
  });

  it('ignores fields it does not know', () => {
    expect(validateTemplate({ ...valid(), extra: { deep: true }, status: 'APPROVED' })).toEqual([]);
  });

  it('handles deeply nested JSON without recursing into it', () => {
    let deep: any = {
      type: 'BODY',
      text: 'Hi {{1}} there, how are you today.',
      example: { body_text: [['a']] },
    };
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    const t = valid();
    t.components[1].example = deep;
    expect(() => validateTemplate(t)).not.toThrow();
    expect(codes(t)).toContain('template.example_missing');
  });

  it('caps huge input: many components, buttons, variables and a huge string', () => {
    const huge = {
      ...valid(),
      components: [...Array.from({ length: 5000 }, () => ({ type: 'FOOTER', text: '{{x}}'.repeat(1000) }))],
    };
    const started = performance.now();
    const problems = validateTemplate(huge);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems.length).toBeLessThanOrEqual(maxProblems + 1);
    expect(problems.map((p) => p.code)).toContain('template.components_too_many');

    const big = body(`Hi {{1}} ${'x'.repeat(2_000_000)}.`, ['a']);
    expect(codes(big)).toContain('template.text_too_long');
    const many = buttons(Array.from({ length: 100_000 }, () => qr()));
    expect(codes(many)).toContain('template.buttons_too_many');
  });

  it('stops reporting at the problem cap', () => {
    const t = buttons(Array.from({ length: 20 }, () => ({ type: 'NOPE' })));
    t.components.push(...Array.from({ length: 6 }, () => ({ type: 'MYSTERY' })));
    t.components[1].text = Array.from({ length: 40 }, (_, i) => `{{#${i}}}`).join(' word ');
    const problems = validateTemplate({ ...t, name: 'X', language: 'x', category: 'x' });
    expect(problems).toHaveLength(maxProblems + 1);
    expect(problems.at(-1)!.code).toBe('template.too_many_problems');
  });
});

describe('characterCount and scanVariables', () => {
  it('counts code points, not UTF-16 units: emoji, flags, families, combining marks and RTL text', () => {
    expect(characterCount('👍🏽')).toBe(2);
    expect(characterCount('🇳🇱')).toBe(2);
    expect(characterCount('👨‍👩‍👧‍👦')).toBe(7);
    expect(characterCount('é')).toBe(1);
    expect(characterCount('שָׁלוֹם')).toBe(7);
    expect(characterCount('مرحبا')).toBe(5);
    expect(characterCount('😀'.repeat(10))).toBe(10);
  });

  it('finds variables and unmatched braces', () => {
    expect(scanVariables('a {{1}} b {{ name }}').tokens.map((t) => [t.name, t.kind])).toEqual([
      ['1', 'positional'],
      ['name', 'named'],
    ]);
    expect(scanVariables('a {{1}').unbalanced).toBe(true);
    expect(scanVariables('a 1}}').unbalanced).toBe(true);
    expect(scanVariables('a {1} b').unbalanced).toBe(false);
    expect(scanVariables('{{$x}}').tokens[0]!.kind).toBe('invalid');
  });
});

describe('validateTemplateDefinition delegates and keeps the codes callers rely on', () => {
  it('reports the problems of the old checks', () => {
    const problems = validateTemplateDefinition({
      name: 'Bad Name',
      language: 'english',
      category: 'PROMO',
      components: [{ type: 'FOOTER', text: 'x'.repeat(61) }],
    });
    expect(problems.map((p) => p.code)).toEqual(
      expect.arrayContaining([
        'template.name_invalid',
        'template.language_invalid',
        'template.category_invalid',
        'template.body_missing',
        'template.text_too_long',
      ]),
    );
  });
});
