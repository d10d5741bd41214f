import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { decodeRecords } from './record-reader';
import { createRecordWriter, encodeRecords } from './record-writer';
import { createTunnelSchema } from './type-parser';

/** Reference encoding of one BIGINT field, in bigint arithmetic only. */
function referenceBigintStream(n: bigint): Uint8Array {
  const out: number[] = [];
  const varint = (u: bigint) => {
    while (u > 0x7fn) {
      out.push(Number(u & 0x7fn) | 0x80);
      u >>= 7n;
    }
    out.push(Number(u));
  };
  const le = (v: bigint, bytes: number) =>
    Array.from({ length: bytes }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
  const recordCrc = crc32c(Uint8Array.from([...le(1n, 4), ...le(BigInt.asUintN(64, n), 8)]));
  varint(8n);
  varint(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
  varint(BigInt(33553408 * 8));
  varint(BigInt(recordCrc));
  varint(BigInt(33554430 * 8));
  varint(2n);
  varint(BigInt(33554431 * 8));
  varint(BigInt(crc32c(Uint8Array.from(le(BigInt(recordCrc), 4)))));
  return Uint8Array.from(out);
}

const EDGES = [0n, 1n, -1n, 63n, -64n, 64n, 2n ** 30n - 1n, -(2n ** 30n), 2n ** 30n, 2n ** 31n, -(2n ** 31n) - 1n];
const BIG_EDGES = [
  2n ** 48n - 1n,
  -(2n ** 48n),
  2n ** 49n,
  2n ** 52n - 1n,
  -(2n ** 52n) + 1n,
  2n ** 52n,
  -(2n ** 52n) - 1n,
];
const HUGE = [2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n];

describe('number fast paths of the codec', () => {
  it('encodes BIGINT values at every fast-path boundary exactly like bigint arithmetic', () => {
    const schema = createTunnelSchema([{ name: 'b', type: 'bigint' }]);
    for (const n of [...EDGES, ...BIG_EDGES, ...HUGE]) {
      const bytes = encodeRecords(schema, [[n]]);
      expect([...bytes], `value ${n}`).toEqual([...referenceBigintStream(n)]);
      expect(decodeRecords(schema, bytes).records[0]?.[0]).toBe(n);
    }
  });

  it('round-trips INT, DATE and DATETIME values around the boundaries', () => {
    const schema = createTunnelSchema([
      { name: 'i', type: 'int' },
      { name: 'd', type: 'date' },
      { name: 't', type: 'datetime' },
    ]);
    const rows = [
      [2147483647, 2 ** 52 - 1, new Date(8.64e15)],
      [-2147483648, -(2 ** 52) - 1, new Date(-8.64e15)],
      [-0, 0, new Date(-1)],
      [1073741823, -(2 ** 30), new Date(2 ** 31)],
    ];
    const decoded = decodeRecords(schema, encodeRecords(schema, rows)).records;
    expect(decoded).toEqual(rows.map(([i, d, t]) => [i === 0 ? 0 : i, d, t]));
  });

  it('encodes non-ASCII and long strings through the TextEncoder path', () => {
    const schema = createTunnelSchema([{ name: 's', type: 'string' }]);
    const values = ['', 'ascii', 'é', '😀 mixed', 'x'.repeat(127), 'y'.repeat(128), `${'z'.repeat(200)}é`];
    const decoded = decodeRecords(
      schema,
      encodeRecords(
        schema,
        values.map((v) => [v]),
      ),
    ).records;
    expect(decoded.map((r) => r[0])).toEqual(values);
  });

  it('encodes streams larger than its 1 MiB flush size exactly like the incremental writer', () => {
    const schema = createTunnelSchema([
      { name: 'id', type: 'bigint' },
      { name: 's', type: 'string' },
    ]);
    const rows = Array.from({ length: 30_000 }, (_, i) => [BigInt(i), `row-${i}-${'x'.repeat(i % 50)}`]);
    const whole = encodeRecords(schema, rows);
    expect(whole.length).toBeGreaterThan(1 << 20);
    const writer = createRecordWriter(schema);
    const parts = [...rows.map((r) => writer.write(r)), writer.finish()];
    expect(Buffer.concat(parts).equals(whole)).toBe(true);
    expect(decodeRecords(schema, whole).records).toEqual(rows);
  });
});
