// Consent vocabulary and pure rules: categories, state derived from the event history, wording and STOP keywords.
import type { TemplateCategory } from '../../wire/graph.ts';

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

/** Default categories of a business and the template category each one covers. */
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

export function categoriesOfKind(kind: TemplateCategory): string[] {
  return Object.entries(defaultConsentCategories)
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
  evidence: Record<string, unknown>;
  occurredAt: number;
  recordedAt: number;
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
    const targets = e.category === ALL_CATEGORIES ? categories : [e.category];
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

export type WordingProblem = { code: 'business_name_missing' | 'whatsapp_missing'; message: string };

const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Meta's opt-in rule (cloud-api-facts.md §6.1): the wording must name the business and make clear the person
 * will receive messages on WhatsApp. The name check is on normalised words so "ACME-Coffee" matches "Acme Coffee".
 */
export function checkOptInWording(wording: string, businessName: string): WordingProblem[] {
  const text = ` ${normalise(wording)} `;
  const problems: WordingProblem[] = [];
  if (!text.includes(` ${normalise(businessName)} `)) {
    problems.push({
      code: 'business_name_missing',
      message: `The wording must name the business ("${businessName}").`,
    });
  }
  if (!/ whats ?app /.test(text)) {
    problems.push({
      code: 'whatsapp_missing',
      message: 'The wording must say that the messages will come over WhatsApp.',
    });
  }
  return problems;
}

/** STOP-style keywords (EN, NL, DE) that opt a contact out of everything when sent as the whole message. */
export const stopKeywords: readonly string[] = [
  'stop',
  'unsubscribe',
  'opt out',
  'optout',
  'afmelden',
  'stoppen',
  'abmelden',
  'stopp',
];

/**
 * Matches the intent of a whole message, not a substring: "STOP" and "stop!" opt out, "don't stop sending" does not.
 */
export function isStopRequest(text: string, keywords: readonly string[] = stopKeywords): boolean {
  const cleaned = normalise(text);
  return cleaned.length > 0 && cleaned.length <= 32 && keywords.includes(cleaned);
}
