/**
 * MaxCompute tunnel record codec: decode and encode of 1,000,000 rows of six mixed columns
 * (BIGINT, DOUBLE, STRING, BOOLEAN, DATETIME, INT), rows/s and MB/s, against `JSON.parse` /
 * `JSON.stringify` of the same rows as NDJSON, measured in the same process, interleaved round by
 * round. The tunnel side verifies every record CRC32C and the stream checksum on decode and
 * computes them on encode, and produces `bigint` and `Date` values; the NDJSON side does no
 * checking and yields plain numbers.
 *
 * Two decode rows: "streaming" feeds both decoders 64 KiB chunks and drops each row once decoded
 * (what a download does: `for await (const row of ...)`), "kept" decodes the whole stream into an
 * array of all rows (heap growth and garbage collection dominate there, and our rows carry a
 * `Date` and a `bigint` each where the JSON rows carry numbers).
 */
import {
  createRecordReader,
  createTunnelSchema,
  decodeRecords,
  encodeRecords,
  type TunnelRecordInput,
} from '../../packages/maxcompute/src/index';
import type { Row } from '../harness';

export const title =
  'MaxCompute tunnel codec, 1,000,000 rows × 6 columns: ours vs NDJSON (JSON.parse / JSON.stringify)';

const ROWS = Number(process.env.ALIKIT_BENCH_MC_ROWS ?? 1_000_000);
const ROUNDS = 3;

const schema = createTunnelSchema([
  { name: 'id', type: 'bigint' },
  { name: 'score', type: 'double' },
  { name: 'name', type: 'string' },
  { name: 'active', type: 'boolean' },
  { name: 'at', type: 'datetime' },
  { name: 'qty', type: 'int' },
]);

function makeRows(): { tunnel: TunnelRecordInput[]; json: unknown[] } {
  const tunnel: TunnelRecordInput[] = [];
  const json: unknown[] = [];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const at = base + i * 1000;
    const name = `user-${i % 10_000}-${(i * 7919) % 1000}`;
    const score = (i % 1000) / 8;
    tunnel.push([BigInt(i), score, name, i % 3 === 0, new Date(at), i % 5000]);
    json.push({ id: i, score, name, active: i % 3 === 0, at, qty: i % 5000 });
  }
  return { tunnel, json };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function seconds(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function run(): Row[] {
  const { tunnel, json } = makeRows();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const stream = encodeRecords(schema, tunnel);
  const ndjson = encoder.encode(`${json.map((r) => JSON.stringify(r)).join('\n')}\n`);

  const decodeOurs = () => {
    const decoded = decodeRecords(schema, stream);
    if (decoded.records.length !== ROWS) throw new Error('decode lost rows');
  };
  const decodeJson = () => {
    const text = decoder.decode(ndjson);
    const out: unknown[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      out.push(JSON.parse(text.slice(start, nl)));
      start = nl + 1;
    }
    if (out.length !== ROWS) throw new Error('JSON.parse lost rows');
  };
  const CHUNK = 64 * 1024;
  const streamOurs = () => {
    const reader = createRecordReader(schema);
    let n = 0;
    for (let at = 0; at < stream.length; at += CHUNK) n += reader.push(stream.subarray(at, at + CHUNK)).length;
    reader.end();
    if (n !== ROWS) throw new Error('streaming decode lost rows');
  };
  const streamJson = () => {
    const chunkDecoder = new TextDecoder();
    let n = 0;
    let carry = '';
    for (let at = 0; at < ndjson.length; at += CHUNK) {
      const text = carry + chunkDecoder.decode(ndjson.subarray(at, at + CHUNK), { stream: true });
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (JSON.parse(text.slice(start, nl)) !== null) n++;
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    if (n !== ROWS) throw new Error('streaming JSON.parse lost rows');
  };
  const encodeOurs = () => encodeRecords(schema, tunnel);
  const encodeJson = () => {
    const lines = new Array<string>(json.length);
    for (let i = 0; i < json.length; i++) lines[i] = JSON.stringify(json[i]);
    return encoder.encode(`${lines.join('\n')}\n`);
  };

  const measure = (ours: () => unknown, theirs: () => unknown) => {
    ours();
    theirs();
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        a.push(seconds(ours));
        b.push(seconds(theirs));
      } else {
        b.push(seconds(theirs));
        a.push(seconds(ours));
      }
    }
    return { ours: median(a), theirs: median(b) };
  };

  const streaming = measure(streamOurs, streamJson);
  const decode = measure(decodeOurs, decodeJson);
  const encode = measure(encodeOurs, encodeJson);
  const row = (what: string, t: { ours: number; theirs: number }): Row => {
    const oursRows = ROWS / t.ours;
    const theirRows = ROWS / t.theirs;
    return {
      name: `${what} ${ROWS.toLocaleString('en-US')} rows, rows/s (ours ${mb(stream.length)} at ${(stream.length / 1e6 / t.ours).toFixed(0)} MB/s; NDJSON ${mb(ndjson.length)} at ${(ndjson.length / 1e6 / t.theirs).toFixed(0)} MB/s)`,
      baseline: what.includes('decode') ? 'NDJSON JSON.parse per line' : 'NDJSON JSON.stringify per line',
      oursOpsPerSec: oursRows,
      baselineOpsPerSec: theirRows,
      ratio: oursRows / theirRows,
    };
  };
  return [
    row('tunnel decode, streaming', streaming),
    row('tunnel decode, all rows kept', decode),
    row('tunnel encode', encode),
  ];
}
