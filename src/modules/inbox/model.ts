// Inbox model: thread statuses, the ownership lock, history reasons and views. Pure.

export const threadStatuses = ['bot', 'open', 'pending', 'resolved'] as const;
export type ThreadStatus = (typeof threadStatuses)[number];

/** Who may answer the thread: the bot, or people. The bot writes only under a conditional update on owner = 'bot'. */
export type ThreadOwner = 'bot' | 'human';

export const handoffReasons = [
  'keyword',
  'menu',
  'trigger',
  'flow_step',
  'not_understood',
  'agent_took_over',
  'api',
] as const;
export type HandoffReason = (typeof handoffReasons)[number];

export type Thread = {
  id: string;
  businessId: string;
  phoneNumberId: string;
  waId: string;
  status: ThreadStatus;
  owner: ThreadOwner;
  assigneeAgentId: string | null;
  assigneeTeamId: string | null;
  botState: string;
  version: number;
  lastMessageAt: number;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  tags: string[];
};

/** The owner that goes with a status: resolved threads are the bot's again (resolving hands the thread back). */
export const ownerOf = (status: ThreadStatus): ThreadOwner =>
  status === 'open' || status === 'pending' ? 'human' : 'bot';

/** The service window as an agent needs it: open or not, and the exact moment it closes (last inbound + 24 h). */
export function windowView(lastInboundAt: number | null, now: number) {
  const closesAt = lastInboundAt === null ? null : lastInboundAt + 24 * 3_600_000;
  return {
    open: closesAt !== null && now < closesAt,
    lastInboundAt: lastInboundAt === null ? null : new Date(lastInboundAt).toISOString(),
    closesAt: closesAt === null ? null : new Date(closesAt).toISOString(),
    secondsLeft: closesAt === null ? 0 : Math.max(0, Math.floor((closesAt - now) / 1000)),
  };
}

/** Tags are short labels: lower case letters, digits, "-" and "_". */
export function normaliseTag(tag: string): string | null {
  const t = tag.trim().toLowerCase();
  return /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u.test(t) ? t : null;
}

/** A contact's likely language from their number's country, for a flow that speaks it. */
export function languageOfCountry(country: string | null): string | null {
  if (!country) return null;
  const map: Record<string, string> = {
    NL: 'nl',
    BE: 'nl',
    SR: 'nl',
    DE: 'de',
    AT: 'de',
    CH: 'de',
    LI: 'de',
    FR: 'fr',
    LU: 'fr',
    MC: 'fr',
    ES: 'es',
    MX: 'es',
    AR: 'es',
    CO: 'es',
    CL: 'es',
    PE: 'es',
    GB: 'en',
    US: 'en',
    IE: 'en',
    AU: 'en',
  };
  return map[country.toUpperCase()] ?? null;
}

type StoredRequest = {
  text?: unknown;
  media?: { caption?: unknown };
  template?: { name?: unknown; parameters?: unknown; header?: unknown; buttons?: unknown };
  interactive?: {
    header?: { text?: unknown };
    body?: { text?: unknown };
    footer?: { text?: unknown };
    action?: {
      button?: unknown;
      buttons?: { reply?: { title?: unknown } }[];
      sections?: { title?: unknown; rows?: { title?: unknown; description?: unknown }[] }[];
    };
  };
};

const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(strings)
      : typeof v === 'object' && v !== null
        ? Object.values(v).flatMap(strings)
        : [];

/**
 * The words an outbound message shows the customer, from its stored request: what search matches, never the JSON's
 * keys or technical values (the number, "interactive", "reply", ids, the language).
 */
export function visibleTexts(request: string): string[] {
  let r: StoredRequest;
  try {
    r = JSON.parse(request) as StoredRequest;
  } catch {
    return [];
  }
  const out: unknown[] = [r.text, r.media?.caption];
  if (r.template)
    out.push(
      r.template.name,
      ...strings(r.template.parameters),
      ...strings(r.template.header),
      ...(Array.isArray(r.template.buttons)
        ? r.template.buttons.map((b: { text?: unknown }) => b?.text)
        : []),
    );
  const i = r.interactive;
  if (i) {
    out.push(i.header?.text, i.body?.text, i.footer?.text, i.action?.button);
    for (const b of i.action?.buttons ?? []) out.push(b?.reply?.title);
    for (const sec of i.action?.sections ?? []) {
      out.push(sec?.title);
      for (const row of sec?.rows ?? []) out.push(row?.title, row?.description);
    }
  }
  return out.filter((x): x is string => typeof x === 'string' && x !== '');
}

/**
 * The words of a customer's message for the thread view: its text, else the title of the reply button or list row
 * they tapped, else a template quick-reply button's text (taps store no text of their own).
 */
export function inboundText(text: string | null, payload: string): string | null {
  if (text !== null) return text;
  let m: {
    interactive?: { button_reply?: { title?: unknown }; list_reply?: { title?: unknown } };
    button?: { text?: unknown };
  };
  try {
    m = JSON.parse(payload) as typeof m;
  } catch {
    return null;
  }
  const t = m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? m.button?.text;
  return typeof t === 'string' ? t : null;
}
