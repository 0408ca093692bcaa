// Parses an HTTP Retry-After header (delay-seconds or HTTP-date, RFC 9110 section 10.2.3) into milliseconds.

/**
 * Returns the delay in milliseconds, or undefined when the header is absent or unreadable.
 * `nowMs` is passed in so that an HTTP-date is measured against the caller's clock, not a hidden one.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  // delay-seconds = 1*DIGIT
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP-date: all three RFC 9110 forms (IMF-fixdate, rfc850, asctime) start with a day name. Requiring it
  // keeps V8's lenient Date.parse from reading things like "1.5" as a date.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  // A date in the past means "now".
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
