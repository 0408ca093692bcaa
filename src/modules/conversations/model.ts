// The 24-hour customer service window (docs/meta-rules.md#service-window): opened or refreshed by each customer message.
import { DAY_MS } from '../../kernel/clock.ts';

export const SERVICE_WINDOW_MS = DAY_MS;

export function windowExpiresAt(lastInboundAt: number): number {
  return lastInboundAt + SERVICE_WINDOW_MS;
}

/** Free-form messages may go only while the window opened by the customer's last message is open. */
export function isServiceWindowOpen(lastInboundAt: number | null, now: number): boolean {
  return lastInboundAt !== null && now < windowExpiresAt(lastInboundAt);
}
