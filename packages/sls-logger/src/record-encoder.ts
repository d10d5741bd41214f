import { Buffer } from 'node:buffer';
import { PUT_LOGS_LIMITS } from './protocol';

// Protobuf field tags of the SLS `LogGroup` / `Log` messages (spec/sls.md §3), as the codec uses them.
const TAG_GROUP_LOGS = 0x0a;
const TAG_GROUP_TOPIC = 0x1a;
const TAG_GROUP_SOURCE = 0x22;
const TAG_GROUP_TAGS = 0x32;
const TAG_LOG_TIME = 0x08;
const TAG_LOG_CONTENTS = 0x12;
const TAG_LOG_TIME_NS = 0x25;
const TAG_PAIR_KEY = 0x0a;
const TAG_PAIR_VALUE = 0x12;

/** Below this many UTF-16 units a JS loop beats a native call for measuring and copying ASCII. */
const SHORT_STRING = 48;

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

function utf8Length(s: string): number {
  const n = s.length;
  if (n >= SHORT_STRING) return Buffer.byteLength(s, 'utf8');
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, 'utf8');
  return n;
}

function writeVarint(buf: Buffer, pos: number, value: number): number {
  let v = value;
  let p = pos;
  while (v >= 0x80) {
    buf[p++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[p++] = v;
  return p;
}

function writeString(buf: Buffer, pos: number, tag: number, s: string, bytes: number): number {
  buf[pos] = tag;
  let p = writeVarint(buf, pos + 1, bytes);
  // bytes === length means every unit is ASCII, so a unit is its byte.
  if (bytes === s.length && bytes < SHORT_STRING) {
    for (let i = 0; i < bytes; i++) buf[p + i] = s.charCodeAt(i);
    return p + bytes;
  }
  p += buf.write(s, p, bytes, 'utf8');
  return p;
}

/**
 * Serializes records straight into a batch buffer: each string is measured once and written once,
 * and the record lives on as bytes (not as JS objects) until its batch settles. Not reentrant: the
 * byte lengths of the record being written sit in one scratch array between `measure` and `write`.
 */
export class RecordEncoder {
  readonly #lengths: number[] = [];
  #count = 0;
  #bodySize = 0;

  /**
   * Measures one record (`Time`, the pairs, a fixed-width `TimeNs`) and remembers the string
   * lengths for {@link write}. Returns its size inside a LogGroup (tag and length prefix included).
   * @throws RangeError naming the field when a value is over the 1 MB PutLogs limit.
   */
  measure(time: number, pairs: ReadonlyArray<readonly [string, string]>): number {
    const lengths = this.#lengths;
    let size = 1 + varintSize(time) + 5;
    let n = 0;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as readonly [string, string];
      const value = pair[1];
      const kb = utf8Length(pair[0]);
      const vb = utf8Length(value);
      if (vb > PUT_LOGS_LIMITS.maxValueBytes) {
        throw new RangeError(
          `field "${pair[0]}" is ${vb} bytes; SLS accepts at most ${PUT_LOGS_LIMITS.maxValueBytes} bytes per value`,
        );
      }
      const inner = 2 + varintSize(kb) + kb + varintSize(vb) + vb;
      lengths[n++] = kb;
      lengths[n++] = vb;
      lengths[n++] = inner;
      size += 1 + varintSize(inner) + inner;
    }
    this.#count = n;
    this.#bodySize = size;
    return 1 + varintSize(size) + size;
  }

  /** Writes the record last measured at `pos`; returns the position after it. */
  write(
    buf: Buffer,
    pos: number,
    time: number,
    timeNs: number,
    pairs: ReadonlyArray<readonly [string, string]>,
  ): number {
    const lengths = this.#lengths;
    buf[pos] = TAG_GROUP_LOGS;
    let p = writeVarint(buf, pos + 1, this.#bodySize);
    buf[p++] = TAG_LOG_TIME;
    p = writeVarint(buf, p, time);
    for (let i = 0, j = 0; j < this.#count; i++, j += 3) {
      const pair = pairs[i] as readonly [string, string];
      buf[p++] = TAG_LOG_CONTENTS;
      p = writeVarint(buf, p, lengths[j + 2] as number);
      p = writeString(buf, p, TAG_PAIR_KEY, pair[0], lengths[j] as number);
      p = writeString(buf, p, TAG_PAIR_VALUE, pair[1], lengths[j + 1] as number);
    }
    buf[p++] = TAG_LOG_TIME_NS;
    return buf.writeUInt32LE(timeNs, p);
  }
}

/** The LogGroup fields after the logs: topic, source and tags. */
export interface GroupTrailer {
  topic?: string | undefined;
  source?: string | undefined;
  tags: ReadonlyArray<readonly [string, string]>;
}

/** Size of {@link writeGroupTrailer}'s output. */
export function groupTrailerSize(trailer: GroupTrailer): number {
  let size = 0;
  for (const s of [trailer.topic, trailer.source]) {
    if (s === undefined) continue;
    const b = Buffer.byteLength(s, 'utf8');
    size += 1 + varintSize(b) + b;
  }
  for (const [k, v] of trailer.tags) {
    const kb = Buffer.byteLength(k, 'utf8');
    const vb = Buffer.byteLength(v, 'utf8');
    const inner = 2 + varintSize(kb) + kb + varintSize(vb) + vb;
    size += 1 + varintSize(inner) + inner;
  }
  return size;
}

/** Appends topic, source and tags of a LogGroup at `pos` (room checked by the caller); returns the end. */
export function writeGroupTrailer(buf: Buffer, pos: number, trailer: GroupTrailer): number {
  let p = pos;
  if (trailer.topic !== undefined)
    p = writeString(buf, p, TAG_GROUP_TOPIC, trailer.topic, Buffer.byteLength(trailer.topic, 'utf8'));
  if (trailer.source !== undefined)
    p = writeString(buf, p, TAG_GROUP_SOURCE, trailer.source, Buffer.byteLength(trailer.source, 'utf8'));
  for (const [k, v] of trailer.tags) {
    const kb = Buffer.byteLength(k, 'utf8');
    const vb = Buffer.byteLength(v, 'utf8');
    buf[p++] = TAG_GROUP_TAGS;
    p = writeVarint(buf, p, 2 + varintSize(kb) + kb + varintSize(vb) + vb);
    p = writeString(buf, p, TAG_PAIR_KEY, k, kb);
    p = writeString(buf, p, TAG_PAIR_VALUE, v, vb);
  }
  return p;
}
