import fc from 'fast-check';
import * as batch from '../../src/protocol/messages/batch';
import * as common from '../../src/protocol/messages/common';
import * as filter from '../../src/protocol/messages/filter';
import type { FieldDef, MessageDef } from '../../src/protocol/messages/message-codec';
import * as range from '../../src/protocol/messages/range';
import * as row from '../../src/protocol/messages/row';
import * as table from '../../src/protocol/messages/table';

/** Every message with exported encode/decode functions, keyed by its proto name. */
export interface MessageCase {
  name: string;
  def: MessageDef<unknown>;
  encode: (value: never) => Uint8Array;
  decode: (bytes: Uint8Array) => unknown;
}

function collect(mod: Record<string, unknown>): MessageCase[] {
  const out: MessageCase[] = [];
  for (const [key, value] of Object.entries(mod)) {
    if (!key.endsWith('Def') || typeof value !== 'object' || value === null || !('fields' in value)) continue;
    const def = value as MessageDef<unknown>;
    const encode = mod[`encode${def.name === 'Error' ? 'ErrorMessage' : def.name}`];
    const decode = mod[`decode${def.name === 'Error' ? 'ErrorMessage' : def.name}`];
    if (typeof encode !== 'function' || typeof decode !== 'function') continue;
    out.push({ name: def.name, def, encode: encode as MessageCase['encode'], decode: decode as MessageCase['decode'] });
  }
  return out;
}

/** All top-level message cases (requests, responses, filters, Condition, Error). */
export const messageCases: MessageCase[] = [table, row, batch, range, filter, common].flatMap((m) =>
  collect(m as unknown as Record<string, unknown>),
);

const text = fc.string({ unit: 'binary', maxLength: 12 });
const bytes = fc.uint8Array({ maxLength: 24 });

function valueArb(f: FieldDef): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'string':
      return text;
    case 'bytes':
      return bytes;
    case 'bool':
      return fc.boolean();
    case 'int32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'int64':
      return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    case 'enum':
      return fc.constantFrom(...(f.enumDef?.entries.map((e) => e[0]) ?? []));
    case 'message':
      return messageArb((f.message as () => MessageDef<unknown>)());
  }
}

/** Arbitrary values of a message: required fields always set, optional ones sometimes, repeated always arrays. */
export function messageArb(def: MessageDef<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const f of def.fields) {
    model[f.key] = f.label === 'repeated' ? fc.array(valueArb(f), { maxLength: 3 }) : valueArb(f);
    if (f.label !== 'optional') requiredKeys.push(f.key);
  }
  return fc.record(model, { requiredKeys });
}
