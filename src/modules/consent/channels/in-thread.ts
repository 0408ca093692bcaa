// In-thread opt-in: a keyword (typed, or prefilled by a wa.me link) gets one consent question per category as reply
// buttons; the tap is the opt-in, with the question's text as the wording. Also completes website double opt-ins.
import { isAppError } from '../../../kernel/errors.ts';
import type { InboundMessage } from '../../../wire/webhook.ts';
import {
  optOutConfirmationText,
  optOutQuestion,
  parseOptOutChoice,
  type Language,
  type OptOutChoice,
} from '../../understanding/index.ts';
import type { ChannelBusiness, ChannelContext } from './context.ts';
import {
  inThreadQuestion,
  matchConfirmation,
  matchOptInKeyword,
  parseConsentReply,
  yesNoTitles,
  type ChannelLanguage,
} from './model.ts';

// Questions stay answerable as long as the service window they were sent in (Meta meta-rules.md#service-window).
const QUESTION_TTL_MS = 24 * 3600_000;

const keywordLanguage = (keyword: string): ChannelLanguage =>
  keyword === 'AANMELDEN' ? 'nl' : keyword === 'ANMELDEN' ? 'de' : 'en';

export type InboundContext = {
  businessId: string;
  phoneNumberId: string;
  message: InboundMessage;
  /** The opt-out classifier was unsure about this message: the customer is asked (understanding). */
  unsureOptOut?: { language: Language; confidence: number; explanation: string } | undefined;
};

/** Sends the consent questions inside the open window, through the outbox (policy applies: a closed window denies). */
export async function askInThread(
  ctx: ChannelContext,
  business: ChannelBusiness,
  phoneNumberId: string,
  waId: string,
  categories: readonly string[],
  lang: ChannelLanguage,
  trigger: string,
  now: number,
): Promise<{ asked: string[]; messageIds: string[] }> {
  const messageIds: string[] = [];
  for (const category of categories) {
    const text = inThreadQuestion(business.name, category, lang);
    const titles = yesNoTitles[lang];
    // Keyed by what triggered the question: a redelivered keyword asks once.
    const { message } = await ctx.messages.send(
      business.id,
      phoneNumberId,
      {
        to: `+${waId}`,
        interactive: {
          type: 'button',
          body: { text },
          action: {
            buttons: [
              { type: 'reply', reply: { id: `consent:${category}:yes`, title: titles.yes } },
              { type: 'reply', reply: { id: `consent:${category}:no`, title: titles.no } },
            ],
          },
        },
      },
      `consent-question:${trigger}:${category}`,
      now,
    );
    messageIds.push(message.id);
    await ctx.store.addPrompt({
      businessId: business.id,
      waId,
      kind: 'in_thread',
      code: null,
      categories: [category],
      wording: text,
      language: lang,
      evidence: { questionMessageId: message.id, trigger },
      createdAt: now,
      expiresAt: now + QUESTION_TTL_MS,
    });
  }
  return { asked: [...categories], messageIds };
}

async function reply(ctx: ChannelContext, i: InboundContext, text: string, key: string, now: number) {
  try {
    await ctx.messages.send(i.businessId, i.phoneNumberId, { to: `+${i.message.from}`, text }, key, now);
  } catch (e) {
    if (!isAppError(e)) throw e;
    ctx.logger?.warn({ code: e.code, waId: i.message.from }, 'consent acknowledgement not sent');
  }
}

/**
 * Reads one inbound message for the opt-in channels; called by the webhook processor after the window opened. A
 * message is handled at most once per kind: answers are deduplicated by wamid in the ledger, sends by idempotency key.
 * Returns true when the message was a consent matter (a tap, a confirmation code, an opt-in keyword), which the bot
 * must then leave alone.
 */
export async function onInboundMessage(
  ctx: ChannelContext,
  i: InboundContext,
  now: number,
): Promise<boolean> {
  const m = i.message;
  const waId = m.from;
  if (!waId) return false;
  const tap =
    m.type === 'interactive' ? (m.interactive?.button_reply ?? m.interactive?.list_reply) : undefined;
  const answer = tap ? parseConsentReply(tap.id) : undefined;
  if (answer) {
    await recordAnswer(ctx, i, waId, answer, now);
    return true;
  }
  const choice = parseOptOutChoice(tap?.id);
  if (choice) {
    await recordOptOutChoice(ctx, i, waId, choice, tap!.id, now);
    return true;
  }
  const text = m.type === 'text' ? (m.text?.body ?? '') : '';
  if (!text) return false;
  if (i.unsureOptOut) {
    await askOptOut(ctx, i, waId, text, i.unsureOptOut, now);
    return true;
  }
  const code = matchConfirmation(text);
  if (code) {
    await confirmWebsite(ctx, i, waId, code, now);
    return true;
  }
  const settings = await ctx.store.settings(i.businessId);
  const kw = matchOptInKeyword(text, settings.keywords);
  if (!kw) return false;
  const business = await ctx.businessById(i.businessId);
  if (!business) return true;
  const known = await ctx.categoriesOf(i.businessId);
  const categories = kw.categories.length ? kw.categories.filter((c) => known.includes(c)) : known;
  try {
    await askInThread(
      ctx,
      business,
      i.phoneNumberId,
      waId,
      categories,
      keywordLanguage(kw.keyword),
      m.id,
      now,
    );
  } catch (e) {
    // A denied question (say, the person opted out of everything) is a decision, not a processing failure.
    if (!isAppError(e)) throw e;
    ctx.logger?.warn({ code: e.code, waId }, 'in-thread consent question not sent');
  }
  return true;
}

async function recordAnswer(
  ctx: ChannelContext,
  i: InboundContext,
  waId: string,
  answer: { category: string; answer: 'yes' | 'no' },
  now: number,
): Promise<void> {
  const m = i.message;
  const prompt = await ctx.store.openPrompt(i.businessId, waId, 'in_thread', answer.category, now);
  // A tap on a question we never asked (or one long expired) has no wording to record: it proves nothing.
  if (!prompt) {
    ctx.logger?.warn({ waId, category: answer.category }, 'consent tap without an open question');
    return;
  }
  const view = await ctx.consent.view(i.businessId, waId);
  if (view.events.some((e) => e.evidence.wamid === m.id)) return;
  const business = await ctx.businessById(i.businessId);
  if (!business) return;
  const evidence = {
    wamid: m.id,
    questionMessageId: prompt.evidence.questionMessageId ?? null,
    buttonId: `consent:${answer.category}:${answer.answer}`,
    repliedTo: m.context?.id ?? null,
  };
  if (answer.answer === 'yes') {
    await ctx.consent.recordOptIn(
      business,
      waId,
      {
        categories: [answer.category],
        channel: 'whatsapp',
        wording: prompt.wording,
        ...(prompt.language ? { language: prompt.language } : {}),
        actor: 'customer',
        evidence,
        occurredAt: now,
      },
      now,
    );
  } else {
    // "No, thanks" to a question is a clear answer: recorded as an opt-out of that category, never ignored.
    await ctx.consent.recordOptOut(
      i.businessId,
      waId,
      { categories: [answer.category], channel: 'whatsapp', actor: 'customer', evidence, occurredAt: now },
      now,
    );
  }
  await ctx.store.answer(prompt.id, now);
}

/**
 * The opt-out classifier was unsure ("I'm done with all this"): ask, with three reply buttons, in the language it
 * read. The question is a prompt like an opt-in question, so that the tap is recorded with its wording. Keyed by the
 * unsure message, so a redelivered webhook asks once.
 */
async function askOptOut(
  ctx: ChannelContext,
  i: InboundContext,
  waId: string,
  text: string,
  unsure: NonNullable<InboundContext['unsureOptOut']>,
  now: number,
): Promise<void> {
  const business = await ctx.businessById(i.businessId);
  if (!business) return;
  const q = optOutQuestion(unsure.language, business.name);
  try {
    const { message } = await ctx.messages.send(
      i.businessId,
      i.phoneNumberId,
      {
        to: `+${waId}`,
        interactive: {
          type: 'button',
          body: { text: q.text },
          action: { buttons: q.buttons.map((b) => ({ type: 'reply' as const, reply: b })) },
        },
      },
      `optout-question:${i.message.id}`,
      now,
    );
    await ctx.store.addPrompt({
      businessId: i.businessId,
      waId,
      kind: 'opt_out_question',
      code: null,
      categories: [],
      wording: q.text,
      language: unsure.language,
      evidence: {
        questionMessageId: message.id,
        unsureWamid: i.message.id,
        unsureText: text.slice(0, 500),
        confidence: Math.round(unsure.confidence * 1000) / 1000,
        explanation: unsure.explanation,
      },
      createdAt: now,
      expiresAt: now + QUESTION_TTL_MS,
    });
  } catch (e) {
    if (!isAppError(e)) throw e;
    ctx.logger?.warn({ code: e.code, waId }, 'opt-out question not sent');
  }
}

/**
 * A tap on the opt-out question: "Stop everything" is a total opt-out and "Only offers" one of the categories
 * whose template category is MARKETING, both recorded with the question's wording and the unsure message as
 * evidence, then confirmed; "No, keep them" records nothing (the customer said what they want: messages).
 */
async function recordOptOutChoice(
  ctx: ChannelContext,
  i: InboundContext,
  waId: string,
  choice: OptOutChoice,
  buttonId: string,
  now: number,
): Promise<void> {
  const m = i.message;
  const prompt = await ctx.store.openPrompt(i.businessId, waId, 'opt_out_question', null, now);
  if (!prompt) {
    ctx.logger?.warn({ waId }, 'opt-out question tap without an open question');
    return;
  }
  if (choice === 'keep') {
    await ctx.store.answer(prompt.id, now);
    return;
  }
  const view = await ctx.consent.view(i.businessId, waId);
  if (view.events.some((e) => e.evidence.wamid === m.id)) return;
  const recorded = await ctx.consent.recordOptOut(
    i.businessId,
    waId,
    {
      ...(choice === 'offers' ? { templateCategories: ['MARKETING' as const] } : {}),
      channel: 'whatsapp',
      actor: 'customer',
      wording: prompt.wording,
      ...(prompt.language ? { language: prompt.language } : {}),
      evidence: {
        wamid: m.id,
        buttonId,
        choice,
        questionMessageId: prompt.evidence.questionMessageId ?? null,
        unsureWamid: prompt.evidence.unsureWamid ?? null,
        unsureText: prompt.evidence.unsureText ?? null,
        confidence: prompt.evidence.confidence ?? null,
      },
      occurredAt: now,
    },
    now,
  );
  await ctx.store.answer(prompt.id, now);
  const business = await ctx.businessById(i.businessId);
  if (!business || recorded.length === 0) return;
  const categories = [...new Set(recorded.map((e) => e.category))];
  try {
    await ctx.messages.send(
      i.businessId,
      i.phoneNumberId,
      {
        to: `+${waId}`,
        text: optOutConfirmationText(
          (prompt.language as Language | null) ?? null,
          business.name,
          choice === 'all' ? { scope: 'all' } : { scope: 'categories', categories },
        ),
        purpose: 'opt_out_confirmation',
      },
      `opt-out-confirmation:${m.id}`,
      now,
    );
  } catch (e) {
    if (!isAppError(e)) throw e;
    ctx.logger?.warn({ code: e.code, waId }, 'opt-out confirmation not sent');
  }
}

/**
 * Website double opt-in: the person sends "CONFIRM <code>" from WhatsApp. Only then is the website opt-in recorded,
 * with the form's wording and evidence plus the confirming message, and only from the number typed on the form.
 */
async function confirmWebsite(
  ctx: ChannelContext,
  i: InboundContext,
  waId: string,
  code: string,
  now: number,
): Promise<void> {
  const prompt = await ctx.store.promptByCode(i.businessId, code, now);
  if (!prompt || prompt.kind !== 'web_confirmation') return;
  if (prompt.waId !== waId) {
    ctx.logger?.warn({ waId }, 'confirmation code sent from another number than the one on the form');
    return;
  }
  const business = await ctx.businessById(i.businessId);
  if (!business) return;
  if (prompt.answeredAt === null) {
    await ctx.consent.recordOptIn(
      business,
      waId,
      {
        categories: prompt.categories,
        channel: (prompt.evidence.source as string | undefined) ?? 'website',
        wording: prompt.wording,
        ...(prompt.language ? { language: prompt.language } : {}),
        actor: 'customer',
        evidence: {
          ...prompt.evidence,
          doubleOptIn: true,
          confirmationWamid: i.message.id,
          submittedAt: prompt.createdAt,
        },
        occurredAt: now,
      },
      now,
    );
    await ctx.store.answer(prompt.id, now);
  }
  await reply(
    ctx,
    i,
    `${business.name}: thank you, your sign-up for messages on WhatsApp is confirmed. Send STOP at any time to opt out.`,
    `consent-confirmed:${prompt.id}`,
    now,
  );
}
