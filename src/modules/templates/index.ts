// Templates: validated before Meta sees them, submitted through the Graph API, kept in step by webhooks.
import { AppError, conflict } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Result } from '../../kernel/result.ts';
import type {
  GraphTemplate,
  GraphTemplateComponent,
  GraphTemplateCreateRequest,
  GraphTemplateCreateResponse,
  TemplateCategory,
} from '../../wire/graph.ts';
import { defaultConsentCategoryFor, defaultConsentCategories } from '../consent/index.ts';
import { applyRemoteChange, type RemoteChange, type TemplateEventDraft } from './lifecycle.ts';
import type { BusinessVertical } from './commerce-policy.ts';
import { checkTemplateContent } from './content-checks.ts';
import type { ParameterFormat, Template } from './model.ts';
import { validateTemplate } from './validation.ts';
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
export { createTemplateStore, type TemplateStore, type TemplateEvent } from './store.ts';
export {
  applyRemoteChange,
  type RemoteChange,
  type TemplateEventDraft,
  type TemplatePatch,
} from './lifecycle.ts';
export { renderTemplate, type RenderedTemplate } from './render.ts';
export { checkTemplateContent, detectorLanguage } from './content-checks.ts';
export {
  detectSensitiveDataRequest,
  explainSensitiveData,
  detectMarketing,
  explainMarketing,
  type SensitiveVerdict,
} from '../understanding/index.ts';
export {
  businessVerticals,
  checkCommercePolicy,
  verticalPolicy,
  type BusinessVertical,
} from './commerce-policy.ts';
export { validateTemplate } from './validation.ts';

/** The part of the Cloud API client templates need (a port; the whatsapp adapter satisfies it). */
export type TemplateGateway = {
  createTemplate(
    wabaId: string,
    body: GraphTemplateCreateRequest,
  ): Promise<Result<GraphTemplateCreateResponse, { code: string; message: string; metaCode?: number }>>;
  listAllTemplates(
    wabaId: string,
    pageSize?: number,
  ): AsyncIterable<Result<GraphTemplate, { code: string; message: string }>>;
};

export type SyncSummary = { imported: number; updated: number; deleted: number; unchanged: number };

export type CreateTemplateInput = {
  name: string;
  language: string;
  category: string;
  consentCategory?: string;
  parameterFormat?: ParameterFormat;
  components: GraphTemplateComponent[];
};

/** The usual default (order_updates, offers, account_security) when the business kept it, else its first of the kind. */
function defaultConsentCategoryAmong(
  known: readonly { name: string; templateCategory: TemplateCategory }[],
  category: TemplateCategory,
): string {
  const usual = defaultConsentCategoryFor(category);
  if (known.some((c) => c.name === usual)) return usual;
  return known.find((c) => c.templateCategory === category)?.name ?? usual;
}

export function createTemplateService(deps: { store: TemplateStore; gateway: TemplateGateway }) {
  const { store, gateway } = deps;
  return {
    async create(
      businessId: string,
      wabaId: string,
      input: CreateTemplateInput,
      now: number,
      context: {
        vertical?: BusinessVertical | null;
        /** The business's own consent categories; the defaults when not given. */
        consentCategories?: readonly { name: string; templateCategory: TemplateCategory }[];
      } = {},
    ): Promise<Template> {
      const existingCount = (await store.list(businessId)).filter(
        (t) => t.wabaId === wabaId && t.status !== 'DELETED',
      ).length;
      const problems = validateTemplate(input, { existingCount });
      // Content is only judged once the structure is sound: a broken template gets its format problems first.
      if (problems.length === 0) problems.push(...checkTemplateContent(input, context));
      const known =
        context.consentCategories ??
        Object.entries(defaultConsentCategories).map(([name, templateCategory]) => ({
          name,
          templateCategory,
        }));
      const named = known.find((c) => c.name === input.consentCategory);
      if (input.consentCategory !== undefined && !named) {
        problems.push({
          code: 'template.consent_category_unknown',
          path: 'consentCategory',
          message: `Use one of the business's consent categories: ${known.map((c) => c.name).join(', ')}.`,
        });
      } else if (named && input.category === 'MARKETING' && named.templateCategory !== 'MARKETING') {
        // An opt-in for order updates is not an opt-in for offers: marketing must ride on a marketing category.
        problems.push({
          code: 'template.consent_category_mismatch',
          path: 'consentCategory',
          message: `A MARKETING template needs a marketing consent category; "${named.name}" covers ${named.templateCategory}.`,
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
        consentCategory: input.consentCategory ?? defaultConsentCategoryAmong(known, category),
        status: 'DRAFT',
        quality: 'UNKNOWN',
        parameterFormat: input.parameterFormat ?? 'positional',
        components: input.components,
        metaTemplateId: null,
        rejectedReason: null,
        createdAt: now,
        updatedAt: now,
        pausedUntil: null,
        pauseCount: 0,
      };
      // Durable first, then the irreversible call: a crash after submitting leaves a DRAFT that sync can reconcile.
      await store.insert(template);
      await store.patch(
        template,
        {},
        [{ kind: 'created', from: null, to: 'DRAFT', reason: null, details: {} }],
        'api',
        now,
      );
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
      const { status, id: metaTemplateId, category: reviewedCategory } = submitted.value;
      const events: TemplateEventDraft[] = [
        { kind: 'submitted', from: 'DRAFT', to: status, reason: null, details: { metaTemplateId } },
      ];
      // Since April 2025 Meta approves a UTILITY template it judges promotional as MARKETING instead of rejecting it.
      if (reviewedCategory !== category) {
        events.push({
          kind: 'category',
          from: category,
          to: reviewedCategory,
          reason: 'review',
          details: {},
        });
      }
      await store.patch(template, { status, metaTemplateId, category: reviewedCategory }, events, 'api', now);
      return { ...template, status, metaTemplateId, category: reviewedCategory };
    },

    /** A change reported by Meta (webhook), found by Meta's id or by name and language. Returns false if unknown. */
    async applyRemoteChange(
      businessId: string,
      where: { metaTemplateId?: string; name?: string; language?: string },
      change: RemoteChange,
      source: string,
      now: number,
    ): Promise<boolean> {
      const t =
        (where.metaTemplateId ? await store.findByMetaId(businessId, where.metaTemplateId) : undefined) ??
        (where.name && where.language ? await store.find(businessId, where.name, where.language) : undefined);
      if (!t) return false;
      const { patch, events } = applyRemoteChange(t, change, now);
      await store.patch(t, patch, events, source, now);
      return true;
    },

    /**
     * Lists every template from the Graph API (following paging) and reconciles drift: unknown remote templates are
     * imported, changed ones updated, and submitted ones Meta no longer lists are marked DELETED. Each change is
     * kept in the template's history with source "sync".
     */
    async sync(businessId: string, wabaId: string, now: number): Promise<SyncSummary> {
      const summary: SyncSummary = { imported: 0, updated: 0, deleted: 0, unchanged: 0 };
      const seen = new Set<string>();
      for await (const item of gateway.listAllTemplates(wabaId, 100)) {
        if (!item.ok) {
          throw new AppError(
            'unavailable',
            'template.sync_failed',
            `Listing templates failed: ${item.error.message}`,
            {
              code: item.error.code,
            },
          );
        }
        const remote: GraphTemplate = item.value;
        seen.add(remote.id);
        const local =
          (await store.findByMetaId(businessId, remote.id)) ??
          (await store.find(businessId, remote.name, remote.language));
        if (!local) {
          const imported: Template = {
            id: newId('tpl', now),
            businessId,
            wabaId,
            name: remote.name,
            language: remote.language,
            category: remote.category,
            consentCategory: defaultConsentCategoryFor(remote.category),
            status: remote.status,
            quality: remote.quality_score?.score ?? 'UNKNOWN',
            parameterFormat: remote.parameter_format === 'NAMED' ? 'named' : 'positional',
            components: remote.components ?? [],
            metaTemplateId: remote.id,
            rejectedReason: remote.rejected_reason ?? null,
            createdAt: now,
            updatedAt: now,
            pausedUntil: null,
            pauseCount: 0,
          };
          await store.insert(imported);
          await store.patch(
            imported,
            {},
            [
              {
                kind: 'imported',
                from: null,
                to: remote.status,
                reason: null,
                details: { metaTemplateId: remote.id },
              },
            ],
            'sync',
            now,
          );
          summary.imported++;
          continue;
        }
        const { patch, events } = applyRemoteChange(
          local,
          {
            status: remote.status,
            category: remote.category,
            metaTemplateId: remote.id,
            ...(remote.quality_score?.score ? { quality: remote.quality_score.score } : {}),
            ...(remote.rejected_reason ? { reason: remote.rejected_reason } : {}),
          },
          now,
        );
        if (events.length === 0 && Object.keys(patch).length === 0) {
          summary.unchanged++;
          continue;
        }
        await store.patch(local, patch, events, 'sync', now);
        summary.updated++;
      }
      for (const t of await store.list(businessId)) {
        if (
          t.wabaId !== wabaId ||
          t.metaTemplateId === null ||
          seen.has(t.metaTemplateId) ||
          t.status === 'DELETED'
        )
          continue;
        const { patch, events } = applyRemoteChange(
          t,
          { status: 'DELETED', reason: 'not listed by Meta' },
          now,
        );
        await store.patch(t, patch, events, 'sync', now);
        summary.deleted++;
      }
      return summary;
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
