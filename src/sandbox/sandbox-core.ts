// The simulator's behaviour: sends and their fates, customers, templates and media. Routes stay thin around it.
import { createHash } from 'node:crypto';
import type { OffsetClock } from '../kernel/clock.ts';
import { DAY_MS } from '../kernel/clock.ts';
import type {
  GraphSendMessageRequest,
  TemplateStatus,
  QualityScore,
  GraphPhoneNumber,
} from '../wire/graph.ts';
import type { InboundMessage, PricingObject, StatusUpdate, WebhookError } from '../wire/webhook.ts';
import {
  ASYNC_ERRORS,
  graphError,
  invalidParameter,
  templateManagementError,
  webhookError,
  type GraphFailure,
} from './graph-errors.ts';
import { conversationId, incomingWamid, numericId, outgoingWamid, wamidDirection } from './meta-ids.ts';
import type { Random } from './random.ts';
import { PairRateLimiter, ThroughputWindow } from './rate-limits.ts';
import {
  helloWorldTemplate,
  INBOX_LIMIT,
  INCOMING_INDEX_LIMIT,
  MEDIA_TOTAL_BYTES,
  newCustomer,
  type Customer,
  type InboxEntry,
  type StoredMedia,
  type StoredTemplate,
} from './sandbox-state.ts';
import { validateSend } from './send-validation.ts';
import { TemplateLifecycle, type TemplateQualityOptions } from './template-lifecycle.ts';
import { reviewContent } from './template-review.ts';
import { checkTemplateSend, validateTemplateCreate } from './template-rules.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

export type Faults = {
  rateLimitRate: number;
  serverErrorRate: number;
  duplicateRate: number;
  reorder: boolean;
};
export const NO_FAULTS: Faults = { rateLimitRate: 0, serverErrorRate: 0, duplicateRate: 0, reorder: false };

export type GraphResult = { status: number; body: unknown };

export type CoreOptions = {
  clock: OffsetClock;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  defaultVersion: number;
  throughputMps: number;
  templateReviewMs: number;
  random: Random;
  dispatcher: WebhookDispatcher;
  mediaUrl: (media: StoredMedia) => string;
  templateQuality: TemplateQualityOptions;
};

/** Meta's per-WABA template cap for an unverified business portfolio (meta-rules.md#template-format). */
const TEMPLATE_LIMIT = 250;
const TEMPLATE_STATUSES = new Set<string>([
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'FLAGGED',
  'REINSTATED',
  'PENDING_DELETION',
  'DELETED',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
  'LOCKED',
]);
const QUALITY_SCORES = new Set<string>(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']);

const MEDIA_RULES: { kind: string; types: string[]; maxBytes: number }[] = [
  { kind: 'image', types: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
  {
    kind: 'audio',
    types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16 * 1024 * 1024,
  },
  { kind: 'video', types: ['video/mp4', 'video/3gpp'], maxBytes: 16 * 1024 * 1024 },
  { kind: 'sticker', types: ['image/webp'], maxBytes: 500 * 1024 },
  {
    kind: 'document',
    types: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * 1024 * 1024,
  },
];
const ALL_MEDIA_TYPES = MEDIA_RULES.flatMap((r) => r.types);

export class SandboxCore {
  readonly faults: Faults = { ...NO_FAULTS };
  readonly quality = { reports: 0, blocks: 0 };
  phoneOverrides: { messagingLimit: string; throughputLevel: 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE' } = {
    messagingLimit: 'TIER_2K',
    throughputLevel: 'STANDARD',
  };
  private readonly o: CoreOptions;
  private readonly customers = new Map<string, Customer>();
  private readonly incoming = new Map<string, string>();
  private readonly templates = new Map<string, StoredTemplate>();
  private readonly templateKeys = new Map<string, string>();
  private templateSeq = 0;
  private readonly media = new Map<string, StoredMedia>();
  private mediaBytes = 0;
  private readonly throughput: ThroughputWindow;
  private readonly pairs = new PairRateLimiter();
  private readonly reviewTimers = new Set<NodeJS.Timeout>();
  private readonly lifecycle: TemplateLifecycle;

  constructor(o: CoreOptions) {
    this.o = o;
    this.lifecycle = new TemplateLifecycle({
      clock: o.clock,
      dispatcher: o.dispatcher,
      quality: o.templateQuality,
    });
    this.throughput = new ThroughputWindow(o.throughputMps);
    const hello = helloWorldTemplate(numericId());
    this.templates.set(hello.id, hello);
    this.templateKeys.set(`${hello.name}|${hello.language}`, hello.id);
  }

  close(): void {
    for (const t of this.reviewTimers) clearTimeout(t);
    this.reviewTimers.clear();
  }

  /** Lets test-clock time take effect: pauses that are over end, old feedback ages out (meta-rules.md#template-lifecycle). Cheap when nothing is due. */
  tick(): void {
    this.lifecycle.tick();
  }

  // ---------------------------------------------------------------- customers

  customer(waId: string): Customer {
    let c = this.customers.get(waId);
    if (!c) {
      c = newCustomer(waId);
      this.customers.set(waId, c);
    }
    return c;
  }

  findCustomer(waId: string): Customer | undefined {
    return this.customers.get(waId);
  }

  /** The customer writes to the business (meta-rules.md#inbound-messages, meta-rules.md#inbound-replies); opens or refreshes the sandbox-side service window. */
  customerWrites(c: Customer, content: Record<string, unknown>, contextId: string | undefined): string {
    const now = this.o.clock.now();
    const wamid = incomingWamid(c.waId);
    c.lastInboundMs = now;
    this.rememberIncoming(wamid, c.waId);
    const message: InboundMessage = {
      from: c.waId,
      id: wamid,
      timestamp: String(Math.floor(now / 1000)),
      type: 'text',
    };
    let context = contextId;
    if (typeof content.text === 'string') {
      message.text = { body: content.text };
    } else if (content.button) {
      const b = content.button as { payload: string; text: string };
      message.type = 'button';
      message.button = { payload: b.payload, text: b.text };
      context ??= c.lastTemplateWamid;
    } else {
      const it = content.interactive as {
        type: 'button_reply' | 'list_reply';
        id: string;
        title: string;
        description?: string;
      };
      message.type = 'interactive';
      const reply: { id: string; title: string; description?: string } = { id: it.id, title: it.title };
      if (it.type === 'list_reply' && it.description !== undefined) reply.description = it.description;
      message.interactive =
        it.type === 'button_reply'
          ? { type: 'button_reply', button_reply: reply }
          : { type: 'list_reply', list_reply: reply };
      context ??= c.lastInteractiveWamid;
    }
    // Meta puts context first in the message object (fixtures messages__button-template-quick-reply).
    const ordered: InboundMessage = context
      ? { context: { from: this.o.displayPhoneNumber, id: context }, ...message }
      : message;
    this.o.dispatcher.enqueue({
      kind: 'message',
      contact: { profile: { name: c.name }, wa_id: c.waId },
      message: ordered,
    });
    // Opening the chat to reply shows everything before as read, for customers who do not read on arrival.
    if (!c.autoRead) this.readUnread(c, now);
    return wamid;
  }

  customerAction(c: Customer, action: string): void {
    const now = this.o.clock.now();
    switch (action) {
      case 'block':
        if (!c.blocked) {
          this.quality.blocks++;
          this.templateFeedback(c, 'block');
        }
        c.blocked = true;
        return;
      case 'unblock':
        c.blocked = false;
        return;
      case 'report':
        c.reports++;
        this.quality.reports++;
        this.templateFeedback(c, 'report');
        return;
      case 'stop_marketing':
      case 'resume_marketing': {
        const stop = action === 'stop_marketing';
        c.marketingStopped = stop;
        // meta-rules.md#user-preferences: WhatsApp itself tells the business, per phone number.
        this.o.dispatcher.enqueue({
          kind: 'change',
          field: 'user_preferences',
          value: {
            messaging_product: 'whatsapp',
            metadata: this.metadata(),
            contacts: [{ wa_id: c.waId }],
            user_preferences: [
              {
                wa_id: c.waId,
                detail: stop
                  ? 'User requested to stop marketing messages'
                  : 'User requested to resume marketing messages',
                category: 'marketing_messages',
                value: stop ? 'stop' : 'resume',
                timestamp: Math.floor(now / 1000),
              },
            ],
          },
        });
      }
    }
  }

  /** meta-rules.md#template-lifecycle: customer feedback on the template the customer last received lowers that template's quality. */
  private templateFeedback(c: Customer, kind: 'block' | 'report'): void {
    const t = c.lastTemplateId === undefined ? undefined : this.templates.get(c.lastTemplateId);
    if (t) this.lifecycle.feedback(t, c.waId, kind);
  }

  // ---------------------------------------------------------------- sending

  /** `POST /{phone-number-id}/messages`: a send, or a mark-as-read. */
  messages(body: Record<string, unknown>, version: number): GraphResult {
    const fault = this.syncFault();
    if (fault) return fault;
    if (body.status !== undefined) return this.markRead(body);
    const valid = validateSend(body);
    if ('status' in valid) return valid;
    const { request, input, waId } = valid;
    if (!this.throughput.tryTake())
      return graphError(400, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.');
    let category: 'service' | 'marketing' | 'utility' | 'authentication' = 'service';
    let templateId: string | undefined;
    if (request.type === 'template') {
      const t = request.template!;
      const stored = this.templateByKey(t.name, t.language.code);
      if (!stored || !['APPROVED', 'PAUSED', 'DISABLED'].includes(stored.status))
        return graphError(
          404,
          132001,
          'Template name does not exist in the translation',
          `template name (${t.name}) does not exist in ${t.language.code}`,
        );
      if (stored.status === 'PAUSED')
        return graphError(
          400,
          132015,
          'Template is Paused',
          `Template ${t.name} is paused due to low quality so it cannot be sent in a template message.`,
        );
      if (stored.status === 'DISABLED')
        return graphError(
          400,
          132016,
          'Template is Disabled',
          `Template ${t.name} has been paused too many times due to low quality and is now permanently disabled.`,
        );
      const mismatch = checkTemplateSend(stored, t);
      if (mismatch) return mismatch;
      category = stored.category.toLowerCase() as typeof category;
      templateId = stored.id;
    }
    const now = this.o.clock.now();
    if (!this.pairs.tryTake(waId, now))
      return graphError(
        400,
        131056,
        '(Business Account, Consumer Account) pair rate limit hit',
        'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
      );
    const wamid = outgoingWamid(waId);
    this.deliver(wamid, waId, request, category, now, version, templateId);
    const message: { id: string; message_status?: 'accepted' } = { id: wamid };
    // meta-rules.md#send-response: sources disagree; the simulator always includes message_status for template sends.
    if (request.type === 'template') message.message_status = 'accepted';
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input, wa_id: waId }], messages: [message] },
    };
  }

  private syncFault(): GraphFailure | undefined {
    const f = this.faults;
    if (f.rateLimitRate > 0 && this.o.random.next() < f.rateLimitRate)
      return graphError(400, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.');
    if (f.serverErrorRate > 0 && this.o.random.next() < f.serverErrorRate) {
      return this.o.random.next() < 0.5
        ? graphError(
            500,
            131016,
            'Service unavailable',
            'A service is temporarily unavailable. Please check the status page and try again later.',
          )
        : graphError(
            500,
            131000,
            'Something went wrong',
            'Message failed to send because of an unknown error. Please try again later.',
          );
    }
    return undefined;
  }

  private markRead(body: Record<string, unknown>): GraphResult {
    const unexpected = Object.keys(body).find(
      (k) => !['messaging_product', 'status', 'message_id', 'typing_indicator', 'recipient_type'].includes(k),
    );
    if (unexpected) return invalidParameter(`Unexpected key "${unexpected}" on param "<root>".`);
    if (body.messaging_product !== 'whatsapp')
      return invalidParameter('The parameter messaging_product is required and must be "whatsapp".');
    if (body.status !== 'read') return invalidParameter('Param status must be "read".');
    const id = body.message_id;
    if (typeof id !== 'string' || id.length === 0)
      return invalidParameter('The parameter message_id is required.');
    if (body.typing_indicator !== undefined) {
      const ti = body.typing_indicator as { type?: unknown };
      if (typeof ti !== 'object' || ti === null || ti.type !== 'text')
        return invalidParameter('Param typing_indicator[\'type\'] must be "text".');
    }
    // Fixture messages__mark-read-outgoing-id-400, word for word.
    if (wamidDirection(id) === 'outgoing')
      return invalidParameter(
        `Message supplied to mark message as read API with message ID: ${id} is outgoing. Please use an incoming message ID.`,
      );
    if (!this.incoming.has(id))
      return invalidParameter(
        `Message supplied to mark message as read API with message ID: ${id} was not found. Please use an incoming message ID.`,
      );
    return { status: 200, body: { success: true } };
  }

  /** Decides what happens to an accepted message and queues its status webhooks. */
  private deliver(
    wamid: string,
    waId: string,
    request: GraphSendMessageRequest,
    category: 'service' | 'marketing' | 'utility' | 'authentication',
    now: number,
    version: number,
    templateId: string | undefined,
  ): void {
    const c = this.customer(waId);
    const entry: InboxEntry = {
      wamid,
      type: request.type,
      message: request,
      status: 'accepted',
      statuses: [],
      receivedAt: new Date(now).toISOString(),
    };
    c.inbox.push(entry);
    if (c.inbox.length > INBOX_LIMIT) c.inbox.splice(0, c.inbox.length - INBOX_LIMIT);
    if (request.type === 'template') c.lastTemplateWamid = wamid;
    if (request.type === 'interactive') c.lastInteractiveWamid = wamid;

    const t = Math.floor(now / 1000);
    const windowOpen = c.lastInboundMs !== undefined && now - c.lastInboundMs < DAY_MS;
    const base: StatusUpdate = { id: wamid, status: 'sent', timestamp: String(t), recipient_id: waId };
    if (request.biz_opaque_callback_data !== undefined)
      base.biz_opaque_callback_data = request.biz_opaque_callback_data;

    const error = this.asyncFailure(c, request, category, windowOpen);
    if (error) {
      this.emitStatus(entry, { ...base, status: 'failed', errors: [error] });
      return;
    }
    // Only a template that reached the customer can be blamed for their block or report.
    if (templateId !== undefined) c.lastTemplateId = templateId;
    const pricing = pricingFor(request.type === 'template', category, windowOpen);
    const sent: StatusUpdate = { ...base };
    // ≤ v23: conversation on `sent`, id unique per message, origin = category (meta-rules.md#statuses).
    if (version <= 23) {
      const expires =
        windowOpen && pricing.type === 'free_customer_service'
          ? Math.floor((c.lastInboundMs! + DAY_MS) / 1000)
          : t + 86_400;
      sent.conversation = {
        id: conversationId(),
        expiration_timestamp: String(expires),
        origin: { type: pricing.category },
      };
    }
    sent.pricing = pricing;
    this.emitStatus(entry, sent);
    // meta-rules.md#send-reaction-context: a reaction only ever gets `sent`.
    if (request.type === 'reaction') return;
    // Later statuses carry later timestamps: the handset reports delivery, then the read receipt.
    this.emitStatus(entry, { ...base, status: 'delivered', timestamp: String(t + 1), pricing });
    if (c.autoRead) this.emitStatus(entry, { ...base, status: 'read', timestamp: String(t + 2) });
  }

  private asyncFailure(
    c: Customer,
    request: GraphSendMessageRequest,
    category: string,
    windowOpen: boolean,
  ): WebhookError | undefined {
    // 131026 rule: a customer marked onWhatsApp:false, a customer who blocked the business, or any number ending in 0000.
    if (!c.onWhatsApp || c.blocked || c.waId.endsWith('0000')) return ASYNC_ERRORS.undeliverable();
    if (request.type !== 'template' && !windowOpen) return ASYNC_ERRORS.reEngagement();
    if (request.type === 'template' && category === 'marketing' && c.marketingStopped)
      return ASYNC_ERRORS.marketingStopped();
    const media = (request as unknown as Record<string, { id?: string } | undefined>)[request.type];
    if (
      ['image', 'video', 'audio', 'document', 'sticker'].includes(request.type) &&
      media?.id !== undefined &&
      !this.media.has(media.id)
    )
      return webhookError(
        131053,
        'Media upload error',
        `Media with id ${media.id} was not found or has been deleted.`,
      );
    return undefined;
  }

  private emitStatus(entry: InboxEntry, status: StatusUpdate): void {
    entry.status = status.status;
    entry.statuses.push({ status: status.status, timestamp: status.timestamp });
    this.o.dispatcher.enqueue({ kind: 'status', status });
  }

  private readUnread(c: Customer, now: number): void {
    const t = String(Math.floor(now / 1000));
    for (const e of c.inbox) {
      if (e.status !== 'delivered') continue;
      this.emitStatus(e, { id: e.wamid, status: 'read', timestamp: t, recipient_id: c.waId });
    }
  }

  private rememberIncoming(wamid: string, waId: string): void {
    this.incoming.set(wamid, waId);
    if (this.incoming.size > INCOMING_INDEX_LIMIT) this.incoming.delete(this.incoming.keys().next().value!);
  }

  // ---------------------------------------------------------------- templates

  private templateByKey(name: string, language: string): StoredTemplate | undefined {
    const id = this.templateKeys.get(`${name}|${language}`);
    return id === undefined ? undefined : this.templates.get(id);
  }

  findTemplate(id: string): StoredTemplate | undefined {
    return this.templates.get(id);
  }

  createTemplate(body: Record<string, unknown>): GraphResult {
    const draft = validateTemplateCreate(body);
    if ('status' in draft) return draft;
    if (this.templates.size >= TEMPLATE_LIMIT)
      return templateManagementError(
        2388019,
        'Message template limit exceeded',
        `You have reached the limit of ${TEMPLATE_LIMIT} message templates for this WhatsApp Business Account.`,
      );
    if (this.templateKeys.has(`${draft.name}|${draft.language}`))
      return templateManagementError(
        2388024,
        'Content in this language already exists',
        `There is already ${draft.language} content for this template (${draft.name}). You can create a new template and try again.`,
      );
    // Meta classifies at submission: a UTILITY template it judges to be marketing is created, and approved, as
    // MARKETING (since 9 Apr 2025, meta-rules.md#template-categories), so the create response already carries the category it will have.
    const content = reviewContent(draft.category, draft.components);
    const id = numericId();
    const stored: StoredTemplate = {
      name: draft.name,
      parameter_format: draft.parameterFormat,
      components: draft.components,
      language: draft.language,
      status: 'PENDING',
      category: content.verdict === 'APPROVE' ? content.category : draft.category,
      id,
      seq: ++this.templateSeq,
      pauses: 0,
      signals: [],
    };
    this.templates.set(id, stored);
    this.templateKeys.set(`${draft.name}|${draft.language}`, id);
    // Review happens "a moment later", then the status webhook (meta-rules.md#template-lifecycle, meta-rules.md#template-status-webhook).
    const release = this.o.dispatcher.hold();
    const timer = setTimeout(() => {
      this.reviewTimers.delete(timer);
      if (this.templates.get(id) === stored && stored.status === 'PENDING') {
        // Format first (INVALID_FORMAT carries rejection_info), then content (meta-rules.md#template-status-webhook).
        if (!draft.verdict.approved)
          this.lifecycle.reject(stored, 'INVALID_FORMAT', {
            reason: draft.verdict.reason,
            recommendation: draft.verdict.recommendation,
          });
        else if (content.verdict === 'REJECT') this.lifecycle.reject(stored, content.reason);
        else this.lifecycle.approve(stored, draft.category);
      }
      release();
    }, this.o.templateReviewMs);
    this.reviewTimers.add(timer);
    return { status: 200, body: { id, status: 'PENDING', category: stored.category } };
  }

  listTemplates(
    query: Record<string, string | undefined>,
    nextUrl: (after: string, limit: number) => string,
  ): GraphResult {
    const limit = query.limit === undefined ? 25 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return invalidParameter('Param limit must be an integer between 1 and 1000.');
    let afterSeq = -1;
    if (query.after !== undefined) {
      afterSeq = decodeCursor(query.after);
      if (afterSeq < -1) return invalidParameter('Param after is not a valid cursor.');
    }
    const statuses = query.status?.split(',').map((s) => s.trim().toUpperCase());
    const fields = parseFields(query.fields);
    const matching = [...this.templates.values()]
      .filter(
        (t) =>
          (query.name === undefined || t.name.includes(query.name)) &&
          (statuses === undefined || statuses.includes(t.status)) &&
          (query.language === undefined || t.language === query.language) &&
          (query.category === undefined || t.category === query.category.toUpperCase()),
      )
      .sort((a, b) => a.seq - b.seq);
    const page = matching.filter((t) => t.seq > afterSeq).slice(0, limit);
    const body: { data: unknown[]; paging?: unknown } = { data: page.map((t) => templateView(t, fields)) };
    if (page.length > 0) {
      const last = page[page.length - 1]!;
      const paging: { cursors: { before: string; after: string }; next?: string } = {
        cursors: { before: encodeCursor(page[0]!.seq - 1), after: encodeCursor(last.seq) },
      };
      if (matching.some((t) => t.seq > last.seq)) paging.next = nextUrl(encodeCursor(last.seq), limit);
      body.paging = paging;
    }
    return { status: 200, body };
  }

  getTemplate(t: StoredTemplate, fieldsParam: string | undefined): GraphResult {
    return { status: 200, body: templateView(t, parseFields(fieldsParam), true) };
  }

  deleteTemplates(name: string | undefined, hsmId: string | undefined): GraphResult {
    if (!name) return invalidParameter('The parameter name is required.');
    const victims = [...this.templates.values()].filter(
      (t) => t.name === name && (hsmId === undefined || t.id === hsmId),
    );
    if (victims.length === 0)
      return templateManagementError(
        2593002,
        'Message Template Not Found',
        `The message template ${name} wasn't found for this account.`,
      );
    for (const t of victims) {
      this.lifecycle.forget(t);
      this.templates.delete(t.id);
      this.templateKeys.delete(`${t.name}|${t.language}`);
    }
    return { status: 200, body: { success: true } };
  }

  /** Test hook: change status and/or quality, emitting meta-rules.md#template-status-webhook / meta-rules.md#template-quality-webhook webhooks. Returns an error text or undefined. */
  setTemplateState(t: StoredTemplate, status: unknown, quality: unknown): string | undefined {
    if (status !== undefined && (typeof status !== 'string' || !TEMPLATE_STATUSES.has(status)))
      return `status must be one of ${[...TEMPLATE_STATUSES].join(', ')}`;
    if (quality !== undefined && (typeof quality !== 'string' || !QUALITY_SCORES.has(quality)))
      return 'quality must be one of GREEN, YELLOW, RED, UNKNOWN';
    if (quality !== undefined) this.lifecycle.forceQuality(t, quality as QualityScore);
    if (status !== undefined) this.lifecycle.forceStatus(t, status as TemplateStatus);
    return undefined;
  }

  /** `POST /{template-id}/unpause`: Meta's manual unpause (meta-rules.md#template-lifecycle), only for a PAUSED template. */
  unpauseTemplate(t: StoredTemplate): GraphResult {
    if (t.status !== 'PAUSED')
      return invalidParameter(`Template ${t.name} is ${t.status}; only a PAUSED template can be unpaused.`);
    this.lifecycle.unpause(t);
    return { status: 200, body: { success: true } };
  }

  // ---------------------------------------------------------------- phone number and WABA

  phoneNumber(): GraphPhoneNumber {
    return {
      verified_name: this.o.verifiedName,
      code_verification_status: 'VERIFIED',
      display_phone_number: this.o.displayPhoneNumber,
      quality_rating: this.qualityRating(),
      platform_type: 'CLOUD_API',
      throughput: { level: this.phoneOverrides.throughputLevel },
      whatsapp_business_manager_messaging_limit: this.phoneOverrides.messagingLimit,
      status: 'CONNECTED',
      name_status: 'APPROVED',
      id: this.o.phoneNumberId,
    };
  }

  /**
   * Quality from the customer-feedback signals we count (meta-rules.md#number-quality: blocks and reports). The thresholds are the
   * sandbox's own: 3 signals make YELLOW, 10 make RED. A change sends no webhook on purpose:
   * `phone_number_quality_update` now only reports throughput events (ONBOARDING, THROUGHPUT_UPGRADE, meta-rules.md#phone-quality-webhook),
   * and the FLAGGED/DOWNGRADE events are gone since 7 Oct 2025 (meta-rules.md#number-quality). Read it with `GET /{phone-number-id}`.
   */
  qualityRating(): 'GREEN' | 'YELLOW' | 'RED' {
    const signals = this.quality.blocks + this.quality.reports;
    return signals >= 10 ? 'RED' : signals >= 3 ? 'YELLOW' : 'GREEN';
  }

  waba(): Record<string, unknown> {
    return {
      id: this.o.wabaId,
      name: this.o.verifiedName,
      currency: 'USD',
      timezone_id: '1',
      message_template_namespace: createHash('sha1')
        .update(this.o.wabaId)
        .digest('hex')
        .slice(0, 32)
        .replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1_$2_$3_$4_'),
      account_review_status: 'APPROVED',
      business_verification_status: 'not_verified',
    };
  }

  // ---------------------------------------------------------------- media

  uploadMedia(
    fields: Record<string, string>,
    file: { bytes: Buffer; mimeType: string } | undefined,
  ): GraphResult {
    if (fields.messaging_product !== 'whatsapp')
      return invalidParameter('The parameter messaging_product is required and must be "whatsapp".');
    if (!file) return invalidParameter('The parameter file is required.');
    const mimeType = (fields.type ?? file.mimeType).toLowerCase();
    const rule = MEDIA_RULES.find((r) => r.types.includes(mimeType));
    if (!rule)
      return invalidParameter(
        `Param file must be a file with one of the following types: ${ALL_MEDIA_TYPES.join(', ')}. Received file of type '${mimeType}'.`,
      );
    if (file.bytes.length === 0) return invalidParameter('Param file must not be empty.');
    if (file.bytes.length > rule.maxBytes)
      return invalidParameter(
        `Param file is too large for ${rule.kind}: ${file.bytes.length} bytes, the maximum is ${rule.maxBytes} bytes.`,
      );
    const id = numericId();
    const stored: StoredMedia = {
      id,
      mimeType,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      size: file.bytes.length,
      bytes: file.bytes,
    };
    this.media.set(id, stored);
    this.mediaBytes += stored.size;
    // Keep memory bounded: evict the oldest uploads first.
    for (const [oldId, old] of this.media) {
      if (this.mediaBytes <= MEDIA_TOTAL_BYTES) break;
      this.media.delete(oldId);
      this.mediaBytes -= old.size;
    }
    return { status: 200, body: { id } };
  }

  findMedia(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }

  mediaView(m: StoredMedia): Record<string, unknown> {
    return {
      url: this.o.mediaUrl(m),
      mime_type: m.mimeType,
      sha256: m.sha256,
      file_size: m.size,
      id: m.id,
      messaging_product: 'whatsapp',
    };
  }

  deleteMedia(id: string): void {
    const m = this.media.get(id);
    if (!m) return;
    this.media.delete(id);
    this.mediaBytes -= m.size;
  }

  private metadata(): { display_phone_number: string; phone_number_id: string } {
    return { display_phone_number: this.o.displayPhoneNumber, phone_number_id: this.o.phoneNumberId };
  }
}

/** Per-message pricing (meta-rules.md#statuses, PMP since 1 Jul 2025). */
export function pricingFor(
  isTemplate: boolean,
  category: string,
  windowOpen: boolean,
): PricingObject & { type: string } {
  if (!isTemplate)
    return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  if (category === 'utility' && windowOpen)
    return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'utility' };
  return { billable: true, pricing_model: 'PMP', type: 'regular', category };
}

function parseFields(fields: string | undefined): Set<string> | undefined {
  if (!fields) return undefined;
  return new Set(
    fields
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
}

function templateView(
  t: StoredTemplate,
  fields: Set<string> | undefined,
  single = false,
): Record<string, unknown> {
  const full: Record<string, unknown> = {
    name: t.name,
    parameter_format: t.parameter_format,
    components: t.components,
    language: t.language,
    status: t.status,
    category: t.category,
    id: t.id,
  };
  if (t.rejected_reason !== undefined) full.rejected_reason = t.rejected_reason;
  if (t.previous_category !== undefined) full.previous_category = t.previous_category;
  if (single && t.quality_score) full.quality_score = t.quality_score;
  if (!fields) return full;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'quality_score') out.quality_score = t.quality_score ?? { score: 'UNKNOWN' };
    else if (f in full) out[f] = full[f];
  }
  out.id = t.id;
  return out;
}

function encodeCursor(seq: number): string {
  return Buffer.from(`tpl:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^tpl:(-?\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : -2;
}
