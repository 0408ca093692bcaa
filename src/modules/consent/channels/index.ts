// Opt-in channels (website, click-to-chat and QR, in-thread, SMS, IVR, missed call, paper, import): one public door.
import { newId } from '../../../kernel/ids.ts';
import type { ChannelStore } from './channel-store.ts';
import { clickToChatLink } from './click-to-chat.ts';
import type { ChannelBusiness, ChannelContext } from './context.ts';
import { parseImport, runImport, type ImportSummary } from './csv-import.ts';
import { askInThread, onInboundMessage, type InboundContext } from './in-thread.ts';
import { receiveIvr, type IvrInput } from './ivr.ts';
import { receiveMissedCall, type MissedCallInput } from './missed-call.ts';
import { keywordOf, slugOf, type ChannelLanguage } from './model.ts';
import { recordPaper, type PaperInput } from './paper.ts';
import { receiveSms, type InboundSms } from './sms.ts';
import { submitWebsite, type WebsiteSubmission } from './website.ts';
import { invalidInput, notFound } from '../../../kernel/errors.ts';

export {
  createChannelStore,
  defaultChannelSettings,
  type ChannelSettings,
  type ChannelStore,
} from './channel-store.ts';
export { noSmsGateway, type InboundSms, type SmsGateway } from './sms.ts';
export type { ChannelContext, ChannelBusiness } from './context.ts';
export { ImportFileError, MAX_IMPORT_BYTES, parseImport, type ImportSummary } from './csv-import.ts';
export { normalisePhone, slugOf } from './model.ts';

// Public pages look the business up on every request; names change rarely, so the list is kept for a short while.
const BUSINESS_CACHE_MS = 30_000;

export function createConsentChannels(ctx: ChannelContext & { businesses(): Promise<ChannelBusiness[]> }) {
  const store: ChannelStore = ctx.store;
  let cache: { at: number; list: (ChannelBusiness & { slug: string })[] } | undefined;

  async function business(id: string): Promise<ChannelBusiness> {
    const b = await ctx.businessById(id);
    if (!b) throw notFound('business.not_found', `No business ${id}.`);
    return b;
  }

  return {
    context: ctx,

    /** A business by its id or the slug of its name (the hosted page's address); undefined when there is none. */
    async resolvePublic(ref: string): Promise<(ChannelBusiness & { slug: string }) | undefined> {
      const now = Date.now();
      if (!cache || now - cache.at > BUSINESS_CACHE_MS)
        cache = {
          at: now,
          list: (await ctx.businesses()).map((b) => ({ id: b.id, name: b.name, slug: slugOf(b.name) })),
        };
      return cache.list.find((b) => b.id === ref || b.slug === ref);
    },

    settings: (businessId: string) => store.settings(businessId),
    async updateSettings(
      businessId: string,
      patch: { privacyUrl?: string | null; doubleOptIn?: boolean; keywords?: Record<string, string[]> },
    ) {
      const current = await store.settings(businessId);
      const known = await ctx.categoriesOf(businessId);
      let keywords = current.keywords;
      if (patch.keywords) {
        keywords = {};
        for (const [k, cats] of Object.entries(patch.keywords)) {
          const key = keywordOf(k);
          if (!/^[A-Z0-9][A-Z0-9 _-]{0,29}$/.test(key))
            throw invalidInput(
              'consent.keyword_invalid',
              `The keyword ${JSON.stringify(k)} must be 1 to 30 letters or digits.`,
            );
          const unknown = cats.filter((c) => !known.includes(c));
          if (unknown.length > 0)
            throw invalidInput(
              'consent.category_unknown',
              `Unknown categories for ${key}: ${unknown.join(', ')}.`,
              {
                unknown,
                known,
              },
            );
          keywords[key] = cats;
        }
      }
      const next = {
        privacyUrl: patch.privacyUrl !== undefined ? patch.privacyUrl : current.privacyUrl,
        doubleOptIn: patch.doubleOptIn ?? current.doubleOptIn,
        keywords,
      };
      await store.saveSettings(businessId, next);
      return next;
    },

    /** The wa.me link that opens a chat with the keyword typed in; the keyword must be one of the business's. */
    async clickToChat(businessId: string, keyword: string) {
      const settings = await store.settings(businessId);
      const key = keywordOf(keyword);
      const entry = Object.entries(settings.keywords).find(([k]) => keywordOf(k) === key);
      if (!entry)
        throw invalidInput(
          'consent.keyword_unknown',
          `"${keyword}" is not an opt-in keyword of this business. Known: ${Object.keys(settings.keywords).join(', ')}.`,
          { known: Object.keys(settings.keywords) },
        );
      const number = await ctx.numberOf(businessId);
      if (!number?.displayPhoneNumber)
        throw invalidInput('business.number_missing', 'The business has no WhatsApp number to link to yet.');
      const categories = entry[1].length ? entry[1] : await ctx.categoriesOf(businessId);
      return { keyword: key, categories, link: clickToChatLink(number.displayPhoneNumber, key) };
    },

    submitWebsite: async (
      b: ChannelBusiness,
      s: WebsiteSubmission,
      evidence: { ip: string; userAgent: string; page: string | null },
      now: number,
    ) => submitWebsite(ctx, b, s, evidence, now),

    /** Called by the webhook processor for every customer message (keywords, consent taps, confirmation codes). */
    onInbound: (i: InboundContext, now: number) => onInboundMessage(ctx, i, now),

    async askInThread(
      businessId: string,
      waId: string,
      categories: string[],
      lang: ChannelLanguage,
      now: number,
    ) {
      const b = await business(businessId);
      const number = await ctx.numberOf(businessId);
      if (!number) throw invalidInput('business.number_missing', 'The business has no WhatsApp number yet.');
      const known = await ctx.categoriesOf(businessId);
      const unknown = categories.filter((c) => !known.includes(c));
      if (unknown.length > 0)
        throw invalidInput('consent.category_unknown', `Unknown categories: ${unknown.join(', ')}.`, {
          unknown,
          known,
        });
      return askInThread(
        ctx,
        b,
        number.phoneNumberId,
        waId,
        categories.length ? categories : known,
        lang,
        newId('ask', now),
        now,
      );
    },

    receiveSms: async (businessId: string, sms: InboundSms, now: number) =>
      receiveSms(ctx, await business(businessId), sms, now),
    receiveIvr: async (businessId: string, input: IvrInput, now: number) =>
      receiveIvr(ctx, await business(businessId), input, now),
    receiveMissedCall: async (businessId: string, input: MissedCallInput, now: number) =>
      receiveMissedCall(ctx, await business(businessId), input, now),
    recordPaper: async (businessId: string, waId: string, input: PaperInput, now: number) =>
      recordPaper(ctx, await business(businessId), waId, input, now),
    document: (businessId: string, id: string) => store.document(businessId, id),

    /**
     * Imports a CSV file: the file is checked whole first (a malformed one writes nothing), then each valid row is
     * one ledger append with actor "import"; rows are rejected one by one with their reason.
     */
    async importCsv(
      businessId: string,
      text: string,
      now: number,
      onProgress?: (done: number, total: number) => void,
    ): Promise<ImportSummary> {
      const b = await business(businessId);
      const parsed = parseImport(text, now);
      const importId = newId('imp', now);
      return runImport(
        parsed,
        async (row) => {
          await ctx.consent.recordOptIn(
            b,
            row.waId,
            {
              categories: row.categories,
              channel: row.channel,
              wording: row.wording,
              ...(row.language ? { language: row.language } : {}),
              actor: 'import',
              evidence: { ...row.evidence, importId, importLine: row.line },
              occurredAt: row.occurredAt,
            },
            now,
          );
        },
        importId,
        onProgress,
      );
    },
  };
}

export type ConsentChannels = ReturnType<typeof createConsentChannels>;
