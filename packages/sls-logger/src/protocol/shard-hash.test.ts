import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compressBody, decompressBody } from './compression';
import { PUT_LOGS_LIMITS } from './limits';
import { adjustShardHash, hashKeyFor, isHashKey, shardRangeStart } from './shard-hash';

describe('shard hash keys', () => {
  it('MD5s routing keys and keeps 32-hex keys', () => {
    expect(hashKeyFor('user-42')).toBe(createHash('md5').update('user-42').digest('hex'));
    expect(hashKeyFor('ABCDEF0123456789ABCDEF0123456789')).toBe('abcdef0123456789abcdef0123456789');
    expect(isHashKey('0'.repeat(32))).toBe(true);
    expect(isHashKey('0'.repeat(31))).toBe(false);
  });

  it('splits the key space evenly (spec §5.1)', () => {
    expect(shardRangeStart(0, 2)).toBe('0'.repeat(32));
    expect(shardRangeStart(1, 2)).toBe(`8${'0'.repeat(31)}`);
    expect(shardRangeStart(2, 2)).toBe('f'.repeat(32));
    expect(shardRangeStart(1, 4)).toBe(`4${'0'.repeat(31)}`);
    expect(() => shardRangeStart(3, 2)).toThrow(RangeError);
  });

  it('adjusts hashes to bucket starts', () => {
    const md5 = createHash('md5').update('k').digest('hex');
    const top = Number.parseInt(md5.slice(0, 2), 16);
    expect(adjustShardHash('k', 1)).toBe('0'.repeat(32));
    expect(adjustShardHash('k', 256)).toBe(`${md5.slice(0, 2)}${'0'.repeat(30)}`);
    expect(adjustShardHash('k', 2)).toBe(`${top >= 128 ? '8' : '0'}${'0'.repeat(31)}`);
    expect(() => adjustShardHash('k', 3)).toThrow(RangeError);
  });
});

describe('body compression', () => {
  const raw = Buffer.from('hello sls '.repeat(50));
  it.each(['lz4', 'deflate', 'none'] as const)('round-trips %s', (type) => {
    const c = compressBody(raw, type);
    expect(c.rawSize).toBe(raw.length);
    expect(c.compressType).toBe(type === 'none' ? undefined : type);
    expect(Buffer.from(decompressBody(c.body, c.compressType, c.rawSize))).toEqual(raw);
  });

  it('maps bad input to SLS codes', () => {
    expect(() => decompressBody(raw, 'zstd', raw.length)).toThrow(
      expect.objectContaining({ code: 'InvalidCompressType' }),
    );
    expect(() => decompressBody(raw, undefined, 1)).toThrow(expect.objectContaining({ code: 'InvalidBodyRawSize' }));
    expect(() => decompressBody(raw, 'deflate', raw.length)).toThrow(
      expect.objectContaining({ code: 'PostBodyUncompressError' }),
    );
    const deflated = compressBody(raw, 'deflate');
    expect(() => decompressBody(deflated.body, 'deflate', raw.length - 1)).toThrow(
      expect.objectContaining({ code: 'PostBodyUncompressError' }),
    );
    expect(() => compressBody(raw, 'zstd' as never)).toThrow(RangeError);
  });

  it('exposes the documented PutLogs limits, frozen', () => {
    expect(PUT_LOGS_LIMITS).toMatchObject({ maxLogsPerRequest: 4096, maxRawBodyBytes: 3 * 1024 * 1024 });
    expect(Object.isFrozen(PUT_LOGS_LIMITS)).toBe(true);
  });
});
