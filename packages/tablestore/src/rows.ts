/**
 * Conversion between plain-object rows of a {@link TableDefinition} and PlainBuffer rows, with the
 * checks that make bad input fail before any I/O.
 */

import type {
  AttributeColumn,
  CellValue,
  CellValueInput,
  PlainBufferRow,
  PrimaryKeyColumn,
  PrimaryKeyValueInput,
} from './protocol';
import type { AttributeColumnType, PrimaryKeyColumnType, TableDefinition } from './schema';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The smallest value of a primary-key column, for range bounds. */
export const INF_MIN: unique symbol = Symbol.for('alikit.tablestore.infMin');
/** The largest value of a primary-key column, for range bounds. */
export const INF_MAX: unique symbol = Symbol.for('alikit.tablestore.infMax');

/** A primary-key value, or {@link INF_MIN} / {@link INF_MAX} in a range bound. */
export type RangeBoundValue<V> = V | typeof INF_MIN | typeof INF_MAX;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'string') return 'string';
  return typeof value;
}

const JS_TYPE: Record<AttributeColumnType | PrimaryKeyColumnType, string> = {
  string: 'a string',
  integer: 'a bigint (int64)',
  autoIncrement: 'a bigint (int64)',
  double: 'a number',
  boolean: 'a boolean',
  binary: 'a Uint8Array',
};

/** Checks one value against its declared column type and returns its explicit PlainBuffer form. */
export function typedValue(type: AttributeColumnType | PrimaryKeyColumnType, value: unknown, where: string): CellValue {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { type: 'string', value };
      break;
    case 'integer':
    case 'autoIncrement':
      if (typeof value === 'bigint') {
        if (value < INT64_MIN || value > INT64_MAX)
          throw new RangeError(`${where}: ${value}n is outside the int64 range`);
        return { type: 'integer', value };
      }
      break;
    case 'double':
      if (typeof value === 'number') return { type: 'double', value };
      break;
    case 'boolean':
      if (typeof value === 'boolean') return { type: 'boolean', value };
      break;
    case 'binary':
      if (value instanceof Uint8Array) return { type: 'binary', value };
      break;
  }
  const hint = type === 'integer' && typeof value === 'number' ? ` (write ${String(value)}n)` : '';
  throw new TypeError(`${where}: expected ${JS_TYPE[type]}, got ${describe(value)}${hint}`);
}

/** How a primary key is being used, which decides the placeholders it may hold. */
export type KeyUse = 'read' | 'write' | 'rangeStart' | 'rangeEnd';

/**
 * Builds the PlainBuffer primary key of a plain-object key. Every column must be present, except
 * auto-increment columns in writes (sent as the placeholder) and columns of range bounds (filled
 * with `fill`); unknown columns are refused.
 */
export function primaryKeyColumns(
  table: TableDefinition,
  key: unknown,
  use: KeyUse,
  fill?: typeof INF_MIN | typeof INF_MAX,
): PrimaryKeyColumn<PrimaryKeyValueInput>[] {
  const where = `table ${table.name}`;
  if (typeof key !== 'object' || key === null) {
    throw new TypeError(`${where}: the primary key must be an object with ${table.primaryKeyNames.join(', ')}`);
  }
  const record = key as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!Object.hasOwn(table.primaryKey, name) && record[name] !== undefined) {
      // A write row carries its attributes too; putAttributes checks those.
      if (use === 'write') continue;
      if (Object.hasOwn(table.attributes, name)) {
        throw new TypeError(`${where}: ${name} is an attribute column, not part of the primary key`);
      }
      throw new TypeError(`${where}: unknown column ${name}; the primary key is ${table.primaryKeyNames.join(', ')}`);
    }
  }
  return table.primaryKeyNames.map((name) => {
    const type = table.primaryKey[name] as PrimaryKeyColumnType;
    const value = record[name];
    const at = `${where}, primary-key column ${name}`;
    if (value === INF_MIN || value === INF_MAX) {
      if (use !== 'rangeStart' && use !== 'rangeEnd') {
        throw new TypeError(`${at}: INF_MIN and INF_MAX are only allowed in range bounds`);
      }
      return { name, value: { type: value === INF_MIN ? 'infMin' : 'infMax' } };
    }
    if (value === undefined) {
      if (use === 'write' && type === 'autoIncrement') return { name, value: { type: 'autoIncrement' } };
      if (fill !== undefined) return { name, value: { type: fill === INF_MIN ? 'infMin' : 'infMax' } };
      throw new TypeError(`${at} is missing`);
    }
    return { name, value: typedValue(type, value, at) as PrimaryKeyValueInput };
  });
}

/** Checks that an attribute column is declared, returning its type. */
export function attributeType(table: TableDefinition, name: string, what = 'attribute column'): AttributeColumnType {
  const type = Object.hasOwn(table.attributes, name) ? table.attributes[name] : undefined;
  if (type === undefined) {
    const declared = Object.keys(table.attributes);
    const hint = Object.hasOwn(table.primaryKey, name)
      ? ' (it is a primary-key column)'
      : `; declared attributes: ${declared.length > 0 ? declared.join(', ') : 'none'}`;
    throw new TypeError(`table ${table.name}: unknown ${what} ${JSON.stringify(name)}${hint}`);
  }
  return type as AttributeColumnType;
}

/** The attribute cells of a plain-object row to put (primary-key columns and `undefined` values skipped). */
export function putAttributes(table: TableDefinition, row: Record<string, unknown>): AttributeColumn<CellValueInput>[] {
  const cells: AttributeColumn<CellValueInput>[] = [];
  for (const [name, value] of Object.entries(row)) {
    if (Object.hasOwn(table.primaryKey, name) || value === undefined) continue;
    const type = attributeType(table, name);
    cells.push({ name, value: typedValue(type, value, `table ${table.name}, column ${name}`) });
  }
  return cells;
}

/** A value read from the service, in plain JavaScript form. */
export type PlainValue = string | bigint | number | boolean | Uint8Array;

/** One version of a cell. */
export interface CellVersion<V = PlainValue> {
  /** The value of this version. */
  value: V;
  /** The version, in milliseconds since the Unix epoch. */
  timestamp: number;
}

/** A decoded row: the plain-object row, the newest timestamp of each column, and every version read. */
export interface DecodedRow {
  row: Record<string, PlainValue>;
  timestamps: Record<string, number>;
  versions: Record<string, CellVersion[]>;
}

function plain(value: CellValue | { type: string; value?: unknown }): PlainValue {
  return (value as { value: PlainValue }).value;
}

/** Turns a PlainBuffer row into a plain-object row (newest version of each column). */
export function decodeRowObject(decoded: PlainBufferRow): DecodedRow {
  const row: Record<string, PlainValue> = {};
  const timestamps: Record<string, number> = {};
  const versions: Record<string, CellVersion[]> = {};
  for (const cell of decoded.primaryKey) row[cell.name] = plain(cell.value);
  for (const cell of decoded.attributes) {
    if (cell.value === undefined) continue;
    const value = plain(cell.value);
    const timestamp = cell.timestamp ?? 0;
    let list = versions[cell.name];
    if (!list) {
      list = [];
      versions[cell.name] = list;
    }
    list.push({ value, timestamp });
    const newest = timestamps[cell.name];
    if (newest === undefined || timestamp > newest) {
      timestamps[cell.name] = timestamp;
      row[cell.name] = value;
    }
  }
  for (const list of Object.values(versions)) list.sort((a, b) => b.timestamp - a.timestamp);
  return { row, timestamps, versions };
}

/**
 * Turns a PlainBuffer row into a plain-object row holding the newest version of each column,
 * without the per-column version lists of {@link decodeRowObject} (the range-scan fast path).
 */
export function plainRowObject(decoded: PlainBufferRow): Record<string, PlainValue> {
  const row: Record<string, PlainValue> = {};
  for (const cell of decoded.primaryKey) row[cell.name] = plain(cell.value);
  let newest: Map<string, number> | undefined;
  for (const cell of decoded.attributes) {
    if (cell.value === undefined) continue;
    const timestamp = cell.timestamp ?? 0;
    if (Object.hasOwn(row, cell.name)) {
      // A second version of the column: keep the newer one.
      if (newest === undefined) newest = new Map();
      const known = newest.get(cell.name) ?? firstTimestamp(decoded, cell.name);
      if (timestamp <= known) continue;
      newest.set(cell.name, timestamp);
    }
    row[cell.name] = plain(cell.value);
  }
  return row;
}

function firstTimestamp(decoded: PlainBufferRow, name: string): number {
  for (const cell of decoded.attributes) if (cell.name === name && cell.value !== undefined) return cell.timestamp ?? 0;
  return 0;
}

/** The primary key part of a decoded row, as a plain object. */
export function primaryKeyObject(decoded: PlainBufferRow): Record<string, PlainValue> {
  const key: Record<string, PlainValue> = {};
  for (const cell of decoded.primaryKey) key[cell.name] = plain(cell.value);
  return key;
}
