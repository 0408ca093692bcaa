// Outbound message state machine (docs/architecture.md rule 5): one pure transition function; statuses never move backwards.

export const messageStatuses = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'denied',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

const rank: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/**
 * The status after `incoming` is observed in `current`, or null when nothing changes.
 * - Progress only moves forward: read never becomes delivered; a read may arrive without delivered (Meta meta-rules.md#webhook-delivery).
 * - `played` (voice) counts as read.
 * - failed ends a message that was not yet delivered; a late failure after delivery does not undo the delivery.
 * - denied and failed are terminal.
 */
export function nextStatus(current: MessageStatus, incoming: string): MessageStatus | null {
  if (current === 'failed' || current === 'denied') return null;
  const target = incoming === 'played' ? 'read' : incoming;
  if (target === 'failed') return rank[current]! < rank.delivered! ? 'failed' : null;
  if (target === 'denied') return current === 'queued' || current === 'sending' ? 'denied' : null;
  const to = rank[target];
  if (to === undefined) return null;
  return to > rank[current]! ? (target as MessageStatus) : null;
}

/** Backoff before retry number `attempt` (1-based): 4^(attempt-1) seconds as Meta advises for 131056, capped at 15 min. */
export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
  const backoff = Math.min(4 ** Math.max(0, attempt - 1) * 1000, 15 * 60_000);
  return Math.max(backoff, retryAfterMs ?? 0);
}

export const MAX_ATTEMPTS = 8;
