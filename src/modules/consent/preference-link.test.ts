// Preference-center tokens: signed, expiring, and refused when forged, tampered or malformed.
import { describe, expect, it } from 'vitest';
import { signPreferenceToken, verifyPreferenceToken } from './preference-link.ts';

const claims = { businessId: 'biz_1', waId: '31611122233', expiresAt: 2_000 };

describe('preference tokens', () => {
  it('round-trips before expiry and expires at expiresAt', () => {
    const t = signPreferenceToken('secret', claims);
    expect(verifyPreferenceToken('secret', t, 1_999)).toEqual({ ok: true, claims });
    expect(verifyPreferenceToken('secret', t, 2_000)).toEqual({ ok: false, problem: 'expired' });
  });
  it('refuses another secret, a changed body and garbage', () => {
    const t = signPreferenceToken('secret', claims);
    expect(verifyPreferenceToken('other', t, 0)).toEqual({ ok: false, problem: 'forged' });
    const [, sig] = t.split('.');
    const body = Buffer.from(JSON.stringify({ b: 'biz_1', w: '31600000000', e: 2_000 })).toString(
      'base64url',
    );
    expect(verifyPreferenceToken('secret', `${body}.${sig}`, 0)).toEqual({ ok: false, problem: 'forged' });
    expect(verifyPreferenceToken('secret', 'nope', 0)).toEqual({ ok: false, problem: 'malformed' });
  });
});
