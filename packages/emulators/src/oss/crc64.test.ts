import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64, crc64Combine } from './crc64';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** Bit-at-a-time reference, straight from the CRC-64/XZ parameters. */
function reference(data: Uint8Array): bigint {
  let reg = 0xffffffffffffffffn;
  for (const byte of data) {
    reg ^= BigInt(byte);
    for (let i = 0; i < 8; i++) reg = reg & 1n ? (reg >> 1n) ^ 0xc96c5795d7870f42n : reg >> 1n;
  }
  return reg ^ 0xffffffffffffffffn;
}

describe('crc64 (CRC-64/XZ, OSS x-oss-hash-crc64ecma)', () => {
  it('matches the catalogue check value and the spec vectors', () => {
    expect(crc64(utf8('123456789'))).toBe(0x995dc9bbdf1939fan);
    expect(crc64(utf8('This is a test of the emergency broadcast system.'))).toBe(0x27db187fc15bbc72n);
    expect(crc64(utf8('hello'))).toBe(11177612005948864433n);
    expect(crc64(new Uint8Array(0))).toBe(0n);
  });

  it('agrees with a bit-at-a-time reference and continues across pieces', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
        const at = Math.min(cut, data.length);
        const whole = crc64(data);
        expect(whole).toBe(reference(data));
        expect(new Crc64().update(data.subarray(0, at)).update(data.subarray(at)).value).toBe(whole);
        expect(crc64(data.subarray(at), crc64(data.subarray(0, at)))).toBe(whole);
      }),
    );
  });

  it('combines the CRCs of two pieces without their data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 5000 }), (a, b) => {
        const joined = Buffer.concat([a, b]);
        expect(crc64Combine(crc64(a), crc64(b), b.length)).toBe(crc64(joined));
      }),
    );
  });

  it('refuses a negative length', () => {
    expect(() => crc64Combine(0n, 0n, -1)).toThrow(RangeError);
  });
});
