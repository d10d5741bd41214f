import { createHash } from 'node:crypto';

const HASH_KEY_PATTERN = /^[0-9a-fA-F]{32}$/;
const KEY_SPACE = 1n << 128n;

/** True when `value` is already an SLS hash key: 32 hexadecimal digits (a point in the 128-bit MD5 space). */
export function isHashKey(value: string): boolean {
  return HASH_KEY_PATTERN.test(value);
}

/**
 * The hash key SLS routes by for an arbitrary routing key: MD5 of its UTF-8 bytes as 32 lower-case hex
 * digits. A value that already is a 32-digit hex key is returned lower-cased, unchanged otherwise.
 */
export function hashKeyFor(key: string): string {
  if (typeof key !== 'string') throw new TypeError('key must be a string');
  if (isHashKey(key)) return key.toLowerCase();
  return createHash('md5').update(key, 'utf8').digest('hex');
}

/**
 * Collapses a routing key onto one of `buckets` evenly spaced hash keys (the producers'
 * `adjustShardHash`): MD5 the key, keep the top log2(buckets) bits, zero the rest. Keys stay
 * shard-stable while many distinct keys share a few batches.
 * @throws RangeError when `buckets` is not a power of two in 1..512
 */
export function adjustShardHash(key: string, buckets: number): string {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 512 || (buckets & (buckets - 1)) !== 0) {
    throw new RangeError('buckets must be a power of two in 1..512');
  }
  const bits = Math.log2(buckets);
  const digest = createHash('md5').update(key, 'utf8').digest();
  const top = bits === 0 ? 0 : (((digest[0] as number) << 8) | (digest[1] as number)) >>> (16 - bits);
  const value = BigInt(top) << BigInt(128 - bits);
  return value.toString(16).padStart(32, '0');
}

/**
 * The inclusive begin key of shard `index` when a logstore is created with `count` shards
 * (`index × 2^128 / count`, 32 lower-case hex digits).
 * @throws RangeError when `count` is not a positive integer or `index` is outside 0..count
 */
export function shardRangeStart(index: number, count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  if (!Number.isInteger(index) || index < 0 || index > count) throw new RangeError('index must be in 0..count');
  if (index === count) return 'f'.repeat(32);
  return ((BigInt(index) * KEY_SPACE) / BigInt(count)).toString(16).padStart(32, '0');
}
