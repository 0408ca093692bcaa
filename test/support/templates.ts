// Templates for the scenarios: create one and wait until the sandbox's review approved it.
import { eventually, type Harness } from './harness.ts';

export type TemplateSpec = {
  name: string;
  category: 'UTILITY' | 'MARKETING';
  consentCategory?: string;
  text: string;
};

/**
 * Creates a template and waits until the sandbox's review approved it. The approval arrives as a webhook, which only
 * a worker processes: a harness without workers passes `whileWaiting` to process webhooks by hand while it waits.
 */
export async function approvedTemplate(
  h: Harness,
  t: TemplateSpec,
  opts: { whileWaiting?: () => Promise<void> } = {},
): Promise<void> {
  const r = await h.api('POST', '/v1/templates', {
    name: t.name,
    language: 'en',
    category: t.category,
    ...(t.consentCategory ? { consentCategory: t.consentCategory } : {}),
    components: [{ type: 'BODY', text: t.text, example: { body_text: [['Ann']] } }],
  });
  if (r.status !== 201) throw new Error(`template ${t.name}: ${r.status} ${JSON.stringify(r.body)}`);
  await eventually(async () => {
    await opts.whileWaiting?.();
    return (await h.api('GET', '/v1/templates')).body.data.some(
      (x: { name: string; status: string }) => x.name === t.name && x.status === 'APPROVED',
    );
  }, `approval of ${t.name}`);
}

/** A marketing template without a consent category. */
export const WEEKLY_OFFER: TemplateSpec = {
  name: 'weekly_offer',
  category: 'MARKETING',
  text: 'Hi {{1}}, this week every second cappuccino is half price.',
};

/** A utility template. */
export const ORDER_PACKED: TemplateSpec = {
  name: 'order_packed',
  category: 'UTILITY',
  text: 'Hi {{1}}, your order has been packed and leaves today.',
};

/** The campaign scenarios' marketing template, sent under the offers consent category. */
export const CAMPAIGN_OFFER: TemplateSpec = {
  name: 'weekly_offer',
  category: 'MARKETING',
  consentCategory: 'offers',
  text: 'Hi {{1}}, this week every coffee is 10% off at Acme Coffee.',
};
