import { Buffer, isUtf8 } from 'node:buffer';
import type { Log, LogGroup, LogTag } from './log-group';
import { SlsProtocolError } from './protocol-error';

// Field tags ((number << 3) | wireType) of the proto2 `sls` package; see spec/sls.md §3.
const TAG_GROUP_LOGS = 0x0a;
const TAG_GROUP_CATEGORY = 0x12;
const TAG_GROUP_TOPIC = 0x1a;
const TAG_GROUP_SOURCE = 0x22;
const TAG_GROUP_MACHINE_UUID = 0x2a;
const TAG_GROUP_TAGS = 0x32;
const TAG_LOG_TIME = 0x08;
const TAG_LOG_CONTENTS = 0x12;
const TAG_LOG_TIME_NS = 0x25;
const TAG_PAIR_KEY = 0x0a;
const TAG_PAIR_VALUE = 0x12;
const TAG_LIST_GROUPS = 0x0a;

const UINT32_LIMIT = 0x1_0000_0000;
const NANOS_PER_SECOND = 1_000_000_000;

/** Options for the decoders. */
export interface DecodeLogGroupOptions {
  /**
   * Reject strings that are not valid UTF-8 (SLS answers `InvalidEncoding`); when false, invalid
   * sequences decode to U+FFFD.
   * @defaultValue false
   */
  validateUtf8?: boolean;
}

function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

function fieldSize(length: number): number {
  return 1 + varintSize(length) + length;
}

// Byte lengths are measured once (pass 1) and consumed in the same order while writing (pass 2), so
// every string is measured exactly once and the output is allocated exactly once.
type Lengths = number[];

function measurePairs(pairs: ReadonlyArray<readonly [string, string]>, lengths: Lengths, what: string): number {
  let size = 0;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    const key = pair?.[0];
    const value = pair?.[1];
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new TypeError(`${what}[${i}] must be a [string, string] pair`);
    }
    const keyBytes = Buffer.byteLength(key, 'utf8');
    const valueBytes = Buffer.byteLength(value, 'utf8');
    lengths.push(keyBytes, valueBytes);
    size += fieldSize(fieldSize(keyBytes) + fieldSize(valueBytes));
  }
  return size;
}

function measureLog(log: Log, lengths: Lengths, index: number): number {
  const { time, timeNs, contents } = log;
  if (!Number.isInteger(time) || time < 0 || time >= UINT32_LIMIT) {
    throw new RangeError(`logs[${index}].time must be an integer number of seconds in [0, 2^32)`);
  }
  if (timeNs !== undefined && (!Number.isInteger(timeNs) || timeNs < 0 || timeNs >= NANOS_PER_SECOND)) {
    throw new RangeError(`logs[${index}].timeNs must be an integer in [0, 999999999]`);
  }
  if (!Array.isArray(contents)) throw new TypeError(`logs[${index}].contents must be an array`);
  let size = 1 + varintSize(time);
  size += measurePairs(contents, lengths, `logs[${index}].contents`);
  if (timeNs !== undefined) size += 5;
  return size;
}

function optionalStringSize(value: string | undefined, name: string, lengths: Lengths): number {
  if (value === undefined) return 0;
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  const bytes = Buffer.byteLength(value, 'utf8');
  lengths.push(bytes);
  return fieldSize(bytes);
}

function measureGroup(group: LogGroup, lengths: Lengths): number {
  if (group === null || typeof group !== 'object' || !Array.isArray(group.logs)) {
    throw new TypeError('logGroup.logs must be an array');
  }
  let size = 0;
  const logs = group.logs;
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    if (log === null || typeof log !== 'object') throw new TypeError(`logs[${i}] must be an object`);
    const slot = lengths.length;
    lengths.push(0);
    const logSize = measureLog(log, lengths, i);
    lengths[slot] = logSize;
    size += fieldSize(logSize);
  }
  size += optionalStringSize(group.category, 'logGroup.category', lengths);
  size += optionalStringSize(group.topic, 'logGroup.topic', lengths);
  size += optionalStringSize(group.source, 'logGroup.source', lengths);
  size += optionalStringSize(group.machineUuid, 'logGroup.machineUuid', lengths);
  if (group.logTags !== undefined) {
    if (!Array.isArray(group.logTags)) throw new TypeError('logGroup.logTags must be an array');
    size += measurePairs(group.logTags, lengths, 'logGroup.logTags');
  }
  return size;
}

class Writer {
  pos = 0;
  next = 0;
  constructor(
    readonly buf: Buffer,
    readonly lengths: Lengths,
  ) {}

  length(): number {
    // Pass 1 pushed exactly the lengths pass 2 asks for, in the same order.
    return this.lengths[this.next++] as number;
  }

  varint(value: number): void {
    const buf = this.buf;
    let v = value;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }

  string(tag: number, value: string, bytes: number): void {
    this.buf[this.pos++] = tag;
    this.varint(bytes);
    if (bytes > 0) this.pos += this.buf.write(value, this.pos, bytes, 'utf8');
  }

  pairs(tag: number, pairs: ReadonlyArray<readonly [string, string]>): void {
    for (const [key, value] of pairs) {
      const keyBytes = this.length();
      const valueBytes = this.length();
      this.buf[this.pos++] = tag;
      this.varint(fieldSize(keyBytes) + fieldSize(valueBytes));
      this.string(TAG_PAIR_KEY, key, keyBytes);
      this.string(TAG_PAIR_VALUE, value, valueBytes);
    }
  }

  optionalString(tag: number, value: string | undefined): void {
    if (value !== undefined) this.string(tag, value, this.length());
  }

  group(group: LogGroup): void {
    const buf = this.buf;
    for (const log of group.logs) {
      buf[this.pos++] = TAG_GROUP_LOGS;
      this.varint(this.length());
      buf[this.pos++] = TAG_LOG_TIME;
      this.varint(log.time);
      this.pairs(TAG_LOG_CONTENTS, log.contents);
      if (log.timeNs !== undefined) {
        buf[this.pos++] = TAG_LOG_TIME_NS;
        this.pos = buf.writeUInt32LE(log.timeNs, this.pos);
      }
    }
    this.optionalString(TAG_GROUP_CATEGORY, group.category);
    this.optionalString(TAG_GROUP_TOPIC, group.topic);
    this.optionalString(TAG_GROUP_SOURCE, group.source);
    this.optionalString(TAG_GROUP_MACHINE_UUID, group.machineUuid);
    if (group.logTags !== undefined) this.pairs(TAG_GROUP_TAGS, group.logTags);
  }
}

/**
 * Serializes one LogGroup to protobuf: the PutLogs request body (before compression).
 * @throws TypeError or RangeError when a field has the wrong type or a time is out of range
 */
export function encodeLogGroup(group: LogGroup): Buffer {
  const lengths: Lengths = [];
  const size = measureGroup(group, lengths);
  const writer = new Writer(Buffer.allocUnsafe(size), lengths);
  writer.group(group);
  return writer.buf;
}

/**
 * Serializes a list of LogGroups to protobuf `LogGroupList` (the PullLogs response body).
 * @throws TypeError or RangeError when a field has the wrong type or a time is out of range
 */
export function encodeLogGroupList(groups: readonly LogGroup[]): Buffer {
  if (!Array.isArray(groups)) throw new TypeError('groups must be an array');
  const lengths: Lengths = [];
  let size = 0;
  const groupSizes: number[] = [];
  for (const group of groups) {
    const groupSize = measureGroup(group, lengths);
    groupSizes.push(groupSize);
    size += fieldSize(groupSize);
  }
  const writer = new Writer(Buffer.allocUnsafe(size), lengths);
  groups.forEach((group, i) => {
    writer.buf[writer.pos++] = TAG_LIST_GROUPS;
    writer.varint(groupSizes[i] as number);
    writer.group(group);
  });
  return writer.buf;
}

/**
 * The exact number of bytes `log` adds to an encoded LogGroup (field tag and length prefix included).
 * @throws TypeError or RangeError as {@link encodeLogGroup}
 */
export function logEncodedSize(log: Log): number {
  return fieldSize(measureLog(log, [], 0));
}

/**
 * The exact size of `encodeLogGroup(group)` without encoding it.
 * @throws TypeError or RangeError as {@link encodeLogGroup}
 */
export function logGroupEncodedSize(group: LogGroup): number {
  return measureGroup(group, []);
}

// ---------------------------------------------------------------------------------------------
// Decoding

function invalid(message: string): SlsProtocolError {
  return new SlsProtocolError('PostBodyInvalid', `malformed LogGroup protobuf: ${message}`);
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
    readonly validateUtf8: boolean,
  ) {
    this.pos = start;
  }

  varint(): number {
    const buf = this.buf;
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw invalid('truncated varint');
      const byte = buf[this.pos++] as number;
      // Bits beyond 2^53 cannot matter for uint32 fields and lengths; they are read and dropped.
      if (i < 8) result += (byte & 0x7f) * multiplier;
      multiplier *= 128;
      if (byte < 0x80) return result;
    }
    throw invalid('varint longer than 10 bytes');
  }

  sub(): number {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.end) throw invalid('length-delimited field runs past its parent');
    return end;
  }

  string(): string {
    const end = this.sub();
    const start = this.pos;
    this.pos = end;
    if (this.validateUtf8 && !isUtf8(this.buf.subarray(start, end))) {
      throw new SlsProtocolError('InvalidEncoding', 'string field is not valid UTF-8');
    }
    return this.buf.toString('utf8', start, end);
  }

  skip(tag: number): void {
    switch (tag & 7) {
      case 0:
        this.varint();
        return;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos = this.sub();
        return;
      case 5:
        this.pos += 4;
        break;
      default:
        throw invalid(`unsupported wire type ${tag & 7}`);
    }
    if (this.pos > this.end) throw invalid('truncated fixed-width field');
  }

  pair(what: string): [string, string] {
    const end = this.sub();
    let key: string | undefined;
    let value: string | undefined;
    const inner = new Reader(this.buf, this.pos, end, this.validateUtf8);
    while (inner.pos < end) {
      const tag = inner.varint();
      if (tag === TAG_PAIR_KEY) key = inner.string();
      else if (tag === TAG_PAIR_VALUE) value = inner.string();
      else inner.skip(tag);
    }
    this.pos = end;
    if (key === undefined || value === undefined) throw invalid(`${what} without Key or Value`);
    return [key, value];
  }

  log(): Log {
    const end = this.sub();
    const inner = new Reader(this.buf, this.pos, end, this.validateUtf8);
    let time: number | undefined;
    let timeNs: number | undefined;
    const contents: Array<[string, string]> = [];
    while (inner.pos < end) {
      const tag = inner.varint();
      if (tag === TAG_LOG_TIME) time = inner.varint() % UINT32_LIMIT;
      else if (tag === TAG_LOG_CONTENTS) contents.push(inner.pair('Log.Content'));
      else if (tag === TAG_LOG_TIME_NS) {
        if (inner.pos + 4 > end) throw invalid('truncated TimeNs');
        timeNs = this.buf.readUInt32LE(inner.pos);
        inner.pos += 4;
      } else inner.skip(tag);
    }
    this.pos = end;
    if (time === undefined) throw invalid('Log without Time');
    const log: Log = { time, contents };
    if (timeNs !== undefined) log.timeNs = timeNs;
    return log;
  }

  group(): LogGroup {
    const group: LogGroup = { logs: [] };
    const end = this.end;
    while (this.pos < end) {
      const tag = this.varint();
      switch (tag) {
        case TAG_GROUP_LOGS:
          group.logs.push(this.log());
          break;
        case TAG_GROUP_CATEGORY:
          group.category = this.string();
          break;
        case TAG_GROUP_TOPIC:
          group.topic = this.string();
          break;
        case TAG_GROUP_SOURCE:
          group.source = this.string();
          break;
        case TAG_GROUP_MACHINE_UUID:
          group.machineUuid = this.string();
          break;
        case TAG_GROUP_TAGS: {
          const tags: LogTag[] = group.logTags ?? [];
          tags.push(this.pair('LogTag'));
          group.logTags = tags;
          break;
        }
        default:
          this.skip(tag);
      }
    }
    return group;
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parses a protobuf LogGroup (a PutLogs body after decompression). Unknown fields are skipped.
 * @throws SlsProtocolError (code `PostBodyInvalid`) when the bytes are not a valid LogGroup, or
 *   (code `InvalidEncoding`) for invalid UTF-8 when `validateUtf8` is set
 */
export function decodeLogGroup(bytes: Uint8Array, options: DecodeLogGroupOptions = {}): LogGroup {
  const buf = asBuffer(bytes);
  return new Reader(buf, 0, buf.length, options.validateUtf8 === true).group();
}

/**
 * Parses a protobuf LogGroupList (a PullLogs body after decompression). Unknown fields are skipped.
 * @throws SlsProtocolError (code `PostBodyInvalid`) when the bytes are not a valid LogGroupList
 */
export function decodeLogGroupList(bytes: Uint8Array, options: DecodeLogGroupOptions = {}): LogGroup[] {
  const buf = asBuffer(bytes);
  const validate = options.validateUtf8 === true;
  const reader = new Reader(buf, 0, buf.length, validate);
  const groups: LogGroup[] = [];
  while (reader.pos < buf.length) {
    const tag = reader.varint();
    if (tag === TAG_LIST_GROUPS) {
      const end = reader.sub();
      groups.push(new Reader(buf, reader.pos, end, validate).group());
      reader.pos = end;
    } else reader.skip(tag);
  }
  return groups;
}
