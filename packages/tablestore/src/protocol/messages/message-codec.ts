import { ProtobufReader, ProtobufWriter, wireTypes } from '../protobuf-wire';

// One table-driven codec instead of ~40 hand-written encode/decode pairs: each message is declared
// once (field number, camelCase key, type, label), and both directions are derived from that.

/** A protobuf enum: each entry is [camelCase TS name, wire number, proto name]. */
export interface EnumDef<N extends string = string> {
  readonly name: string;
  readonly entries: readonly (readonly [N, number, string])[];
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, N>;
}

/** Defines an enum from its entries. */
export function defineEnum<const N extends string>(
  name: string,
  entries: readonly (readonly [N, number, string])[],
): EnumDef<N> {
  return {
    name,
    entries,
    byName: new Map(entries.map(([n, v]) => [n, v])),
    byNumber: new Map(entries.map(([n, v]) => [v, n])),
  };
}

type ScalarKind = 'string' | 'bytes' | 'int32' | 'int64' | 'bool';

/** One field of a message descriptor. */
export interface FieldDef {
  readonly no: number;
  readonly key: string;
  readonly label: 'required' | 'optional' | 'repeated';
  readonly kind: ScalarKind | 'enum' | 'message';
  readonly enumDef?: EnumDef;
  readonly message?: () => MessageDef<unknown>;
}

/** A message descriptor; `T` is the TS shape it encodes from and decodes to. */
export interface MessageDef<T> {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** Phantom marker tying the descriptor to its TS type. */
  readonly _type?: T;
}

/** Defines a message; fields are sorted by number so output order matches protobufjs and protoc. */
export function defineMessage<T>(name: string, fields: readonly FieldDef[]): MessageDef<T> {
  return { name, fields: [...fields].sort((a, b) => a.no - b.no) };
}

/** Shorthand for a field descriptor. */
export function field(
  no: number,
  key: string,
  label: FieldDef['label'],
  kind: FieldDef['kind'],
  ref?: EnumDef | (() => MessageDef<unknown>),
): FieldDef {
  if (kind === 'enum') return { no, key, label, kind, enumDef: ref as EnumDef };
  if (kind === 'message') return { no, key, label, kind, message: ref as () => MessageDef<unknown> };
  return { no, key, label, kind };
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function wireTypeOf(kind: FieldDef['kind']): number {
  return kind === 'string' || kind === 'bytes' || kind === 'message' ? wireTypes.lengthDelimited : wireTypes.varint;
}

function writeValue(w: ProtobufWriter, f: FieldDef, value: unknown, path: string): void {
  switch (f.kind) {
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`${path} must be a string`);
      w.tag(f.no, wireTypes.lengthDelimited).string(value);
      return;
    case 'bytes':
      if (!(value instanceof Uint8Array)) throw new TypeError(`${path} must be a Uint8Array`);
      w.tag(f.no, wireTypes.lengthDelimited).bytes(value);
      return;
    case 'bool':
      if (typeof value !== 'boolean') throw new TypeError(`${path} must be a boolean`);
      w.tag(f.no, wireTypes.varint).bool(value);
      return;
    case 'int32':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${path} must be an integer`);
      if (value < -(2 ** 31) || value >= 2 ** 31) throw new RangeError(`${path} is outside int32: ${value}`);
      w.tag(f.no, wireTypes.varint).int32(value);
      return;
    case 'int64':
      if (typeof value !== 'bigint') throw new TypeError(`${path} must be a bigint`);
      if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`${path} is outside int64: ${value}`);
      w.tag(f.no, wireTypes.varint).int64(value);
      return;
    case 'enum': {
      const def = f.enumDef as EnumDef;
      const n = typeof value === 'string' ? def.byName.get(value) : undefined;
      if (n === undefined) {
        const names = def.entries.map((e) => `'${e[0]}'`).join(', ');
        throw new TypeError(`${path} must be one of ${names}`);
      }
      w.tag(f.no, wireTypes.varint).int32(n);
      return;
    }
    case 'message': {
      const def = (f.message as () => MessageDef<unknown>)();
      if (typeof value !== 'object' || value === null) throw new TypeError(`${path} must be an object`);
      w.tag(f.no, wireTypes.lengthDelimited).bytes(encodeInto(new ProtobufWriter(), def, value, path).finish());
      return;
    }
  }
}

function encodeInto(w: ProtobufWriter, def: MessageDef<unknown>, value: object, path: string): ProtobufWriter {
  const record = value as Record<string, unknown>;
  for (const f of def.fields) {
    const v = record[f.key];
    const fieldPath = `${path}.${f.key}`;
    if (v === undefined) {
      if (f.label === 'required') throw new TypeError(`${fieldPath} is required`);
      continue;
    }
    if (f.label === 'repeated') {
      if (!Array.isArray(v)) throw new TypeError(`${fieldPath} must be an array`);
      v.forEach((item, i) => {
        writeValue(w, f, item, `${fieldPath}[${i}]`);
      });
    } else {
      writeValue(w, f, v, fieldPath);
    }
  }
  return w;
}

/**
 * Encodes a value with a message descriptor.
 *
 * @throws TypeError when a required field is missing or a field has the wrong type
 * @throws RangeError when an int32/int64 field is out of range
 */
export function encodeMessage<T>(def: MessageDef<T>, value: T): Uint8Array {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${def.name} must be an object`);
  return encodeInto(new ProtobufWriter(), def as MessageDef<unknown>, value, def.name).finish();
}

function readValue(r: ProtobufReader, f: FieldDef): { ok: true; value: unknown } | { ok: false } {
  switch (f.kind) {
    case 'string':
      return { ok: true, value: r.string() };
    case 'bytes':
      return { ok: true, value: r.bytes() };
    case 'bool':
      return { ok: true, value: r.bool() };
    case 'int32':
      return { ok: true, value: r.int32() };
    case 'int64':
      return { ok: true, value: r.int64() };
    case 'enum': {
      // proto2 treats an enum number it does not know as an unknown field.
      const name = (f.enumDef as EnumDef).byNumber.get(r.int32());
      return name === undefined ? { ok: false } : { ok: true, value: name };
    }
    case 'message': {
      const def = (f.message as () => MessageDef<unknown>)();
      return { ok: true, value: decodeFrom(r.sub(), def) };
    }
  }
}

function decodeFrom(r: ProtobufReader, def: MessageDef<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) if (f.label === 'repeated') out[f.key] = [];
  const start = r.pos;
  while (!r.done()) {
    const { fieldNumber, wireType } = r.tag();
    const f = def.fields.find((x) => x.no === fieldNumber);
    if (f === undefined || wireType !== wireTypeOf(f.kind)) {
      r.skip(wireType, fieldNumber);
      continue;
    }
    const read = readValue(r, f);
    if (!read.ok) continue;
    if (f.label === 'repeated') (out[f.key] as unknown[]).push(read.value);
    else out[f.key] = read.value; // last one wins (embedded messages are not merged)
  }
  for (const f of def.fields) {
    if (f.label === 'required' && !(f.key in out)) {
      throw r.fail(`${def.name} is missing required field ${f.no} (${f.key})`, start);
    }
  }
  return out;
}

/**
 * Decodes bytes with a message descriptor; unknown fields are skipped.
 *
 * @throws SdkError `ERR_PARSE` for malformed input or a missing required field
 */
export function decodeMessage<T>(def: MessageDef<T>, bytes: Uint8Array): T {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${def.name} bytes must be a Uint8Array`);
  return decodeFrom(new ProtobufReader(bytes, `decode ${def.name}`), def as MessageDef<unknown>) as T;
}
