import { isSdkError } from '@alikit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtobufReader, ProtobufWriter, wireTypes } from './protobuf-wire';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const reader = (b: Uint8Array): ProtobufReader => new ProtobufReader(b, 'test');

describe('ProtobufWriter', () => {
  it('writes the varints from the protobuf encoding guide', () => {
    expect(hex(new ProtobufWriter().uint32(1).finish())).toBe('01');
    expect(hex(new ProtobufWriter().uint32(150).finish())).toBe('9601');
    expect(hex(new ProtobufWriter().tag(1, wireTypes.varint).uint32(150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().int32(-1).finish())).toBe('ffffffffffffffffff01');
    expect(hex(new ProtobufWriter().int64(-2n).finish())).toBe('feffffffffffffffff01');
    expect(hex(new ProtobufWriter().sint64(-1n).finish())).toBe('01');
    expect(hex(new ProtobufWriter().sint64(1n).finish())).toBe('02');
    expect(hex(new ProtobufWriter().tag(2, wireTypes.lengthDelimited).string('testing').finish())).toBe(
      '120774657374696e67',
    );
    expect(hex(new ProtobufWriter().fixed64(1n).finish())).toBe('0100000000000000');
  });

  it('grows past its initial buffer', () => {
    const big = new Uint8Array(1000).fill(7);
    const out = new ProtobufWriter().bytes(big).bytes(big).finish();
    expect(out.length).toBe(2004);
    expect(reader(out).bytes()).toEqual(big);
  });
});

describe('ProtobufReader', () => {
  it('round-trips int64, sint64, fixed64, int32, bool and strings', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.boolean(),
        fc.string({ unit: 'binary' }),
        (big, small, flag, s) => {
          const w = new ProtobufWriter().int64(big).sint64(big).fixed64(big).int32(small).bool(flag).string(s);
          const r = reader(w.finish());
          expect(r.int64()).toBe(big);
          expect(r.sint64()).toBe(big);
          expect(BigInt.asIntN(64, r.fixed64())).toBe(big);
          expect(r.int32()).toBe(small);
          expect(r.bool()).toBe(flag);
          expect(r.string()).toBe(s);
          expect(r.done()).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a leading U+FEFF in strings (TextDecoder would strip it as a BOM by default)', () => {
    const r = reader(new ProtobufWriter().string('\uFEFFname').finish());
    expect(r.string()).toBe('\uFEFFname');
  });

  it('skips every wire type, including groups', () => {
    const w = new ProtobufWriter()
      .tag(1, wireTypes.varint)
      .uint64(1n << 60n)
      .tag(2, wireTypes.fixed64)
      .fixed64(5n)
      .tag(3, wireTypes.lengthDelimited)
      .string('x')
      .tag(4, wireTypes.fixed32);
    const bytes = [...w.finish(), 1, 2, 3, 4];
    const group = new ProtobufWriter().tag(5, wireTypes.startGroup).tag(1, wireTypes.varint).uint32(3);
    const all = new Uint8Array([...bytes, ...group.tag(5, wireTypes.endGroup).finish(), 0x30, 0x09]);
    const r = reader(all);
    for (let i = 0; i < 5; i++) {
      const t = r.tag();
      r.skip(t.wireType, t.fieldNumber);
    }
    expect(r.tag()).toEqual({ fieldNumber: 6, wireType: 0 });
    expect(r.uint32()).toBe(9);
    expect(r.done()).toBe(true);
  });

  it.each([
    ['truncated varint', [0x80]],
    ['overlong varint', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    ['length past the end', [0x05, 0x61]],
    ['invalid UTF-8', [0x01, 0xff]],
  ])('throws ERR_PARSE with the offset for %s', (_name, input) => {
    const r = reader(new Uint8Array(input));
    const read = (): unknown =>
      _name === 'invalid UTF-8' || _name === 'length past the end' ? r.string() : r.uint64();
    try {
      read();
      expect.unreachable();
    } catch (error) {
      expect(isSdkError(error) && error.code).toBe('ERR_PARSE');
      expect((error as { details?: { offset?: number } }).details?.offset).toBeTypeOf('number');
    }
  });

  it('refuses field number 0 and unknown wire types', () => {
    expect(() => reader(new Uint8Array([0x00])).tag()).toThrow(/field number 0/);
    expect(() => reader(new Uint8Array([0x0f])).skip(7)).toThrow(/wire type 7/);
  });
});
