// The Graph API surface under /sandbox/graph[/{version}]/...: auth, object lookup and Meta's byte format for answers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { metaJsonStringify } from '../wire/meta-json.ts';
import { invalidParameter, invalidToken, objectNotFound, unknownPath } from './graph-errors.ts';
import type { GraphResult, SandboxCore } from './sandbox-core.ts';

export type GraphContext = {
  core: SandboxCore;
  accessToken: string;
  wabaId: string;
  phoneNumberId: string;
  defaultVersion: string;
  graphBaseUrl: () => string;
};

const VERSION = /^v(\d+)(?:\.\d+)?$/;

/** Meta answers with "/" escaped as "\/" (the recorded fixtures); the same bytes the webhooks use. */
export function sendGraph(reply: FastifyReply, result: GraphResult, version?: string): FastifyReply {
  reply.code(result.status).header('content-type', 'application/json; charset=UTF-8');
  if (version) reply.header('facebook-api-version', version);
  return reply.send(metaJsonStringify(result.body));
}

export function bearerOk(req: FastifyRequest, accessToken: string): boolean {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const space = header.indexOf(' ');
    return (
      space > 0 &&
      header.slice(0, space).toLowerCase() === 'bearer' &&
      header.slice(space + 1).trim() === accessToken
    );
  }
  // Graph also takes the token as a query parameter.
  const q = req.query as Record<string, unknown> | undefined;
  return q?.access_token === accessToken;
}

export function registerGraphRoutes(app: FastifyInstance, ctx: GraphContext): void {
  const { core } = ctx;
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/sandbox/graph/*',
    handler: async (req, reply) => {
      const segments = String((req.params as Record<string, string>)['*'] ?? '')
        .split('/')
        .filter((s) => s.length > 0);
      let version = ctx.defaultVersion;
      if (segments[0] !== undefined && VERSION.test(segments[0])) version = segments.shift()!;
      const versionNumber = Number(VERSION.exec(version)![1]);
      if (!bearerOk(req, ctx.accessToken)) return sendGraph(reply, invalidToken(), version);
      const [id, edge, ...rest] = segments;
      const method = req.method;
      if (id === undefined) return sendGraph(reply, unknownPath('/'), version);
      if (rest.length > 0) return sendGraph(reply, unknownPath(`/${rest.join('/')}`), version);
      const query = (req.query ?? {}) as Record<string, string | undefined>;
      const body = (req.body ?? {}) as Record<string, unknown> | symbol;
      if (typeof body === 'symbol')
        return sendGraph(reply, invalidParameter('The request body is not valid JSON.'), version);

      if (id === ctx.phoneNumberId) {
        if (edge === undefined && method === 'GET')
          return sendGraph(reply, { status: 200, body: pick(core.phoneNumber(), query.fields) }, version);
        if (edge === 'messages' && method === 'POST')
          return sendGraph(reply, core.messages({ ...body }, versionNumber), version);
        if (edge === 'media' && method === 'POST') return sendGraph(reply, await upload(req, core), version);
        return sendGraph(
          reply,
          edge === undefined ? objectNotFound(method, id) : unknownPath(`/${edge}`),
          version,
        );
      }
      if (id === ctx.wabaId) {
        if (edge === undefined && method === 'GET')
          return sendGraph(reply, { status: 200, body: pick(core.waba(), query.fields) }, version);
        if (edge === 'phone_numbers' && method === 'GET') {
          const phone = pick(core.phoneNumber() as unknown as Record<string, unknown>, query.fields);
          const cursor = Buffer.from(ctx.phoneNumberId).toString('base64url');
          return sendGraph(
            reply,
            { status: 200, body: { data: [phone], paging: { cursors: { before: cursor, after: cursor } } } },
            version,
          );
        }
        if (edge === 'message_templates') {
          if (method === 'GET') {
            return sendGraph(
              reply,
              core.listTemplates(query, (after, limit) => {
                const params = new URLSearchParams();
                for (const [k, v] of Object.entries(query))
                  if (v !== undefined && k !== 'after' && k !== 'access_token') params.set(k, v);
                params.set('limit', String(limit));
                params.set('after', after);
                return `${ctx.graphBaseUrl()}/${version}/${ctx.wabaId}/message_templates?${params.toString()}`;
              }),
              version,
            );
          }
          if (method === 'POST')
            return sendGraph(reply, core.createTemplate(normaliseForm({ ...query, ...body })), version);
          return sendGraph(
            reply,
            core.deleteTemplates(query.name ?? (body.name as string | undefined), query.hsm_id),
            version,
          );
        }
        return sendGraph(
          reply,
          edge === undefined ? objectNotFound(method, id) : unknownPath(`/${edge}`),
          version,
        );
      }
      const template = core.findTemplate(id);
      if (template && edge === undefined && method === 'GET')
        return sendGraph(reply, core.getTemplate(template, query.fields), version);
      // meta-rules.md#template-lifecycle: manual unpause.
      if (template && edge === 'unpause' && method === 'POST')
        return sendGraph(reply, core.unpauseTemplate(template), version);
      const media = core.findMedia(id);
      if (media && edge === undefined) {
        if (method === 'GET') return sendGraph(reply, { status: 200, body: core.mediaView(media) }, version);
        if (method === 'DELETE') {
          core.deleteMedia(id);
          return sendGraph(reply, { status: 200, body: { success: true } }, version);
        }
      }
      return sendGraph(reply, objectNotFound(method, id), version);
    },
  });
}

/** `?fields=a,b` keeps those fields (and id), as Graph does. */
function pick<T extends object>(obj: T, fields: string | undefined): Record<string, unknown> {
  const all = obj as Record<string, unknown>;
  if (!fields) return all;
  const out: Record<string, unknown> = {};
  for (const f of fields.split(',').map((s) => s.trim())) if (f in all) out[f] = all[f];
  out.id = all.id;
  return out;
}

/** Form-encoded Graph calls carry JSON-valued fields as strings. */
function normaliseForm(body: Record<string, unknown>): Record<string, unknown> {
  delete body.access_token;
  for (const key of ['components']) {
    const v = body[key];
    if (typeof v === 'string') {
      try {
        body[key] = JSON.parse(v);
      } catch {
        // left as a string: validation reports it
      }
    }
  }
  return body;
}

async function upload(req: FastifyRequest, core: SandboxCore): Promise<GraphResult> {
  if (!req.isMultipart())
    return invalidParameter(
      'Media uploads must be multipart/form-data with the fields file, type and messaging_product.',
    );
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; mimeType: string } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') file = { bytes, mimeType: part.mimetype };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (err) {
    return invalidParameter(`Could not read the upload: ${(err as Error).message}`);
  }
  return core.uploadMedia(fields, file);
}
