// Website opt-in: the hosted page per business (HTML, no external resources) and the form model the widget renders.
import { randomBytes } from 'node:crypto';
import { invalidInput } from '../../../kernel/errors.ts';
import { clickToChatLink } from './click-to-chat.ts';
import type { ChannelBusiness, ChannelContext } from './context.ts';
import {
  categoryLabel,
  confirmationCode,
  normalisePhone,
  websiteConsentSentence,
  websiteWording,
  type ChannelLanguage,
} from './model.ts';

/** Everything a form shows; the widget gets it as JSON, the hosted page as HTML. Nothing about any contact. */
export type FormModel = {
  business: { name: string; slug: string };
  language: ChannelLanguage;
  sentence: string;
  categories: { name: string; label: string }[];
  privacyUrl: string;
  texts: Record<
    'phone' | 'phoneHint' | 'topics' | 'submit' | 'privacy' | 'invalidPhone' | 'validPhone',
    string
  >;
};

const texts: Record<ChannelLanguage, FormModel['texts']> = {
  en: {
    phone: 'Your WhatsApp number',
    phoneHint: 'With your country code, for example +31 6 12345678.',
    topics: 'Topics',
    submit: 'Sign up',
    privacy: 'How we use your number (privacy notice)',
    invalidPhone: 'This does not look like a valid phone number yet.',
    validPhone: 'Looks good:',
  },
  nl: {
    phone: 'Je WhatsApp-nummer',
    phoneHint: 'Met landcode, bijvoorbeeld +31 6 12345678.',
    topics: 'Onderwerpen',
    submit: 'Aanmelden',
    privacy: 'Hoe we je nummer gebruiken (privacyverklaring)',
    invalidPhone: 'Dit is nog geen geldig telefoonnummer.',
    validPhone: 'Klopt:',
  },
  de: {
    phone: 'Deine WhatsApp-Nummer',
    phoneHint: 'Mit Ländervorwahl, zum Beispiel +49 151 23456789.',
    topics: 'Themen',
    submit: 'Anmelden',
    privacy: 'Wie wir deine Nummer verwenden (Datenschutzhinweis)',
    invalidPhone: 'Das ist noch keine gültige Telefonnummer.',
    validPhone: 'Passt:',
  },
};

export function formModel(
  business: { name: string; slug: string },
  categories: readonly string[],
  lang: ChannelLanguage,
  privacyUrl: string,
): FormModel {
  return {
    business,
    language: lang,
    sentence: websiteConsentSentence(business.name, lang),
    categories: categories.map((name) => ({ name, label: categoryLabel(name, lang) })),
    privacyUrl,
    texts: texts[lang],
  };
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}fieldset{border:1px solid #ccc;border-radius:.5rem;margin:1rem 0}label{display:block;margin:.4rem 0}
input[type=tel]{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}.hint{color:#555;font-size:.9rem}
.bad{color:#b00020}.good{color:#1b7f3b}.wa{font-weight:600;color:#128c4b}button{font:inherit;padding:.5rem 1.2rem}`;

/**
 * The hosted page. The consent checkbox is unticked and sits beside the word WhatsApp and the business name; the
 * number is editable and checked as it is typed (libphonenumber-js in the browser); topics are ticked one by one.
 */
export function renderPage(
  m: FormModel,
  opts: { phone: string; source: string; callId: string; actionPath: string; assetsPath: string },
): string {
  const cats = m.categories
    .map(
      (c) =>
        `<label><input type="checkbox" name="categories" value="${escapeHtml(c.name)}"> ${escapeHtml(c.label)}</label>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${m.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(m.business.name)} · WhatsApp</title><style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(m.business.name)}</h1>
<form method="post" action="${escapeHtml(opts.actionPath)}" id="optin">
<input type="hidden" name="lang" value="${m.language}">
<input type="hidden" name="source" value="${escapeHtml(opts.source)}">
<input type="hidden" name="callId" value="${escapeHtml(opts.callId)}">
<label for="phone">${escapeHtml(m.texts.phone)}</label>
<input type="tel" id="phone" name="phone" autocomplete="tel" required value="${escapeHtml(opts.phone)}">
<div class="hint" id="phone-hint" aria-live="polite">${escapeHtml(m.texts.phoneHint)}</div>
<fieldset><legend>${escapeHtml(m.texts.topics)}</legend>
${cats}
</fieldset>
<label><input type="checkbox" name="consent" value="yes" required> <span class="wa">WhatsApp</span> · <span id="sentence">${escapeHtml(m.sentence)}</span></label>
<p><a href="${escapeHtml(m.privacyUrl)}">${escapeHtml(m.texts.privacy)}</a></p>
<button type="submit">${escapeHtml(m.texts.submit)}</button>
</form></main>
<script src="${escapeHtml(opts.assetsPath)}/libphonenumber.js"></script>
<script>
(function(){var i=document.getElementById('phone'),h=document.getElementById('phone-hint');
var bad=${JSON.stringify(m.texts.invalidPhone)},good=${JSON.stringify(m.texts.validPhone)},hint=${JSON.stringify(m.texts.phoneHint)};
function check(){var v=i.value.trim();if(!v){h.className='hint';h.textContent=hint;i.setCustomValidity('');return}
var p=window.libphonenumber&&libphonenumber.parsePhoneNumberFromString(v.replace(/^00/,'+'));
if(p&&p.isValid()){h.className='hint good';h.textContent=good+' '+p.formatInternational();i.setCustomValidity('')}
else{h.className='hint bad';h.textContent=bad;i.setCustomValidity(bad)}}
i.addEventListener('input',check);check();})();
</script>
</body></html>`;
}

export function renderMessagePage(
  title: string,
  paragraphs: string[],
  link?: { href: string; text: string },
): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}
</main></body></html>`;
}

export function privacyNotice(business: string): string[] {
  return [
    `${business} uses your phone number only to send you the WhatsApp messages you asked for, on the topics you ticked.`,
    'We keep a record of your consent: the text you agreed to, when, and from which browser (IP address and user agent), as proof that you asked for these messages.',
    'You can stop at any time by sending STOP on WhatsApp. You can also ask us to erase your data; we then keep only a scrambled form of your number so that we never message you again without a new sign-up.',
  ];
}

/** Where a hosted-page submission came from; each is a channel of its own in the ledger. */
export const formSources = ['website', 'missed_call', 'qr_code'] as const;
export type FormSource = (typeof formSources)[number];

export type WebsiteSubmission = {
  phone: string;
  consent: boolean;
  categories: string[];
  language: ChannelLanguage;
  source: FormSource;
  callId?: string;
};

export type WebsiteOutcome =
  | { status: 'recorded'; categories: string[] }
  | { status: 'confirmation_pending'; categories: string[]; confirmLink: string; code: string };

// The person has a day to send the confirmation code from WhatsApp.
const CONFIRMATION_TTL_MS = 24 * 3600_000;

/**
 * A form submission: the consent box must be ticked and at least one known topic chosen. The wording recorded is
 * the one the page showed for that language and those topics (websiteWording), never text sent by the browser.
 */
export async function submitWebsite(
  ctx: ChannelContext,
  business: ChannelBusiness,
  s: WebsiteSubmission,
  evidence: { ip: string; userAgent: string; page: string | null },
  now: number,
): Promise<WebsiteOutcome> {
  const phone = normalisePhone(s.phone);
  if (!phone.ok)
    throw invalidInput(
      'contact.phone_invalid',
      'Enter your number with its country code, for example +31 6 12345678.',
      {
        reason: phone.reason,
      },
    );
  if (!s.consent)
    throw invalidInput('consent.checkbox_unticked', 'Tick the box to agree to messages on WhatsApp.');
  const known = await ctx.categoriesOf(business.id);
  const categories = [...new Set(s.categories)];
  if (categories.length === 0) throw invalidInput('consent.categories_missing', 'Choose at least one topic.');
  const unknown = categories.filter((c) => !known.includes(c));
  if (unknown.length > 0)
    throw invalidInput('consent.category_unknown', `Unknown topics: ${unknown.join(', ')}.`, { unknown });
  const wording = websiteWording(business.name, categories, s.language);
  const proof = {
    ip: evidence.ip,
    userAgent: evidence.userAgent,
    page: evidence.page,
    source: s.source,
    ...(s.callId ? { callId: s.callId } : {}),
  };
  const settings = await ctx.store.settings(business.id);
  if (!settings.doubleOptIn) {
    await ctx.consent.recordOptIn(
      business,
      phone.waId,
      { categories, channel: s.source, wording, language: s.language, actor: 'customer', evidence: proof },
      now,
    );
    return { status: 'recorded', categories };
  }
  // Double opt-in without a business-initiated message: the person confirms by writing to us (docs/channels.md).
  const number = await ctx.numberOf(business.id);
  if (!number) throw invalidInput('business.number_missing', 'The business has no WhatsApp number yet.');
  const code = confirmationCode(randomBytes(6));
  await ctx.store.addPrompt({
    businessId: business.id,
    waId: phone.waId,
    kind: 'web_confirmation',
    code,
    categories,
    wording,
    language: s.language,
    evidence: proof,
    createdAt: now,
    expiresAt: now + CONFIRMATION_TTL_MS,
  });
  return {
    status: 'confirmation_pending',
    categories,
    code,
    confirmLink: clickToChatLink(number.displayPhoneNumber, `CONFIRM ${code}`),
  };
}
