// Retry-After parsing: delay-seconds and HTTP-date forms (RFC 9110 section 10.2.3), measured against a given clock.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './index.ts';

const now = Date.parse('2026-01-22T01:30:21Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 3 ', now)).toBe(3_000);
    expect(parseRetryAfter(['5', '9'], now)).toBe(5_000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Thu, 22 Jan 2026 01:31:21 GMT', now)).toBe(60_000);
    // obsolete rfc850 form
    expect(parseRetryAfter('Thursday, 22-Jan-26 01:30:51 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Wed, 21 Jan 2026 01:30:21 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});
