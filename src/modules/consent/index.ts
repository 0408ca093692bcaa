// Consent: opt-ins with their wording and evidence, opt-outs on and off WhatsApp, and the state the policy reads.
import { AppError, invalidInput } from '../../kernel/errors.ts';
import {
  ALL_CATEGORIES,
  checkOptInWording,
  consentChannels,
  defaultConsentCategories,
  deriveConsent,
  lastTotalOptOut,
  type CategoryConsent,
  type ConsentEvent,
} from './model.ts';
import type { ConsentStore, ContactKey } from './store.ts';

export {
  ALL_CATEGORIES,
  categoriesOfKind,
  checkOptInWording,
  defaultConsentCategories,
  defaultConsentCategoryFor,
  deriveConsent,
  isStopRequest,
  lastTotalOptOut,
  stopKeywords,
  type CategoryConsent,
  type ConsentEvent,
} from './model.ts';
export { createConsentStore, type ConsentStore, type ContactKey } from './store.ts';

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
  channel: string;
  actor?: string;
  evidence?: Record<string, unknown>;
  occurredAt?: number;
};

function checkCategories(categories: string[], allowAll: boolean): void {
  const known = Object.keys(defaultConsentCategories);
  const unknown = categories.filter((c) => !(known.includes(c) || (allowAll && c === ALL_CATEGORIES)));
  if (unknown.length > 0) {
    throw invalidInput(
      'consent.category_unknown',
      `Unknown consent categories: ${unknown.join(', ')}. Known: ${known.join(', ')}.`,
      {
        unknown,
        known,
      },
    );
  }
}

function checkChannel(channel: string): void {
  if (!(consentChannels as readonly string[]).includes(channel)) {
    throw invalidInput(
      'consent.channel_unknown',
      `Unknown channel "${channel}". Use one of ${consentChannels.join(', ')}.`,
      {
        known: consentChannels,
      },
    );
  }
}

export type ContactConsent = {
  events: ConsentEvent[];
  categories: Record<string, CategoryConsent>;
  totalOptOutAt: number | null;
};

const toView = (events: ConsentEvent[]): ContactConsent => ({
  events,
  categories: deriveConsent(events, Object.keys(defaultConsentCategories)),
  totalOptOutAt: lastTotalOptOut(events),
});

export function createConsentService(deps: { store: ConsentStore }) {
  const { store } = deps;
  return {
    async recordOptIn(
      business: { id: string; name: string },
      waId: string,
      input: OptInInput,
      now: number,
    ): Promise<ConsentEvent[]> {
      if (input.categories.length === 0)
        throw invalidInput('consent.categories_missing', 'Name at least one category to opt in to.');
      checkCategories(input.categories, false);
      checkChannel(input.channel);
      const problems = checkOptInWording(input.wording, business.name);
      if (problems.length > 0) {
        throw new AppError(
          'invalid_input',
          'consent.wording_invalid',
          problems.map((p) => p.message).join(' '),
          {
            problems,
            businessName: business.name,
          },
        );
      }
      return store.append(
        {
          businessId: business.id,
          waId,
          categories: [...new Set(input.categories)],
          action: 'opt_in',
          channel: input.channel,
          wording: input.wording,
          actor: input.actor ?? 'customer',
          evidence: {
            ...(input.evidence ?? {}),
            ...(input.language ? { language: input.language } : {}),
            businessName: business.name,
          },
          occurredAt: input.occurredAt ?? now,
        },
        now,
      );
    },
    async recordOptOut(
      businessId: string,
      waId: string,
      input: OptOutInput,
      now: number,
    ): Promise<ConsentEvent[]> {
      const categories =
        input.categories && input.categories.length > 0 ? [...new Set(input.categories)] : [ALL_CATEGORIES];
      checkCategories(categories, true);
      checkChannel(input.channel);
      return store.append(
        {
          businessId,
          waId,
          categories,
          action: 'opt_out',
          channel: input.channel,
          wording: null,
          actor: input.actor ?? 'customer',
          evidence: input.evidence ?? {},
          occurredAt: input.occurredAt ?? now,
        },
        now,
      );
    },
    async view(businessId: string, waId: string): Promise<ContactConsent> {
      return toView(await store.events(businessId, waId));
    },
    /** The views of many contacts from one read (element i is for contacts[i]): the dispatcher's batch re-check. */
    async viewMany(contacts: readonly ContactKey[]): Promise<ContactConsent[]> {
      return (await store.eventsOfMany(contacts)).map(toView);
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
