import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lz4Compress, lz4Decompress } from './lz4-block';
import { SlsProtocolError } from './protocol-error';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof SlsProtocolError ? e.code : `other:${String(e)}`;
  }
  return undefined;
}

describe('LZ4 block codec', () => {
  it('decodes the literal-only block of spec §4 (F0 2D + 60 bytes)', () => {
    const data = randomBytes(60);
    const block = Buffer.concat([hex('f02d'), data]);
    expect(lz4Decompress(block, 60)).toEqual(data);
  });

  it('decodes hand-written blocks with matches, overlaps and long lengths', () => {
    // "abcd" then a 12-byte match at offset 4 (overlapping copy), then 5 literals.
    expect(lz4Decompress(hex('48 61626364 0400 50 3132333435'), 21).toString()).toBe('abcdabcdabcdabcd12345');
    // 1 literal "a", match offset 1 length 4+15+255+1=275 (extended), then 5 literal "b".
    const expected = `${'a'.repeat(276)}bbbbb`;
    expect(lz4Decompress(hex('1f 61 0100 ff01 50 6262626262'), 281).toString()).toBe(expected);
  });

  it('encodes empty input as a single zero token', () => {
    expect(lz4Compress(new Uint8Array(0))).toEqual(hex('00'));
    expect(lz4Decompress(hex('00'), 0).length).toBe(0);
    expect(lz4Decompress(new Uint8Array(0), 0).length).toBe(0);
  });

  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        const block = lz4Compress(data);
        expect(lz4Decompress(block, data.length)).toEqual(Buffer.from(data));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips repetitive data and compresses it', () => {
    const piece = fc.uint8Array({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.integer({ min: 1, max: 300 })), { maxLength: 8 }), (parts) => {
        const data = Buffer.concat(parts.flatMap(([p, n]) => Array.from({ length: Math.min(n, 50) }, () => p)));
        const block = lz4Compress(data);
        expect(lz4Decompress(block, data.length)).toEqual(data);
      }),
      { numRuns: 250 },
    );
    const logs = Buffer.from(
      Array.from({ length: 2000 }, (_, i) => `{"level":"info","msg":"request done","id":${i}}`).join('\n'),
    );
    const block = lz4Compress(logs);
    expect(block.length).toBeLessThan(logs.length / 4);
    expect(lz4Decompress(block, logs.length)).toEqual(logs);
  });

  it('handles inputs larger than the 64 KiB window', () => {
    const data = Buffer.concat([randomBytes(70_000), randomBytes(1000)]);
    const repeated = Buffer.concat([data, data.subarray(0, 5000)]);
    expect(lz4Decompress(lz4Compress(repeated), repeated.length)).toEqual(repeated);
  });

  it('rejects corrupt blocks with PostBodyUncompressError', () => {
    const good = lz4Compress(Buffer.from('hello hello hello hello hello hello'));
    expect(codeOf(() => lz4Decompress(good, 34))).toBe('PostBodyUncompressError'); // raw size too small
    expect(codeOf(() => lz4Decompress(good, 36))).toBe('PostBodyUncompressError'); // raw size too large
    expect(codeOf(() => lz4Decompress(hex('50 6162'), 5))).toBe('PostBodyUncompressError'); // literals past end
    expect(codeOf(() => lz4Decompress(hex('10 61 0500'), 9))).toBe('PostBodyUncompressError'); // offset > output
    expect(codeOf(() => lz4Decompress(hex('10 61 0000'), 9))).toBe('PostBodyUncompressError'); // offset 0
    expect(codeOf(() => lz4Decompress(hex('10 61 01'), 9))).toBe('PostBodyUncompressError'); // truncated offset
    expect(codeOf(() => lz4Decompress(hex('f0'), 20))).toBe('PostBodyUncompressError'); // truncated length
    expect(codeOf(() => lz4Decompress(new Uint8Array(0), 3))).toBe('PostBodyUncompressError');
    // An LZ4 *frame* (magic 04 22 4D 18) is not a block.
    expect(codeOf(() => lz4Decompress(hex('04224d18 6440a7 05000080 68656c6c6f 00000000'), 5))).toBe(
      'PostBodyUncompressError',
    );
  });

  it('never throws anything but SlsProtocolError on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 300 }), (data, size) => {
        const code = codeOf(() => lz4Decompress(data, size));
        expect(code === undefined || code === 'PostBodyUncompressError').toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('validates arguments', () => {
    expect(() => lz4Decompress(hex('00'), -1)).toThrow(RangeError);
    expect(() => lz4Compress('x' as never)).toThrow(TypeError);
  });
});
