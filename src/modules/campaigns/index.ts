// Campaigns: a template to an audience, with a lifecycle, a streamed expansion into the outbox, a dry run and progress.
import type { Readable } from 'node:stream';
import { invalidInput, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { parsePhone } from '../../kernel/phone.ts';
import type { ConsentService } from '../consent/index.ts';
import type { EventPublisher } from '../events/index.ts';
import type { MessageService } from '../messages/index.ts';
import type { PolicyService } from '../policy/index.ts';
import type { TemplateStore } from '../templates/index.ts';
import { audienceChunks, CsvAudienceError, uploadCsvAudience, type CsvUploadSummary } from './audience.ts';
import {
  defaultThresholds,
  isDrained,
  parametersFor,
  recipientKey,
  transition,
  type Audience,
  type CampaignAction,
  type CampaignCounts,
  type GuardThresholds,
  type ParameterSource,
  type PauseReason,
} from './model.ts';
import type { Campaign, CampaignStore } from './store.ts';

export {
  campaignStatuses,
  defaultThresholds,
  transition,
  type Audience,
  type CampaignStatus,
  type GuardThresholds,
  type ParameterSource,
  type PauseReason,
} from './model.ts';
export { createCampaignStore, type Campaign, type CampaignStore } from './store.ts';
export { CsvAudienceError, type CsvUploadSummary } from './audience.ts';

export type CreateCampaignInput = {
  name: string;
  template: { name: string; language: string; parameters?: ParameterSource[] };
  audience: Audience;
  startAt?: number | null;
  budgetCap?: number | null;
  thresholds?: Partial<GuardThresholds>;
  phoneNumberId?: string;
};

export type CampaignStats = {
  counts: CampaignCounts;
  denied: Record<string, number>;
  failed: Record<string, number>;
};

/** What a dry run found: how many would be sent, denied and why, and what it would cost when pricing is known. */
export type DryRun = {
  recipients: number;
  wouldSend: number;
  wouldDeny: number;
  denied: Record<string, number>;
  cost?: { amount: number; currency: string; billable: number };
};

/**
 * What a campaign has cost or is bound to cost: the cost ledger plus an estimate of its messages not priced yet
 * (queued, in flight, delivered before their pricing was recorded). The pricing module's, as a port.
 */
export type CommittedCost = (campaign: Campaign, templateCategory: string, now: number) => Promise<number>;

/** The pricing module's estimate, as a port (wired in platform.ts when pricing is there). */
export type CostEstimator = (
  businessId: string,
  sends: readonly { waId: string; templateCategory: string }[],
  now: number,
) => Promise<{ amount: number; currency: string; billable: number }>;

// Recipients per expansion step and per dry-run policy batch: one policy read per kind of fact per chunk.
const CHUNK = 500;
const EXPANSION_LEASE_MS = 60_000;
// campaign.progress is published at most this often per campaign (and only when something changed).
const PROGRESS_EVERY_MS = 1000;
// A campaign at its budget cap with messages still queued looks again after this long (its expansion lease).
const BUDGET_RECHECK_MS = 1000;

export function createCampaignService(deps: {
  store: CampaignStore;
  messages: Pick<MessageService, 'enqueueMany'>;
  policy: Pick<PolicyService, 'evaluateMany'>;
  consent: Pick<ConsentService, 'viewMany' | 'categories'>;
  templates: Pick<TemplateStore, 'find'>;
  events: EventPublisher;
  defaultPhoneNumberId: (businessId: string) => Promise<string>;
  estimateCost?: CostEstimator;
  committedCost?: CommittedCost;
  logger?: { warn(o: object, m?: string): void };
}) {
  const { store } = deps;
  const lastProgress = new Map<string, { at: number; key: string }>();

  async function mustGet(businessId: string, id: string): Promise<Campaign> {
    const c = await store.get(businessId, id);
    if (!c) throw notFound('campaign.not_found', `No campaign ${id}.`);
    return c;
  }

  const sendOf = (c: Campaign, waId: string, fields: Record<string, string>) => ({
    to: `+${waId}`,
    from: c.phoneNumberId,
    template: {
      name: c.template.name,
      language: c.template.language,
      ...(c.template.parameters.length > 0
        ? { parameters: parametersFor(c.template.parameters, fields) }
        : {}),
    },
  });

  async function stats(c: Campaign): Promise<CampaignStats> {
    return store.counts(c.id);
  }

  /** Sets a new status under the campaign's lock; cancel denies what is still queued in the same transaction. */
  async function act(
    businessId: string,
    id: string,
    action: CampaignAction,
    now: number,
    reason?: PauseReason,
  ): Promise<Campaign> {
    await mustGet(businessId, id);
    const { campaign, changed } = await store.transaction(async (trx) => {
      const c = (await store.lock(trx, id))!;
      const next = transition(c.status, action, c.startAt, now);
      if (next === c.status) return { campaign: c, changed: false };
      await store.update(trx, id, {
        status: next,
        updated_at: now,
        ...(next === 'running' && c.startedAt === null ? { started_at: now } : {}),
        ...(action === 'pause' ? { pause_reason: JSON.stringify(reason ?? pausedByUser) } : {}),
        ...(action === 'resume' ? { pause_reason: null } : {}),
        ...(next === 'cancelled' ? { finished_at: now } : {}),
      });
      if (next === 'cancelled')
        await store.denyQueued(
          trx,
          id,
          { code: 'campaign.cancelled', message: 'The campaign was cancelled.', by: 'user' },
          now,
        );
      return { campaign: (await store.lock(trx, id))!, changed: true };
    });
    if (changed && action === 'pause')
      await deps.events.publish(
        {
          businessId,
          type: 'campaign.paused',
          subject: id,
          data: {
            campaignId: id,
            name: campaign.name,
            reason: campaign.pauseReason,
            stats: await stats(campaign),
          },
        },
        now,
      );
    if (changed && action === 'cancel')
      await deps.events.publish(
        {
          businessId,
          type: 'campaign.finished',
          subject: id,
          data: { campaignId: id, name: campaign.name, status: 'cancelled', stats: await stats(campaign) },
        },
        now,
      );
    return campaign;
  }

  const pausedByUser: PauseReason = {
    code: 'campaign.paused_by_user',
    message: 'Paused by the business.',
    by: 'user',
  };

  /**
   * How many of the chunk's first recipients fit under the campaign's budget cap: what it has cost or is bound to
   * cost (ledger plus estimated unpriced messages) plus their estimated cost stays within the cap. Null without a
   * cap or without pricing. Costs are not negative, so the prefixes' estimates grow: a binary search finds it.
   */
  async function budgetFit(c: Campaign, recipients: readonly { waId: string }[], now: number) {
    const cap = c.budgetCap;
    if (cap === null || !deps.estimateCost || !deps.committedCost) return null;
    const template = await deps.templates.find(c.businessId, c.template.name, c.template.language);
    const category = template?.category ?? 'MARKETING';
    const committed = await deps.committedCost(c, category, now);
    const micros = (amount: number) => Math.round(amount * 1e6);
    const fits = async (n: number) =>
      n === 0 ||
      micros(committed) +
        micros(
          (
            await deps.estimateCost!(
              c.businessId,
              recipients.slice(0, n).map((r) => ({ waId: r.waId, templateCategory: category })),
              now,
            )
          ).amount,
        ) <=
        micros(cap);
    if (await fits(recipients.length)) return { take: recipients.length, committed };
    let lo = 0;
    let hi = recipients.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (await fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    return { take: lo, committed };
  }

  /**
   * Nothing more fits under the cap. While some of the campaign's messages are still queued or being sent, they
   * go out (they were counted in) and the campaign waits; then it pauses with campaign.budget_exhausted.
   */
  async function budgetExhausted(c: Campaign, committed: number, now: number): Promise<void> {
    const s = await stats(c);
    if (s.counts.queued + s.counts.sending > 0) {
      await store.update(store.kysely, c.id, { expansion_lease_until: now + BUDGET_RECHECK_MS });
      return;
    }
    await store.update(store.kysely, c.id, { expansion_lease_until: null });
    const reason: PauseReason = {
      code: 'campaign.budget_exhausted',
      message: `The campaign has cost or is bound to cost ${committed}; the next message would pass its budget cap of ${c.budgetCap}.`,
      by: 'quality_guard',
      committed,
      budgetCap: c.budgetCap,
    };
    await pauseByGuard(c, reason, now);
  }

  /**
   * The quality guard (or the budget cap, on its behalf) pauses a campaign with its reason, and says so with a
   * quality.alert. False when the campaign was paused, cancelled or completed meanwhile: nothing to brake.
   */
  async function pauseByGuard(c: Campaign, reason: PauseReason, now: number): Promise<boolean> {
    try {
      await act(c.businessId, c.id, 'pause', now, reason);
    } catch (e) {
      if ((e as { code?: string }).code === 'campaign.invalid_transition') return false;
      throw e;
    }
    await deps.events.publish(
      {
        businessId: c.businessId,
        type: 'quality.alert',
        subject: c.id,
        data: { code: reason.code, campaignId: c.id, name: c.name, action: 'campaign_paused', reason },
      },
      now,
    );
    return true;
  }

  /** One expansion step of one campaign: a chunk of its audience into the outbox, and the cursor, in one commit. */
  async function expandOne(now: number): Promise<number> {
    const c = await store.claimExpansion(now, EXPANSION_LEASE_MS);
    if (!c) return 0;
    const chunks = audienceChunks(deps, c, c.cursor, CHUNK);
    const next = await chunks.next();
    await chunks.return(undefined);
    if (next.done) {
      await store.update(store.kysely, c.id, {
        expansion_done: 1,
        expansion_lease_until: null,
        updated_at: now,
      });
      return 1;
    }
    const chunk = next.value;
    // A budget cap takes only the part of the chunk that fits; the cursor then stops after that part.
    const fit = chunk.recipients.length > 0 ? await budgetFit(c, chunk.recipients, now) : null;
    if (fit && fit.take === 0) {
      await budgetExhausted(c, fit.committed, now);
      return 0;
    }
    const cut = fit !== null && fit.take < chunk.recipients.length;
    const recipients = cut ? chunk.recipients.slice(0, fit.take) : chunk.recipients;
    const cursor = cut ? chunk.cursors[fit.take - 1]! : chunk.cursor;
    const last = cut ? false : chunk.last;
    const r = await deps.messages.enqueueMany(
      c.businessId,
      c.phoneNumberId,
      recipients.map((x) => ({
        input: sendOf(c, x.waId, x.fields),
        idempotencyKey: recipientKey(c.id, x.waId),
      })),
      { campaignId: c.id },
      now,
      async (trx) => {
        // Paused or cancelled since the claim: nothing of this chunk is enqueued and the cursor stays.
        const locked = await store.lock(trx, c.id);
        if (!locked || locked.status !== 'running' || locked.cursor !== c.cursor) {
          await store.update(trx, c.id, { expansion_lease_until: null });
          return false;
        }
        await store.update(trx, c.id, {
          cursor,
          expanded: locked.expanded + recipients.length,
          expansion_done: last ? 1 : 0,
          expansion_lease_until: null,
          updated_at: now,
          ...(last ? { audience_total: locked.expanded + recipients.length } : {}),
        });
        return true;
      },
    );
    return r.aborted ? 0 : Math.max(1, recipients.length);
  }

  /** A drained running campaign is completed; progress is published when it changed, at most once a second. */
  async function followUp(now: number): Promise<void> {
    for (const c of await store.withStatus(['running', 'paused'])) {
      // Counting reads every message of the campaign, and this runs after every expansion step: a million-recipient
      // campaign counted a growing million rows 2,000 times. Count only when the campaign may be drained (an index
      // lookup says so) or when a progress event is due; otherwise nothing below would act on the counts.
      const last = lastProgress.get(c.id);
      const progressDue = !last || now - last.at >= PROGRESS_EVERY_MS;
      const mayBeDrained = c.status === 'running' && c.expansionDone && !(await store.hasPending(c.id));
      if (!progressDue && !mayBeDrained) continue;
      const s = await stats(c);
      if (c.status === 'running' && isDrained(c.expansionDone, s.counts)) {
        const done = await store.transaction(async (trx) => {
          const locked = await store.lock(trx, c.id);
          if (!locked || locked.status !== 'running') return false;
          await store.update(trx, c.id, { status: 'completed', finished_at: now, updated_at: now });
          return true;
        });
        if (done) {
          lastProgress.delete(c.id);
          await deps.events.publish(
            {
              businessId: c.businessId,
              type: 'campaign.finished',
              subject: c.id,
              data: { campaignId: c.id, name: c.name, status: 'completed', stats: s },
            },
            now,
          );
        }
        continue;
      }
      const key = JSON.stringify(s.counts);
      if (last && (last.key === key || now - last.at < PROGRESS_EVERY_MS)) continue;
      lastProgress.set(c.id, { at: now, key });
      await deps.events.publish(
        {
          businessId: c.businessId,
          type: 'campaign.progress',
          subject: c.id,
          data: { campaignId: c.id, status: c.status, expanded: c.expanded, ...s },
        },
        now,
      );
    }
  }

  return {
    async create(businessId: string, input: CreateCampaignInput, now: number): Promise<Campaign> {
      const template = await deps.templates.find(businessId, input.template.name, input.template.language);
      if (!template)
        throw invalidInput(
          'campaign.template_not_found',
          `No template "${input.template.name}" in ${input.template.language}.`,
        );
      if (input.audience.kind === 'segment') {
        const known = (await deps.consent.categories(businessId)).map((x) => x.name);
        if (!known.includes(input.audience.consentCategory))
          throw invalidInput(
            'campaign.audience_category_unknown',
            `Unknown consent category "${input.audience.consentCategory}". Known: ${known.join(', ')}.`,
          );
        for (const country of input.audience.countries ?? [])
          if (!/^[A-Z]{2}$/.test(country))
            throw invalidInput(
              'campaign.audience_invalid',
              `Countries are ISO 3166 codes like NL, not "${country}".`,
            );
      }
      const thresholds = { ...defaultThresholds, ...input.thresholds };
      if (!(thresholds.maxOptOutRate >= 0 && thresholds.maxOptOutRate <= 1 && thresholds.minSends >= 1))
        throw invalidInput('campaign.thresholds_invalid', 'maxOptOutRate is 0 to 1 and minSends at least 1.');
      const phoneNumberId = input.phoneNumberId ?? (await deps.defaultPhoneNumberId(businessId));
      const id = newId('cmp', now);
      await store.insert({
        id,
        business_id: businessId,
        name: input.name,
        status: 'draft',
        phone_number_id: phoneNumberId,
        template_name: template.name,
        template_language: template.language,
        parameters: JSON.stringify(input.template.parameters ?? []),
        audience: JSON.stringify(input.audience),
        thresholds: JSON.stringify(thresholds),
        budget_cap: input.budgetCap ?? null,
        start_at: input.startAt ?? null,
        audience_total: 0,
        audience_rejected: '[]',
        cursor: null,
        expanded: 0,
        expansion_done: 0,
        expansion_lease_until: null,
        pause_reason: null,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
      });
      return (await store.get(businessId, id))!;
    },

    get: mustGet,
    list: (businessId: string, limit = 100) => store.list(businessId, limit),
    stats,

    /** Replaces a draft CSV campaign's recipients with those of the uploaded file (streamed). */
    async uploadCsv(businessId: string, id: string, body: Readable, now: number): Promise<CsvUploadSummary> {
      const c = await mustGet(businessId, id);
      if (c.audience.kind !== 'csv')
        throw invalidInput('campaign.audience_not_csv', "This campaign's audience is a segment, not a CSV.");
      if (c.status !== 'draft')
        throw invalidInput(
          'campaign.not_draft',
          'The audience can only change while the campaign is a draft.',
        );
      await store.clearAudienceRows(id);
      let summary: CsvUploadSummary;
      try {
        summary = await uploadCsvAudience(store, id, body);
      } catch (e) {
        await store.clearAudienceRows(id);
        if (e instanceof CsvAudienceError) throw invalidInput(e.code, e.message);
        if ((e as { code?: string }).code?.startsWith('CSV_'))
          throw invalidInput('campaign.csv_invalid', `The CSV cannot be read: ${(e as Error).message}`);
        throw e;
      }
      await store.update(store.kysely, id, {
        audience_total: summary.accepted,
        audience_rejected: JSON.stringify(summary.rejected),
        updated_at: now,
      });
      return summary;
    },

    start: (businessId: string, id: string, now: number) => act(businessId, id, 'start', now),
    pause: (businessId: string, id: string, now: number, reason?: PauseReason) =>
      act(businessId, id, 'pause', now, reason),
    pauseByGuard,
    resume: (businessId: string, id: string, now: number) => act(businessId, id, 'resume', now),
    cancel: (businessId: string, id: string, now: number) => act(businessId, id, 'cancel', now),

    /** Decides the policy for the whole audience in chunks, as if sending now; sends nothing. */
    async dryRun(businessId: string, id: string, now: number): Promise<DryRun> {
      const c = await mustGet(businessId, id);
      const result: DryRun = { recipients: 0, wouldSend: 0, wouldDeny: 0, denied: {} };
      const allowed: { waId: string; templateCategory: string }[] = [];
      let billable = { amount: 0, currency: '', billable: 0 };
      const seen = new Set<string>();
      for await (const chunk of audienceChunks(deps, c, null, CHUNK)) {
        // A CSV may name one number twice; it gets one message, as the expansion's idempotency key makes sure.
        const fresh = chunk.recipients.filter((r) => !seen.has(r.waId) && (seen.add(r.waId), true));
        const verdicts = await deps.policy.evaluateMany(
          fresh.map((r) => {
            const send = sendOf(c, r.waId, r.fields);
            return {
              businessId,
              phoneNumberId: c.phoneNumberId,
              waId: r.waId,
              content: {
                kind: 'template' as const,
                name: send.template.name,
                language: send.template.language,
                values: send.template.parameters ? { parameters: send.template.parameters } : {},
              },
            };
          }),
          now,
        );
        verdicts.forEach((v, i) => {
          result.recipients++;
          if (v.decision.allowed) {
            result.wouldSend++;
            allowed.push({ waId: fresh[i]!.waId, templateCategory: v.template?.category ?? 'MARKETING' });
          } else {
            result.wouldDeny++;
            const code = v.decision.reasons[0]?.code ?? 'unknown';
            result.denied[code] = (result.denied[code] ?? 0) + 1;
          }
        });
        if (deps.estimateCost && allowed.length > 0) {
          const e = await deps.estimateCost(businessId, allowed.splice(0), now);
          billable = {
            amount: billable.amount + e.amount,
            currency: e.currency,
            billable: billable.billable + e.billable,
          };
        }
        allowed.length = 0;
      }
      if (deps.estimateCost) result.cost = { ...billable, amount: Math.round(billable.amount * 1e6) / 1e6 };
      return result;
    },

    /** Worker step: scheduled campaigns start, one chunk is expanded, drained campaigns complete. */
    async runOnce(now: number): Promise<number> {
      await store.startDue(now);
      const expanded = await expandOne(now);
      await followUp(now);
      return expanded;
    },

    /** Replaces a contact's tags (the segment audiences select on them). */
    async setTags(
      businessId: string,
      phone: string,
      tags: readonly string[],
      now: number,
    ): Promise<string[]> {
      const p = parsePhone(phone);
      if (!p.ok) throw invalidInput('contact.phone_invalid', `phone ${p.error}.`);
      const clean = [...new Set(tags.map((t) => t.trim().toLowerCase()))];
      for (const t of clean)
        if (!/^[a-z0-9][a-z0-9_:-]{0,63}$/.test(t))
          throw invalidInput('contact.tag_invalid', `Tags are 1 to 64 of a-z, 0-9, _, : and -, not "${t}".`);
      await store.setTags(businessId, p.value.waId, clean.sort(), now);
      return clean;
    },
    async tags(businessId: string, phone: string): Promise<string[]> {
      const p = parsePhone(phone);
      if (!p.ok) throw invalidInput('contact.phone_invalid', `phone ${p.error}.`);
      return store.tags(businessId, p.value.waId);
    },
  };
}

export type CampaignService = ReturnType<typeof createCampaignService>;
