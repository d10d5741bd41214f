import type { PrimaryKeyColumn, PrimaryKeySchema, PrimaryKeyValue } from '@alikit/tablestore/protocol';
import type { ServiceError } from '../shared/service-error';
import { otsInvalid } from './errors';

/** A concrete primary-key value (what a stored row holds). */
export type StoredKeyValue = Extract<PrimaryKeyValue, { type: 'integer' | 'string' | 'binary' }>;
/** A stored row's primary key, in schema order. */
export type StoredKey = PrimaryKeyColumn<StoredKeyValue>[];

/** Where a primary key is used: each place allows different placeholders. */
export type KeyUse = 'read' | 'write' | 'rangeBound';

const utf8 = new TextEncoder();

/** Wire names of value types, as the service spells them in messages. */
function wireTypeName(value: PrimaryKeyValue): string {
  switch (value.type) {
    case 'integer':
      return 'VT_INTEGER';
    case 'string':
      return 'VT_STRING';
    case 'binary':
      return 'VT_BLOB';
    case 'infMin':
      return 'VT_INF_MIN';
    case 'infMax':
      return 'VT_INF_MAX';
    case 'autoIncrement':
      return 'VT_AUTO_INCREMENT';
  }
}

function schemaTypeName(schema: PrimaryKeySchema): string {
  return schema.type === 'integer' ? 'VT_INTEGER' : schema.type === 'string' ? 'VT_STRING' : 'VT_BLOB';
}

/** Largest primary-key string/binary value in bytes (tablestore.md §2.3 limits). */
export const MAX_KEY_VALUE_BYTES = 1024;

/**
 * Checks a primary key from a request against the table schema, the way the service words its
 * `OTSParameterInvalid` messages ("Validate PK size fail. Input: 1, Meta: 2.").
 *
 * @returns the error to answer with, or `undefined` when the key is acceptable for `use`
 */
export function checkPrimaryKey(
  key: readonly PrimaryKeyColumn[],
  schema: readonly PrimaryKeySchema[],
  use: KeyUse,
): ServiceError | undefined {
  if (key.length !== schema.length) {
    return otsInvalid(`Validate PK size fail. Input: ${key.length}, Meta: ${schema.length}.`);
  }
  for (const [i, column] of key.entries()) {
    const meta = schema[i] as PrimaryKeySchema;
    if (column.name !== meta.name) {
      return otsInvalid(`Validate PK name fail. Input: ${column.name}, Meta: ${meta.name}.`);
    }
    const { value } = column;
    switch (value.type) {
      case 'infMin':
      case 'infMax':
        if (use !== 'rangeBound') {
          return otsInvalid(`The value of primary key column '${meta.name}' can not be ${wireTypeName(value)}.`);
        }
        continue;
      case 'autoIncrement':
        if (use !== 'write') {
          return otsInvalid(
            `The value of primary key column '${meta.name}' can be AUTO_INCREMENT only when a row is written.`,
          );
        }
        if (meta.option !== 'autoIncrement') {
          return otsInvalid(`Primary key column '${meta.name}' is not an auto-increment column.`);
        }
        continue;
      default:
        if (value.type !== meta.type) {
          return otsInvalid(
            `Validate PK type fail. Input: ${wireTypeName(value)}, Meta: ${schemaTypeName(meta)}, Column: ${meta.name}.`,
          );
        }
        if (value.type !== 'integer') {
          const size = value.type === 'string' ? utf8.encode(value.value).byteLength : value.value.byteLength;
          if (size > MAX_KEY_VALUE_BYTES) {
            return otsInvalid(
              `The length of primary key column '${meta.name}' exceeds the MaxLength: ${MAX_KEY_VALUE_BYTES} bytes (got ${size}).`,
            );
          }
        }
    }
  }
  return undefined;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const keyBytesCache = new WeakMap<object, Uint8Array>();
function stringBytes(value: { value: string }): Uint8Array {
  let bytes = keyBytesCache.get(value);
  if (!bytes) {
    bytes = utf8.encode(value.value);
    keyBytesCache.set(value, bytes);
  }
  return bytes;
}

/**
 * Orders two values of one primary-key column: INF_MIN below and INF_MAX above everything;
 * integers numerically, strings by their UTF-8 bytes and binaries bytewise (as the service sorts).
 */
export function compareKeyValues(a: PrimaryKeyValue, b: PrimaryKeyValue): number {
  if (a.type === 'infMin') return b.type === 'infMin' ? 0 : -1;
  if (b.type === 'infMin') return 1;
  if (a.type === 'infMax') return b.type === 'infMax' ? 0 : 1;
  if (b.type === 'infMax') return -1;
  if (a.type === 'integer' && b.type === 'integer') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (a.type === 'string' && b.type === 'string') return compareBytes(stringBytes(a), stringBytes(b));
  if (a.type === 'binary' && b.type === 'binary') return compareBytes(a.value, b.value);
  // Different types cannot meet once keys are checked against the schema; order them stably anyway.
  return a.type < b.type ? -1 : 1;
}

/** Orders two primary keys of one table column by column. */
export function compareKeys(a: readonly PrimaryKeyColumn[], b: readonly PrimaryKeyColumn[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareKeyValues((a[i] as PrimaryKeyColumn).value, (b[i] as PrimaryKeyColumn).value);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** A string that identifies a concrete primary key (map key of the row store). */
export function keyId(key: readonly PrimaryKeyColumn[]): string {
  let id = '';
  for (const { value } of key) {
    switch (value.type) {
      case 'integer':
        id += `i${value.value};`;
        break;
      case 'string':
        id += `s${value.value.length}:${value.value};`;
        break;
      case 'binary':
        id += `b${Buffer.from(value.value).toString('hex')};`;
        break;
      default:
        id += `${value.type};`;
    }
  }
  return id;
}
