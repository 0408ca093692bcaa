// Ids sort by creation, also within one millisecond.
import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('has a prefix, 10 time and 16 random characters', () => {
    expect(newId('msg', Date.UTC(2026, 0, 1))).toMatch(/^msg_[0-9a-hjkmnp-tv-z]{26}$/);
  });
  it('is strictly increasing for ids made in the same millisecond', () => {
    const t = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 2000 }, () => newId('x', t).slice(2));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('keeps order when a caller passes an earlier time than the last id', () => {
    const a = newId('x', Date.UTC(2031, 0, 1));
    const b = newId('x', Date.UTC(2020, 0, 1));
    expect(b > a).toBe(true);
  });
  it('starts from fresh randomness when time moves on', () => {
    const a = newId('x', Date.UTC(2032, 0, 1));
    const b = newId('x', Date.UTC(2032, 0, 1) + 1);
    expect(b.slice(2, 12) > a.slice(2, 12)).toBe(true);
  });
});
