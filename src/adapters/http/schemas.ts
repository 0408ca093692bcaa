// Shared TypeBox schemas for the HTTP API (they also produce /openapi.json).
import { Type } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody' },
);

export const PhoneParam = Type.Object({
  phone: Type.String({ description: 'E.164, with + encoded as %2B' }),
});

export const StringMap = Type.Record(Type.String(), Type.String());
