// HTTP for the authenticated business: who am I, and which WABA and numbers are connected.
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import type { TenantStore } from './index.ts';

export function registerTenantRoutes(app: HttpServer, deps: { tenants: TenantStore }): void {
  app.get(
    '/v1/business',
    { schema: { tags: ['business'], summary: 'The business this API key belongs to' } },
    async (request) => {
      const b = businessOf(request);
      const business = await deps.tenants.getBusiness(b.id);
      const phone = await deps.tenants.defaultPhoneNumber(b.id);
      return {
        id: b.id,
        name: b.name,
        createdAt: business ? new Date(business.createdAt).toISOString() : null,
        wabaId: await deps.tenants.wabaForBusiness(b.id),
        phoneNumbers: phone
          ? [
              {
                phoneNumberId: phone.phoneNumberId,
                displayPhoneNumber: phone.displayPhoneNumber,
                verifiedName: phone.verifiedName,
                qualityRating: phone.qualityRating,
                throughputMps: phone.throughputMps,
              },
            ]
          : [],
      };
    },
  );
}
