import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc8, crc8Byte } from './crc8';

/** Reference CRC-8/SMBUS, bit by bit, with no table: the independent oracle for the table code. */
function crc8Bitwise(bytes: Uint8Array, init = 0): number {
  let crc = init;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

describe('crc8', () => {
  it('has the CRC-8/SMBUS check value 0xF4 for "123456789"', () => {
    expect(crc8(new TextEncoder().encode('123456789'))).toBe(0xf4);
  });

  it('starts its table 00 07 0e 09 1c 1b 12 15 (spec §3)', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => crc8Byte(0, i))).toEqual([
      0x00, 0x07, 0x0e, 0x09, 0x1c, 0x1b, 0x12, 0x15,
    ]);
  });

  it('matches the bitwise reference for any bytes and any starting value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 255 }), (bytes, init) => {
        expect(crc8(bytes, init)).toBe(crc8Bitwise(bytes, init));
      }),
      { numRuns: 300 },
    );
  });

  it('continues across chunks exactly as over the whole input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.uint8Array({ maxLength: 32 }), (a, b) => {
        const whole = new Uint8Array([...a, ...b]);
        expect(crc8(b, crc8(a))).toBe(crc8(whole));
        expect([...a].reduce(crc8Byte, 0)).toBe(crc8(a));
      }),
      { numRuns: 200 },
    );
  });
});
