// The printable consent proof an auditor is handed: every event with its evidence, hashes and the chain's result.

export type ProofEvent = {
  seq: number;
  id: string;
  category: string;
  categorySet: string[];
  action: string;
  channel: string;
  actor: string;
  wording: string | null;
  language: string | null;
  businessName: string | null;
  evidence: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
  prevHash: string;
  hash: string;
  pseudonymised: boolean;
};

export type Proof = {
  generatedAt: string;
  business: { id: string; name: string };
  contact: { phone: string; suppressed: boolean };
  categories: Record<string, { state: string; since: string | null; channel: string | null }>;
  events: ProofEvent[];
  verification: {
    contact: {
      ok: boolean;
      events: number;
      broken: { eventId: string; seq: number; reason: string; message: string } | null;
    };
    chain: {
      ok: boolean;
      events: number;
      headHash?: string;
      broken?: { eventId: string; seq: number; reason: string; message: string };
    };
  };
};

/** Escapes text for HTML element content and quoted attribute values: everything user-supplied passes through it. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const styles = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111;max-width:60rem}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}.ok{color:#064;font-weight:600}.bad{color:#a00;font-weight:600}
code{font-size:12px;word-break:break-all}.event{page-break-inside:avoid;margin-bottom:1.2rem}
blockquote{margin:.2rem 0;padding:.3rem .6rem;border-left:3px solid #888;background:#fafafa}
@media print{body{margin:0}}`;

function verdict(ok: boolean, okText: string, badText: string): string {
  return ok
    ? `<span class="ok">${escapeHtml(okText)}</span>`
    : `<span class="bad">${escapeHtml(badText)}</span>`;
}

export function renderProofHtml(p: Proof): string {
  const rows = Object.entries(p.categories)
    .map(
      ([name, c]) =>
        `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(c.state)}</td><td>${escapeHtml(c.since ?? '')}</td><td>${escapeHtml(c.channel ?? '')}</td></tr>`,
    )
    .join('');
  const events = p.events
    .map((e) => {
      const evidence = Object.entries(e.evidence)
        .map(
          ([k, v]) =>
            `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</td></tr>`,
        )
        .join('');
      return `<section class="event"><h3>#${e.seq} ${escapeHtml(e.action === 'opt_in' ? 'Opt-in' : 'Opt-out')}: ${escapeHtml(e.category)}</h3>
<table>
<tr><th>Event id</th><td><code>${escapeHtml(e.id)}</code></td></tr>
<tr><th>Occurred</th><td>${escapeHtml(e.occurredAt)}</td></tr>
<tr><th>Recorded</th><td>${escapeHtml(e.recordedAt)}</td></tr>
<tr><th>Channel</th><td>${escapeHtml(e.channel)}</td></tr>
<tr><th>Actor</th><td>${escapeHtml(e.actor)}</td></tr>
<tr><th>Categories in this request</th><td>${escapeHtml(e.categorySet.join(', '))}</td></tr>
<tr><th>Wording shown</th><td>${e.wording === null ? '<em>none</em>' : `<blockquote lang="${escapeHtml(e.language ?? '')}">${escapeHtml(e.wording)}</blockquote>`}</td></tr>
<tr><th>Language</th><td>${escapeHtml(e.language ?? '')}</td></tr>
<tr><th>Business named</th><td>${escapeHtml(e.businessName ?? '')}</td></tr>
${evidence}
${e.pseudonymised ? '<tr><th>Personal data</th><td>Erased on request; the chain keeps only its digest.</td></tr>' : ''}
<tr><th>Previous hash</th><td><code>${escapeHtml(e.prevHash)}</code></td></tr>
<tr><th>Hash</th><td><code>${escapeHtml(e.hash)}</code></td></tr>
</table></section>`;
    })
    .join('\n');
  const v = p.verification;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Consent proof: ${escapeHtml(p.business.name)} / ${escapeHtml(p.contact.phone)}</title>
<style>${styles}</style></head><body>
<h1>Consent proof</h1>
<table>
<tr><th>Business</th><td>${escapeHtml(p.business.name)} (<code>${escapeHtml(p.business.id)}</code>)</td></tr>
<tr><th>Contact</th><td>${escapeHtml(p.contact.phone)}${p.contact.suppressed ? ' (erased on request; suppressed)' : ''}</td></tr>
<tr><th>Generated</th><td>${escapeHtml(p.generatedAt)}</td></tr>
<tr><th>This contact's events</th><td>${verdict(v.contact.ok, `Verified: ${v.contact.events} event(s), every hash and link intact`, `Broken at event ${v.contact.broken?.seq ?? '?'}: ${v.contact.broken?.message ?? ''}`)}</td></tr>
<tr><th>The business's whole chain</th><td>${verdict(v.chain.ok, `Verified: ${v.chain.events} event(s), head ${v.chain.headHash ?? ''}`, `Broken at event ${v.chain.broken?.seq ?? '?'}: ${v.chain.broken?.message ?? ''}`)}</td></tr>
</table>
<p>Each event's hash is SHA-256 over a canonical serialisation of the event and the previous event's hash, so changing, removing or reordering any event breaks every hash after it. Personal evidence (IP address, browser, name) enters the hash only as a digest, which is why the chain still verifies after an erasure.</p>
<h2>Current consent</h2>
<table><tr><th>Category</th><th>State</th><th>Since</th><th>Channel</th></tr>${rows}</table>
<h2>Events</h2>
${events || '<p>No events.</p>'}
</body></html>`;
}
