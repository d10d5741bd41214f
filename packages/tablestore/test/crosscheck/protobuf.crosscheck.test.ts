import { createRequire } from 'node:module';
import { encodeGetRowRequest, encodeRow } from '@alikit/tablestore/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldDef, MessageDef } from '../../src/protocol/messages/message-codec';
import { messageArb, messageCases } from '../support/message-arbitraries';

// The official npm SDK's protobufjs static module (lib/protocol/tablestore_compiled_proto.js), used
// only here as an independent reference: its field numbers and enum numbers come from the .proto files.
interface PbType {
  toObject(message: object, options: object): Record<string, unknown>;
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
}
type PbNamespace = Record<string, PbType & Record<string, number>>;
const root = createRequire(import.meta.url)('tablestore/lib/protocol/tablestore_compiled_proto.js') as {
  main: { proto: PbNamespace };
  filter: { proto: PbNamespace };
};

function pbType(name: string): PbType {
  const type = root.main.proto[name] ?? root.filter.proto[name];
  if (type === undefined) throw new Error(`no protobufjs type ${name}`);
  return type;
}
function pbEnum(enumName: string): Record<string, number> {
  const values = root.main.proto[enumName] ?? root.filter.proto[enumName];
  if (values === undefined) throw new Error(`no protobufjs enum ${enumName}`);
  return values as unknown as Record<string, number>;
}

// Ours → a plain object for protobufjs's static encode (fromObject would drop empty optional bytes):
// enums go by their proto *name*, so the numbers written come from npm's module, not ours.
function toPb(def: MessageDef<unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const one = (f: FieldDef, v: unknown): unknown => {
    switch (f.kind) {
      case 'int64':
        return String(v);
      case 'bytes':
        return Buffer.from(v as Uint8Array);
      case 'enum': {
        const entry = f.enumDef?.entries.find((e) => e[0] === v);
        return pbEnum(f.enumDef?.name ?? '')[entry?.[2] ?? ''];
      }
      case 'message':
        return toPb((f.message as () => MessageDef<unknown>)(), v as Record<string, unknown>);
      default:
        return v;
    }
  };
  for (const f of def.fields) {
    const v = value[f.key];
    if (v === undefined) continue;
    out[f.key] = f.label === 'repeated' ? (v as unknown[]).map((x) => one(f, x)) : one(f, v);
  }
  return out;
}

// protobufjs toObject output → ours.
function fromPb(def: MessageDef<unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const one = (f: FieldDef, v: unknown): unknown => {
    switch (f.kind) {
      case 'int64':
        return BigInt(String(v));
      case 'bytes':
        return new Uint8Array(v as Uint8Array);
      case 'enum': {
        const names = pbEnum(f.enumDef?.name ?? '');
        const protoName = Object.keys(names).find((k) => names[k] === v);
        return f.enumDef?.entries.find((e) => e[2] === protoName)?.[0];
      }
      case 'message':
        return fromPb((f.message as () => MessageDef<unknown>)(), v as Record<string, unknown>);
      default:
        return v;
    }
  };
  for (const f of def.fields) {
    const v = value[f.key];
    if (f.label === 'repeated') out[f.key] = ((v as unknown[] | undefined) ?? []).map((x) => one(f, x));
    else if (v !== undefined && v !== null) out[f.key] = one(f, v);
  }
  return out;
}

const pbOptions = { longs: String, enums: Number, arrays: true, defaults: false };

describe('protobuf messages against the npm tablestore compiled protobuf', () => {
  for (const c of messageCases) {
    it(`${c.name}: byte-identical to protobufjs and mutually decodable`, () => {
      const type = pbType(c.name);
      fc.assert(
        fc.property(messageArb(c.def), (value) => {
          const ours = c.encode(value as never);
          const theirs = type.encode(toPb(c.def, value)).finish();
          expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(theirs).toString('hex'));
          expect(c.decode(theirs)).toEqual(value);
          expect(fromPb(c.def, type.toObject(type.decode(ours), pbOptions))).toEqual(value);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('a GetRowRequest built from our PlainBuffer key decodes in the npm module', () => {
    const primaryKey = encodeRow({
      primaryKey: [
        { name: 'id', value: 'a' },
        { name: 'seq', value: 1n },
      ],
    });
    const bytes = encodeGetRowRequest({ tableName: 'orders', primaryKey, maxVersions: 1, columnsToGet: ['x'] });
    const type = pbType('GetRowRequest');
    const decoded = type.toObject(type.decode(bytes), pbOptions);
    expect(decoded).toEqual({
      tableName: 'orders',
      primaryKey,
      columnsToGet: ['x'],
      maxVersions: 1,
    });
  });
});
