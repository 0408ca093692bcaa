// Consent vocabulary and pure rules: categories, state derived from the event history, wording and STOP keywords.
import type { TemplateCategory } from '../../wire/graph.ts';
import { allDefaultOptOutKeywords, matchOptOutText } from '../understanding/index.ts';

export type ConsentAction = 'opt_in' | 'opt_out';
export type ConsentState = 'opted_in' | 'opted_out' | 'none';
export type ConsentActor = 'customer' | 'agent' | 'import' | 'system';
export const consentChannels = [
  'website',
  'qr_code',
  'click_to_chat',
  'sms',
  'ivr',
  'missed_call',
  'whatsapp',
  'paper',
  'import',
  'api',
  'agent',
  'meta',
] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** "All categories": an opt-out without categories means everything. */
export const ALL_CATEGORIES = '*';

/** The categories seeded for every new business, and the template category each one covers. */
export const defaultConsentCategories: Readonly<Record<string, TemplateCategory>> = {
  order_updates: 'UTILITY',
  appointment_reminders: 'UTILITY',
  offers: 'MARKETING',
  account_security: 'AUTHENTICATION',
};

/** The consent category a template needs when none was named for it. */
export function defaultConsentCategoryFor(category: TemplateCategory): string {
  if (category === 'MARKETING') return 'offers';
  if (category === 'AUTHENTICATION') return 'account_security';
  return 'order_updates';
}

/** A business-defined consent category and the template category it covers. */
export type ConsentCategory = {
  name: string;
  templateCategory: TemplateCategory;
  description: string | null;
};

export function categoriesOfKind(
  kind: TemplateCategory,
  categories: Readonly<Record<string, TemplateCategory>> = defaultConsentCategories,
): string[] {
  return Object.entries(categories)
    .filter(([, k]) => k === kind)
    .map(([name]) => name);
}

export type ConsentEvent = {
  id: string;
  category: string;
  action: ConsentAction;
  channel: string;
  wording: string | null;
  actor: string;
  /** Evidence as recorded; personal fields (IP, user agent, name, ...) are gone once the contact is erased. */
  evidence: Record<string, unknown>;
  occurredAt: number;
  recordedAt: number;
  /** The ledger's own fields: chain position and hashes, and the rest of the evidence. */
  seq: number;
  prevHash: string;
  hash: string;
  language: string | null;
  businessName: string | null;
  categorySet: string[];
  /** True once erasure removed the personal evidence and replaced the number by its salted hash. */
  pseudonymised: boolean;
};

export type CategoryConsent = { state: ConsentState; since: number | null; channel: string | null };

/**
 * The current state per category: the latest event that names the category or all categories wins.
 * Ties in time are broken by the recording order, so a correction recorded later prevails.
 */
export function deriveConsent(
  events: readonly ConsentEvent[],
  categories: readonly string[],
): Record<string, CategoryConsent> {
  const ordered = [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt);
  const out: Record<string, CategoryConsent> = {};
  for (const category of categories) out[category] = { state: 'none', since: null, channel: null };
  for (const e of ordered) {
    // "Everything" also covers a category the list does not know (yet): one the contact opted in to earlier.
    const targets = e.category === ALL_CATEGORIES ? Object.keys(out) : [e.category];
    for (const c of targets) {
      out[c] = {
        state: e.action === 'opt_in' ? 'opted_in' : 'opted_out',
        since: e.occurredAt,
        channel: e.channel,
      };
    }
  }
  return out;
}

/** When the contact last opted out of everything, if they did and have not opted in to anything since. */
export function lastTotalOptOut(events: readonly ConsentEvent[]): number | null {
  let at: number | null = null;
  for (const e of events) {
    if (e.action === 'opt_out' && e.category === ALL_CATEGORIES && (at === null || e.occurredAt > at))
      at = e.occurredAt;
  }
  if (at === null) return null;
  const laterOptIn = events.some((e) => e.action === 'opt_in' && e.occurredAt > at!);
  return laterOptIn ? null : at;
}

export { checkOptInWording, type WordingProblem } from './wording.ts';

/** Every default opt-out keyword (seven languages), for callers without a business's own list. */
export const stopKeywords: readonly string[] = allDefaultOptOutKeywords();

/**
 * Matches the intent of a whole message, not a substring: "STOP" and "stop!" opt out, "don't stop sending" does not.
 * Only total opt-outs; see matchOptOutText for per-category ones.
 */
export function isStopRequest(text: string, keywords: readonly string[] = stopKeywords): boolean {
  return matchOptOutText(text, { keywords, categories: [] })?.scope === 'all';
}
