// HTTP for chatbot flows: /v1/flows (upload a version, list, show, validate, activate, deactivate).
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import type { Bots, FlowVersion } from './index.ts';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const summary = (v: FlowVersion) => ({
  version: v.version,
  name: v.name,
  format: v.format,
  active: v.active,
  createdAt: iso(v.createdAt),
  activatedAt: iso(v.activatedAt),
});

const FlowBody = Type.Object(
  {
    definition: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'The flow as JSON' }),
    ),
    source: Type.Optional(Type.String({ maxLength: 262144, description: 'The flow as text (YAML or JSON)' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('yaml')], { default: 'json' })),
    activate: Type.Optional(Type.Boolean({ description: 'Make this version the active one at once' })),
  },
  { additionalProperties: false },
);
const VersionParams = Type.Object({ version: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });

export function registerBotRoutes(app: HttpServer, deps: { bots: Bots; now: () => number }): void {
  const tags = ['bots'];
  // A YAML file can be posted as it is (curl --data-binary @flow.yaml -H 'content-type: application/yaml').
  for (const type of ['application/yaml', 'text/yaml', 'application/x-yaml'])
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 262144 }, (_req, body, done) =>
        done(null, { source: body as string, format: 'yaml' }),
      );

  app.post(
    '/v1/flows',
    {
      schema: {
        tags,
        summary: 'Upload a flow: a new version, validated (422 flow.invalid lists the problems)',
        body: FlowBody,
      },
    },
    async (request, reply) => {
      const v = await deps.bots.create(
        businessOf(request).id,
        request.body as Parameters<Bots['create']>[1],
        deps.now(),
      );
      return reply.code(201).send({ ...summary(v), definition: v.definition });
    },
  );
  app.post(
    '/v1/flows/validate',
    { schema: { tags, summary: 'Validate a flow without storing it', body: FlowBody } },
    async (request) => ({
      valid: true,
      definition: deps.bots.validate(request.body as Parameters<Bots['validate']>[0]),
    }),
  );
  app.get('/v1/flows', { schema: { tags, summary: 'The flow versions, newest first' } }, async (request) => ({
    data: (await deps.bots.list(businessOf(request).id)).map(summary),
  }));
  app.get(
    '/v1/flows/:version',
    { schema: { tags, summary: 'One flow version with its source', params: VersionParams } },
    async (request) => {
      const v = await deps.bots.get(businessOf(request).id, Number(request.params.version));
      return { ...summary(v), source: v.source, definition: v.definition };
    },
  );
  app.post(
    '/v1/flows/:version/activate',
    { schema: { tags, summary: 'Make this version the one the bot runs', params: VersionParams } },
    async (request) =>
      summary(await deps.bots.activate(businessOf(request).id, Number(request.params.version), deps.now())),
  );
  app.post(
    '/v1/flows/deactivate',
    { schema: { tags, summary: 'Switch the bot off (no version active)' } },
    async (request, reply) => {
      await deps.bots.deactivate(businessOf(request).id, deps.now());
      return reply.code(204).send();
    },
  );
}
