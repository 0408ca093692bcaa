// HTTP server factory: Fastify with TypeBox schemas, one error mapper (AppError and request errors -> HTTP), OpenAPI.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
} from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { isAppError, type ErrorKind } from '../../kernel/errors.ts';

export type HttpServer = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const statusOfKind: Record<ErrorKind, number> = {
  invalid_input: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  unavailable: 503,
  internal: 500,
};

export const BODY_LIMIT_BYTES = 1024 * 1024;

export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  return reply.code(status).send({ error: { code, message, ...(details !== undefined ? { details } : {}) } });
}

/** Maps framework errors (bad JSON, too large, schema) to stable codes; everything else unknown is a 500. */
function requestErrorOf(
  e: FastifyError,
): { status: number; code: string; message: string; details?: unknown } | null {
  if (e.validation) {
    return {
      status: 400,
      code: 'request.invalid',
      message: `The request does not match the schema: ${e.message}`,
      details: {
        problems: e.validation.map((v) => ({
          path: v.instancePath || '/',
          keyword: v.keyword,
          message: v.message,
          params: v.params,
        })),
      },
    };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'request.too_large',
        message: `The body is larger than ${BODY_LIMIT_BYTES} bytes.`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'request.unsupported_media_type',
        message: 'Send JSON with Content-Type: application/json.',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'request.malformed_json',
        message: 'The body is empty; send a JSON object.',
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'request.invalid_content_length',
        message: 'Content-Length does not match the body.',
      };
  }
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return {
      status: 400,
      code: 'request.malformed_json',
      message: `The body is not valid JSON: ${e.message}`,
    };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, code: 'request.invalid', message: e.message };
  }
  return null;
}

export async function createHttpServer(opts: {
  logger: Logger;
  openapiInfo: { title: string; version: string };
}): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: opts.logger as unknown as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Per-request logs would cost more than the request on the webhook hot path; errors are logged by the handler.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(swagger, {
    openapi: {
      info: {
        ...opts.openapiInfo,
        description: 'Greenlight platform API. Errors: {"error":{"code","message","details"}}.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error))
      return sendError(reply, statusOfKind[error.kind], error.code, error.message, error.details);
    const known = requestErrorOf(error);
    if (known) return sendError(reply, known.status, known.code, known.message, known.details);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal', 'Something went wrong on our side; it has been logged.');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
