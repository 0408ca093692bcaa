// The consent ledger's hash chain: canonical serialisation, per-event hashes, and a verifier that names the first break.
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** The hash before the first event of a business: 64 zeros, so that every event has a prev_hash of one shape. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the serialisation below; kept in every hash so that a later change cannot be mistaken for tampering. */
export const CHAIN_VERSION = 1;

/**
 * Evidence keys that identify a person. They are kept apart from the rest of the evidence, and the chain hashes
 * only their digest: erasure deletes them and keeps the digest, so the chain still verifies (issue 3, item 7).
 */
export const personalEvidenceKeys: readonly string[] = [
  'ip',
  'userAgent',
  'name',
  'profileName',
  'email',
  'phone',
  'address',
  'text',
  'signature',
  'location',
  'personal',
];

/**
 * JSON with object keys sorted at every depth, no whitespace: the same event always serialises to the same bytes,
 * whatever order its fields were written in or which database returned it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined is not JSON: it serialises as null so that an optional field is never silently dropped.
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The salted hash of a number: what the ledger and the suppression list keep instead of the number itself. */
export function contactHash(salt: string, waId: string): string {
  return createHmac('sha256', salt).update(waId, 'utf8').digest('hex');
}

/** A fresh random salt or nonce (hex). */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('hex');

/** Splits evidence into what may stay forever and what identifies a person. */
export function splitEvidence(evidence: Record<string, unknown>): {
  general: Record<string, unknown>;
  personal: Record<string, unknown>;
} {
  const general: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(evidence)) {
    if (personalEvidenceKeys.includes(k)) personal[k] = v;
    else general[k] = v;
  }
  return { general, personal };
}

/**
 * The digest of the personal fields. A random nonce is part of it: without one, an IP address (2^32 values) could
 * be recovered from its digest by trying them all once the fields themselves are erased.
 */
export function personalDigest(personal: Record<string, unknown>, nonce: string): string {
  return sha256(canonicalJson({ nonce, personal }));
}

/** The fields of an event that the chain covers. Personal data enters only through contactHash and personalDigest. */
export type ChainedFields = {
  id: string;
  businessId: string;
  seq: number;
  contactHash: string;
  category: string;
  categorySet: string[];
  action: string;
  channel: string;
  wording: string | null;
  language: string | null;
  businessName: string | null;
  actor: string;
  evidence: Record<string, unknown>;
  personalDigest: string;
  occurredAt: number;
  recordedAt: number;
};

/** hash = SHA-256 over the canonical serialisation of the event's chained fields and the previous event's hash. */
export function eventHash(fields: ChainedFields, prevHash: string): string {
  return sha256(canonicalJson({ v: CHAIN_VERSION, ...fields, prevHash }));
}

export type ChainedEvent = ChainedFields & { prevHash: string; hash: string };

export type ChainBreak = {
  eventId: string;
  seq: number;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch';
  message: string;
};

export type ChainCursor = { seq: number; hash: string };

/**
 * Checks one page of a business's chain, in seq order, continuing from `from` (the genesis for the first page).
 * Returns the cursor to continue from, or the first break.
 */
export function verifyChainPage(
  events: readonly ChainedEvent[],
  from: ChainCursor,
): { ok: true; cursor: ChainCursor } | { ok: false; broken: ChainBreak } {
  let cursor = from;
  for (const e of events) {
    if (e.seq !== cursor.seq + 1) {
      return {
        ok: false,
        broken: {
          eventId: e.id,
          seq: e.seq,
          reason: 'seq_gap',
          message: `Expected event number ${cursor.seq + 1} but found ${e.seq}: an event was removed or inserted.`,
        },
      };
    }
    if (e.prevHash !== cursor.hash) {
      return {
        ok: false,
        broken: {
          eventId: e.id,
          seq: e.seq,
          reason: 'prev_hash_mismatch',
          message: 'The event does not link to the hash of the event before it.',
        },
      };
    }
    const { prevHash, hash, ...fields } = e;
    if (eventHash(fields, prevHash) !== hash) {
      return {
        ok: false,
        broken: {
          eventId: e.id,
          seq: e.seq,
          reason: 'hash_mismatch',
          message: 'The event was changed after it was recorded: its hash does not match its contents.',
        },
      };
    }
    cursor = { seq: e.seq, hash };
  }
  return { ok: true, cursor };
}
