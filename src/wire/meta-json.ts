// Meta's webhook byte format and signature (docs/meta-rules.md#webhook-signature).
// Meta signs "an escaped unicode version of the payload, with lowercase hex digits", and escapes "/" as "\/".
// The sandbox emits exactly these bytes; the receiver hashes the raw bytes it got and never re-serialises.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** JSON.stringify, then every character outside printable ASCII as lowercase \uXXXX and every "/" as "\/". */
export function metaJsonStringify(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff/]/g, (ch) =>
    ch === '/' ? '\\/' : '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/** The value of the X-Hub-Signature-256 header for the given body. */
export function signatureHeader(body: string | Buffer, appSecret: string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

/** Timing-safe check of an X-Hub-Signature-256 header against the raw body bytes. */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const given = header.slice('sha256='.length);
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
