// Rendering: exactly what the customer will see for given parameter values (the preview API).
import type { GraphTemplateComponent } from '../../wire/graph.ts';
import type { TemplateValues } from './model.ts';

export type RenderedTemplate = {
  header: { format: string; text: string | null } | null;
  body: string;
  footer: string | null;
  buttons: { type: string; text: string; url?: string; phoneNumber?: string }[];
};

function fill(text: string, values: string[] | Record<string, string> | undefined): string {
  return text.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    if (values === undefined) return whole;
    const v = Array.isArray(values) ? values[Number(name) - 1] : values[name];
    return v ?? whole;
  });
}

/** Fills the template's variables with the values; a variable without a value stays visible as {{n}}. */
export function renderTemplate(
  components: readonly GraphTemplateComponent[],
  v: TemplateValues,
): RenderedTemplate {
  const header = components.find((c) => c.type === 'HEADER');
  const body = components.find((c) => c.type === 'BODY');
  const footer = components.find((c) => c.type === 'FOOTER');
  const buttons = components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  return {
    header: header
      ? {
          format: header.format ?? 'TEXT',
          text: (header.format ?? 'TEXT') === 'TEXT' ? fill(header.text ?? '', v.header) : null,
        }
      : null,
    body: fill(body?.text ?? '', v.parameters),
    footer: footer?.text ?? null,
    buttons: buttons.map((b, index) => {
      const suffix = v.buttons?.find((x) => x.index === index)?.text;
      return {
        type: b.type,
        text: b.text ?? '',
        ...(b.url ? { url: suffix !== undefined ? b.url.replace(/\{\{\s*1\s*\}\}/, suffix) : b.url } : {}),
        ...(b.phone_number ? { phoneNumber: b.phone_number } : {}),
      };
    }),
  };
}
