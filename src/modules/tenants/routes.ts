// HTTP for the authenticated business: who am I, its profile (name, vertical), and the connected WABA and numbers.
import { Type } from 'typebox';
import { businessOf } from '../../adapters/http/auth.ts';
import type { HttpServer } from '../../adapters/http/server.ts';
import { businessVerticals } from '../templates/index.ts';
import type { TenantStore } from './index.ts';

export function registerTenantRoutes(app: HttpServer, deps: { tenants: TenantStore }): void {
  const view = async (id: string) => {
    const business = await deps.tenants.getBusiness(id);
    const phone = await deps.tenants.defaultPhoneNumber(id);
    return {
      id,
      name: business?.name ?? null,
      vertical: business?.vertical ?? null,
      createdAt: business ? new Date(business.createdAt).toISOString() : null,
      wabaId: await deps.tenants.wabaForBusiness(id),
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
  };

  app.get(
    '/v1/business',
    { schema: { tags: ['business'], summary: 'The business this API key belongs to' } },
    async (request) => view(businessOf(request).id),
  );

  app.patch(
    '/v1/business',
    {
      schema: {
        tags: ['business'],
        summary:
          "Change the business profile: its name (which opt-in wording must carry) and its vertical (Meta's commerce policy)",
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            vertical: Type.Optional(
              Type.Union([Type.Union(businessVerticals.map((v) => Type.Literal(v))), Type.Null()]),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const id = businessOf(request).id;
      const body = request.body;
      await deps.tenants.updateProfile(id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.vertical !== undefined ? { vertical: body.vertical } : {}),
      });
      return view(id);
    },
  );
}
