// Structural checks of a `POST /{phone-number-id}/messages` body, with the limits of meta-rules.md#send-bodies; failures are code 100.
import type { GraphSendMessageRequest, GraphMessageType } from '../wire/graph.ts';
import { invalidParameter, type GraphFailure } from './graph-errors.ts';

export type ValidSend = { request: GraphSendMessageRequest; input: string; waId: string };

const MESSAGE_TYPES = new Set<string>([
  'text',
  'template',
  'interactive',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
]);
const MEDIA_TYPES = new Set<string>(['image', 'video', 'audio', 'document', 'sticker']);
const ENVELOPE_KEYS = new Set<string>([
  'messaging_product',
  'recipient_type',
  'to',
  'type',
  'context',
  'biz_opaque_callback_data',
  'recipient_identity_key_hash',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * Meta accepts `+`, `-`, `(`, `)` and spaces in `to` (meta-rules.md#send-envelope), and JSON numbers (the Ruby SDK fixtures send
 * `"to":13437772910`). The result is the wa_id: digits only, 8 to 15 of them (E.164 without the plus).
 */
export function normaliseRecipient(to: unknown): string | undefined {
  if (typeof to === 'number' && Number.isSafeInteger(to) && to > 0) to = String(to);
  if (!isStr(to)) return undefined;
  const stripped = to
    .trim()
    .replace(/[\s\-()]/g, '')
    .replace(/^\+/, '');
  return /^[1-9]\d{7,14}$/.test(stripped) ? stripped : undefined;
}

function unexpectedKeys(value: Obj, allowed: readonly string[], param: string): GraphFailure | undefined {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) return invalidParameter(`Unexpected key "${key}" on param "${param}".`);
  }
  return undefined;
}

function text(value: unknown, param: string, max: number, required = true): GraphFailure | undefined {
  if (value === undefined && !required) return undefined;
  if (!isStr(value) || value.length === 0) return invalidParameter(`The parameter ${param} is required.`);
  if ([...value].length > max)
    return invalidParameter(`Param ${param} must be at most ${max} characters long.`);
  return undefined;
}

function checkMedia(type: string, media: Obj, param: string): GraphFailure | undefined {
  const allowed = ['id', 'link', 'caption', 'filename', 'provider'];
  const bad = unexpectedKeys(media, allowed, param);
  if (bad) return bad;
  const hasId = media.id !== undefined;
  const hasLink = media.link !== undefined;
  if (hasId === hasLink)
    return invalidParameter(`Param ${param} must contain exactly one of "id" or "link".`);
  if (hasId && (!isStr(media.id) || !/^\d+$/.test(media.id)))
    return invalidParameter(`Param ${param}['id'] must be a valid media id.`);
  if (hasLink && (!isStr(media.link) || !/^https?:\/\/\S+$/.test(media.link)))
    return invalidParameter(`Param ${param}['link'] must be a valid http or https URL.`);
  if (media.caption !== undefined) {
    if (type === 'audio' || type === 'sticker')
      return invalidParameter(`Param ${param}['caption'] is not supported for ${type} messages.`);
    const t = text(media.caption, `${param}['caption']`, 1024);
    if (t) return t;
  }
  if (media.filename !== undefined && type !== 'document')
    return invalidParameter(`Param ${param}['filename'] is only supported for document messages.`);
  return undefined;
}

function checkInteractive(it: Obj): GraphFailure | undefined {
  const bad = unexpectedKeys(it, ['type', 'header', 'body', 'footer', 'action'], 'interactive');
  if (bad) return bad;
  if (!isStr(it.type)) return invalidParameter("The parameter interactive['type'] is required.");
  if (!isObj(it.action)) return invalidParameter("The parameter interactive['action'] is required.");
  if (it.header !== undefined) {
    if (!isObj(it.header) || !isStr(it.header.type))
      return invalidParameter("Param interactive['header'] must have a type.");
    if (it.header.type === 'text') {
      const t = text(it.header.text, "interactive['header']['text']", 60);
      if (t) return t;
    }
  }
  if (it.footer !== undefined) {
    if (!isObj(it.footer)) return invalidParameter("Param interactive['footer'] must be an object.");
    const t = text(it.footer.text, "interactive['footer']['text']", 60);
    if (t) return t;
  }
  const action = it.action;
  if (it.type === 'button') {
    if (!isObj(it.body)) return invalidParameter("The parameter interactive['body'] is required.");
    const b = text(it.body.text, "interactive['body']['text']", 1024);
    if (b) return b;
    const buttons = action.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)
      return invalidParameter("Param interactive['action']['buttons'] must contain between 1 and 3 buttons.");
    const ids = new Set<string>();
    const titles = new Set<string>();
    for (const [i, button] of buttons.entries()) {
      const p = `interactive['action']['buttons'][${i}]`;
      if (!isObj(button) || button.type !== 'reply' || !isObj(button.reply))
        return invalidParameter(`Param ${p} must be {type:"reply", reply:{id,title}}.`);
      const id = text(button.reply.id, `${p}['reply']['id']`, 256);
      if (id) return id;
      const title = text(button.reply.title, `${p}['reply']['title']`, 20);
      if (title) return title;
      // Meta rejects duplicate ids and titles: the customer could not tell the buttons apart.
      if (ids.has(button.reply.id as string) || titles.has(button.reply.title as string))
        return invalidParameter('Buttons must have unique ids and titles.');
      ids.add(button.reply.id as string);
      titles.add(button.reply.title as string);
    }
    return undefined;
  }
  if (it.type === 'list') {
    if (!isObj(it.body)) return invalidParameter("The parameter interactive['body'] is required.");
    const b = text(it.body.text, "interactive['body']['text']", 4096);
    if (b) return b;
    const button = text(action.button, "interactive['action']['button']", 20);
    if (button) return button;
    const sections = action.sections;
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10)
      return invalidParameter(
        "Param interactive['action']['sections'] must contain between 1 and 10 sections.",
      );
    let rows = 0;
    const rowIds = new Set<string>();
    for (const [i, section] of sections.entries()) {
      const p = `interactive['action']['sections'][${i}]`;
      if (!isObj(section) || !Array.isArray(section.rows) || section.rows.length === 0)
        return invalidParameter(`Param ${p}['rows'] must be a non-empty array.`);
      if (sections.length > 1 || section.title !== undefined) {
        const t = text(section.title, `${p}['title']`, 24);
        if (t) return t;
      }
      for (const [j, row] of section.rows.entries()) {
        const r = `${p}['rows'][${j}]`;
        if (!isObj(row)) return invalidParameter(`Param ${r} must be an object.`);
        const e =
          text(row.id, `${r}['id']`, 200) ??
          text(row.title, `${r}['title']`, 24) ??
          text(row.description, `${r}['description']`, 72, false);
        if (e) return e;
        if (rowIds.has(row.id as string))
          return invalidParameter('Row ids must be unique across all sections.');
        rowIds.add(row.id as string);
        rows++;
      }
    }
    // meta-rules.md#send-list: at most 10 rows across all sections, not per section.
    if (rows > 10)
      return invalidParameter(
        `Total row count exceeded: a list message can have at most 10 rows across all sections, got ${rows}.`,
      );
    return undefined;
  }
  if (
    [
      'cta_url',
      'flow',
      'product',
      'product_list',
      'location_request_message',
      'catalog_message',
      'call_permission_request',
    ].includes(it.type)
  ) {
    if (it.body !== undefined && (!isObj(it.body) || text(it.body.text, "interactive['body']['text']", 1024)))
      return invalidParameter(
        "Param interactive['body']['text'] must be a string of at most 1024 characters.",
      );
    return undefined;
  }
  return invalidParameter(
    `Param interactive['type'] must be one of button, list, cta_url, flow, product, product_list, location_request_message; got "${String(it.type)}".`,
  );
}

function checkTemplate(t: Obj): GraphFailure | undefined {
  const bad = unexpectedKeys(t, ['name', 'language', 'components', 'namespace'], 'template');
  if (bad) return bad;
  if (!isStr(t.name) || t.name.length === 0)
    return invalidParameter("The parameter template['name'] is required.");
  if (!isObj(t.language) || !isStr(t.language.code))
    return invalidParameter("The parameter template['language']['code'] is required.");
  if (t.components !== undefined) {
    if (!Array.isArray(t.components))
      return invalidParameter("Param template['components'] must be an array.");
    for (const [i, c] of t.components.entries()) {
      if (
        !isObj(c) ||
        !isStr(c.type) ||
        !['header', 'body', 'button', 'carousel', 'limited_time_offer'].includes(c.type.toLowerCase())
      )
        return invalidParameter(
          `Param template['components'][${i}]['type'] must be one of header, body, button.`,
        );
      if (c.parameters !== undefined && !Array.isArray(c.parameters))
        return invalidParameter(`Param template['components'][${i}]['parameters'] must be an array.`);
      for (const [j, p] of ((c.parameters as unknown[] | undefined) ?? []).entries()) {
        if (!isObj(p) || !isStr(p.type))
          return invalidParameter(
            `Param template['components'][${i}]['parameters'][${j}]['type'] is required.`,
          );
      }
    }
  }
  return undefined;
}

function checkTypeBody(type: GraphMessageType, value: unknown): GraphFailure | undefined {
  const param = type;
  if (type === 'contacts') {
    if (!Array.isArray(value) || value.length === 0)
      return invalidParameter('Param contacts must be a non-empty array.');
    for (const [i, c] of value.entries()) {
      if (!isObj(c) || !isObj(c.name) || !isStr(c.name.formatted_name))
        return invalidParameter(`The parameter contacts[${i}]['name']['formatted_name'] is required.`);
    }
    return undefined;
  }
  if (!isObj(value))
    return invalidParameter(`The parameter ${param} is required for messages of type ${type}.`);
  switch (type) {
    case 'text':
      return (
        unexpectedKeys(value, ['body', 'preview_url'], 'text') ??
        text(value.body, "text['body']", 4096) ??
        (value.preview_url !== undefined && typeof value.preview_url !== 'boolean'
          ? invalidParameter("Param text['preview_url'] must be a boolean.")
          : undefined)
      );
    case 'template':
      return checkTemplate(value);
    case 'interactive':
      return checkInteractive(value);
    case 'location': {
      const { latitude, longitude } = value;
      if (typeof latitude !== 'number' || latitude < -90 || latitude > 90)
        return invalidParameter("Param location['latitude'] must be a number between -90 and 90.");
      if (typeof longitude !== 'number' || longitude < -180 || longitude > 180)
        return invalidParameter("Param location['longitude'] must be a number between -180 and 180.");
      return unexpectedKeys(value, ['latitude', 'longitude', 'name', 'address'], 'location');
    }
    case 'reaction':
      if (!isStr(value.message_id) || value.message_id.length === 0)
        return invalidParameter("The parameter reaction['message_id'] is required.");
      // An empty emoji removes the reaction; otherwise a single emoji (at most a short grapheme sequence).
      if (!isStr(value.emoji) || [...value.emoji].length > 10)
        return invalidParameter("Param reaction['emoji'] must be a single emoji or an empty string.");
      return unexpectedKeys(value, ['message_id', 'emoji'], 'reaction');
    default:
      return checkMedia(type, value, type);
  }
}

/** Validates a send body; returns the request, the `to` string as given and the wa_id, or Meta's error. */
export function validateSend(body: Obj): ValidSend | GraphFailure {
  if (body.messaging_product !== 'whatsapp')
    return invalidParameter('The parameter messaging_product is required and must be "whatsapp".');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    return invalidParameter(
      body.recipient_type === 'group'
        ? 'Group messaging is not available for this phone number.'
        : 'Param recipient_type must be "individual" or "group".',
    );
  }
  const type = body.type === undefined ? 'text' : body.type;
  if (!isStr(type) || !MESSAGE_TYPES.has(type))
    return invalidParameter(
      `Param type must be one of ${[...MESSAGE_TYPES].join(', ')}; got "${String(type)}".`,
    );
  for (const key of Object.keys(body)) {
    if (ENVELOPE_KEYS.has(key) || key === type) continue;
    if (MESSAGE_TYPES.has(key))
      return invalidParameter(`Param ${key} is not allowed for messages of type ${type}.`);
    return invalidParameter(`Unexpected key "${key}" on param "<root>".`);
  }
  if (body.to === undefined) return invalidParameter('The parameter to is required.');
  const waId = normaliseRecipient(body.to);
  if (!waId) return invalidParameter(`Param to is not a valid WhatsApp phone number: "${String(body.to)}".`);
  const typeError = checkTypeBody(type as GraphMessageType, body[type]);
  if (typeError) return typeError;
  if (body.context !== undefined) {
    if (!isObj(body.context) || !isStr(body.context.message_id))
      return invalidParameter("The parameter context['message_id'] is required.");
    if (type === 'reaction') return invalidParameter('Reactions cannot be sent as contextual replies.');
  }
  if (body.biz_opaque_callback_data !== undefined) {
    if (!isStr(body.biz_opaque_callback_data) || Buffer.byteLength(body.biz_opaque_callback_data) > 512)
      return invalidParameter('Param biz_opaque_callback_data must be a string of at most 512 bytes.');
  }
  return {
    request: { ...(body as GraphSendMessageRequest), type: type as GraphMessageType },
    input: String(body.to),
    waId,
  };
}

export { MEDIA_TYPES };
