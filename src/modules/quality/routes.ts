// HTTP for the quality guard: the number's quality as last read, and a campaign's early signals and verdict.
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import type { CampaignService } from '../campaigns/index.ts';
import type { QualityGuard } from './index.ts';

export function registerQualityRoutes(
  app: HttpServer,
  deps: {
    guard: QualityGuard;
    campaigns: CampaignService;
    defaultPhoneNumberId: (businessId: string) => Promise<string>;
  },
): void {
  app.get(
    '/v1/quality',
    {
      schema: {
        tags: ['quality'],
        summary: "The sending number's quality rating and status as last read from Meta",
      },
    },
    async (request) => {
      const id = await deps.defaultPhoneNumberId(businessOf(request).id);
      const p = await deps.guard.phone(id);
      return {
        phoneNumberId: id,
        qualityRating: p?.qualityRating ?? null,
        status: p?.status ?? null,
        messagingLimit: p?.messagingLimit ?? null,
        source: p?.source ?? null,
        checkedAt: p ? new Date(p.checkedAt).toISOString() : null,
      };
    },
  );
  app.get(
    '/v1/campaigns/:id/quality',
    {
      schema: {
        tags: ['quality'],
        summary:
          "A campaign's early signals (sends, opt-outs after its messages, 131048/131026 failures, reads) and thresholds",
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
      },
    },
    async (request) => {
      const c = await deps.campaigns.get(businessOf(request).id, request.params.id);
      return { signals: await deps.guard.signals(c), thresholds: c.thresholds, pauseReason: c.pauseReason };
    },
  );
}
