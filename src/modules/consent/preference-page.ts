// The hosted preference center's HTML: what the person gets from the business, per category, and a form to change it.
import { escapeHtml } from './proof-page.ts';

export type PreferenceItem = { name: string; description: string | null; subscribed: boolean };

/** The sentence shown above the checkboxes; it is recorded as the wording of every opt-in made on the page. */
export function preferenceWording(businessName: string): string {
  return `I want to receive the messages I tick below from ${businessName} on WhatsApp.`;
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:32rem;padding:0 1rem}
label{display:block;margin:.6rem 0}small{color:#555;display:block;margin-left:1.6rem}button{font:inherit;padding:.4rem 1rem;margin:.6rem .4rem 0 0}</style>
</head><body>${body}</body></html>`;

export function renderPreferencePage(p: {
  businessName: string;
  phone: string;
  items: PreferenceItem[];
  action: string;
  saved?: boolean;
}): string {
  const boxes = p.items
    .map(
      (i) =>
        `<label><input type="checkbox" name="category" value="${escapeHtml(i.name)}"${i.subscribed ? ' checked' : ''}> ${escapeHtml(i.name.replace(/_/g, ' '))}${i.description ? `<small>${escapeHtml(i.description)}</small>` : ''}</label>`,
    )
    .join('\n');
  return page(
    `Your WhatsApp messages from ${p.businessName}`,
    `<h1>Your WhatsApp messages from ${escapeHtml(p.businessName)}</h1>
<p>For ${escapeHtml(p.phone)}.</p>
${p.saved ? '<p role="status"><strong>Your choices are saved.</strong></p>' : ''}
<form method="post" action="${escapeHtml(p.action)}">
<p>${escapeHtml(preferenceWording(p.businessName))}</p>
${boxes}
<button type="submit" name="intent" value="save">Save my choices</button>
<button type="submit" name="intent" value="stop_all">Stop all messages</button>
</form>`,
  );
}

export function renderPreferenceError(status: number, message: string): string {
  return page(
    'Link not valid',
    `<h1>This link cannot be used</h1><p>${escapeHtml(message)}</p><p>(${status})</p>`,
  );
}
