// Phone numbers: E.164 parsing and the wa_id form (digits only) that Meta uses on the wire.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { err, ok, type Result } from './result.ts';

export type PhoneNumber = {
  readonly e164: string;
  readonly waId: string;
  readonly country: string | undefined;
};

/**
 * Parses a number given in E.164 (a leading + is required for our API; Meta's wire form without + is accepted
 * when `allowWaId` is set, because webhooks carry wa_id digits only).
 */
export function parsePhone(input: string, opts: { allowWaId?: boolean } = {}): Result<PhoneNumber, string> {
  const raw = input.trim();
  if (raw.length === 0 || raw.length > 32) return err('empty or too long');
  const candidate = raw.startsWith('+') ? raw : opts.allowWaId && /^\d{6,15}$/.test(raw) ? `+${raw}` : raw;
  if (!candidate.startsWith('+')) return err('must be in E.164 form, starting with + and the country code');
  const parsed = parsePhoneNumberFromString(candidate);
  if (!parsed || !parsed.isValid()) return err('not a valid phone number');
  return ok({ e164: parsed.number, waId: parsed.number.slice(1), country: parsed.country });
}
