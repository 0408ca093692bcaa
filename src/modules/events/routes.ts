// HTTP for business events: the live stream (SSE) and the list for polling integrations (thin: schema, call, shape).
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { invalidInput } from '../../kernel/errors.ts';
import type { EventLog } from './index.ts';
import { eventView, parseTypesParam, sseFrame } from './model.ts';
import type { EventStreams } from './stream.ts';

const EVENT_ID = /^evt_[0-9a-z]{26}$/;

function eventIdParam(raw: string | undefined, name: string): string | null {
  if (raw === undefined || raw === '') return null;
  if (!EVENT_ID.test(raw))
    throw invalidInput(
      'events.cursor_invalid',
      `${name} must be an event id (evt_...), got ${JSON.stringify(raw)}.`,
    );
  return raw;
}

export function registerEventRoutes(app: HttpServer, deps: { log: EventLog; streams: EventStreams }): void {
  // A stream never ends on its own: without this, closing the server would wait for every client to leave.
  app.addHook('preClose', async () => deps.streams.closeAll());

  app.get(
    '/v1/events/stream',
    {
      schema: {
        tags: ['events'],
        summary:
          'Live business events as Server-Sent Events (text/event-stream); resumes after Last-Event-ID',
        querystring: Type.Object(
          {
            types: Type.Optional(
              Type.String({ maxLength: 1000, description: 'Comma-separated event types' }),
            ),
            subject: Type.Optional(Type.String({ maxLength: 200 })),
            lastEventId: Type.Optional(
              Type.String({
                maxLength: 64,
                description: 'For clients that cannot set the Last-Event-ID header',
              }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const business = businessOf(request);
      const filter = { types: parseTypesParam(request.query.types), subject: request.query.subject ?? null };
      const header = request.headers['last-event-id'];
      const lastEventId = eventIdParam(
        (typeof header === 'string' ? header : undefined) ?? request.query.lastEventId,
        'Last-Event-ID',
      );
      // From here on the response is ours: Fastify neither serialises nor ends it.
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers proxied responses unless told not to, which would hold events back.
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n: connected\n\n');
      let close: (() => void) | null = null;
      let gone = false;
      res.on('close', () => {
        gone = true;
        close?.();
      });
      try {
        close = await deps.streams.open(business.id, filter, lastEventId, {
          event: (e) => res.write(sseFrame(e)),
          comment: (text) => res.write(`: ${text}\n\n`),
          end: () => res.end(),
        });
        if (gone) close();
      } catch (e) {
        request.log.error({ err: e }, 'event stream failed to open');
        res.end();
      }
      return reply;
    },
  );

  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Business events after a cursor, oldest first, for polling integrations',
        querystring: Type.Object(
          {
            after: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 500, default 100' }),
            ),
            types: Type.Optional(
              Type.String({ maxLength: 1000, description: 'Comma-separated event types' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const business = businessOf(request);
      const limit = request.query.limit === undefined ? 100 : Number(request.query.limit);
      if (limit < 1 || limit > 500)
        throw invalidInput('events.limit_invalid', 'limit must be from 1 to 500.');
      const after = eventIdParam(request.query.after, 'after');
      const events = await deps.log.list(business.id, {
        after,
        limit,
        types: parseTypesParam(request.query.types),
      });
      return {
        data: events.map(eventView),
        // Pass it as `after` next time; unchanged when there was nothing new.
        next: events.length > 0 ? events[events.length - 1]!.id : after,
      };
    },
  );
}
