// Templates: validated before Meta sees them, submitted through the Graph API, kept in step by webhooks.
import { AppError, conflict } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Result } from '../../kernel/result.ts';
import type {
  GraphTemplateComponent,
  GraphTemplateCreateRequest,
  GraphTemplateCreateResponse,
  TemplateCategory,
} from '../../wire/graph.ts';
import { defaultConsentCategoryFor, defaultConsentCategories } from '../consent/index.ts';
import { validateTemplateDefinition, type ParameterFormat, type Template } from './model.ts';
import type { TemplateStore } from './store.ts';

export {
  checkParameters,
  expectedParameters,
  graphComponentsFor,
  validateTemplateDefinition,
  variablesIn,
  type Problem,
  type Template,
  type TemplateValues,
} from './model.ts';
export { createTemplateStore, type TemplateStore } from './store.ts';

/** The part of the Cloud API client templates need (a port; the whatsapp adapter satisfies it). */
export type TemplateGateway = {
  createTemplate(
    wabaId: string,
    body: GraphTemplateCreateRequest,
  ): Promise<Result<GraphTemplateCreateResponse, { code: string; message: string; metaCode?: number }>>;
};

export type CreateTemplateInput = {
  name: string;
  language: string;
  category: string;
  consentCategory?: string;
  parameterFormat?: ParameterFormat;
  components: GraphTemplateComponent[];
};

export function createTemplateService(deps: { store: TemplateStore; gateway: TemplateGateway }) {
  const { store, gateway } = deps;
  return {
    async create(
      businessId: string,
      wabaId: string,
      input: CreateTemplateInput,
      now: number,
    ): Promise<Template> {
      const problems = validateTemplateDefinition(input);
      if (input.consentCategory !== undefined && !(input.consentCategory in defaultConsentCategories)) {
        problems.push({
          code: 'template.consent_category_unknown',
          path: 'consentCategory',
          message: `Use one of ${Object.keys(defaultConsentCategories).join(', ')}.`,
        });
      }
      if (problems.length > 0) {
        throw new AppError(
          'invalid_input',
          'template.invalid',
          `The template has ${problems.length} problem(s).`,
          { problems },
        );
      }
      if (await store.find(businessId, input.name, input.language)) {
        throw conflict('template.exists', `A template "${input.name}" in ${input.language} exists already.`);
      }
      const category = input.category as TemplateCategory;
      const template: Template = {
        id: newId('tpl', now),
        businessId,
        wabaId,
        name: input.name,
        language: input.language,
        category,
        consentCategory: input.consentCategory ?? defaultConsentCategoryFor(category),
        status: 'DRAFT',
        quality: 'UNKNOWN',
        parameterFormat: input.parameterFormat ?? 'positional',
        components: input.components,
        metaTemplateId: null,
        rejectedReason: null,
        createdAt: now,
        updatedAt: now,
      };
      // Durable first, then the irreversible call: a crash after submitting leaves a DRAFT that sync can reconcile.
      await store.insert(template);
      const submitted = await gateway.createTemplate(wabaId, {
        name: template.name,
        language: template.language,
        category,
        parameter_format: template.parameterFormat,
        components: template.components,
      });
      if (!submitted.ok) {
        await store.delete(template.id);
        throw new AppError('invalid_input', 'template.rejected_by_meta', submitted.error.message, {
          metaCode: submitted.error.metaCode,
          code: submitted.error.code,
        });
      }
      const status = submitted.value.status;
      await store.update(
        businessId,
        { id: template.id },
        { status, metaTemplateId: submitted.value.id, category: submitted.value.category },
        now,
      );
      return { ...template, status, metaTemplateId: submitted.value.id, category: submitted.value.category };
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
