// How Meta's reports move a template: pauses of 3 h then 6 h, quality, category, and nothing for a repeat.
import { describe, expect, it } from 'vitest';
import { applyRemoteChange } from './lifecycle.ts';
import type { Template } from './model.ts';

const NOW = Date.UTC(2026, 10, 21, 12);
const H = 3_600_000;
const t = (over: Partial<Template> = {}): Template => ({
  id: 'tpl_1',
  businessId: 'biz_1',
  wabaId: 'w',
  name: 'order_ready',
  language: 'en',
  category: 'UTILITY',
  consentCategory: 'order_updates',
  status: 'APPROVED',
  quality: 'GREEN',
  parameterFormat: 'positional',
  components: [],
  metaTemplateId: '1',
  rejectedReason: null,
  createdAt: 0,
  updatedAt: 0,
  pausedUntil: null,
  pauseCount: 0,
  ...over,
});

describe('applyRemoteChange', () => {
  it('pauses for 3 hours the first time and 6 hours the second', () => {
    const first = applyRemoteChange(t(), { status: 'PAUSED', pauseTitle: 'FIRST_PAUSE' }, NOW);
    expect(first.patch).toMatchObject({ status: 'PAUSED', pauseCount: 1, pausedUntil: NOW + 3 * H });
    const second = applyRemoteChange(t({ pauseCount: 1 }), { status: 'PAUSED' }, NOW);
    expect(second.patch).toMatchObject({ pauseCount: 2, pausedUntil: NOW + 6 * H });
    expect(second.events).toEqual([
      expect.objectContaining({ kind: 'status', from: 'APPROVED', to: 'PAUSED' }),
    ]);
  });
  it('clears the pause when Meta unpauses or disables', () => {
    expect(
      applyRemoteChange(
        t({ status: 'PAUSED', pausedUntil: NOW, pauseCount: 1 }),
        { status: 'APPROVED', pauseTitle: 'UNPAUSE' },
        NOW,
      ).patch,
    ).toMatchObject({
      status: 'APPROVED',
      pausedUntil: null,
    });
    expect(
      applyRemoteChange(t({ status: 'PAUSED', pauseCount: 2 }), { status: 'DISABLED' }, NOW).patch,
    ).toMatchObject({ status: 'DISABLED', pausedUntil: null });
  });
  it('keeps the rejection reason and records quality and category changes', () => {
    const r = applyRemoteChange(
      t({ status: 'PENDING' }),
      { status: 'REJECTED', reason: 'INVALID_FORMAT' },
      NOW,
    );
    expect(r.patch).toMatchObject({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' });
    const q = applyRemoteChange(t(), { quality: 'YELLOW', category: 'MARKETING' }, NOW);
    expect(q.events.map((e) => `${e.kind}:${e.from}->${e.to}`)).toEqual([
      'quality:GREEN->YELLOW',
      'category:UTILITY->MARKETING',
    ]);
  });
  it('changes nothing and records nothing for a repeated report', () => {
    expect(
      applyRemoteChange(
        t(),
        { status: 'APPROVED', quality: 'GREEN', category: 'UTILITY', metaTemplateId: '1' },
        NOW,
      ),
    ).toEqual({ patch: {}, events: [] });
  });
});
