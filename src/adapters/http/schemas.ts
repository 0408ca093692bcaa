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

/** The values of a template send: body `parameters` and `header` as a list (positional) or an object (named). */
export const TemplateValueSet = Type.Union([
  Type.Array(Type.String({ maxLength: 32768 }), { maxItems: 100 }),
  Type.Record(Type.String({ pattern: '^[a-z0-9_]+$' }), Type.String({ maxLength: 32768 })),
]);

/** The fields of a template send that carry values, shared by sends and previews. */
export const TemplateValueFields = {
  parameters: Type.Optional(TemplateValueSet),
  header: Type.Optional(TemplateValueSet),
  buttons: Type.Optional(
    Type.Array(
      Type.Object(
        {
          index: Type.Integer({ minimum: 0, maximum: 9 }),
          payload: Type.Optional(Type.String({ maxLength: 256 })),
          text: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
  ),
};

/** The longest text message body the Cloud API accepts. */
export const TEXT_MAX_LENGTH = 4096;

/** A template send (which approved template, in which language, with which values); sends and inbox replies. */
export const TemplateSendBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 512 }),
    language: Type.String({ minLength: 2, maxLength: 15 }),
    ...TemplateValueFields,
  },
  { additionalProperties: false },
);

/** An interactive message as the Cloud API takes it; its action is checked by the message service, not here. */
export const InteractiveBody = Type.Object(
  { type: Type.String(), action: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: true },
);

/** A media message by link. */
export const MediaBody = Type.Object(
  {
    type: Type.Union([
      Type.Literal('image'),
      Type.Literal('video'),
      Type.Literal('audio'),
      Type.Literal('document'),
      Type.Literal('sticker'),
    ]),
    link: Type.String({ format: 'uri', maxLength: 2000 }),
    caption: Type.Optional(Type.String({ maxLength: 1024 })),
    filename: Type.Optional(Type.String({ maxLength: 240 })),
  },
  { additionalProperties: false },
);
