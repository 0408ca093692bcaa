// IVR opt-in: a voice platform reports the caller's DTMF choice; 1 is yes, and the prompt played is the wording.
import { invalidInput } from '../../../kernel/errors.ts';
import { alreadyRecorded, type ChannelBusiness, type ChannelContext } from './context.ts';
import { normalisePhone } from './model.ts';

export type IvrInput = {
  callId: string;
  caller: string;
  digits: string;
  promptText: string;
  categories?: string[];
  language?: string;
};

export type IvrOutcome = { recorded: boolean; reason?: 'declined' | 'duplicate'; events: number };

/** DTMF "1" opts in (the prompt must say so); any other key records nothing, since silence is not consent. */
export async function receiveIvr(
  ctx: ChannelContext,
  business: ChannelBusiness,
  input: IvrInput,
  now: number,
): Promise<IvrOutcome> {
  const phone = normalisePhone(input.caller);
  if (!phone.ok)
    throw invalidInput(
      'contact.phone_invalid',
      `The caller ${JSON.stringify(input.caller)} is not an E.164 number.`,
    );
  if (input.digits.trim() !== '1') return { recorded: false, reason: 'declined', events: 0 };
  // Voice platforms retry their callbacks: one call records one opt-in.
  if (await alreadyRecorded(ctx, business.id, phone.waId, 'callId', input.callId))
    return { recorded: false, reason: 'duplicate', events: 0 };
  const categories = input.categories?.length ? input.categories : await ctx.categoriesOf(business.id);
  const events = await ctx.consent.recordOptIn(
    business,
    phone.waId,
    {
      categories,
      channel: 'ivr',
      wording: input.promptText,
      ...(input.language ? { language: input.language } : {}),
      actor: 'customer',
      evidence: { callId: input.callId, digits: input.digits.trim(), caller: phone.e164 },
    },
    now,
  );
  return { recorded: true, events: events.length };
}
