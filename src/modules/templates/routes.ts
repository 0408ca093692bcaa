// HTTP for templates: create (validated, then submitted to Meta) and list.
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import { TemplateValueFields } from '../../adapters/http/schemas.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import type { GraphTemplateComponent, TemplateCategory } from '../../wire/graph.ts';
import {
  checkParameters,
  renderTemplate,
  type Template,
  type TemplateService,
  type TemplateStore,
  type TemplateValues,
  type BusinessVertical,
} from './index.ts';

export const templateView = (t: Template) => ({
  id: t.id,
  name: t.name,
  language: t.language,
  category: t.category,
  consentCategory: t.consentCategory,
  status: t.status,
  quality: t.quality,
  parameterFormat: t.parameterFormat,
  components: t.components,
  metaTemplateId: t.metaTemplateId,
  rejectedReason: t.rejectedReason,
  createdAt: new Date(t.createdAt).toISOString(),
  updatedAt: new Date(t.updatedAt).toISOString(),
  pausedUntil: t.pausedUntil === null ? null : new Date(t.pausedUntil).toISOString(),
  pauseCount: t.pauseCount,
});

const IdParam = Type.Object({ id: Type.String({ maxLength: 64 }) });

export function registerTemplateRoutes(
  app: HttpServer,
  deps: {
    service: TemplateService;
    store: TemplateStore;
    wabaFor: (businessId: string) => Promise<string | null>;
    verticalOf: (businessId: string) => Promise<BusinessVertical | null>;
    consentCategoriesOf: (
      businessId: string,
    ) => Promise<readonly { name: string; templateCategory: TemplateCategory }[]>;
    now: () => number;
  },
): void {
  app.post(
    '/v1/templates',
    {
      schema: {
        tags: ['templates'],
        summary: "Create a template: checked against Meta's rules, then submitted for approval",
        body: Type.Object(
          {
            name: Type.String({ maxLength: 512 }),
            language: Type.String({ maxLength: 15 }),
            category: Type.String({ maxLength: 32 }),
            consentCategory: Type.Optional(Type.String({ maxLength: 64 })),
            parameterFormat: Type.Optional(Type.Union([Type.Literal('positional'), Type.Literal('named')])),
            components: Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true }), {
              maxItems: 10,
            }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const waba = await deps.wabaFor(business.id);
      if (!waba)
        throw new AppError(
          'conflict',
          'business.no_waba',
          'This business has no WhatsApp Business Account connected.',
        );
      const b = request.body;
      const t = await deps.service.create(
        business.id,
        waba,
        {
          name: b.name,
          language: b.language,
          category: b.category,
          components: b.components as unknown as GraphTemplateComponent[],
          ...(b.consentCategory !== undefined ? { consentCategory: b.consentCategory } : {}),
          ...(b.parameterFormat !== undefined ? { parameterFormat: b.parameterFormat } : {}),
        },
        deps.now(),
        {
          vertical: await deps.verticalOf(business.id),
          consentCategories: await deps.consentCategoriesOf(business.id),
        },
      );
      return reply.code(201).send(templateView(t));
    },
  );

  app.get(
    '/v1/templates/:id',
    { schema: { tags: ['templates'], summary: 'A template with its full history', params: IdParam } },
    async (request) => {
      const business = businessOf(request);
      const t = await deps.store.get(business.id, request.params.id);
      if (!t) throw notFound('template.not_found', `No template ${request.params.id}.`);
      const history = await deps.store.history(business.id, t.id);
      return {
        ...templateView(t),
        history: history.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt).toISOString() })),
      };
    },
  );

  app.post(
    '/v1/templates/:id/preview',
    {
      schema: {
        tags: ['templates'],
        summary: 'Exactly what the customer will see for these parameter values',
        params: IdParam,
        body: Type.Object(
          {
            ...TemplateValueFields,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const business = businessOf(request);
      const t = await deps.store.get(business.id, request.params.id);
      if (!t) throw notFound('template.not_found', `No template ${request.params.id}.`);
      const values = request.body as TemplateValues;
      const mismatch = checkParameters(t, values);
      if (mismatch) throw new AppError('invalid_input', mismatch.code, mismatch.message, mismatch.details);
      return {
        template: { id: t.id, name: t.name, language: t.language, status: t.status },
        rendered: renderTemplate(t.components, values),
      };
    },
  );

  app.post(
    '/v1/templates/sync',
    {
      schema: {
        tags: ['templates'],
        summary: "Reconcile with Meta's list of templates (drift, imports, deletions)",
      },
    },
    async (request) => {
      const business = businessOf(request);
      const waba = await deps.wabaFor(business.id);
      if (!waba)
        throw new AppError(
          'conflict',
          'business.no_waba',
          'This business has no WhatsApp Business Account connected.',
        );
      return deps.service.sync(business.id, waba, deps.now());
    },
  );

  app.get(
    '/v1/templates',
    { schema: { tags: ['templates'], summary: 'All templates of the business' } },
    async (request) => ({
      data: (await deps.store.list(businessOf(request).id)).map(templateView),
    }),
  );
}
