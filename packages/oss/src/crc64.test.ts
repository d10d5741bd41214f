import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64, crc64Combine } from './crc64';

/** Bit-at-a-time reference (CRC-64/XZ), independent of the table code. */
function reference(data: Uint8Array): bigint {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ 0xffffffffffffffffn;
}

describe('crc64 (CRC-64/ECMA as OSS uses it)', () => {
  it('matches the catalogue and oss.md vectors', () => {
    expect(crc64('123456789')).toBe(0x995dc9bbdf1939fan);
    expect(crc64('hello')).toBe(11177612005948864433n);
    expect(crc64('This is a test of the emergency broadcast system.')).toBe(0x27db187fc15bbc72n);
    expect(crc64('')).toBe(0n);
  });

  it('equals the bit-wise reference for any bytes, however they are split', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
        const at = Math.min(cut, data.length);
        const running = new Crc64().update(data.subarray(0, at)).update(data.subarray(at));
        expect(running.digest()).toBe(reference(data));
        expect(running.length).toBe(data.length);
        expect(new Crc64(crc64(data.subarray(0, at))).update(data.subarray(at)).digest()).toBe(reference(data));
      }),
    );
  });

  it('combines part CRCs into the whole CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        const whole = new Uint8Array([...a, ...b]);
        expect(crc64Combine(crc64(a), crc64(b), b.length)).toBe(crc64(whole));
      }),
    );
  });

  it('rejects bad arguments', () => {
    expect(() => crc64Combine(1n, 2n, -1)).toThrow(RangeError);
    expect(() => new Crc64(-1n)).toThrow(RangeError);
  });
});

describe('crc64Offloaded', () => {
  it('computes large inputs on a worker thread with the same result, concurrently', async () => {
    const { crc64Offloaded } = await import('./crc64-worker');
    const parts = [3, 5, 7].map((seed) => {
      const data = new Uint8Array(2 * 1024 * 1024 + seed);
      for (let i = 0; i < data.length; i++) data[i] = (i * seed) & 0xff;
      return data.subarray(seed);
    });
    const results = await Promise.all(parts.map((p) => crc64Offloaded(p)));
    expect(results).toEqual(parts.map((p) => crc64(p)));
    expect(await crc64Offloaded(new TextEncoder().encode('123456789'))).toBe(0x995dc9bbdf1939fan);
  });
});
