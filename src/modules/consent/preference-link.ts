// Signed, expiring preference-center tokens: HMAC-SHA256 with a server secret over the business, the number and expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type PreferenceClaims = { businessId: string; waId: string; expiresAt: number };
export type TokenProblem = 'malformed' | 'forged' | 'expired';

const MAX_TOKEN_LENGTH = 512;

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signPreferenceToken(secret: string, claims: PreferenceClaims): string {
  const body = Buffer.from(
    JSON.stringify({ b: claims.businessId, w: claims.waId, e: claims.expiresAt }),
  ).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** Verifies the signature in constant time before trusting a byte of the body, then the expiry against `now`. */
export function verifyPreferenceToken(
  secret: string,
  token: string,
  now: number,
): { ok: true; claims: PreferenceClaims } | { ok: false; problem: TokenProblem } {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return { ok: false, problem: 'malformed' };
  const [body, sig] = token.split('.') as [string, string];
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, problem: 'forged' };
  let parsed: { b?: unknown; w?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  if (typeof parsed.b !== 'string' || typeof parsed.w !== 'string' || typeof parsed.e !== 'number')
    return { ok: false, problem: 'malformed' };
  if (now >= parsed.e) return { ok: false, problem: 'expired' };
  return { ok: true, claims: { businessId: parsed.b, waId: parsed.w, expiresAt: parsed.e } };
}
