// HTTP for templates: create (validated, then submitted to Meta) and list.
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { AppError } from '../../kernel/errors.ts';
import type { GraphTemplateComponent } from '../../wire/graph.ts';
import type { Template, TemplateService, TemplateStore } from './index.ts';

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
});

export function registerTemplateRoutes(
  app: HttpServer,
  deps: {
    service: TemplateService;
    store: TemplateStore;
    wabaFor: (businessId: string) => Promise<string | null>;
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
      );
      return reply.code(201).send(templateView(t));
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
