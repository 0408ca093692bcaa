// Policy: gathers the facts of a send from the other modules and asks the pure decide() for the verdict.
import type { ConsentService } from '../consent/index.ts';
import type { ContactStore } from '../contacts/index.ts';
import type { ConversationStore } from '../conversations/index.ts';
import {
  checkParameters,
  detectSensitiveDataRequest,
  type Template,
  type TemplateStore,
  type TemplateValues,
} from '../templates/index.ts';
import { decide, type Decision, type PolicyFacts, type SendPurpose } from './model.ts';
import type { LimitFacts, LimitService } from '../limits/index.ts';

export {
  decide,
  isBusinessInitiated,
  type Decision,
  type SendPurpose,
  type PolicyFacts,
  type Reason,
  type TemplateFacts,
} from './model.ts';

export type SendContent =
  | {
      kind: 'free_form';
      purpose?: SendPurpose;
      /** Every customer-visible string of the send. */ text?: string;
    }
  | { kind: 'template'; name: string; language: string; values: TemplateValues };

/** One send to decide: who sends what to whom. */
export type PolicyQuestion = {
  businessId: string;
  phoneNumberId: string;
  waId: string;
  content: SendContent;
};

export type PolicyVerdict = { decision: Decision; facts: PolicyFacts; template: Template | undefined };

export function createPolicyService(deps: {
  consent: Pick<ConsentService, 'viewMany'>;
  contacts: Pick<ContactStore, 'getMany'>;
  conversations: Pick<ConversationStore, 'lastInboundAtMany'>;
  templates: Pick<TemplateStore, 'find'>;
  /** Messaging limit, cooldowns, frequency cap and quiet hours; without it those guards are not checked. */
  limits?: Pick<LimitService, 'factsMany'>;
}) {
  /**
   * Loads the facts of many sends with one read per kind of fact, whatever their number: the dispatcher re-checks a
   * whole claimed batch right before sending, and a query per message per fact was most of its database work.
   */
  async function evaluateMany(items: readonly PolicyQuestion[], now: number): Promise<PolicyVerdict[]> {
    if (items.length === 0) return [];
    // A batch repeats few templates: each distinct one is read once.
    const templateKeys = new Map<string, { businessId: string; name: string; language: string }>();
    for (const it of items)
      if (it.content.kind === 'template')
        templateKeys.set(templateKey(it.businessId, it.content.name, it.content.language), {
          businessId: it.businessId,
          name: it.content.name,
          language: it.content.language,
        });
    const [consents, lastInbounds, contacts, templates, limits] = await Promise.all([
      deps.consent.viewMany(items),
      deps.conversations.lastInboundAtMany(items),
      deps.contacts.getMany(items),
      Promise.all(
        [...templateKeys].map(
          async ([key, t]) => [key, await deps.templates.find(t.businessId, t.name, t.language)] as const,
        ),
      ).then((found) => new Map(found)),
      // Limits, cooldowns, the frequency cap and quiet hours concern templates only: free-form replies inside the
      // window never read them, so their facts (five reads) are gathered for the templates of the batch alone.
      deps.limits ? limitFactsOfTemplates(deps.limits, items, now) : undefined,
    ]);
    // Marketing the batch itself allows counts toward the frequency cap of the sends after it in the same batch.
    const allowedMarketing = new Map<string, number>();
    return items.map((it, i) => {
      const { content } = it;
      const template =
        content.kind === 'template'
          ? templates.get(templateKey(it.businessId, content.name, content.language))
          : undefined;
      const consent = consents[i]!;
      const facts: PolicyFacts = {
        send:
          content.kind === 'free_form'
            ? {
                kind: 'free_form',
                ...(content.purpose ? { purpose: content.purpose } : {}),
                sensitiveData:
                  content.text === undefined
                    ? []
                    : detectSensitiveDataRequest(content.text).findings.map((f) => ({
                        kind: f.kind,
                        phrase: f.phrase,
                      })),
              }
            : {
                kind: 'template',
                template: template
                  ? {
                      found: true,
                      name: template.name,
                      language: template.language,
                      status: template.status,
                      category: template.category,
                      consentCategory: template.consentCategory,
                      parameterProblem: checkParameters(template, content.values),
                    }
                  : { found: false, name: content.name, language: content.language },
              },
        contact: {
          lastInboundAt: lastInbounds[i] ?? null,
          consent: consent.categories,
          totalOptOutAt: consent.totalOptOutAt,
          // The ledger's suppression list (salted hashes) decides; a contact marked erased stays suppressed unless
          // the person's own new opt-in lifted it since.
          suppressed:
            consent.suppressed ||
            (contacts[i]?.erasedAt != null &&
              !(
                consent.suppressionLiftedAt !== null && consent.suppressionLiftedAt >= contacts[i]!.erasedAt!
              )),
        },
        ...(limits?.[i] ? { limits: limits[i] } : {}),
      };
      const contactKey = `${it.businessId} ${it.waId}`;
      const earlier = allowedMarketing.get(contactKey) ?? 0;
      if (facts.limits && earlier > 0)
        facts.limits = {
          ...facts.limits,
          marketingSentAt: [...facts.limits.marketingSentAt, ...Array<number>(earlier).fill(now)],
        };
      const decision = decide(facts, now);
      if (decision.allowed && template?.category === 'MARKETING')
        allowedMarketing.set(contactKey, earlier + 1);
      return { decision, facts, template };
    });
  }

  return {
    async evaluate(
      businessId: string,
      phoneNumberId: string,
      waId: string,
      content: SendContent,
      now: number,
    ): Promise<PolicyVerdict> {
      return (await evaluateMany([{ businessId, phoneNumberId, waId, content }], now))[0]!;
    },
    evaluateMany,
  };
}

async function limitFactsOfTemplates(
  limits: Pick<LimitService, 'factsMany'>,
  items: readonly PolicyQuestion[],
  now: number,
): Promise<(LimitFacts | undefined)[]> {
  const indexes = items.flatMap((it, i) => (it.content.kind === 'template' ? [i] : []));
  const out: (LimitFacts | undefined)[] = items.map(() => undefined);
  if (indexes.length === 0) return out;
  const facts = await limits.factsMany(
    indexes.map((i) => items[i]!),
    now,
  );
  indexes.forEach((i, j) => (out[i] = facts[j]));
  return out;
}

const templateKey = (businessId: string, name: string, language: string) =>
  JSON.stringify([businessId, name, language]);

export type PolicyService = ReturnType<typeof createPolicyService>;
