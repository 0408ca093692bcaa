// Webhooks from Meta: record each item durably (deduplicated) before acknowledging; a worker processes them later.
import { skipLocked, type Db } from '../../adapters/db/index.ts';
import { newId } from '../../kernel/ids.ts';
import { parsePhone } from '../../kernel/phone.ts';
import type { InboundMessage, StatusUpdate, WebhookContact } from '../../wire/webhook.ts';
import { optOutConfirmationText, type ConsentService } from '../consent/index.ts';
import { languageOfCountry, parseOptOutChoice, type Language } from '../understanding/index.ts';
import type { ContactStore } from '../contacts/index.ts';
import type { ConversationStore } from '../conversations/index.ts';
import type { EventPublisher } from '../events/index.ts';
import type { MessageService } from '../messages/index.ts';
import type { LimitService } from '../limits/index.ts';
import type { RemoteChange, TemplateService } from '../templates/index.ts';
import type { TemplateCategory } from '../../wire/graph.ts';
import type { TenantStore } from '../tenants/index.ts';
import type { WebhookItem } from './model.ts';

export { splitDelivery, type WebhookItem, type SplitResult } from './model.ts';

const MAX_PROCESSING_ATTEMPTS = 5;
const LEASE_MS = 60_000;

type Payload = WebhookItem['payload'];

/** What opt-out detection reads: the words a customer wrote or tapped, and a quick-reply's payload. */
function optOutSignal(m: InboundMessage): { text: string | null; payload: string | null } {
  if (m.type === 'text') return { text: m.text?.body ?? null, payload: null };
  if (m.type === 'button') return { text: m.button?.text ?? null, payload: m.button?.payload ?? null };
  if (m.type === 'interactive')
    return {
      text: m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? null,
      payload: m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id ?? null,
    };
  return { text: null, payload: null };
}

/** The single status a status item carries (splitDelivery makes one item per status), or undefined. */
function statusOf(payload: WebhookItem['payload']): StatusUpdate | undefined {
  const statuses = payload.field === 'messages' ? payload.value.statuses : undefined;
  return Array.isArray(statuses) && !Array.isArray(payload.value.messages)
    ? (statuses[0] as StatusUpdate | undefined)
    : undefined;
}

export function createWebhookService(deps: {
  db: Db;
  /** How long a claimed item stays with its worker (default LEASE_MS); after a crash another worker takes it. */
  leaseMs?: number;
  tenants: TenantStore;
  contacts: ContactStore;
  conversations: ConversationStore;
  consent: ConsentService;
  messages: MessageService;
  templates: Pick<TemplateService, 'applyRemoteChange'>;
  /** Messaging-limit tier and throughput from account webhooks; 131049 cooldowns from failed statuses. */
  limits?: Pick<LimitService, 'applyWebhook' | 'onFailedStatus'>;
  /** Where customer messages are announced (`message.received`) to the live stream and outbound webhooks. */
  events?: EventPublisher;
  /**
   * True when an inbox threads every customer message (all but `system` notices, through `onInbound`) and announces
   * it itself, with its thread. Then only the threadless ones are announced here, so that each message is one event.
   */
  inboxAnnouncesInbound?: boolean;
  logger?: { warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** The opt-in channels' look at each customer message (keywords, consent taps); wired in platform.ts. */
  onInbound?: (
    i: {
      businessId: string;
      phoneNumberId: string;
      message: InboundMessage;
      /** The message was an opt-out (STOP): handled above, so nobody else (the bot) should answer it. */
      optedOut: boolean;
      /** The opt-out classifier was unsure: consent asks the customer, the inbox flags the message for a person. */
      unsureOptOut?: { language: Language; confidence: number; explanation: string } | undefined;
    },
    now: number,
  ) => Promise<unknown>;
  /**
   * Sees statuses once they are applied to their messages (the cost ledger, wired in platform.ts). It must be
   * idempotent: a failure here sends the items back for a retry, which applies them again.
   */
  onStatuses?: (businessId: string, statuses: StatusUpdate[], now: number) => Promise<void>;
  /** The quality guard's look at `phone_number_quality_update` and `account_update` (wired in platform.ts). */
  onAccountChange?: (
    businessId: string,
    field: string,
    value: Record<string, unknown>,
    phoneNumberId: string | null,
    now: number,
  ) => Promise<void>;
}) {
  const k = deps.db.kysely;

  async function businessFor(item: WebhookItem): Promise<string | null> {
    if (item.phoneNumberId) {
      const p = await deps.tenants.phoneNumber(item.phoneNumberId);
      if (p) return p.businessId;
    }
    return item.entryId ? deps.tenants.businessIdForWaba(item.entryId) : null;
  }

  async function handleInbound(businessId: string, payload: Payload, now: number): Promise<void> {
    const value = payload.value as {
      metadata?: { phone_number_id?: string };
      contacts?: WebhookContact[];
      messages: InboundMessage[];
    };
    const m = value.messages[0]!;
    const phoneNumberId = value.metadata?.phone_number_id ?? '';
    // A username-only user (BSUID, 2026) has no phone number to message: the payload stays stored, nothing opens.
    if (!m.from || !m.id) return;
    const existing = await k
      .selectFrom('inbound_messages')
      .select('id')
      .where('wamid', '=', m.id)
      .executeTakeFirst();
    if (existing) return;
    const sentAt = Math.min(Number(m.timestamp) * 1000 || now, now);
    const contact = value.contacts?.find((c) => c.wa_id === m.from) ?? value.contacts?.[0];
    const phone = parsePhone(m.from, { allowWaId: true });
    await deps.contacts.touch(
      businessId,
      m.from,
      {
        profileName: contact?.profile?.name ?? null,
        country: phone.ok ? (phone.value.country ?? null) : null,
        inboundAt: sentAt,
      },
      now,
    );
    // Every customer message opens or refreshes the service window (meta-rules.md#service-window); a system notice is not the customer writing.
    if (m.type !== 'system')
      await deps.conversations.openWindow(businessId, phoneNumberId, m.from, sentAt, now);
    const signal = optOutSignal(m);
    // A tap on our own opt-out question is consent's to record (with the question's wording), not a new reading.
    const reading = parseOptOutChoice(signal.payload)
      ? null
      : await deps.consent.understandOptOut(businessId, signal, {
          languagePrior: languageOfCountry(phone.ok ? phone.value.country : null),
          keywordsOnly: m.type !== 'text',
        });
    const optOut = reading?.decision === 'yes' ? reading : null;
    if (optOut) {
      const recorded = await deps.consent.recordOptOut(
        businessId,
        m.from,
        // Recorded as of now, not the message's whole-second timestamp, so it orders after anything we knew before.
        {
          ...(optOut.scope.kind === 'categories' ? { categories: optOut.scope.categories } : {}),
          ...(optOut.scope.kind === 'offers' ? { templateCategories: ['MARKETING' as const] } : {}),
          channel: 'whatsapp',
          actor: 'customer',
          wording: signal.text ?? signal.payload ?? '',
          ...(optOut.language ? { language: optOut.language } : {}),
          evidence: {
            wamid: m.id,
            type: m.type,
            ...(optOut.keyword ? { keyword: optOut.keyword } : {}),
            ...(signal.payload ? { payload: signal.payload } : {}),
            via: optOut.via,
            ...(optOut.via === 'classifier'
              ? { confidence: Math.round(optOut.confidence * 1000) / 1000, explanation: optOut.explanation }
              : {}),
            sentAt: new Date(sentAt).toISOString(),
          },
          occurredAt: now,
        },
        now,
      );
      const categories = [...new Set(recorded.map((e) => e.category))];
      if (recorded.length > 0)
        await confirmOptOut(
          businessId,
          phoneNumberId,
          m,
          {
            ...(optOut.scope.kind === 'all'
              ? { scope: 'all' as const }
              : { scope: 'categories' as const, categories }),
            language: optOut.language,
          },
          now,
        );
    }
    // In-thread opt-in: a keyword gets consent questions, a tap on one is recorded. Before the marker below, so that
    // a failure here is retried (its sends are idempotent, its answers deduplicated by wamid).
    if (deps.onInbound && m.type !== 'system')
      await deps.onInbound(
        {
          businessId,
          phoneNumberId,
          message: m,
          optedOut: optOut !== null,
          unsureOptOut:
            reading?.decision === 'unsure'
              ? {
                  language: reading.language,
                  confidence: reading.confidence,
                  explanation: reading.explanation,
                }
              : undefined,
        },
        now,
      );
    // Before the marker: a failure after this is retried, so an integration may hear of a message twice (same
    // wamid), never not at all.
    if (!deps.inboxAnnouncesInbound || m.type === 'system')
      await deps.events?.publish(
        {
          businessId,
          type: 'message.received',
          subject: m.from,
          data: {
            from: `+${m.from}`,
            waId: m.from,
            profileName: contact?.profile?.name ?? null,
            type: m.type,
            text: m.text?.body ?? m.button?.text ?? null,
            wamid: m.id,
            phoneNumberId,
            // No inbox thread carries this one (the inbox's own message.received has a threadId).
            threadless: true,
            replyTo: m.context?.id ?? null,
            sentAt: new Date(sentAt).toISOString(),
          },
        },
        now,
      );
    // Recorded last: the inbound row is the marker that every step above has been done.
    await deps.conversations.recordInbound(
      {
        businessId,
        phoneNumberId,
        waId: m.from,
        wamid: m.id,
        type: m.type,
        text: m.text?.body ?? m.button?.text ?? null,
        payload: m,
        sentAt,
      },
      now,
    );
  }

  /**
   * The confirmation after a WhatsApp opt-out: a free-form message through the normal outbox, which the policy
   * allows only with the `opt_out_confirmation` purpose and only inside the window the STOP itself opened. Keyed
   * by the STOP's wamid, so a retried webhook never confirms twice. A denial (window closed, erased) sends nothing.
   */
  async function confirmOptOut(
    businessId: string,
    phoneNumberId: string,
    m: InboundMessage,
    optOut: Parameters<typeof optOutConfirmationText>[2] & {
      language: Parameters<typeof optOutConfirmationText>[0];
    },
    now: number,
  ): Promise<void> {
    const business = await deps.tenants.getBusiness(businessId);
    if (!business || !phoneNumberId) return;
    try {
      await deps.messages.send(
        businessId,
        phoneNumberId,
        {
          to: `+${m.from}`,
          text: optOutConfirmationText(optOut.language, business.name, optOut),
          purpose: 'opt_out_confirmation',
        },
        `opt-out-confirmation:${m.id}`,
        now,
      );
    } catch (e) {
      deps.logger?.warn({ err: e, wamid: m.id }, 'opt-out confirmation not sent');
    }
  }

  async function handleStatus(businessId: string, payload: Payload, now: number): Promise<void> {
    const s = (payload.value.statuses as StatusUpdate[])[0]!;
    await deps.messages.applyStatus(businessId, s, now);
    await deps.onStatuses?.(businessId, [s], now);
    await afterStatus(businessId, s, now);
  }

  async function afterStatus(businessId: string, s: StatusUpdate, now: number): Promise<void> {
    // 131049 (per-user marketing limit) mostly arrives here, after Meta accepted the send (meta-rules.md#marketing-frequency).
    if (s.status === 'failed' && s.recipient_id && s.errors?.length)
      await deps.limits?.onFailedStatus(
        businessId,
        s.recipient_id,
        s.errors.map((e) => e.code),
        now,
      );
    // Meta's own marketing stop shows up as a failed marketing send with 131050 (meta-rules.md#opt-out): honour it in our ledger too.
    if (s.status === 'failed' && s.errors?.some((e) => e.code === 131050) && s.recipient_id) {
      await deps.consent.recordOptOut(
        businessId,
        s.recipient_id,
        {
          templateCategories: ['MARKETING'],
          channel: 'meta',
          actor: 'customer',
          evidence: { wamid: s.id, metaCode: 131050 },
        },
        now,
      );
    }
  }

  async function handleUserPreferences(businessId: string, payload: Payload, now: number): Promise<void> {
    const prefs = (payload.value.user_preferences ?? []) as {
      wa_id?: string;
      category?: string;
      value?: string;
      timestamp?: number;
      detail?: string;
    }[];
    for (const p of prefs) {
      if (p.category === 'marketing_messages' && p.value === 'stop' && p.wa_id) {
        await deps.consent.recordOptOut(
          businessId,
          p.wa_id,
          {
            templateCategories: ['MARKETING'],
            channel: 'meta',
            actor: 'customer',
            // Meta's whole-second timestamp would sort before an opt-in recorded earlier in that same second and
            // lose to it; the stop is applied as of now and Meta's time is kept as evidence.
            evidence: {
              source: 'user_preferences',
              detail: p.detail ?? null,
              ...(p.timestamp ? { metaTimestamp: new Date(p.timestamp * 1000).toISOString() } : {}),
            },
            occurredAt: now,
          },
          now,
        );
      }
      // "resume" is the customer's platform setting, not an opt-in to our categories: it is kept, not acted on.
    }
  }

  async function handleTemplateUpdate(businessId: string, payload: Payload, now: number): Promise<void> {
    const v = payload.value as Record<string, unknown>;
    const where = {
      ...(v.message_template_id !== undefined ? { metaTemplateId: String(v.message_template_id) } : {}),
      ...(typeof v.message_template_name === 'string' ? { name: v.message_template_name } : {}),
      ...(typeof v.message_template_language === 'string' ? { language: v.message_template_language } : {}),
    };
    let change: RemoteChange | null = null;
    if (payload.field === 'message_template_status_update' && typeof v.event === 'string') {
      const other = v.other_info as { title?: string } | undefined;
      change = {
        status: v.event,
        reason: typeof v.reason === 'string' ? v.reason : null,
        ...(other?.title ? { pauseTitle: other.title } : {}),
        ...(typeof v.message_template_category === 'string'
          ? { category: v.message_template_category as TemplateCategory }
          : {}),
      };
    } else if (
      payload.field === 'message_template_quality_update' &&
      typeof v.new_quality_score === 'string'
    ) {
      change = { quality: v.new_quality_score };
    } else if (
      payload.field === 'template_category_update' &&
      typeof v.new_category === 'string' &&
      v.previous_category !== undefined
    ) {
      // Only a completed change carries previous_category; the 24 h notice does not change anything yet (meta-rules.md#template-category-webhook).
      change = { category: v.new_category as TemplateCategory };
    }
    if (change) await deps.templates.applyRemoteChange(businessId, where, change, 'webhook', now);
  }

  async function process(businessId: string, payload: Payload, now: number): Promise<void> {
    // The portfolio's messaging limit and a number's throughput upgrade (meta-rules.md#phone-quality-webhook, meta-rules.md#capability-webhooks).
    if (payload.field === 'phone_number_quality_update' || payload.field === 'business_capability_update')
      await deps.limits?.applyWebhook(
        businessId,
        payload.field,
        payload.value as Record<string, unknown>,
        now,
      );
    switch (payload.field) {
      case 'messages':
        if (Array.isArray(payload.value.messages)) return handleInbound(businessId, payload, now);
        if (Array.isArray(payload.value.statuses)) return handleStatus(businessId, payload, now);
        return;
      case 'user_preferences':
        return handleUserPreferences(businessId, payload, now);
      case 'message_template_status_update':
      case 'message_template_quality_update':
      case 'template_category_update':
        return handleTemplateUpdate(businessId, payload, now);
      case 'phone_number_quality_update':
      case 'account_update':
        return deps.onAccountChange?.(
          businessId,
          payload.field,
          payload.value as Record<string, unknown>,
          (payload.value as { metadata?: { phone_number_id?: string } }).metadata?.phone_number_id ?? null,
          now,
        );
      default:
        // Kept as received for later capabilities and audits; nothing to do now.
        return;
    }
  }

  return {
    /** Stores every item of a verified delivery once. Returns how many were new. */
    async ingest(items: WebhookItem[], now: number): Promise<{ stored: number; duplicates: number }> {
      if (items.length === 0) return { stored: 0, duplicates: 0 };
      const rows = [];
      // Items of one delivery nearly always share their number: look each number up once, not once per item.
      const routes = new Map<string, string | null>();
      for (const item of items) {
        const route = `${item.phoneNumberId ?? ''}|${item.entryId}`;
        let businessId = routes.get(route);
        if (businessId === undefined) routes.set(route, (businessId = await businessFor(item)));
        rows.push({
          id: newId('whe', now),
          business_id: businessId,
          field: item.field,
          dedupe_key: item.dedupeKey,
          payload: JSON.stringify(item.payload),
          status: businessId === null ? 'unroutable' : 'pending',
          attempts: 0,
          last_error: null,
          lease_until: null,
          received_at: now,
          processed_at: null,
        });
      }
      // One statement for the whole delivery: all of it is stored, or none of it and Meta retries.
      const r = await k
        .insertInto('webhook_events')
        .values(rows)
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .executeTakeFirst();
      const stored = Number(r.numInsertedOrUpdatedRows ?? 0);
      return { stored, duplicates: items.length - stored };
    },

    /** Processes one batch of pending items. Returns how many were claimed. */
    async processBatch(limit: number, now: number): Promise<number> {
      const claimed = await k.transaction().execute(async (trx) => {
        const due = await skipLocked(
          deps.db,
          trx
            .selectFrom('webhook_events')
            .select('id')
            .where((eb) =>
              eb.or([
                eb('status', '=', 'pending'),
                eb.and([eb('status', '=', 'processing'), eb('lease_until', '<', now)]),
              ]),
            )
            .orderBy('received_at')
            .orderBy('id')
            .limit(limit),
        ).execute();
        if (due.length === 0) return [];
        return trx
          .updateTable('webhook_events')
          .set((eb) => ({
            status: 'processing',
            lease_until: now + (deps.leaseMs ?? LEASE_MS),
            attempts: eb('attempts', '+', 1),
          }))
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .returning(['id', 'business_id', 'payload', 'attempts', 'received_at'])
          .execute();
      });
      claimed.sort((a, b) => a.received_at - b.received_at || (a.id < b.id ? -1 : 1));
      const done: string[] = [];
      const items = claimed.map((ev) => ({ ev, payload: JSON.parse(ev.payload) as Payload }));
      const fail = async (ev: (typeof claimed)[number], e: unknown) => {
        const failed = ev.attempts >= MAX_PROCESSING_ATTEMPTS;
        deps.logger?.error(
          { err: e, eventId: ev.id, attempts: ev.attempts },
          'webhook item failed to process',
        );
        await k
          .updateTable('webhook_events')
          .set({
            status: failed ? 'failed' : 'pending',
            last_error: String((e as Error)?.stack ?? e),
            lease_until: null,
          })
          .where('id', '=', ev.id)
          .execute();
      };
      const processOne = async ({ ev, payload }: (typeof items)[number]) => {
        try {
          await process(ev.business_id!, payload, now);
          done.push(ev.id);
        } catch (e) {
          await fail(ev, e);
        }
      };
      for (let i = 0; i < items.length;) {
        // A run of status items of one business is applied in one transaction: Meta sends statuses in bulk, and a
        // commit per status was the processor's largest cost on SQLite (`npm run bench`). The run keeps its place
        // in the order, so an inbound message before or after it is still handled before or after it.
        const businessId = items[i]!.ev.business_id;
        let j = i;
        while (j < items.length && statusOf(items[j]!.payload) && items[j]!.ev.business_id === businessId)
          j++;
        if (j - i < 2) {
          await processOne(items[i]!);
          i++;
          continue;
        }
        const run = items.slice(i, j);
        i = j;
        try {
          await deps.messages.applyStatuses(
            businessId,
            run.map((it) => statusOf(it.payload)!),
            now,
          );
        } catch {
          // Nothing of the run was applied: process it item by item, so that only a bad item fails.
          for (const it of run) await processOne(it);
          continue;
        }
        try {
          await deps.onStatuses?.(
            businessId!,
            run.map((it) => statusOf(it.payload)!),
            now,
          );
        } catch (e) {
          // Applied but not yet seen by the hook: retry the items (applying a status twice changes nothing).
          for (const it of run) await fail(it.ev, e);
          continue;
        }
        for (const it of run) {
          try {
            await afterStatus(businessId!, statusOf(it.payload)!, now);
            done.push(it.ev.id);
          } catch (e) {
            // Retrying the item is safe: applying a status twice changes nothing.
            await fail(it.ev, e);
          }
        }
      }
      if (done.length > 0) {
        await k
          .updateTable('webhook_events')
          .set({ status: 'processed', processed_at: now, lease_until: null })
          .where('id', 'in', done)
          .execute();
      }
      return claimed.length;
    },

    async counts(): Promise<Record<string, number>> {
      const rows = await k
        .selectFrom('webhook_events')
        .select(['status', k.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
