// The platform's test clock as a contact's local time, for scenarios that set quiet hours around "now".
import type { Harness } from './harness.ts';

/** HH:MM in Amsterdam (where +31 numbers live), `offsetMin` minutes from the platform's now, whatever hour it is. */
export const amsterdamTime = (h: Harness, offsetMin: number): string =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(h.platform.clock.now() + offsetMin * 60_000);
