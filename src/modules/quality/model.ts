// Quality guard, the pure part: from a campaign's early signals and the quality Meta reports, whether to pause it.
import type { GuardThresholds, PauseReason } from '../campaigns/index.ts';

/** What we observed of one campaign so far. */
export type CampaignSignals = {
  sent: number;
  delivered: number;
  read: number;
  /** Recipients who opted out within the threshold's window after a message of this campaign. */
  optOuts: number;
  /** Failures with Meta's 131048 (spam rate limit hit) and 131026 (undeliverable, e.g. blocked). */
  spamRateLimited: number;
  undeliverable: number;
};

/** What Meta says about the sender and the template right now. */
export type QualityFacts = {
  phoneQuality: string | null;
  templateStatus: string | null;
  templateQuality: string | null;
};

const RANK: Record<string, number> = { GREEN: 1, YELLOW: 2, RED: 3 };
const atLeast = (score: string | null, floor: 'RED' | 'YELLOW' | null) =>
  floor !== null && score !== null && (RANK[score] ?? 0) >= RANK[floor]!;

const rate = (n: number, d: number) => (d === 0 ? 0 : n / d);

/**
 * The reason to pause, or null to go on. Meta's own signals come first (a paused template cannot be sent at all, a
 * RED number is close to enforcement), then ours, judged only after `minSends` so that a small start is not noise.
 */
export function guardVerdict(s: CampaignSignals, f: QualityFacts, t: GuardThresholds): PauseReason | null {
  const by = 'quality_guard' as const;
  if (f.templateStatus === 'PAUSED' || f.templateStatus === 'DISABLED')
    return {
      code: f.templateStatus === 'PAUSED' ? 'quality.template_paused' : 'quality.template_disabled',
      message: `Meta ${f.templateStatus === 'PAUSED' ? 'paused' : 'disabled'} the campaign's template for low quality.`,
      by,
      templateStatus: f.templateStatus,
    };
  if (atLeast(f.templateQuality, t.pauseOnTemplateQuality))
    return {
      code: 'quality.template_low',
      message: `The template's quality is ${f.templateQuality}.`,
      by,
      templateQuality: f.templateQuality,
    };
  if (atLeast(f.phoneQuality, t.pauseOnPhoneQuality))
    return {
      code: 'quality.phone_low',
      message: `The sending number's quality rating is ${f.phoneQuality}.`,
      by,
      phoneQuality: f.phoneQuality,
    };
  if (s.spamRateLimited >= t.maxSpamRateLimited)
    return {
      code: 'quality.spam_rate_limited',
      message: `${s.spamRateLimited} sends failed with 131048 (spam rate limit hit): customers are blocking or reporting.`,
      by,
      failures: s.spamRateLimited,
      threshold: t.maxSpamRateLimited,
    };
  if (s.sent < t.minSends) return null;
  const optOutRate = rate(s.optOuts, s.sent);
  if (optOutRate > t.maxOptOutRate)
    return {
      code: 'quality.opt_out_rate',
      message: `${s.optOuts} of ${s.sent} recipients opted out within ${t.optOutWindowHours} h (${(optOutRate * 100).toFixed(1)}% > ${(t.maxOptOutRate * 100).toFixed(1)}%).`,
      by,
      optOuts: s.optOuts,
      sent: s.sent,
      rate: optOutRate,
      threshold: t.maxOptOutRate,
    };
  const undeliverableRate = rate(s.undeliverable, s.sent);
  if (undeliverableRate > t.maxUndeliverableRate)
    return {
      code: 'quality.undeliverable_rate',
      message: `${s.undeliverable} of ${s.sent} sends failed with 131026 (undeliverable or blocked).`,
      by,
      rate: undeliverableRate,
      threshold: t.maxUndeliverableRate,
    };
  if (t.minReadRate !== null && s.delivered >= t.minSends && rate(s.read, s.delivered) < t.minReadRate)
    return {
      code: 'quality.read_rate',
      message: `Only ${s.read} of ${s.delivered} delivered messages were read.`,
      by,
      rate: rate(s.read, s.delivered),
      threshold: t.minReadRate,
    };
  return null;
}
