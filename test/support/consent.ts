// Helpers for the consent scenarios: a policy check's reason codes. The template and customer helpers live in
// templates.ts and customers.ts; they are re-exported here for the scenarios that import them from this file.
import type { Harness } from './harness.ts';

export { approvedTemplate } from './templates.ts';
export { customerWrites } from './customers.ts';

/** The reason codes of a policy check for a template send (empty when allowed). */
export async function templateReasons(h: Harness, to: string, name: string): Promise<string[]> {
  const r = await h.api('POST', '/v1/policy/check', {
    to,
    template: { name, language: 'en', parameters: ['Ann'] },
  });
  return r.body.reasons.map((x: { code: string }) => x.code);
}
