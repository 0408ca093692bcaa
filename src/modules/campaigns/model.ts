// Campaigns, the pure part: lifecycle transitions, per-recipient template values, thresholds and stats shapes.
import { conflict } from '../../kernel/errors.ts';

export const campaignStatuses = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

/** A template value: a field of the recipient (a contact's name, a CSV column), or the same text for everyone. */
export type ParameterSource = { field: string; fallback?: string } | { value: string };

/** Who receives a campaign: contacts opted in to a consent category, narrowed by tags; or an uploaded CSV. */
export type Audience =
  | {
      kind: 'segment';
      consentCategory: string;
      tags?: string[];
      excludeTags?: string[];
      countries?: string[];
    }
  | { kind: 'csv' };

/** When the quality guard pauses a campaign by itself (docs/api.md "Quality guard"). */
export type GuardThresholds = {
  /** Opt-outs recorded within `optOutWindowHours` after a campaign message, over messages sent. */
  maxOptOutRate: number;
  optOutWindowHours: number;
  /** Rates are judged only after this many sends, so that the first two opt-outs do not stop a campaign. */
  minSends: number;
  /** Failures with 131048 (spam rate limit hit): Meta is already throttling us for blocks and reports. */
  maxSpamRateLimited: number;
  /** Failures with 131026 (undeliverable, e.g. the customer blocked us), over messages sent. */
  maxUndeliverableRate: number;
  /** Reads over delivered; null means the read rate never pauses. */
  minReadRate: number | null;
  pauseOnPhoneQuality: 'RED' | 'YELLOW' | null;
  pauseOnTemplateQuality: 'RED' | 'YELLOW' | null;
};

export const defaultThresholds: GuardThresholds = {
  maxOptOutRate: 0.02,
  optOutWindowHours: 24,
  minSends: 100,
  maxSpamRateLimited: 5,
  maxUndeliverableRate: 0.1,
  minReadRate: null,
  pauseOnPhoneQuality: 'RED',
  pauseOnTemplateQuality: 'RED',
};

export type PauseReason = {
  code: string;
  message: string;
  by: 'user' | 'quality_guard';
  [k: string]: unknown;
};

/**
 * The status after an action, or a conflict. `now` and `startAt` decide whether a start runs at once or waits.
 * completed and cancelled are final.
 */
export function transition(
  current: CampaignStatus,
  action: CampaignAction,
  startAt: number | null,
  now: number,
): CampaignStatus {
  const due = startAt === null || startAt <= now;
  const next: CampaignStatus | null =
    action === 'start'
      ? current === 'draft' || current === 'scheduled'
        ? due || current === 'scheduled'
          ? 'running'
          : 'scheduled'
        : null
      : action === 'pause'
        ? current === 'running' || current === 'scheduled'
          ? 'paused'
          : null
        : action === 'resume'
          ? current === 'paused'
            ? 'running'
            : null
          : current === 'completed' || current === 'cancelled'
            ? null
            : 'cancelled';
  if (next === null)
    throw conflict('campaign.invalid_transition', `A ${current} campaign cannot ${action}.`, {
      status: current,
      action,
    });
  return next;
}

/** The positional template parameters of one recipient; a missing field without fallback gives an empty value. */
export function parametersFor(sources: readonly ParameterSource[], fields: Record<string, string>): string[] {
  return sources.map((s) => ('value' in s ? s.value : (fields[s.field.toLowerCase()] ?? s.fallback ?? '')));
}

/** The idempotency key of one recipient's message: a re-run expansion finds it and skips the recipient. */
export const recipientKey = (campaignId: string, waId: string) => `campaign:${campaignId}:${waId}`;

export type CampaignCounts = {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  denied: number;
};

export const emptyCounts = (): CampaignCounts => ({
  total: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  denied: 0,
});

/** A campaign is done once its audience is expanded and nothing of it is still queued or in flight. */
export const isDrained = (expansionDone: boolean, c: CampaignCounts) =>
  expansionDone && c.queued === 0 && c.sending === 0;
