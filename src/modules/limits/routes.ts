// HTTP for limits: the messaging-limit budget and the numbers' pace (GET /v1/limits), a refresh from Meta, and the
// business's sending settings (frequency cap, quiet hours).
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import type { LimitService } from './index.ts';

const hhmm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, 24 h clock' });

export function registerLimitRoutes(
  app: HttpServer,
  deps: { limits: LimitService; now: () => number },
): void {
  app.get(
    '/v1/limits',
    {
      schema: {
        tags: ['limits'],
        summary:
          "The business's messaging limit (unique customers reached with business-initiated messages per rolling 24 h), what is used, when it frees up, and each number's pace",
      },
    },
    async (request) => deps.limits.view(businessOf(request).id, deps.now()),
  );

  app.post(
    '/v1/limits/refresh',
    {
      schema: {
        tags: ['limits'],
        summary: "Read the messaging limit, quality and throughput of the business's numbers from Meta now",
      },
    },
    async (request) => {
      const id = businessOf(request).id;
      await deps.limits.refreshFromGraph(id, deps.now());
      return deps.limits.view(id, deps.now());
    },
  );

  app.get(
    '/v1/settings/sending',
    { schema: { tags: ['limits'], summary: 'Marketing frequency cap and quiet hours' } },
    async (request) => deps.limits.settings(businessOf(request).id),
  );

  app.patch(
    '/v1/settings/sending',
    {
      schema: {
        tags: ['limits'],
        summary:
          "Change the marketing frequency cap (at most `max` MARKETING templates per contact per `perDays` days) and quiet hours in the contact's local time (null: none)",
        body: Type.Object(
          {
            marketingFrequencyCap: Type.Optional(
              Type.Object(
                {
                  max: Type.Integer({ minimum: 1, maximum: 1000 }),
                  perDays: Type.Integer({ minimum: 1, maximum: 90 }),
                },
                { additionalProperties: false },
              ),
            ),
            quietHours: Type.Optional(
              Type.Union([
                Type.Object({ start: hhmm, end: hhmm }, { additionalProperties: false }),
                Type.Null(),
              ]),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const body = request.body;
      return deps.limits.updateSettings(
        businessOf(request).id,
        {
          ...(body.marketingFrequencyCap ? { marketingFrequencyCap: body.marketingFrequencyCap } : {}),
          ...(body.quietHours !== undefined ? { quietHours: body.quietHours } : {}),
        },
        deps.now(),
      );
    },
  );
}
