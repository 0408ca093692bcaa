// Content checks of a template before Meta sees it: marketing wording in UTILITY, requests for sensitive data, and
// Meta's commerce policy for the business's vertical. Each finding is a Problem with a path, so it costs nothing.
import type { GraphTemplateComponent } from '../../wire/graph.ts';
import { checkCommercePolicy, type BusinessVertical } from './commerce-policy.ts';
import {
  detectMarketing,
  detectSensitiveDataRequest,
  explainMarketing,
  explainSensitiveData,
  isLanguage,
  type DetectorLanguage,
} from '../understanding/index.ts';
import type { Problem } from './model.ts';

/** The language hint for the detectors from a template language code (en_US → en, pt_BR → pt). */
export function detectorLanguage(language: string): DetectorLanguage | undefined {
  const base = language.slice(0, 2).toLowerCase();
  return isLanguage(base) ? base : undefined;
}

/** Every text a customer will read, with its path. */
function textsOf(components: readonly GraphTemplateComponent[]): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  components.forEach((c, i) => {
    if (typeof c?.text === 'string') out.push({ path: `components[${i}].text`, text: c.text });
    c?.buttons?.forEach((b, j) => {
      if (typeof b?.text === 'string')
        out.push({ path: `components[${i}].buttons[${j}].text`, text: b.text });
    });
  });
  return out;
}

export function checkTemplateContent(
  t: { category: string; language: string; components: readonly GraphTemplateComponent[] },
  opts: { vertical?: BusinessVertical | null } = {},
): Problem[] {
  const problems: Problem[] = [];
  const lang = detectorLanguage(t.language);
  const texts = textsOf(t.components);
  for (const { path, text } of texts) {
    const sensitive = detectSensitiveDataRequest(text, lang);
    if (sensitive.found) {
      problems.push({
        code: 'template.sensitive_data_request',
        path,
        message: explainSensitiveData(sensitive),
      });
    }
    if (opts.vertical) {
      for (const f of checkCommercePolicy(text, opts.vertical, lang)) {
        problems.push({ code: 'template.commerce_policy', path, message: f.message });
      }
    }
  }
  // Meta judges a UTILITY template as a whole: mixed content is marketing (meta-rules.md#template-categories), so the texts are read together.
  if (t.category === 'UTILITY') {
    const verdict = detectMarketing(texts.map((x) => x.text).join('\n'), lang);
    if (verdict.isMarketing) {
      problems.push({
        code: 'template.marketing_in_utility',
        path: 'category',
        message: `${explainMarketing(verdict)} Meta would approve it as MARKETING (charged as marketing); use category MARKETING, or remove the promotional wording.`,
      });
    }
  }
  return problems;
}
