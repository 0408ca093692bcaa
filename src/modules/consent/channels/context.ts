// What every opt-in channel works with: the ledger, the outbox, the SMS port and a few lookups, wired by platform.ts.
import type { ConsentService } from '../index.ts';
import type { MessageService } from '../../messages/index.ts';
import type { ChannelStore } from './channel-store.ts';
import type { SmsGateway } from './sms.ts';

export type ChannelBusiness = { id: string; name: string };

export type ChannelContext = {
  store: ChannelStore;
  consent: Pick<ConsentService, 'recordOptIn' | 'recordOptOut' | 'view' | 'matchOptOut'>;
  messages: Pick<MessageService, 'send'>;
  sms: SmsGateway;
  businessById(id: string): Promise<ChannelBusiness | undefined>;
  /** The business's consent categories (its own and the defaults). */
  categoriesOf(businessId: string): Promise<string[]>;
  /** The business's default WhatsApp number: its Graph id and the number people see. */
  numberOf(
    businessId: string,
  ): Promise<{ phoneNumberId: string; displayPhoneNumber: string } | null | undefined>;
  /** Where the public pages are reachable, for links in SMS and QR codes. */
  publicBaseUrl(): string;
  logger?: { warn(o: object, m?: string): void };
};

/** True when the ledger already holds an event whose evidence has this value: a redelivered input changes nothing. */
export async function alreadyRecorded(
  ctx: ChannelContext,
  businessId: string,
  waId: string,
  key: string,
  value: string,
): Promise<boolean> {
  const view = await ctx.consent.view(businessId, waId);
  return view.events.some((e) => e.evidence[key] === value);
}
