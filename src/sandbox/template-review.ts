// The sandbox's own content review: a small marketing-wording heuristic and a sensitive-data-request check (meta-rules.md#template-categories, meta-rules.md#template-format, meta-rules.md#sensitive-data).
import type { GraphTemplateComponent, TemplateCategory } from '../wire/graph.ts';

/*
 * This is deliberately NOT the platform's detector: Meta's classifier is not ours, and a simulator that agreed
 * with the platform by construction could never catch the platform disagreeing with Meta. The lists are short
 * and obvious on purpose; they stand in for "Meta decided", not for a faithful copy of Meta's model.
 */

/** Promotional wording in EN, NL and DE. Matched on whole words (Unicode-aware), case-insensitively. */
const MARKETING_TERMS: readonly string[] = [
  // EN
  'discount',
  'discounts',
  'sale',
  'coupon',
  'coupons',
  'promo code',
  'promocode',
  'free gift',
  'limited time',
  'limited-time',
  'shop now',
  'buy now',
  'special offer',
  'exclusive offer',
  'save up to',
  'clearance',
  'black friday',
  // NL
  'korting',
  'kortingscode',
  'aanbieding',
  'aanbiedingen',
  'gratis',
  'uitverkoop',
  'alleen vandaag',
  'shop nu',
  'bestel nu',
  // DE
  'rabatt',
  'rabattcode',
  'angebot',
  'angebote',
  'sonderangebot',
  'gutschein',
  'gutscheincode',
  'kostenlos',
  'ausverkauf',
  'schnäppchen',
  'nur heute',
  'jetzt kaufen',
];
// "20% off", "20 % korting", "-20%", "20% Rabatt": a percentage with a price-cut word is always promotional.
const PERCENT_OFF = /\d+\s*%\s*(?:off|korting|rabatt|reduziert)|(?<![\p{L}\p{N}])-\s*\d+\s*%/iu;

/** Sensitive identifiers Meta forbids asking for (meta-rules.md#sensitive-data): card, CVV, bank account/IBAN, national IDs, secrets. */
const SENSITIVE_TERMS: readonly { term: string; what: string }[] = [
  { term: 'card number', what: 'payment card number' },
  { term: 'credit card number', what: 'payment card number' },
  { term: 'debit card number', what: 'payment card number' },
  { term: 'kaartnummer', what: 'payment card number' },
  { term: 'creditcardnummer', what: 'payment card number' },
  { term: 'kartennummer', what: 'payment card number' },
  { term: 'kreditkartennummer', what: 'payment card number' },
  { term: 'cvv', what: 'card security code' },
  { term: 'cvc', what: 'card security code' },
  { term: 'security code', what: 'card security code' },
  { term: 'beveiligingscode', what: 'card security code' },
  { term: 'prüfnummer', what: 'card security code' },
  { term: 'iban', what: 'bank account number' },
  { term: 'bank account number', what: 'bank account number' },
  { term: 'account number', what: 'bank account number' },
  { term: 'rekeningnummer', what: 'bank account number' },
  { term: 'kontonummer', what: 'bank account number' },
  { term: 'bsn', what: 'national ID number' },
  { term: 'burgerservicenummer', what: 'national ID number' },
  { term: 'social security number', what: 'national ID number' },
  { term: 'ssn', what: 'national ID number' },
  { term: 'sozialversicherungsnummer', what: 'national ID number' },
  { term: 'steuer-id', what: 'national ID number' },
  { term: 'passport number', what: 'national ID number' },
  { term: 'paspoortnummer', what: 'national ID number' },
  { term: 'password', what: 'password' },
  { term: 'wachtwoord', what: 'password' },
  { term: 'passwort', what: 'password' },
  { term: 'kennwort', what: 'password' },
  { term: 'pin', what: 'PIN' },
  { term: 'pincode', what: 'PIN' },
  { term: 'pin code', what: 'PIN' },
  { term: 'pin-code', what: 'PIN' },
];
// A sentence has to ask for the identifier: "we will never ask for your password" is a normal security notice.
const REQUEST_VERBS =
  /(?<![\p{L}\p{N}])(?:send|share|reply|respond|enter|provide|confirm|give|tell|type|submit|verify|stuur|deel|geef|vul|bevestig|antwoord|geef ons|sende|senden|schick|schicken|teile|teilen|gib|geben|nenne|nennen|angeben|bestätige|bestätigen|mitteilen|eingeben)(?![\p{L}\p{N}])/iu;
const NEGATION =
  /(?<![\p{L}\p{N}])(?:never|not|don't|do not|nooit|niet|nie|niemals|nicht|kein|keine)(?![\p{L}\p{N}])/iu;
// meta-rules.md#sensitive-data: "Requesting partial identifiers (ex: last 4 digits ...) is OK."
const PARTIAL =
  /(?:last|final)\s+(?:4|four)\s+(?:digits|numbers)|laatste\s+(?:4|vier)\s+cijfers|letzten\s+(?:4|vier)\s+(?:ziffern|stellen)/iu;

export type ContentReview =
  | {
      verdict: 'APPROVE';
      /** The category Meta approves the template in; differs from the requested one when re-categorised. */
      category: TemplateCategory;
      /** The marketing wording found (empty unless re-categorised). */
      marketingTerms: string[];
    }
  | { verdict: 'REJECT'; reason: 'SCAM'; sensitive: string[] };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWord = (term: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
const MARKETING = MARKETING_TERMS.map((term) => ({ term, re: wholeWord(term) }));
const SENSITIVE = SENSITIVE_TERMS.map((s) => ({ ...s, re: wholeWord(s.term) }));

/** Every text a customer sees: header, body, footer and button labels (variables are left as written). */
function textsOf(components: GraphTemplateComponent[]): string[] {
  const out: string[] = [];
  for (const c of components) {
    if (typeof c.text === 'string') out.push(c.text);
    for (const b of c.buttons ?? []) if (typeof b.text === 'string') out.push(b.text);
  }
  return out;
}

/** The promotional words in a text, in list order. */
export function marketingTermsIn(text: string): string[] {
  const found = MARKETING.filter((m) => m.re.test(text)).map((m) => m.term);
  const percent = PERCENT_OFF.exec(text);
  if (percent) found.push(percent[0]);
  return found;
}

/** What sensitive identifiers a text asks the customer for (sentence by sentence, ignoring partial ones). */
export function sensitiveRequestsIn(text: string): string[] {
  const found = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?\n])\s+/u)) {
    if (!REQUEST_VERBS.test(sentence) || NEGATION.test(sentence) || PARTIAL.test(sentence)) continue;
    for (const s of SENSITIVE) if (s.re.test(sentence)) found.add(s.what);
  }
  return [...found];
}

/**
 * Meta's review of a template's content, as the sandbox imagines it.
 * - A request for sensitive identifiers is REJECTED with reason `SCAM`: of Meta's reasons (meta-rules.md#template-status-webhook) that is the one
 *   for phishing-like content; `ABUSIVE_CONTENT` is for threatening or abusive wording (meta-rules.md#template-format), which this is not.
 * - A UTILITY template with promotional wording is APPROVED as MARKETING (since 9 Apr 2025, meta-rules.md#template-categories).
 */
export function reviewContent(
  category: TemplateCategory,
  components: GraphTemplateComponent[],
): ContentReview {
  const texts = textsOf(components);
  const sensitive = [...new Set(texts.flatMap(sensitiveRequestsIn))];
  if (sensitive.length > 0) return { verdict: 'REJECT', reason: 'SCAM', sensitive };
  if (category === 'UTILITY') {
    const terms = [...new Set(texts.flatMap(marketingTermsIn))];
    if (terms.length > 0) return { verdict: 'APPROVE', category: 'MARKETING', marketingTerms: terms };
  }
  return { verdict: 'APPROVE', category, marketingTerms: [] };
}
