// The outbound status machine never moves backwards.
import { describe, expect, it } from 'vitest';
import { nextStatus, retryDelayMs } from './model.ts';

describe('nextStatus', () => {
  it('moves forward through sent, delivered, read', () => {
    expect(nextStatus('sending', 'sent')).toBe('sent');
    expect(nextStatus('sent', 'delivered')).toBe('delivered');
    expect(nextStatus('delivered', 'read')).toBe('read');
  });
  it('never moves backwards and ignores duplicates', () => {
    expect(nextStatus('read', 'delivered')).toBeNull();
    expect(nextStatus('delivered', 'sent')).toBeNull();
    expect(nextStatus('read', 'read')).toBeNull();
  });
  it('accepts read without delivered, and played as read', () => {
    expect(nextStatus('sent', 'read')).toBe('read');
    expect(nextStatus('delivered', 'played')).toBe('read');
  });
  it('lets failed end an undelivered message only', () => {
    expect(nextStatus('sent', 'failed')).toBe('failed');
    expect(nextStatus('sending', 'failed')).toBe('failed');
    expect(nextStatus('delivered', 'failed')).toBeNull();
    expect(nextStatus('failed', 'delivered')).toBeNull();
  });
  it('keeps denied terminal and ignores unknown statuses', () => {
    expect(nextStatus('denied', 'sent')).toBeNull();
    expect(nextStatus('sent', 'deleted')).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('backs off 4^x seconds and honours Retry-After', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a))).toEqual([1000, 4000, 16000]);
    expect(retryDelayMs(1, 30_000)).toBe(30_000);
    expect(retryDelayMs(20)).toBe(15 * 60_000);
  });
});
