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

// Monotonic within a process: ids made in the same millisecond (or with a clock that is not ahead of the last one)
// continue from the previous id plus one, so that sorting by id is sorting by creation, as ULID's monotonic mode
// does. Append-only histories (consent events) rely on that order for events recorded in one millisecond.
let lastTime = -1;
const lastRand: number[] = new Array<number>(16).fill(0);

function encodeTime(ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/** A 26-character id: 10 characters of time (ms) then 16 of randomness, Crockford base32, lowercase. */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  if (nowMs > lastTime) {
    lastTime = nowMs;
    const bytes = random16();
    for (let i = 0; i < 16; i++) lastRand[i] = bytes[i]! % 32;
  } else {
    // Increment the random part by one (base 32 with carry); 32^16 values leave no practical risk of overflow.
    for (let i = 15; i >= 0; i--) {
      if (lastRand[i]! < 31) {
        lastRand[i]!++;
        break;
      }
      lastRand[i] = 0;
    }
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[lastRand[i]!];
  return `${prefix}_${encodeTime(lastTime)}${rand}`;
}

/** The creation time (ms) an id carries in its first ten characters after the prefix. */
export function idTime(id: string): number {
  const at = id.indexOf('_') + 1;
  let t = 0;
  for (let i = at; i < at + 10; i++) t = t * 32 + ALPHABET.indexOf(id[i]!);
  return t;
}

/** The smallest id with this prefix made at `ms`: every id made at or after `ms` sorts above or equal to it. */
export function idFloor(prefix: string, ms: number): string {
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(ms)))}${'0'.repeat(16)}`;
}
