// Quality guard: ingests the number's and templates' quality from Meta, watches each running campaign's early
// signals (opt-outs after its messages, 131048 and 131026 failures, read rate) and pauses it, with an alert.
import { sql } from 'kysely';
import type { Db } from '../../adapters/db/index.ts';
import type { Campaign, CampaignService, CampaignStore } from '../campaigns/index.ts';
import type { EventPublisher } from '../events/index.ts';
import type { TemplateStore } from '../templates/index.ts';
import { guardVerdict, type CampaignSignals } from './model.ts';

export { guardVerdict, type CampaignSignals, type QualityFacts } from './model.ts';

/** The number's quality as Meta's `GET /{phone-number-id}` answers it (a port; the Cloud API client satisfies it). */
export type PhoneQualitySource = (
  phoneNumberId: string,
) => Promise<{ qualityRating: string; status: string | null; messagingLimit: string | null } | null>;

export type PhoneQuality = {
  phoneNumberId: string;
  qualityRating: string;
  status: string | null;
  messagingLimit: string | null;
  source: string;
  checkedAt: number;
  changedAt: number;
};

// Failure codes as stored on the outbox: `meta.<code>` from status webhooks, the class name from a refused send.
const SPAM_CODES = ['meta.131048', 'meta.spam_rate_limited'];
const UNDELIVERABLE_CODES = ['meta.131026', 'meta.undeliverable'];

export function createQualityGuard(deps: {
  db: Db;
  campaigns: Pick<CampaignService, 'pauseByGuard' | 'stats'>;
  campaignStore: Pick<CampaignStore, 'withStatus'>;
  templates: Pick<TemplateStore, 'find'>;
  events: EventPublisher;
  phoneQuality?: PhoneQualitySource;
  /** How often the number's quality is read from Meta while a campaign runs (platform time). */
  phoneRefreshMs: number;
  /** What a campaign has cost so far (the pricing module's ledger), for its budget cap. */
  campaignSpent?: (campaignId: string) => Promise<number>;
  logger?: { warn(o: object, m?: string): void };
}) {
  const k = deps.db.kysely;

  async function phone(phoneNumberId: string): Promise<PhoneQuality | undefined> {
    const r = await k
      .selectFrom('phone_quality')
      .selectAll()
      .where('phone_number_id', '=', phoneNumberId)
      .executeTakeFirst();
    return (
      r && {
        phoneNumberId: r.phone_number_id,
        qualityRating: r.quality_rating,
        status: r.status,
        messagingLimit: r.messaging_limit,
        source: r.source,
        checkedAt: r.checked_at,
        changedAt: r.changed_at,
      }
    );
  }

  /** Records what Meta says about a number; a change of rating or status raises a quality.alert. */
  async function recordPhone(
    businessId: string,
    phoneNumberId: string,
    p: { qualityRating?: string; status?: string | null; messagingLimit?: string | null },
    source: string,
    now: number,
  ): Promise<void> {
    const before = await phone(phoneNumberId);
    const next = {
      quality_rating: p.qualityRating ?? before?.qualityRating ?? 'UNKNOWN',
      status: p.status !== undefined ? p.status : (before?.status ?? null),
      messaging_limit: p.messagingLimit !== undefined ? p.messagingLimit : (before?.messagingLimit ?? null),
    };
    const changed = !before || before.qualityRating !== next.quality_rating || before.status !== next.status;
    await k
      .insertInto('phone_quality')
      .values({
        phone_number_id: phoneNumberId,
        business_id: businessId,
        ...next,
        source,
        checked_at: now,
        changed_at: now,
      })
      .onConflict((oc) =>
        oc.column('phone_number_id').doUpdateSet({
          ...next,
          source,
          checked_at: now,
          ...(changed ? { changed_at: now } : {}),
        }),
      )
      .execute();
    if (changed && before)
      await deps.events.publish(
        {
          businessId,
          type: 'quality.alert',
          subject: phoneNumberId,
          data: {
            code: 'quality.phone_changed',
            phoneNumberId,
            from: { qualityRating: before.qualityRating, status: before.status },
            to: { qualityRating: next.quality_rating, status: next.status },
            source,
          },
        },
        now,
      );
  }

  async function signals(c: Campaign): Promise<CampaignSignals> {
    const s = await deps.campaigns.stats(c);
    const windowMs = c.thresholds.optOutWindowHours * 3_600_000;
    // Opt-outs (any channel) recorded after a message of this campaign was sent and within the window: the
    // recipients this campaign may have driven away.
    const optOuts = await k
      .selectFrom('messages as m')
      .innerJoin('consent_events as e', (j) =>
        j.onRef('e.business_id', '=', 'm.business_id').onRef('e.wa_id', '=', 'm.to_wa_id'),
      )
      .select((eb) => eb.fn.count<number>('m.to_wa_id').distinct().as('n'))
      .where('m.campaign_id', '=', c.id)
      .where('m.sent_at', 'is not', null)
      .where('e.action', '=', 'opt_out')
      .whereRef('e.occurred_at', '>=', 'm.sent_at')
      .where('e.occurred_at', '<=', sql<number>`m.sent_at + ${windowMs}`)
      .executeTakeFirst();
    const count = (codes: string[]) => codes.reduce((n, code) => n + (s.failed[code] ?? 0), 0);
    return {
      sent: s.counts.sent + s.counts.delivered + s.counts.read + s.counts.failed,
      delivered: s.counts.delivered + s.counts.read,
      read: s.counts.read,
      optOuts: Number(optOuts?.n ?? 0),
      spamRateLimited: count(SPAM_CODES),
      undeliverable: count(UNDELIVERABLE_CODES),
    };
  }

  return {
    phone,
    recordPhone,
    signals,

    /**
     * Meta's account-level webhooks: `phone_number_quality_update` (throughput and limit events, meta-rules.md#phone-quality-webhook) and
     * `account_update` (restrictions, violations, bans, meta-rules.md#account-update). Restrictions and bans raise a quality.alert.
     */
    async ingestWebhook(
      businessId: string,
      field: string,
      value: Record<string, unknown>,
      phoneNumberId: string | null,
      now: number,
    ): Promise<void> {
      if (field === 'phone_number_quality_update' && phoneNumberId) {
        const limit =
          typeof value.max_daily_conversations_per_business === 'string'
            ? value.max_daily_conversations_per_business
            : typeof value.current_limit === 'string'
              ? value.current_limit
              : undefined;
        // The historic FLAGGED event (before 7 Oct 2025) meant the rating reached Low.
        await recordPhone(
          businessId,
          phoneNumberId,
          {
            ...(limit !== undefined ? { messagingLimit: limit } : {}),
            ...(value.event === 'FLAGGED' ? { status: 'FLAGGED', qualityRating: 'RED' } : {}),
            ...(value.event === 'UNFLAGGED' ? { status: 'CONNECTED' } : {}),
          },
          'webhook',
          now,
        );
        return;
      }
      if (field === 'account_update' && typeof value.event === 'string') {
        const serious = ['ACCOUNT_RESTRICTION', 'ACCOUNT_VIOLATION', 'DISABLED_UPDATE', 'ACCOUNT_DELETED'];
        if (serious.includes(value.event))
          await deps.events.publish(
            {
              businessId,
              type: 'quality.alert',
              subject: null,
              data: { code: 'quality.account_update', event: value.event, details: value },
            },
            now,
          );
      }
    },

    /** Worker step: reads the number's quality when due, then judges every running campaign. */
    async runOnce(now: number): Promise<number> {
      const running = await deps.campaignStore.withStatus(['running']);
      let paused = 0;
      for (const c of running) {
        if (deps.phoneQuality) {
          const known = await phone(c.phoneNumberId);
          if (!known || now - known.checkedAt >= deps.phoneRefreshMs) {
            try {
              const p = await deps.phoneQuality(c.phoneNumberId);
              if (p) await recordPhone(c.businessId, c.phoneNumberId, p, 'graph', now);
            } catch (e) {
              deps.logger?.warn({ err: e, phoneNumberId: c.phoneNumberId }, 'phone quality read failed');
            }
          }
        }
        const template = await deps.templates.find(c.businessId, c.template.name, c.template.language);
        const spent = c.budgetCap !== null && deps.campaignSpent ? await deps.campaignSpent(c.id) : null;
        // The campaigns module stops expanding before the cap (estimates included); this is the net for a ledger
        // that came out above them (a rate card changed, a volume tier was crossed).
        const reason =
          spent !== null && spent > c.budgetCap!
            ? {
                code: 'campaign.budget_exhausted',
                message: `The campaign has cost ${spent}, more than its budget cap of ${c.budgetCap}.`,
                by: 'quality_guard' as const,
                spent,
                budgetCap: c.budgetCap,
              }
            : guardVerdict(
                await signals(c),
                {
                  phoneQuality: (await phone(c.phoneNumberId))?.qualityRating ?? null,
                  templateStatus: template?.status ?? null,
                  templateQuality: template?.quality ?? null,
                },
                c.thresholds,
              );
        if (reason && (await deps.campaigns.pauseByGuard(c, reason, now))) paused++;
      }
      return paused;
    },
  };
}

export type QualityGuard = ReturnType<typeof createQualityGuard>;
