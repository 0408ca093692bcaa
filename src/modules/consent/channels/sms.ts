// SMS keyword opt-in: the SMS provider port (SmsGateway) and the keyword, YES and STOP flow over it.
import { AppError, invalidInput } from '../../../kernel/errors.ts';
import type { ChannelBusiness, ChannelContext } from './context.ts';
import {
  isYes,
  languageOf,
  matchOptInKeyword,
  normalisePhone,
  smsConfirmation,
  smsQuestion,
  type ChannelLanguage,
} from './model.ts';

/**
 * The port an SMS provider adapter implements (docs/channels.md). `send` resolves with the provider's message id
 * once the provider accepted the message, and rejects when it did not. Inbound messages reach
 * `ConsentChannels.receiveSms`, either through `POST /v1/channels/sms/inbound` or from an in-process adapter.
 */
export type SmsGateway = {
  send(to: string, text: string): Promise<{ id: string }>;
};

/** An inbound SMS as every adapter hands it over. */
export type InboundSms = {
  /** The provider's message id: a retried webhook with the same id is recorded once. */
  id: string;
  /** The sender, in E.164. */
  from: string;
  text: string;
  /** The number it was sent to, for the record. */
  to?: string;
  receivedAt?: number;
};

export type SmsOutcome = 'asked' | 'opted_in' | 'opted_out' | 'ignored' | 'duplicate';

/** A gateway for deployments without an SMS provider: every send fails clearly instead of vanishing. */
export const noSmsGateway: SmsGateway = {
  send: () => Promise.reject(new Error('no SMS provider is configured')),
};

// A keyword's question can be answered with YES for a day, like an in-thread question.
const SMS_QUESTION_TTL_MS = 24 * 3600_000;

/**
 * One inbound SMS: STOP opts out of everything (opt-outs off WhatsApp count, Meta meta-rules.md#opt-out); an opt-in keyword gets a
 * question by SMS; YES to an open question records the opt-in with the question as the wording.
 */
export async function receiveSms(
  ctx: ChannelContext,
  business: ChannelBusiness,
  sms: InboundSms,
  now: number,
): Promise<{ outcome: SmsOutcome; events: number }> {
  const phone = normalisePhone(sms.from);
  if (!phone.ok)
    throw invalidInput(
      'contact.phone_invalid',
      `The sender ${JSON.stringify(sms.from)} is not an E.164 number.`,
    );
  const fresh = await ctx.store.logSms({
    businessId: business.id,
    direction: 'in',
    providerId: sms.id,
    number: phone.e164,
    text: sms.text,
    now,
  });
  if (!fresh) return { outcome: 'duplicate', events: 0 };
  const evidence = { smsId: sms.id, from: phone.e164, ...(sms.to ? { to: sms.to } : {}) };

  // The business's own opt-out keywords, per category or total, as on WhatsApp.
  const optOut = await ctx.consent.matchOptOut(business.id, { text: sms.text });
  if (optOut) {
    const events = await ctx.consent.recordOptOut(
      business.id,
      phone.waId,
      {
        ...(optOut.scope === 'categories' ? { categories: optOut.categories } : {}),
        channel: 'sms',
        actor: 'customer',
        evidence: { ...evidence, text: sms.text, keyword: optOut.keyword },
      },
      now,
    );
    return { outcome: 'opted_out', events: events.length };
  }

  if (isYes(sms.text)) {
    const prompt = await ctx.store.openPrompt(business.id, phone.waId, 'sms', null, now);
    if (!prompt || prompt.answeredAt !== null) return { outcome: 'ignored', events: 0 };
    const lang = languageOf(prompt.language);
    const events = await ctx.consent.recordOptIn(
      business,
      phone.waId,
      {
        categories: prompt.categories,
        channel: 'sms',
        wording: prompt.wording,
        language: lang,
        actor: 'customer',
        evidence: { ...prompt.evidence, ...evidence, answer: sms.text },
      },
      now,
    );
    await ctx.store.answer(prompt.id, now);
    await sendSms(ctx, business.id, phone.e164, smsConfirmation(business.name, lang), now).catch((e: Error) =>
      ctx.logger?.warn({ err: e.message }, 'SMS confirmation not sent'),
    );
    return { outcome: 'opted_in', events: events.length };
  }

  const settings = await ctx.store.settings(business.id);
  const kw = matchOptInKeyword(sms.text, settings.keywords);
  if (!kw) return { outcome: 'ignored', events: 0 };
  const known = await ctx.categoriesOf(business.id);
  const categories = kw.categories.length ? kw.categories.filter((c) => known.includes(c)) : known;
  const lang: ChannelLanguage = kw.keyword === 'AANMELDEN' ? 'nl' : kw.keyword === 'ANMELDEN' ? 'de' : 'en';
  const question = smsQuestion(business.name, categories, lang);
  const sent = await sendSms(ctx, business.id, phone.e164, question, now);
  await ctx.store.addPrompt({
    businessId: business.id,
    waId: phone.waId,
    kind: 'sms',
    code: null,
    categories,
    wording: question,
    language: lang,
    evidence: { keywordSmsId: sms.id, keyword: kw.keyword, questionSmsId: sent.id },
    createdAt: now,
    expiresAt: now + SMS_QUESTION_TTL_MS,
  });
  return { outcome: 'asked', events: 0 };
}

/** Sends through the port and logs it; a provider failure is a 503 the caller (or the provider's retry) sees. */
export async function sendSms(
  ctx: ChannelContext,
  businessId: string,
  to: string,
  text: string,
  now: number,
): Promise<{ id: string }> {
  let sent: { id: string };
  try {
    sent = await ctx.sms.send(to, text);
  } catch (e) {
    throw new AppError(
      'unavailable',
      'sms.send_failed',
      `The SMS could not be sent: ${(e as Error).message}`,
    );
  }
  await ctx.store.logSms({ businessId, direction: 'out', providerId: sent.id, number: to, text, now });
  return sent;
}
