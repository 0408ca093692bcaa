// How one status observation changes an outbox row: the state machine plus the facts (times, pricing, error).
import type { StatusUpdate } from '../../wire/webhook.ts';
import { nextStatus, type MessageStatus } from './model.ts';
import type { MessageRow } from './store.ts';

/** The column changes a status brings to a row (empty when the state machine says nothing changes). */
export function applyToRow(
  row: MessageRow,
  status: string,
  occurredAt: number,
  s: StatusUpdate | undefined,
): Partial<MessageRow> {
  const set: Partial<MessageRow> = {};
  const next = nextStatus(row.status as MessageStatus, status);
  if (s?.pricing && row.pricing === null) set.pricing = JSON.stringify(s.pricing);
  if (status === 'sent' && row.sent_at === null) set.sent_at = occurredAt;
  if (status === 'delivered' && row.delivered_at === null) set.delivered_at = occurredAt;
  if ((status === 'read' || status === 'played') && row.read_at === null) set.read_at = occurredAt;
  if (next === null) {
    // Timestamps of a skipped step are still facts (a late delivered after read), but the status stays.
    return set;
  }
  set.status = next;
  set.lease_until = null;
  if (next === 'failed') {
    set.failed_at = occurredAt;
    const e = s?.errors?.[0];
    set.last_error = JSON.stringify(
      e
        ? { code: `meta.${e.code}`, metaCode: e.code, message: e.error_data?.details ?? e.message ?? e.title }
        : { code: 'meta.failed' },
    );
  }
  if (next === 'delivered' || next === 'read') {
    if (row.sent_at === null && set.sent_at === undefined) set.sent_at = occurredAt;
    if (next === 'read' && row.delivered_at === null && set.delivered_at === undefined)
      set.delivered_at = occurredAt;
  }
  return set;
}

/** A row being changed in memory: later statuses see earlier ones' effect, and `set` collects one write for all. */
export type WorkingRow = { row: MessageRow; set: Partial<MessageRow> };

export const workingRow = (row: MessageRow): WorkingRow => ({ row: { ...row }, set: {} });

export function change(w: WorkingRow, set: Partial<MessageRow>): void {
  Object.assign(w.row, set);
  Object.assign(w.set, set);
}
