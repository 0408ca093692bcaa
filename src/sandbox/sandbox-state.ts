// The simulator's in-memory world: customers, their inboxes, templates, media and quality counters.
import type { GraphSendMessageRequest, GraphTemplate } from '../wire/graph.ts';

export type InboxEntry = {
  wamid: string;
  type: string;
  message: GraphSendMessageRequest;
  status: string;
  statuses: { status: string; timestamp: string }[];
  receivedAt: string;
};

export type Customer = {
  waId: string;
  name: string;
  /** false = "not on WhatsApp": every send fails with 131026. */
  onWhatsApp: boolean;
  /** false = the customer does not open chats: no `read` until they write to the business. */
  autoRead: boolean;
  blocked: boolean;
  marketingStopped: boolean;
  reports: number;
  /** Clock time of the customer's last message to the business: the sandbox's own service window record (meta-rules.md#service-window). */
  lastInboundMs: number | undefined;
  lastTemplateWamid: string | undefined;
  /** The template the customer last received: their blocks and reports count against it (meta-rules.md#template-lifecycle quality). */
  lastTemplateId: string | undefined;
  lastInteractiveWamid: string | undefined;
  inbox: InboxEntry[];
};

/** One customer's negative feedback on a template (meta-rules.md#template-lifecycle: blocks and reports feed the quality score). */
export type FeedbackSignal = { atMs: number; waId: string; kind: 'block' | 'report' };

export type StoredTemplate = GraphTemplate & {
  seq: number;
  /** Low-quality pauses so far: the 1st lasts 3 h, the 2nd 6 h, the 3rd disables (meta-rules.md#template-lifecycle). */
  pauses: number;
  /** Test-clock time at which a PAUSED template is unpaused automatically. */
  pausedUntilMs?: number;
  /** Negative feedback counted toward the quality score since the last pause (rolling window, meta-rules.md#number-quality). */
  signals: FeedbackSignal[];
  /** After an unpause the score stays at least YELLOW until this time (one window without new signals). */
  yellowFloorUntilMs?: number;
};

export type StoredMedia = { id: string; mimeType: string; sha256: string; size: number; bytes: Buffer };

// Bounded memory: load tests send to many recipients; each inbox keeps its most recent messages only.
export const INBOX_LIMIT = 200;
export const INCOMING_INDEX_LIMIT = 200_000;
export const MEDIA_TOTAL_BYTES = 256 * 1024 * 1024;

export function newCustomer(waId: string): Customer {
  return {
    waId,
    name: `Customer ${waId.slice(-4)}`,
    onWhatsApp: true,
    autoRead: true,
    blocked: false,
    marketingStopped: false,
    reports: 0,
    lastInboundMs: undefined,
    lastTemplateWamid: undefined,
    lastTemplateId: undefined,
    lastInteractiveWamid: undefined,
    inbox: [],
  };
}

/** Meta's sample template that every new WABA has (fixture message_templates__list-200). */
export function helloWorldTemplate(id: string): StoredTemplate {
  return {
    name: 'hello_world',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a message notification from WhatsApp Business Platform\u2019s Cloud API. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business API Team' },
    ],
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    id,
    quality_score: { score: 'GREEN' },
    seq: 0,
    pauses: 0,
    signals: [],
  };
}
