// The campaign watcher's rendering, pure: a snapshot to the bar's position and text, the summary and the exit code.
import { describe, expect, it } from 'vitest';
import { progressView, summaryLines, type CampaignSnapshot } from './campaign-watch.ts';

const snapshot = (over: Partial<CampaignSnapshot> = {}): CampaignSnapshot => ({
  id: 'cmp_1',
  name: 'spring promo',
  status: 'running',
  audienceTotal: 0,
  expanded: 4,
  expansionDone: false,
  pauseReason: null,
  counts: { total: 4, queued: 2, sending: 0, sent: 1, delivered: 1, read: 0, failed: 0, denied: 0 },
  deniedByReason: {},
  failedByReason: {},
  ...over,
});

describe('progressView', () => {
  it('counts what left the queue against the audience known so far, and goes on while running', () => {
    expect(progressView(snapshot())).toEqual({
      value: 2,
      total: 4,
      payload: { name: 'spring promo', status: 'running', line: 'queued 2, sent 1, delivered 1' },
      exitCode: null,
    });
  });

  it("uses a CSV audience's known total before the expansion reaches it", () => {
    expect(progressView(snapshot({ audienceTotal: 1000 })).total).toBe(1000);
  });

  it('never has a zero total, so the bar can start before anything is enqueued', () => {
    const v = progressView(
      snapshot({
        expanded: 0,
        counts: { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, denied: 0 },
      }),
    );
    expect([v.value, v.total, v.payload.line]).toEqual([0, 1, 'nothing enqueued yet']);
  });

  it('exits 0 when completed and 1 when cancelled or paused; a scheduled or draft campaign is waited for', () => {
    expect(progressView(snapshot({ status: 'completed' })).exitCode).toBe(0);
    expect(progressView(snapshot({ status: 'cancelled' })).exitCode).toBe(1);
    expect(progressView(snapshot({ status: 'paused' })).exitCode).toBe(1);
    expect(progressView(snapshot({ status: 'scheduled' })).exitCode).toBeNull();
    expect(progressView(snapshot({ status: 'draft' })).exitCode).toBeNull();
  });
});

describe('summaryLines', () => {
  it('lists the counts by status and the denials and failures by reason, most frequent first', () => {
    const lines = summaryLines(
      snapshot({
        status: 'completed',
        expansionDone: true,
        counts: { total: 10, queued: 0, sending: 0, sent: 1, delivered: 3, read: 2, failed: 1, denied: 3 },
        deniedByReason: { 'consent.missing': 1, 'consent.opted_out': 2 },
        failedByReason: { 'meta.131026': 1 },
      }),
    );
    expect(lines).toEqual([
      'Campaign "spring promo" (cmp_1) is completed.',
      '  10 message(s): queued 0, sending 0, sent 1, delivered 3, read 2, failed 1, denied 3',
      '  Accepted by WhatsApp: 6; delivered or read: 5.',
      '  Denied, by reason:',
      '    consent.opted_out: 2',
      '    consent.missing: 1',
      '  Failed, by reason:',
      '    meta.131026: 1',
    ]);
  });

  it('says who paused the campaign and why', () => {
    const lines = summaryLines(
      snapshot({
        status: 'paused',
        pauseReason: {
          code: 'quality.phone_low',
          message: "The sending number's quality rating is RED.",
          by: 'quality_guard',
        },
      }),
    );
    expect(lines[1]).toBe(
      "  Paused by the quality guard: quality.phone_low: The sending number's quality rating is RED.",
    );
    expect(
      summaryLines(
        snapshot({
          status: 'paused',
          pauseReason: { code: 'campaign.paused_by_user', message: 'Paused by the business.', by: 'user' },
        }),
      )[1],
    ).toBe('  Paused by the business: campaign.paused_by_user: Paused by the business.');
  });
});
