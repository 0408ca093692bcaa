// Meta's template lifecycle as the sandbox plays it: review outcome, quality from customer feedback, pauses, unpauses, disabling (meta-rules.md#template-status-webhook to #template-category-webhook, #template-lifecycle).
import type { OffsetClock } from '../kernel/clock.ts';
import { DAY_MS, HOUR_MS } from '../kernel/clock.ts';
import type { QualityScore, TemplateCategory } from '../wire/graph.ts';
import type {
  TemplateCategoryUpdateValue,
  TemplateQualityUpdateValue,
  TemplateStatusUpdateValue,
} from '../wire/webhook.ts';
import type { StoredTemplate } from './sandbox-state.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/**
 * How many negative signals (blocks and reports of customers who last received the template) make a template
 * YELLOW or RED, counted over a rolling window of test-clock time. Meta publishes no numbers (meta-rules.md#template-lifecycle: "based on
 * usage, customer feedback ... and read rate"), so these are the sandbox's own, small enough to try by hand.
 */
export type TemplateQualityOptions = {
  /** Signals in the window for YELLOW (medium); default 2. */
  yellowAt: number;
  /** Signals in the window for RED (low), which pauses the template; default 4. */
  redAt: number;
  /** The rolling window; default 7 days, like the phone number's quality (meta-rules.md#number-quality). */
  windowMs: number;
};

export const DEFAULT_TEMPLATE_QUALITY: TemplateQualityOptions = {
  yellowAt: 2,
  redAt: 4,
  windowMs: 7 * DAY_MS,
};

/** meta-rules.md#template-lifecycle: "1st instance: paused 3 hours. 2nd instance: paused 6 hours. 3rd instance: disabled." */
export const PAUSE_DURATIONS_MS: readonly number[] = [3 * HOUR_MS, 6 * HOUR_MS];

const RANK: Record<QualityScore, number> = { UNKNOWN: 0, GREEN: 1, YELLOW: 2, RED: 3 };
const worst = (a: QualityScore, b: QualityScore): QualityScore => (RANK[a] >= RANK[b] ? a : b);
const seconds = (ms: number) => Math.floor(ms / 1000);

export type LifecycleOptions = {
  clock: OffsetClock;
  dispatcher: WebhookDispatcher;
  quality: TemplateQualityOptions;
};

export class TemplateLifecycle {
  private readonly o: LifecycleOptions;
  /** Templates with something due on the clock: the end of a pause, a signal leaving the window, the YELLOW floor. */
  private readonly watched = new Set<StoredTemplate>();
  /** Earliest due time among `watched`, so that `tick()` on every request costs one comparison. */
  private nextDueMs = Number.POSITIVE_INFINITY;

  constructor(o: LifecycleOptions) {
    if (!(o.quality.yellowAt >= 1 && o.quality.redAt > o.quality.yellowAt && o.quality.windowMs > 0))
      throw new RangeError('template quality needs 1 <= yellowAt < redAt and a positive window');
    this.o = o;
  }

  // ------------------------------------------------------------- review

  /** Review passed. When Meta changed the category, the template also gets a completed `template_category_update` (meta-rules.md#template-category-webhook, meta-rules.md#template-categories). */
  approve(t: StoredTemplate, requested: TemplateCategory): void {
    t.status = 'APPROVED';
    t.quality_score = { score: 'UNKNOWN' };
    this.emitStatus(t, 'APPROVED', 'NONE');
    if (t.category !== requested) {
      t.previous_category = requested;
      const value: TemplateCategoryUpdateValue = {
        message_template_id: Number(t.id),
        message_template_name: t.name,
        message_template_language: t.language,
        previous_category: requested,
        new_category: t.category,
      };
      this.emit('template_category_update', value);
    }
  }

  /** Review failed: `rejection_info` only accompanies INVALID_FORMAT (meta-rules.md#template-status-webhook). */
  reject(t: StoredTemplate, reason: string, info?: { reason: string; recommendation: string }): void {
    t.status = 'REJECTED';
    t.rejected_reason = reason;
    this.emitStatus(t, 'REJECTED', reason, info ? { rejection_info: info } : {});
  }

  // ------------------------------------------------------------- quality from customers

  /**
   * A customer who last received this template blocked the business or reported it. One signal of each kind per
   * customer counts (one angry customer cannot pause a template alone). Only an APPROVED template learns:
   * a paused or disabled one is not being delivered, and its pause already answered the feedback.
   */
  feedback(t: StoredTemplate, waId: string, kind: 'block' | 'report'): void {
    if (t.status !== 'APPROVED') return;
    const now = this.o.clock.now();
    this.prune(t, now);
    if (t.signals.some((s) => s.waId === waId && s.kind === kind)) return;
    t.signals.push({ atMs: now, waId, kind });
    // Feedback only ever lowers the score; recovery comes from time (tick).
    const next = worst(this.score(t), this.fromSignals(t, now));
    this.setScore(t, next, now);
    if (next === 'RED') this.lowQualityPause(t, now);
    this.watch(t);
  }

  /** Time passed (any request, or `POST /sandbox/clock`): end pauses that are over and let old signals age out. */
  tick(): void {
    const now = this.o.clock.now();
    if (now < this.nextDueMs) return;
    let next = Number.POSITIVE_INFINITY;
    for (const t of [...this.watched]) {
      if (t.status === 'PAUSED' && t.pausedUntilMs !== undefined && t.pausedUntilMs <= now)
        this.unpause(t, t.pausedUntilMs);
      if (t.status === 'APPROVED') {
        this.prune(t, now);
        // Aged-out signals and an expired floor may raise the score again (meta-rules.md#number-quality: "over the past 7 days").
        this.setScore(t, this.fromSignals(t, now), now);
      }
      const due = this.dueOf(t, now);
      if (due === Number.POSITIVE_INFINITY) this.watched.delete(t);
      else next = Math.min(next, due);
    }
    this.nextDueMs = next;
  }

  // ------------------------------------------------------------- pauses

  /** The template reached RED: the next instance of meta-rules.md#template-lifecycle's ladder (3 h, 6 h, disabled). */
  private lowQualityPause(t: StoredTemplate, now: number): void {
    t.pauses++;
    if (t.pauses > PAUSE_DURATIONS_MS.length) this.disable(t, now);
    else this.pause(t, t.pauses, now);
  }

  /** PAUSED for the given instance's duration; `other_info.title` is FIRST_PAUSE or SECOND_PAUSE (meta-rules.md#template-status-webhook). */
  pause(t: StoredTemplate, instance: number, now = this.o.clock.now()): void {
    const i = Math.min(Math.max(instance, 1), PAUSE_DURATIONS_MS.length);
    const durationMs = PAUSE_DURATIONS_MS[i - 1]!;
    t.status = 'PAUSED';
    t.pausedUntilMs = now + durationMs;
    // The pause answers the feedback so far; after the unpause a fresh wave is needed to pause it again.
    t.signals = [];
    t.yellowFloorUntilMs = undefined;
    this.emitStatus(t, 'PAUSED', 'NONE', {
      other_info: {
        title: i === 1 ? 'FIRST_PAUSE' : 'SECOND_PAUSE',
        description: `Your WhatsApp message template has been paused for ${durationMs / HOUR_MS} hours due to low quality.`,
      },
    });
    this.watch(t);
  }

  /**
   * Back to APPROVED with `other_info.title: UNPAUSE`, automatically when the pause is over or by
   * `POST /{template-id}/unpause` (meta-rules.md#template-lifecycle). A template paused for low quality comes back at YELLOW, not GREEN,
   * and stays at least YELLOW for one window unless new signals make it worse.
   */
  unpause(t: StoredTemplate, at = this.o.clock.now()): void {
    t.status = 'APPROVED';
    t.pausedUntilMs = undefined;
    this.emitStatus(
      t,
      'APPROVED',
      'NONE',
      {
        other_info: { title: 'UNPAUSE', description: 'Your WhatsApp message template has been unpaused.' },
      },
      at,
    );
    if (this.score(t) === 'RED') {
      t.yellowFloorUntilMs = at + this.o.quality.windowMs;
      this.setScore(t, 'YELLOW', at);
    }
    this.watch(t);
  }

  /** DISABLED for good (meta-rules.md#template-lifecycle: 132016 from now on); `disable_info.disable_date` as in Meta's sample. */
  disable(t: StoredTemplate, now = this.o.clock.now()): void {
    t.status = 'DISABLED';
    t.pausedUntilMs = undefined;
    t.signals = [];
    this.watched.delete(t);
    this.emitStatus(t, 'DISABLED', 'NONE', {
      disable_info: {
        disable_date: new Date(now).toLocaleDateString('en-US', {
          month: 'long',
          day: 'numeric',
          year: 'numeric',
          timeZone: 'UTC',
        }),
      },
    });
  }

  forget(t: StoredTemplate): void {
    this.watched.delete(t);
  }

  // ------------------------------------------------------------- test hook

  /** `POST /sandbox/templates/{id}/status` `{quality}`: exactly what was asked, webhook included, no automatic pause. */
  forceQuality(t: StoredTemplate, score: QualityScore): void {
    const previous = this.score(t);
    const now = this.o.clock.now();
    t.quality_score = { score, date: seconds(now) };
    this.emitQuality(t, previous, score, now);
  }

  /** `POST /sandbox/templates/{id}/status` `{status}`: pauses and unpauses go through the same ladder and webhooks. */
  forceStatus(t: StoredTemplate, status: StoredTemplate['status']): void {
    const previous = t.status;
    if (status === 'PAUSED') {
      t.pauses++;
      this.pause(t, t.pauses);
    } else if (status === 'APPROVED' && previous === 'PAUSED') {
      this.unpause(t);
    } else if (status === 'DISABLED') {
      this.disable(t);
    } else {
      t.status = status;
      t.pausedUntilMs = undefined;
      let reason: string | null = 'NONE';
      if (status === 'REJECTED') reason = t.rejected_reason ?? 'INVALID_FORMAT';
      else if (status === 'PENDING_DELETION') reason = null;
      this.emitStatus(t, status, reason);
    }
  }

  // ------------------------------------------------------------- internals

  private score(t: StoredTemplate): QualityScore {
    return t.quality_score?.score ?? 'UNKNOWN';
  }

  /** The score the signals in the window (and the post-unpause floor) call for. */
  private fromSignals(t: StoredTemplate, now: number): QualityScore {
    const { yellowAt, redAt } = this.o.quality;
    const n = t.signals.length;
    let s: QualityScore = n >= redAt ? 'RED' : n >= yellowAt ? 'YELLOW' : 'UNKNOWN';
    if (t.yellowFloorUntilMs !== undefined && t.yellowFloorUntilMs > now) s = worst(s, 'YELLOW');
    // Nothing against it: "pending" stays pending, anything already rated recovers to GREEN.
    if (s === 'UNKNOWN' && this.score(t) !== 'UNKNOWN') s = 'GREEN';
    return s;
  }

  private prune(t: StoredTemplate, now: number): void {
    const from = now - this.o.quality.windowMs;
    if (t.signals.length > 0 && t.signals[0]!.atMs <= from)
      t.signals = t.signals.filter((s) => s.atMs > from);
    if (t.yellowFloorUntilMs !== undefined && t.yellowFloorUntilMs <= now) t.yellowFloorUntilMs = undefined;
  }

  private dueOf(t: StoredTemplate, now: number): number {
    if (t.status === 'PAUSED') return t.pausedUntilMs ?? Number.POSITIVE_INFINITY;
    if (t.status !== 'APPROVED') return Number.POSITIVE_INFINITY;
    let due = Number.POSITIVE_INFINITY;
    if (t.signals.length > 0) due = t.signals[0]!.atMs + this.o.quality.windowMs;
    if (t.yellowFloorUntilMs !== undefined && t.yellowFloorUntilMs > now)
      due = Math.min(due, t.yellowFloorUntilMs);
    return due;
  }

  private watch(t: StoredTemplate): void {
    const due = this.dueOf(t, this.o.clock.now());
    if (due === Number.POSITIVE_INFINITY) return;
    this.watched.add(t);
    this.nextDueMs = Math.min(this.nextDueMs, due);
  }

  private setScore(t: StoredTemplate, score: QualityScore, now: number): void {
    const previous = this.score(t);
    if (previous === score) return;
    t.quality_score = { score, date: seconds(now) };
    this.emitQuality(t, previous, score, now);
  }

  private emitQuality(t: StoredTemplate, previous: QualityScore, next: QualityScore, now: number): void {
    const value: TemplateQualityUpdateValue = {
      previous_quality_score: previous,
      new_quality_score: next,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
    };
    this.emit('message_template_quality_update', value, now);
  }

  private emitStatus(
    t: StoredTemplate,
    event: string,
    reason: string | null,
    extra: Partial<TemplateStatusUpdateValue> = {},
    at = this.o.clock.now(),
  ): void {
    const value: TemplateStatusUpdateValue = {
      event,
      message_template_id: Number(t.id),
      message_template_name: t.name,
      message_template_language: t.language,
      reason,
      message_template_category: t.category,
      ...extra,
    };
    this.emit('message_template_status_update', value, at);
  }

  private emit(field: string, value: object, at = this.o.clock.now()): void {
    this.o.dispatcher.enqueue({
      kind: 'change',
      field,
      time: seconds(at),
      value: value as Record<string, unknown>,
    });
  }
}
