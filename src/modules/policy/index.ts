// Policy: gathers the facts of a send from the other modules and asks the pure decide() for the verdict.
import type { ConsentService } from '../consent/index.ts';
import type { ContactStore } from '../contacts/index.ts';
import type { ConversationStore } from '../conversations/index.ts';
import {
  checkParameters,
  type Template,
  type TemplateStore,
  type TemplateValues,
} from '../templates/index.ts';
import { decide, type Decision, type PolicyFacts } from './model.ts';

export { decide, type Decision, type PolicyFacts, type Reason, type TemplateFacts } from './model.ts';

export type SendContent =
  { kind: 'free_form' } | { kind: 'template'; name: string; language: string; values: TemplateValues };

export type PolicyVerdict = { decision: Decision; facts: PolicyFacts; template: Template | undefined };

export function createPolicyService(deps: {
  consent: ConsentService;
  contacts: ContactStore;
  conversations: ConversationStore;
  templates: TemplateStore;
}) {
  return {
    async evaluate(
      businessId: string,
      phoneNumberId: string,
      waId: string,
      content: SendContent,
      now: number,
    ): Promise<PolicyVerdict> {
      const [consent, lastInboundAt, contact, template] = await Promise.all([
        deps.consent.view(businessId, waId),
        deps.conversations.lastInboundAt(businessId, phoneNumberId, waId),
        deps.contacts.get(businessId, waId),
        content.kind === 'template'
          ? deps.templates.find(businessId, content.name, content.language)
          : Promise.resolve(undefined),
      ]);
      const facts: PolicyFacts = {
        send:
          content.kind === 'free_form'
            ? { kind: 'free_form' }
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
          lastInboundAt,
          consent: consent.categories,
          totalOptOutAt: consent.totalOptOutAt,
          suppressed: contact?.erasedAt != null,
        },
      };
      return { decision: decide(facts, now), facts, template };
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
