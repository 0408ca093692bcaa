// The hash chain: canonical serialisation, a verifier that names the first break, and erasure that keeps it whole.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  contactHash,
  eventHash,
  GENESIS_HASH,
  personalDigest,
  splitEvidence,
  verifyChainPage,
  type ChainedEvent,
} from './chain.ts';

function chain(n: number): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const { general, personal } = splitEvidence({ ip: '203.0.113.1', formId: 'f' });
    const fields = {
      id: `cse_${seq}`,
      businessId: 'biz_1',
      seq,
      contactHash: contactHash('salt', '31611122233'),
      category: 'offers',
      categorySet: ['offers'],
      action: 'opt_in',
      channel: 'website',
      wording: 'Acme may message me on WhatsApp',
      language: 'en',
      businessName: 'Acme',
      actor: 'customer',
      evidence: general,
      personalDigest: personalDigest(personal, `nonce${seq}`),
      occurredAt: 1000 + seq,
      recordedAt: 1000 + seq,
    };
    const hash = eventHash(fields, prev);
    out.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, so field order never changes a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('verifyChainPage', () => {
  it('accepts an intact chain and continues across pages', () => {
    const events = chain(5);
    const first = verifyChainPage(events.slice(0, 2), { seq: 0, hash: GENESIS_HASH });
    expect(first.ok).toBe(true);
    const rest = verifyChainPage(events.slice(2), first.ok ? first.cursor : { seq: 0, hash: '' });
    expect(rest).toEqual({ ok: true, cursor: { seq: 5, hash: events[4]!.hash } });
  });
  it('names the first changed, removed or relinked event', () => {
    const changed = chain(4);
    changed[1] = { ...changed[1]!, wording: 'something else' };
    expect(verifyChainPage(changed, { seq: 0, hash: GENESIS_HASH })).toMatchObject({
      ok: false,
      broken: { seq: 2, reason: 'hash_mismatch' },
    });
    const removed = chain(4).filter((e) => e.seq !== 3);
    expect(verifyChainPage(removed, { seq: 0, hash: GENESIS_HASH })).toMatchObject({
      broken: { seq: 4, reason: 'seq_gap' },
    });
    const relinked = chain(3);
    relinked[2] = { ...relinked[2]!, prevHash: GENESIS_HASH };
    expect(verifyChainPage(relinked, { seq: 0, hash: GENESIS_HASH })).toMatchObject({
      broken: { seq: 3, reason: 'prev_hash_mismatch' },
    });
  });
  it('still verifies once personal fields are gone, because only their digest is hashed', () => {
    const events = chain(3);
    // Erasure deletes the personal fields; the chained fields (digest and salted number) are untouched.
    expect(verifyChainPage(events, { seq: 0, hash: GENESIS_HASH }).ok).toBe(true);
    expect(JSON.stringify(events)).not.toContain('203.0.113.1');
  });
});

describe('personalDigest', () => {
  it('depends on a nonce, so a short value cannot be found by trying all of them without it', () => {
    expect(personalDigest({ ip: '203.0.113.1' }, 'a')).not.toBe(personalDigest({ ip: '203.0.113.1' }, 'b'));
  });
});
