// Missed-call opt-in: the caller gets an SMS with a link to the hosted page, number filled in; nothing is recorded yet.
import { AppError, invalidInput } from '../../../kernel/errors.ts';
import type { ChannelBusiness, ChannelContext } from './context.ts';
import { missedCallSms, normalisePhone, slugOf, type ChannelLanguage } from './model.ts';

export type MissedCallInput = {
  caller: string;
  calledAt?: string;
  callId: string;
  language?: ChannelLanguage;
};

export type MissedCallOutcome = { sent: boolean; duplicate: boolean; link: string; smsId?: string };

/** The hosted page's link for a number; `source` and `call` go back with the form as evidence of where it came from. */
export function optInLink(base: string, business: ChannelBusiness, e164: string, callId: string): string {
  const q = new URLSearchParams({ phone: e164, source: 'missed_call', call: callId });
  return `${base}/o/${slugOf(business.name)}?${q.toString()}`;
}

export async function receiveMissedCall(
  ctx: ChannelContext,
  business: ChannelBusiness,
  input: MissedCallInput,
  now: number,
): Promise<MissedCallOutcome> {
  const phone = normalisePhone(input.caller);
  if (!phone.ok)
    throw invalidInput(
      'contact.phone_invalid',
      `The caller ${JSON.stringify(input.caller)} is not an E.164 number.`,
    );
  const link = optInLink(ctx.publicBaseUrl(), business, phone.e164, input.callId);
  // The call is claimed before the SMS goes out, so a retried callback sends no second SMS.
  const fresh = await ctx.store.logSms({
    businessId: business.id,
    direction: 'call',
    providerId: input.callId,
    number: phone.e164,
    text: input.calledAt ?? '',
    now,
  });
  if (!fresh) return { sent: false, duplicate: true, link };
  const text = missedCallSms(business.name, link, input.language ?? 'en');
  let smsId: string;
  try {
    smsId = (await ctx.sms.send(phone.e164, text)).id;
  } catch (e) {
    // Released, so that the voice platform's retry can try again.
    await ctx.store.forgetSms(business.id, 'call', input.callId);
    throw new AppError(
      'unavailable',
      'sms.send_failed',
      `The SMS could not be sent: ${(e as Error).message}`,
    );
  }
  await ctx.store.logSms({
    businessId: business.id,
    direction: 'out',
    providerId: smsId,
    number: phone.e164,
    text,
    now,
  });
  return { sent: true, duplicate: false, link, smsId };
}
