// Helpers for the consent scenarios: an approved template, a customer writing in, and a policy check's reason codes.
import { eventually, type Harness } from './harness.ts';

const json = { 'content-type': 'application/json' };

/** Creates a template and waits until the sandbox's review approved it. */
export async function approvedTemplate(
  h: Harness,
  t: { name: string; category: 'UTILITY' | 'MARKETING'; consentCategory?: string; text: string },
): Promise<void> {
  const r = await h.api('POST', '/v1/templates', {
    name: t.name,
    language: 'en',
    category: t.category,
    ...(t.consentCategory ? { consentCategory: t.consentCategory } : {}),
    components: [{ type: 'BODY', text: t.text, example: { body_text: [['Ann']] } }],
  });
  if (r.status !== 201) throw new Error(`template ${t.name}: ${r.status} ${JSON.stringify(r.body)}`);
  await eventually(
    async () =>
      (await h.api('GET', '/v1/templates')).body.data.some(
        (x: { name: string; status: string }) => x.name === t.name && x.status === 'APPROVED',
      ),
    `approval of ${t.name}`,
  );
}

/** The customer writes to the business through the sandbox; resolves once the platform processed it. */
export async function customerWrites(
  h: Harness,
  waId: string,
  message: { text: string } | { button: { payload: string; text: string } },
): Promise<void> {
  const k = h.platform.db.kysely;
  const before = (await k.selectFrom('inbound_messages').select('id').where('wa_id', '=', waId).execute())
    .length;
  const r = await h.raw('POST', `/sandbox/customers/${waId}/messages`, JSON.stringify(message), json);
  if (r.status >= 300) throw new Error(`sandbox: ${r.status} ${JSON.stringify(r.body)}`);
  await eventually(
    async () =>
      (await k.selectFrom('inbound_messages').select('id').where('wa_id', '=', waId).execute()).length >
      before,
    'the inbound message',
  );
}

/** The reason codes of a policy check for a template send (empty when allowed). */
export async function templateReasons(h: Harness, to: string, name: string): Promise<string[]> {
  const r = await h.api('POST', '/v1/policy/check', {
    to,
    template: { name, language: 'en', parameters: ['Ann'] },
  });
  return r.body.reasons.map((x: { code: string }) => x.code);
}
