// Identifiers shaped like Meta's: wamids, numeric Graph object ids, fbtrace ids and conversation ids.
import { randomBytes } from 'node:crypto';

// A real wamid is base64 of a small protobuf-like record: 0x1c 0x18 <len> <wa_id digits> 0x15 0x02 0x00
// <direction> 0x18 <len> <hex id> 0x00, where direction 0x11 marks a business-sent message and 0x12 a
// customer-sent one (decoded from the recorded fixtures). Encoding the direction lets mark-as-read
// recognise an outgoing id exactly as Meta does.
const OUTGOING = 0x11;
const INCOMING = 0x12;

let counter = 0;
const prefix = randomBytes(4).toString('hex').toUpperCase();

function wamid(waId: string, direction: number, hexLength: number): string {
  counter = (counter + 1) % 0xffffffffff;
  const hex = (prefix + counter.toString(16).toUpperCase().padStart(12, '0'))
    .padStart(hexLength, '0')
    .slice(-hexLength);
  const head = Buffer.from([0x1c, 0x18, waId.length]);
  const mid = Buffer.from([0x15, 0x02, 0x00, direction, 0x18, hexLength]);
  return (
    'wamid.' +
    Buffer.concat([
      head,
      Buffer.from(waId, 'latin1'),
      mid,
      Buffer.from(hex, 'latin1'),
      Buffer.from([0]),
    ]).toString('base64')
  );
}

/** A wamid for a message the business sent to `waId`. */
export function outgoingWamid(waId: string): string {
  return wamid(waId, OUTGOING, 18);
}

/** A wamid for a message the customer `waId` sent to the business. */
export function incomingWamid(waId: string): string {
  return wamid(waId, INCOMING, 20);
}

/** 'outgoing' | 'incoming' for a wamid this format can decode, otherwise undefined. */
export function wamidDirection(id: string): 'outgoing' | 'incoming' | undefined {
  if (!id.startsWith('wamid.')) return undefined;
  const raw = Buffer.from(id.slice(6), 'base64');
  if (raw.length < 10 || raw[0] !== 0x1c || raw[1] !== 0x18) return undefined;
  const at = 3 + raw[2]! + 3;
  if (raw[at] === OUTGOING) return 'outgoing';
  if (raw[at] === INCOMING) return 'incoming';
  return undefined;
}

let numericCounter = 0;
const numericBase = 1_000_000_000_000_000 + Math.floor(Math.random() * 4_000_000_000_000_000);

/** A Graph object id: 16 decimal digits, safely below 2^53 so it also fits a JSON number (template ids in webhooks). */
export function numericId(): string {
  numericCounter += 1 + Math.floor(Math.random() * 97);
  return String(numericBase + numericCounter);
}

const TRACE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** An fbtrace_id: 23 characters, as in Meta's error bodies. */
export function fbtraceId(): string {
  const bytes = randomBytes(23);
  let out = 'A';
  for (let i = 1; i < 23; i++) out += TRACE_ALPHABET[bytes[i]! & 63];
  return out;
}

/** A conversation id: 32 lowercase hex characters. */
export function conversationId(): string {
  return randomBytes(16).toString('hex');
}
