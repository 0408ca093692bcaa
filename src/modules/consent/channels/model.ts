// Pure rules shared by the opt-in channels: the wording each channel shows, keyword and reply matching, numbers.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export const channelLanguages = ['en', 'nl', 'de'] as const;
export type ChannelLanguage = (typeof channelLanguages)[number];

export const languageOf = (tag: string | undefined | null): ChannelLanguage => {
  const base = (tag ?? '').toLowerCase().split(/[-_,;]/)[0];
  return (channelLanguages as readonly string[]).includes(base ?? '') ? (base as ChannelLanguage) : 'en';
};

/** How each default category is named to a person; a business's own categories are shown by their name. */
const categoryLabels: Record<ChannelLanguage, Record<string, string>> = {
  en: {
    order_updates: 'Order updates',
    appointment_reminders: 'Appointment reminders',
    offers: 'Offers and news',
    account_security: 'Login and security codes',
  },
  nl: {
    order_updates: 'Updates over bestellingen',
    appointment_reminders: 'Herinneringen aan afspraken',
    offers: 'Aanbiedingen en nieuws',
    account_security: 'Inlog- en beveiligingscodes',
  },
  de: {
    order_updates: 'Bestellupdates',
    appointment_reminders: 'Terminerinnerungen',
    offers: 'Angebote und Neuigkeiten',
    account_security: 'Anmelde- und Sicherheitscodes',
  },
};

export function categoryLabel(category: string, lang: ChannelLanguage = 'en'): string {
  return categoryLabels[lang][category] ?? category.replace(/_/g, ' ');
}

/**
 * The sentence beside the website's consent checkbox. It names the business and WhatsApp (Meta meta-rules.md#opt-in), so that the
 * ledger's wording check passes for every business name.
 */
export function websiteConsentSentence(business: string, lang: ChannelLanguage): string {
  switch (lang) {
    case 'nl':
      return `Ja, ${business} mag mij berichten sturen via WhatsApp over de onderwerpen die ik hieronder aanvink.`;
    case 'de':
      return `Ja, ${business} darf mir Nachrichten über WhatsApp zu den unten angekreuzten Themen senden.`;
    default:
      return `Yes, ${business} may send me messages on WhatsApp about the topics I tick below.`;
  }
}

/** The exact wording recorded for a website opt-in: the sentence and the labels of the ticked topics, as shown. */
export function websiteWording(
  business: string,
  categories: readonly string[],
  lang: ChannelLanguage,
): string {
  const topics = categories.map((c) => categoryLabel(c, lang)).join('; ');
  return `${websiteConsentSentence(business, lang)} [${topics}]`;
}

/** The text of an in-thread consent question for one category (an interactive message's body, ≤ 1024 chars). */
export function inThreadQuestion(business: string, category: string, lang: ChannelLanguage): string {
  const topic = categoryLabel(category, lang);
  switch (lang) {
    case 'nl':
      return `Mag ${business} je berichten sturen via WhatsApp over: ${topic}? Je kunt altijd STOP sturen om je af te melden.`;
    case 'de':
      return `Darf ${business} dir Nachrichten über WhatsApp senden zu: ${topic}? Du kannst jederzeit STOP senden, um dich abzumelden.`;
    default:
      return `May ${business} send you messages on WhatsApp about: ${topic}? You can reply STOP at any time to opt out.`;
  }
}

export const yesNoTitles: Record<ChannelLanguage, { yes: string; no: string }> = {
  en: { yes: 'Yes, please', no: 'No, thanks' },
  nl: { yes: 'Ja, graag', no: 'Nee, bedankt' },
  de: { yes: 'Ja, gerne', no: 'Nein, danke' },
};

/** The SMS that asks for a YES after an opt-in keyword; its text is the wording recorded when YES comes back. */
export function smsQuestion(business: string, categories: readonly string[], lang: ChannelLanguage): string {
  const topics = categories.map((c) => categoryLabel(c, lang)).join(', ');
  switch (lang) {
    case 'nl':
      return `${business}: antwoord JA om berichten via WhatsApp te ontvangen over: ${topics}. Antwoord STOP om je af te melden.`;
    case 'de':
      return `${business}: Antworte JA, um Nachrichten über WhatsApp zu erhalten zu: ${topics}. Antworte STOP zum Abmelden.`;
    default:
      return `${business}: reply YES to get messages from ${business} on WhatsApp about: ${topics}. Reply STOP to opt out.`;
  }
}

export function smsConfirmation(business: string, lang: ChannelLanguage): string {
  switch (lang) {
    case 'nl':
      return `${business}: bedankt, je bent aangemeld voor berichten via WhatsApp. Antwoord STOP om je af te melden.`;
    case 'de':
      return `${business}: Danke, du erhältst jetzt Nachrichten über WhatsApp. Antworte STOP zum Abmelden.`;
    default:
      return `${business}: thank you, you will now get messages on WhatsApp. Reply STOP to opt out.`;
  }
}

export function missedCallSms(business: string, link: string, lang: ChannelLanguage): string {
  switch (lang) {
    case 'nl':
      return `${business}: bedankt voor je oproep. Meld je hier aan voor berichten via WhatsApp: ${link}`;
    case 'de':
      return `${business}: Danke für deinen Anruf. Hier meldest du dich für Nachrichten über WhatsApp an: ${link}`;
    default:
      return `${business}: thanks for your call. Sign up for messages on WhatsApp here: ${link}`;
  }
}

/** Upper-cased, accents and surrounding punctuation removed: "  join! " and "Join" are the same keyword. */
export function keywordOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .trim()
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
}

/**
 * The opt-in keyword a whole message is, or undefined. Like STOP, the intent of the whole message counts: "JOIN" and
 * "join!" match, "I won't join" does not.
 */
export function matchOptInKeyword(
  text: string,
  keywords: Readonly<Record<string, readonly string[]>>,
): { keyword: string; categories: readonly string[] } | undefined {
  const said = keywordOf(text);
  for (const [keyword, categories] of Object.entries(keywords))
    if (keywordOf(keyword) === said) return { keyword: keywordOf(keyword), categories };
  return undefined;
}

const yesWords = new Set(['YES', 'Y', 'JA', 'J', 'OK', 'OKAY', 'SI', 'OUI']);

/** A whole-message "yes" to an SMS question. */
export const isYes = (text: string): boolean => yesWords.has(keywordOf(text));

/** The double opt-in code a person sends from WhatsApp: "CONFIRM K7QX2M" (a keyword and 6 letters/digits). */
export function matchConfirmation(text: string): string | undefined {
  return /^(?:CONFIRM|BEVESTIG|BESTATIGEN|BESTATIGE)\s+([A-Z0-9]{6})$/.exec(keywordOf(text))?.[1];
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function confirmationCode(random: Uint8Array): string {
  return Array.from(random.subarray(0, 6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** An in-thread consent answer, from a reply button or list row id like "consent:offers:yes". */
export function parseConsentReply(id: string): { category: string; answer: 'yes' | 'no' } | undefined {
  const m = /^consent:([a-z0-9_]{1,64}):(yes|no)$/.exec(id);
  return m ? { category: m[1]!, answer: m[2] as 'yes' | 'no' } : undefined;
}

/**
 * A phone number as people write it, to E.164, or a reason. Spaces, dots, dashes, brackets and a trunk "(0)" go;
 * "00" becomes "+"; a number without a country code needs a default country.
 */
export function normalisePhone(
  raw: string,
  defaultCountry?: string,
): { ok: true; e164: string; waId: string } | { ok: false; reason: string } {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, reason: 'phone.missing' };
  if (trimmed.length > 40) return { ok: false, reason: 'phone.too_long' };
  if (/[a-z]/i.test(trimmed.replace(/^tel:/i, '').replace(/\s*(ext\.?|x)\s*\d+$/i, '')))
    return { ok: false, reason: 'phone.invalid' };
  let s = trimmed
    .replace(/^tel:/i, '')
    .replace(/\(0\)/g, '')
    .replace(/[\s.\-()/\u00a0]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (!/^\+?\d+$/.test(s)) return { ok: false, reason: 'phone.invalid' };
  const country = defaultCountry?.toUpperCase() as CountryCode | undefined;
  if (!s.startsWith('+') && !country) return { ok: false, reason: 'phone.country_code_missing' };
  const parsed = parsePhoneNumberFromString(s, s.startsWith('+') ? undefined : country);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'phone.invalid' };
  return { ok: true, e164: parsed.number, waId: parsed.number.slice(1) };
}

/** A short, URL-safe name for a business's hosted page: "Acme Coffee" is "acme-coffee". */
export function slugOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'business'
  );
}
