// Identifiers: prefixed, time-ordered and random, so they sort by creation and say what they name.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

// One randomBytes(16) call per id was about 5% of webhook processing (`npm run bench`), which makes several ids per
// event; drawing the same CSPRNG bytes from a pool refilled 256 ids at a time keeps the ids exactly as random.
const pool = Buffer.alloc(16 * 256);
let poolOffset = pool.length;

function random16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/** A 26-character id: 10 characters of time (ms) then 16 of randomness, Crockford base32, lowercase. */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = random16();
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return `${prefix}_${time}${rand}`;
}
