// Customers in the scenarios: opt-ins and tags over the API, and a customer writing in through the sandbox.
import { eventually, type Harness, type Reply } from './harness.ts';

const json = { 'content-type': 'application/json' };

/** The wording most scenarios record with an opt-in to offers. */
export const OFFERS_WORDING = 'Acme Coffee may send me offers on WhatsApp.';
/** The wording of an opt-in to order updates. */
export const ORDER_UPDATES_WORDING = 'Acme Coffee may send me order updates on WhatsApp.';
/** A wording that fits any set of categories. */
export const GENERAL_WORDING = 'Acme Coffee may send me these messages on WhatsApp.';

/** Records an opt-in from the website over the API; `phone` is E.164 with its +. */
export const optIn = (
  h: Harness,
  phone: string,
  categories: string[] = ['offers'],
  wording = OFFERS_WORDING,
): Promise<Reply> =>
  h.api('POST', `/v1/contacts/${encodeURIComponent(phone)}/opt-ins`, {
    categories,
    channel: 'website',
    wording,
  });

/** Replaces a contact's tags. */
export const tag = (h: Harness, phone: string, tags: string[]): Promise<Reply> =>
  h.api('PUT', `/v1/contacts/${encodeURIComponent(phone)}/tags`, { tags });

/**
 * `n` contacts `+<prefix><11..>` opted in to offers and tagged, the audience of a segment campaign.
 * Numbers ending in 0000 are undeliverable in the sandbox (131026): indexes start at 11.
 */
export async function offersAudience(
  h: Harness,
  prefix: string,
  n: number,
  tags: string[],
): Promise<string[]> {
  const phones = Array.from({ length: n }, (_, i) => `+${prefix}${i + 11}`);
  for (const p of phones) {
    const o = await optIn(h, p);
    if (o.status !== 201) throw new Error(`opt-in ${p}: ${o.status} ${JSON.stringify(o.body)}`);
    const t = await tag(h, p, tags);
    if (t.status !== 200) throw new Error(`tags ${p}: ${t.status} ${JSON.stringify(t.body)}`);
  }
  return phones;
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
