// Template lifecycle: how a change reported by Meta (webhook or sync) moves a template, and what history it leaves.
// Pausing (docs/meta-rules.md#template-lifecycle): 1st pause 3 h, 2nd pause 6 h, 3rd time disabled; Meta unpauses by itself.
import { HOUR_MS } from '../../kernel/clock.ts';
import type { TemplateCategory } from '../../wire/graph.ts';
import type { Template } from './model.ts';

export type RemoteChange = {
  status?: string;
  reason?: string | null;
  quality?: string;
  category?: TemplateCategory;
  /** other_info.title of a status update: FIRST_PAUSE, SECOND_PAUSE, RATE_LIMITING_PAUSE, UNPAUSE, DISABLED. */
  pauseTitle?: string;
  metaTemplateId?: string;
};

export type TemplateEventDraft = {
  kind: 'status' | 'quality' | 'category' | 'submitted' | 'created' | 'imported';
  from: string | null;
  to: string | null;
  reason: string | null;
  details: Record<string, unknown>;
};

export type TemplatePatch = Partial<
  Pick<
    Template,
    'status' | 'quality' | 'category' | 'rejectedReason' | 'pausedUntil' | 'pauseCount' | 'metaTemplateId'
  >
>;

function pauseLength(title: string | undefined, pauseCount: number): number {
  if (title === 'FIRST_PAUSE') return 3 * HOUR_MS;
  if (title === 'SECOND_PAUSE') return 6 * HOUR_MS;
  return pauseCount <= 1 ? 3 * HOUR_MS : 6 * HOUR_MS;
}

/** The patch and history entries for one change; an unchanged field leaves no trace, so redelivery is harmless. */
export function applyRemoteChange(
  t: Template,
  change: RemoteChange,
  now: number,
): { patch: TemplatePatch; events: TemplateEventDraft[] } {
  const patch: TemplatePatch = {};
  const events: TemplateEventDraft[] = [];
  if (change.metaTemplateId && t.metaTemplateId === null) patch.metaTemplateId = change.metaTemplateId;
  if (change.status !== undefined && change.status !== t.status) {
    patch.status = change.status;
    patch.rejectedReason = change.status === 'REJECTED' ? (change.reason ?? 'UNKNOWN') : null;
    if (change.status === 'PAUSED') {
      const count = t.pauseCount + 1;
      patch.pauseCount = count;
      patch.pausedUntil = now + pauseLength(change.pauseTitle, count);
    } else {
      patch.pausedUntil = null;
    }
    events.push({
      kind: 'status',
      from: t.status,
      to: change.status,
      reason: change.reason ?? null,
      details: {
        ...(change.pauseTitle ? { pauseTitle: change.pauseTitle } : {}),
        ...(patch.pausedUntil ? { pausedUntil: new Date(patch.pausedUntil).toISOString() } : {}),
      },
    });
  }
  if (change.quality !== undefined && change.quality !== t.quality) {
    patch.quality = change.quality;
    events.push({ kind: 'quality', from: t.quality, to: change.quality, reason: null, details: {} });
  }
  if (change.category !== undefined && change.category !== t.category) {
    patch.category = change.category;
    events.push({
      kind: 'category',
      from: t.category,
      to: change.category,
      reason: change.reason ?? null,
      details: {},
    });
  }
  return { patch, events };
}
