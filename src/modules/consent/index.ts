// Consent: the hash-chained ledger of opt-ins and opt-outs with evidence, business categories, opt-out intent,
// suppression after erasure, preference links, proof and chain verification; and the state the policy reads.
import { AppError, conflict, invalidInput } from '../../kernel/errors.ts';
import { normaliseIntent } from '../../kernel/text.ts';
import type { TemplateCategory } from '../../wire/graph.ts';
import type { EventPublisher } from '../events/index.ts';
import { eventHash, verifyChainPage, type ChainBreak, type ChainCursor } from './chain.ts';
import {
  allDefaultOptOutKeywords,
  classifyOptOut,
  defaultOptOutThresholds,
  matchOptOutPayload,
  matchOptOutText,
  type Language,
  type OptOutLanguage,
  type OptOutMatch,
  type Thresholds,
} from '../understanding/index.ts';
import {
  ALL_CATEGORIES,
  checkOptInWording,
  consentChannels,
  deriveConsent,
  lastTotalOptOut,
  type CategoryConsent,
  type ConsentCategory,
  type ConsentEvent,
} from './model.ts';
import { preferenceWording } from './preference-page.ts';
import type { Proof } from './proof-page.ts';
import { signPreferenceToken, verifyPreferenceToken, type PreferenceClaims } from './preference-link.ts';
import type { ConsentStore, ContactKey } from './store.ts';
import { detectLanguage, wordingLanguageOf } from './wording.ts';

export {
  ALL_CATEGORIES,
  categoriesOfKind,
  checkOptInWording,
  consentChannels,
  defaultConsentCategories,
  defaultConsentCategoryFor,
  deriveConsent,
  isStopRequest,
  lastTotalOptOut,
  stopKeywords,
  type CategoryConsent,
  type ConsentCategory,
  type ConsentEvent,
} from './model.ts';
export { createConsentStore, type ConsentStore, type ContactKey } from './store.ts';
export { GENESIS_HASH, canonicalJson, eventHash, type ChainBreak } from './chain.ts';
export {
  defaultOptOutKeywords,
  matchOptOutPayload,
  matchOptOutText,
  optOutConfirmationText,
  type OptOutIntent,
  type OptOutMatch,
} from '../understanding/index.ts';

/**
 * How an inbound message reads for opt-out: a sure opt-out (a quick-reply payload, a keyword, or a sentence the
 * classifier is sure of) with its scope; an unsure one, for which the customer is asked; or none (null).
 */
export type OptOutReading =
  | {
      decision: 'yes';
      scope: { kind: 'all' } | { kind: 'offers' } | { kind: 'categories'; categories: string[] };
      via: 'payload' | 'keyword' | 'classifier';
      keyword: string | null;
      language: OptOutLanguage | null;
      confidence: number;
      explanation: string;
    }
  | { decision: 'unsure'; language: Language; confidence: number; explanation: string };
export { detectLanguage } from './wording.ts';

export type OptInInput = {
  categories: string[];
  channel: string;
  wording: string;
  language?: string;
  actor?: string;
  evidence?: Record<string, unknown>;
  occurredAt?: number;
};

export type OptOutInput = {
  categories?: string[];
  /** Opt out of every category that covers these template categories (Meta's marketing stop: MARKETING). */
  templateCategories?: TemplateCategory[];
  channel: string;
  actor?: string;
  /** What the person said or saw, when there was something (a STOP message, a page's text). */
  wording?: string;
  language?: string;
  evidence?: Record<string, unknown>;
  occurredAt?: number;
};

export type ContactConsent = {
  events: ConsentEvent[];
  categories: Record<string, CategoryConsent>;
  totalOptOutAt: number | null;
  /** Erased: the number's salted hash is on the suppression list, and nothing may be sent to it. */
  suppressed: boolean;
  /** When the person's own new opt-in last lifted an erasure's suppression (null when never). */
  suppressionLiftedAt: number | null;
};

export type ChainVerification =
  | { ok: true; businessId: string; events: number; headHash: string }
  | { ok: false; businessId: string; events: number; broken: ChainBreak };

export type ContactChainCheck = {
  ok: boolean;
  events: number;
  broken: ChainBreak | null;
};

export const actors = ['customer', 'agent', 'import', 'system'] as const;

/** Evidence larger than this is a document, not evidence: upload it and keep its SHA-256 here instead. */
const MAX_EVIDENCE_BYTES = 16 * 1024;
const DEFAULT_LINK_TTL_MS = 7 * 24 * 3_600_000;
const MAX_LINK_TTL_MS = 30 * 24 * 3_600_000;

function checkChannel(channel: string): void {
  if (!(consentChannels as readonly string[]).includes(channel)) {
    throw invalidInput(
      'consent.channel_unknown',
      `Unknown channel "${channel}". Use one of ${consentChannels.join(', ')}.`,
      { known: consentChannels },
    );
  }
}

function checkActor(actor: string): void {
  if (!(actors as readonly string[]).includes(actor))
    throw invalidInput(
      'consent.actor_unknown',
      `Unknown actor "${actor}". Use one of ${actors.join(', ')}.`,
      {
        known: actors,
      },
    );
}

function checkEvidence(evidence: Record<string, unknown> | undefined): void {
  if (evidence !== undefined && JSON.stringify(evidence).length > MAX_EVIDENCE_BYTES)
    throw invalidInput(
      'consent.evidence_too_large',
      `Evidence is limited to ${MAX_EVIDENCE_BYTES} bytes of JSON; keep a document's SHA-256 instead of the document.`,
    );
}

function checkCategories(categories: string[], known: string[], allowAll: boolean): void {
  const unknown = categories.filter((c) => !(known.includes(c) || (allowAll && c === ALL_CATEGORIES)));
  if (unknown.length > 0) {
    throw invalidInput(
      'consent.category_unknown',
      `Unknown consent categories: ${unknown.join(', ')}. Known: ${known.join(', ')}.`,
      { unknown, known },
    );
  }
}

export function createConsentService(deps: {
  store: ConsentStore;
  /** Where opt-outs are announced (`consent.opted_out`), in the ledger append's transaction. */
  events?: EventPublisher;
}) {
  const { store } = deps;

  const names = async (businessId: string) => (await store.categories(businessId)).map((c) => c.name);

  // The policy reads the category list for every send, and it changes rarely. A list up to a few seconds old is safe
  // for deciding: deriveConsent also covers every category the contact has events for, so a list that misses a
  // just-added category misses only categories without events, whose state is "none" either way.
  const POLICY_NAMES_TTL_MS = 5_000;
  const policyNames = new Map<string, { names: string[]; at: number }>();
  const namesForPolicy = async (businessId: string) => {
    const hit = policyNames.get(businessId);
    if (hit && performance.now() - hit.at < POLICY_NAMES_TTL_MS) return hit.names;
    const fresh = await names(businessId);
    policyNames.set(businessId, { names: fresh, at: performance.now() });
    return fresh;
  };

  async function viewMany(contacts: readonly ContactKey[]): Promise<ContactConsent[]> {
    const [events, suppressions] = await Promise.all([
      store.eventsOfMany(contacts),
      store.suppressionsMany(contacts),
    ]);
    const categoriesOf = new Map<string, string[]>();
    for (const c of contacts)
      if (!categoriesOf.has(c.businessId)) categoriesOf.set(c.businessId, await namesForPolicy(c.businessId));
    return contacts.map((c, i) => ({
      events: events[i]!,
      categories: deriveConsent(events[i]!, categoriesOf.get(c.businessId)!),
      totalOptOutAt: lastTotalOptOut(events[i]!),
      suppressed: suppressions[i]!.active,
      suppressionLiftedAt: suppressions[i]!.liftedAt,
    }));
  }

  /** Walks the whole chain of a business page by page, then checks that the head points at its last event. */
  async function verify(businessId: string): Promise<ChainVerification> {
    let cursor: ChainCursor = { seq: 0, hash: '0'.repeat(64) };
    for (;;) {
      const page = await store.chainPage(businessId, cursor.seq);
      const r = verifyChainPage(page, cursor);
      if (!r.ok) return { ok: false, businessId, events: r.broken.seq - 1, broken: r.broken };
      cursor = r.cursor;
      if (page.length === 0) break;
    }
    const head = await store.head(businessId);
    if (head.seq !== cursor.seq || head.hash !== cursor.hash) {
      return {
        ok: false,
        businessId,
        events: cursor.seq,
        broken: {
          eventId: '',
          seq: head.seq,
          reason: 'head_mismatch',
          message: `The chain head says ${head.seq} events but ${cursor.seq} were found: events were removed from the end.`,
        },
      };
    }
    return { ok: true, businessId, events: cursor.seq, headHash: cursor.hash };
  }

  return {
    async recordOptIn(
      business: { id: string; name: string },
      waId: string,
      input: OptInInput,
      now: number,
    ): Promise<ConsentEvent[]> {
      if (input.categories.length === 0)
        throw invalidInput('consent.categories_missing', 'Name at least one category to opt in to.');
      checkCategories(input.categories, await names(business.id), false);
      checkChannel(input.channel);
      const actor = input.actor ?? 'customer';
      checkActor(actor);
      checkEvidence(input.evidence);
      const problems = checkOptInWording(input.wording, business.name, input.language);
      if (problems.length > 0) {
        throw new AppError(
          'invalid_input',
          'consent.wording_invalid',
          problems.map((p) => p.message).join(' '),
          { problems, businessName: business.name, language: problems[0]!.language },
        );
      }
      const [suppressed] = await store.suppressedMany([{ businessId: business.id, waId }]);
      // An import restates an old list: it must never bring an erased number back. A person's own new opt-in does.
      if (suppressed && actor === 'import')
        throw conflict(
          'contact.suppressed',
          'This number was erased on request; only a new opt-in by the person can bring it back, not an import.',
        );
      return store.append(
        {
          businessId: business.id,
          waId,
          categories: [...new Set(input.categories)],
          action: 'opt_in',
          channel: input.channel,
          wording: input.wording,
          actor,
          evidence: input.evidence ?? {},
          language: wordingLanguageOf(input.language) ?? input.language ?? detectLanguage(input.wording),
          businessName: business.name,
          occurredAt: input.occurredAt ?? now,
        },
        now,
        { liftSuppression: suppressed === true },
      );
    },

    async recordOptOut(
      businessId: string,
      waId: string,
      input: OptOutInput,
      now: number,
    ): Promise<ConsentEvent[]> {
      const all = await store.categories(businessId);
      let categories =
        input.categories && input.categories.length > 0 ? [...new Set(input.categories)] : [ALL_CATEGORIES];
      if (input.templateCategories) {
        categories = all
          .filter((c) => input.templateCategories!.includes(c.templateCategory))
          .map((c) => c.name);
        if (categories.length === 0) return [];
      }
      checkCategories(
        categories,
        all.map((c) => c.name),
        true,
      );
      checkChannel(input.channel);
      const actor = input.actor ?? 'customer';
      checkActor(actor);
      checkEvidence(input.evidence);
      return store.append(
        {
          businessId,
          waId,
          categories,
          action: 'opt_out',
          channel: input.channel,
          wording: input.wording ?? null,
          actor,
          evidence: input.evidence ?? {},
          language: input.language ?? null,
          businessName: null,
          occurredAt: input.occurredAt ?? now,
        },
        now,
        {
          // Every opt-out channel (WhatsApp keyword, Meta's stop, the API, the preference center) passes here.
          inTransaction: async (trx, recorded) =>
            deps.events?.publish(
              {
                businessId,
                type: 'consent.opted_out',
                subject: waId,
                data: {
                  waId,
                  phone: `+${waId}`,
                  categories,
                  channel: input.channel,
                  actor,
                  eventIds: recorded.map((r) => r.id),
                },
              },
              now,
              trx,
            ),
        },
      );
    },

    async view(businessId: string, waId: string): Promise<ContactConsent> {
      return (await viewMany([{ businessId, waId }]))[0]!;
    },
    /** The views of many contacts from one read (element i is for contacts[i]): the dispatcher's batch re-check. */
    viewMany,

    categories: (businessId: string) => store.categories(businessId),
    async addCategory(businessId: string, c: ConsentCategory, now: number): Promise<ConsentCategory> {
      if (!/^[a-z][a-z0-9_]{1,63}$/.test(c.name))
        throw invalidInput(
          'consent.category_invalid',
          'A category name is 2 to 64 characters of a-z, 0-9 and _, starting with a letter.',
        );
      await store.addCategory(businessId, c, now);
      policyNames.delete(businessId);
      return c;
    },

    /**
     * The opt-out keywords in force for a business (its own list, or the defaults in seven languages) and the
     * classifier's thresholds (its own, or the defaults).
     */
    async keywords(
      businessId: string,
    ): Promise<{ optOut: string[]; custom: boolean; thresholds: Thresholds; customThresholds: boolean }> {
      const [own, t] = await Promise.all([store.keywords(businessId), store.optOutThresholds(businessId)]);
      return {
        ...(own ? { optOut: own, custom: true } : { optOut: allDefaultOptOutKeywords(), custom: false }),
        thresholds: t ?? defaultOptOutThresholds,
        customThresholds: t !== null,
      };
    },
    /** Replaces the classifier's thresholds; null goes back to the defaults. */
    async setOptOutThresholds(businessId: string, t: Thresholds | null): Promise<void> {
      if (t !== null && !(t.ask >= 0.05 && t.act <= 1 && t.ask <= t.act))
        throw invalidInput(
          'consent.threshold_invalid',
          'Thresholds are {act, ask} with 0.05 <= ask <= act <= 1: from act an opt-out is recorded, from ask the customer is asked; act = ask = 1 leaves only the keywords.',
        );
      await store.setOptOutThresholds(businessId, t);
    },
    async setKeywords(
      businessId: string,
      optOut: string[] | null,
    ): Promise<{ optOut: string[]; custom: boolean }> {
      if (optOut !== null) {
        const cleaned = [...new Set(optOut.map(normaliseIntent))];
        if (cleaned.some((k) => k.length === 0))
          throw invalidInput('consent.keyword_invalid', 'A keyword must contain letters or digits.');
        await store.setKeywords(businessId, cleaned);
        return { optOut: cleaned, custom: true };
      }
      await store.setKeywords(businessId, null);
      return { optOut: allDefaultOptOutKeywords(), custom: false };
    },

    /** Whether an inbound WhatsApp message is an opt-out: a keyword message, or a quick-reply payload. */
    async matchOptOut(
      businessId: string,
      message: { text?: string | null; payload?: string | null },
    ): Promise<OptOutMatch | null> {
      const categories = await names(businessId);
      if (message.payload) {
        const p = matchOptOutPayload(message.payload, categories);
        if (p) return { ...p, keyword: message.payload, language: null };
      }
      if (!message.text) return null;
      const { optOut } = await this.keywords(businessId);
      return matchOptOutText(message.text, { keywords: optOut, categories });
    },

    /**
     * Reads an inbound WhatsApp message for opt-out intent: a quick-reply payload or an exact keyword is sure; other
     * text goes to the classifier (understanding), with the business's keywords and thresholds and the contact's
     * language as a prior.
     */
    async understandOptOut(
      businessId: string,
      message: { text?: string | null; payload?: string | null },
      /** keywordsOnly: a tapped button's title is read for exact keywords only, never by the classifier. */
      opts: { languagePrior?: Language | null; keywordsOnly?: boolean } = {},
    ): Promise<OptOutReading | null> {
      const categories = await names(businessId);
      if (message.payload) {
        const p = matchOptOutPayload(message.payload, categories);
        if (p)
          return {
            decision: 'yes',
            scope: p.scope === 'all' ? { kind: 'all' } : { kind: 'categories', categories: p.categories },
            via: 'payload',
            keyword: message.payload,
            language: null,
            confidence: 1,
            explanation: `The quick-reply payload ${message.payload} opts out.`,
          };
      }
      if (!message.text) return null;
      const { optOut, thresholds } = await this.keywords(businessId);
      const u = classifyOptOut(message.text, {
        keywords: optOut,
        categories,
        thresholds,
        languagePrior: opts.languagePrior ?? null,
      });
      if (u.decision === 'no' || (opts.keywordsOnly && u.via !== 'keyword')) return null;
      if (u.decision === 'unsure')
        return {
          decision: 'unsure',
          language: u.language,
          confidence: u.confidence,
          explanation: u.explanation,
        };
      return {
        decision: 'yes',
        scope: u.scope,
        via: u.via,
        keyword: u.keyword ?? null,
        language: u.language,
        confidence: u.confidence,
        explanation: u.explanation,
      };
    },

    verify,

    /**
     * The contact's own events checked against the chain: each hash recomputed from the stored fields, and each
     * link to the event before it in the business's chain. Cheap enough for every consent view.
     */
    async verifyContact(businessId: string, waId: string): Promise<ContactChainCheck> {
      const rows = await store.chainOfContact(businessId, waId);
      for (const { event, predecessorHash } of rows) {
        const { prevHash, hash, ...fields } = event;
        if (predecessorHash !== prevHash)
          return {
            ok: false,
            events: rows.length,
            broken: {
              eventId: event.id,
              seq: event.seq,
              reason: 'prev_hash_mismatch',
              message: 'The event does not link to the hash of the event before it.',
            },
          };
        if (eventHash(fields, prevHash) !== hash)
          return {
            ok: false,
            events: rows.length,
            broken: {
              eventId: event.id,
              seq: event.seq,
              reason: 'hash_mismatch',
              message: 'The event was changed after it was recorded: its hash does not match its contents.',
            },
          };
      }
      return { ok: true, events: rows.length, broken: null };
    },

    /** Erasure: pseudonymise the ledger and suppress the number's salted hash, in one transaction. */
    async erase(businessId: string, waId: string, now: number): Promise<void> {
      await store.erase(
        {
          businessId,
          waId,
          channel: 'api',
          actor: 'system',
          evidence: { reason: 'erasure_request' },
          occurredAt: now,
        },
        now,
      );
    },

    /** Everything an auditor needs about one contact: state, every event with evidence and hashes, verification. */
    async proof(
      business: { id: string; name: string },
      waId: string,
      phone: string,
      now: number,
    ): Promise<Proof> {
      const view = (await viewMany([{ businessId: business.id, waId }]))[0]!;
      const [contact, chain] = [await this.verifyContact(business.id, waId), await verify(business.id)];
      return {
        generatedAt: new Date(now).toISOString(),
        business: { id: business.id, name: business.name },
        contact: { phone, suppressed: view.suppressed },
        categories: categoriesView(view.categories),
        events: [...view.events].sort((a, b) => a.seq - b.seq).map(eventView),
        verification: {
          contact,
          chain: chain.ok
            ? { ok: true, events: chain.events, headHash: chain.headHash }
            : { ok: false, events: chain.events, broken: chain.broken },
        },
      };
    },

    /**
     * A person's choices on the preference center: ticked categories they do not have yet are opt-ins (with the
     * page's sentence as wording), unticked ones they have are opt-outs; "stop all" is a total opt-out.
     */
    async applyPreferences(
      business: { id: string; name: string },
      waId: string,
      choice: { stopAll: true } | { stopAll: false; categories: string[] },
      evidence: Record<string, unknown>,
      now: number,
    ): Promise<{ optedIn: string[]; optedOut: string[] }> {
      if (choice.stopAll) {
        await this.recordOptOut(business.id, waId, { channel: 'website', actor: 'customer', evidence }, now);
        return { optedIn: [], optedOut: [ALL_CATEGORIES] };
      }
      const known = await names(business.id);
      checkCategories(choice.categories, known, false);
      const current = (await viewMany([{ businessId: business.id, waId }]))[0]!.categories;
      const optedIn = known.filter((c) => choice.categories.includes(c) && current[c]?.state !== 'opted_in');
      const optedOut = known.filter(
        (c) => !choice.categories.includes(c) && current[c]?.state === 'opted_in',
      );
      if (optedIn.length > 0)
        await this.recordOptIn(
          business,
          waId,
          {
            categories: optedIn,
            channel: 'website',
            actor: 'customer',
            wording: preferenceWording(business.name),
            language: 'en',
            evidence,
          },
          now,
        );
      if (optedOut.length > 0)
        await this.recordOptOut(
          business.id,
          waId,
          { categories: optedOut, channel: 'website', actor: 'customer', evidence },
          now,
        );
      return { optedIn, optedOut };
    },

    async isSuppressed(businessId: string, waId: string): Promise<boolean> {
      return (await store.suppressedMany([{ businessId, waId }]))[0]!;
    },

    /** A signed, expiring token for the contact's preference center. */
    async preferenceToken(
      businessId: string,
      waId: string,
      now: number,
      ttlMs = DEFAULT_LINK_TTL_MS,
    ): Promise<{ token: string; expiresAt: number }> {
      if (!(ttlMs > 0 && ttlMs <= MAX_LINK_TTL_MS))
        throw invalidInput(
          'consent.link_ttl_invalid',
          'A preference link lives between 1 second and 30 days.',
        );
      const expiresAt = now + ttlMs;
      return {
        token: signPreferenceToken(await store.linkSecret(), { businessId, waId, expiresAt }),
        expiresAt,
      };
    },
    async readPreferenceToken(token: string, now: number) {
      return verifyPreferenceToken(await store.linkSecret(), token, now);
    },
  };
}

/** An event as the API shows it (GET /v1/contacts/{phone}/consent, the proof export). */
export const eventView = (e: ConsentEvent) => ({
  id: e.id,
  category: e.category,
  action: e.action,
  channel: e.channel,
  wording: e.wording,
  actor: e.actor,
  evidence: e.evidence,
  occurredAt: new Date(e.occurredAt).toISOString(),
  recordedAt: new Date(e.recordedAt).toISOString(),
  seq: e.seq,
  language: e.language,
  businessName: e.businessName,
  categorySet: e.categorySet,
  pseudonymised: e.pseudonymised,
  prevHash: e.prevHash,
  hash: e.hash,
});

export const categoriesView = (categories: Record<string, CategoryConsent>) =>
  Object.fromEntries(
    Object.entries(categories).map(([name, c]) => [
      name,
      {
        state: c.state,
        since: c.since === null ? null : new Date(c.since).toISOString(),
        channel: c.channel,
      },
    ]),
  );

export type { PreferenceClaims };
export { renderProofHtml, escapeHtml, type Proof } from './proof-page.ts';
export { preferenceWording, renderPreferenceError, renderPreferencePage } from './preference-page.ts';
export type ConsentService = ReturnType<typeof createConsentService>;
