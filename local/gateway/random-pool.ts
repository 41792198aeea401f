/**
 * Random bytes for the ids the gateway makes per request (request id, trace id). `randomBytes(11)`
 * per call is a system call each time, one of the larger costs of a request through the emulator;
 * drawing from a pool filled 4 KB at a time is not (Node's own `randomUUID` pools the same way).
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let offset = pool.length;

/** `size` fresh random bytes (at most the pool's size), copied out of the pool. */
export function pooledRandomBytes(size: number): Buffer {
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}
