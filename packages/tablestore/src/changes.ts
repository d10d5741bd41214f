/**
 * Row changes (put / update / delete) checked against the table definition and encoded once, so
 * single-row calls, `batchWrite` and the batch writer share the same rules.
 */

import { isRetryableCode, isThrottlingCode, SdkError } from '@alikit/core';
import { type ColumnCondition, encodeColumnCondition } from './conditions';
import {
  type AttributeColumn,
  type CellValueInput,
  type Condition,
  decodeRow,
  type ErrorMessage,
  encodeRow,
  type OperationType,
  type ReturnContent,
  type RowExistenceExpectation,
} from './protocol';
import { attributeType, primaryKeyColumns, putAttributes, typedValue } from './rows';
import type { AttributeNameOf, AttributesOf, PrimaryKeyOf, TableDefinition, WriteRowOf } from './schema';

/** Whether the row must exist before a write: `ignore` (no check), `expectExist`, `expectNotExist`. */
export type RowExistence = RowExistenceExpectation;

/** Conditions of a write. */
export interface WriteConditionOptions<T extends TableDefinition> {
  /**
   * Whether the row must already exist (`expectExist`) or must not (`expectNotExist`); the write
   * fails with `OTSConditionCheckFail` otherwise.
   * @defaultValue 'ignore'
   */
  rowExistence?: RowExistence | undefined;
  /**
   * A condition on attribute columns that must hold for the write to happen; otherwise it fails
   * with `OTSConditionCheckFail`.
   * @defaultValue none
   */
  condition?: ColumnCondition<T> | undefined;
}

/** The changes of an update. At least one of the fields must name a column. */
export interface RowUpdate<T extends TableDefinition> {
  /** The primary key of the row to update (created when missing and `rowExistence` allows). */
  key: PrimaryKeyOf<T>;
  /** Columns to set (a new version). @defaultValue none */
  put?: AttributesOf<T> | undefined;
  /** Integer columns to add to (a missing column counts as 0). @defaultValue none */
  increment?: { [K in AttributeNameOf<T>]?: T['attributes'][K] extends 'integer' ? bigint : never } | undefined;
  /** Columns to delete, every version. @defaultValue none */
  delete?: readonly AttributeNameOf<T>[] | undefined;
  /** One version to delete per column: column name → the version's timestamp (epoch ms). @defaultValue none */
  deleteVersions?: { [K in AttributeNameOf<T>]?: number } | undefined;
}

/** One change of a batch write or a batch writer. */
export type RowChange<T extends TableDefinition> =
  | ({
      /** Writes a whole row, replacing any existing one (PutRow semantics). */
      type: 'put';
      /** The primary key and attribute columns to write. */
      row: WriteRowOf<T>;
      /**
       * Ask the service to return the written primary key (always done when the table has an
       * auto-increment column).
       * @defaultValue false
       */
      returnPrimaryKey?: boolean | undefined;
    } & WriteConditionOptions<T>)
  | ({
      /** Changes some columns of a row, creating it when missing (UpdateRow semantics). */
      type: 'update';
      /** Columns to return as they are after the update. @defaultValue none */
      returnColumns?: readonly AttributeNameOf<T>[] | undefined;
    } & RowUpdate<T> &
      WriteConditionOptions<T>)
  | ({
      /** Deletes a row (DeleteRow semantics). */
      type: 'delete';
      /** The primary key of the row to delete. */
      key: PrimaryKeyOf<T>;
    } & WriteConditionOptions<T>);

/** A change encoded for the wire. */
export interface PreparedChange {
  type: OperationType;
  rowChange: Uint8Array;
  condition: Condition;
  returnContent: ReturnContent | undefined;
  /** Whether repeating the change after an unclear failure cannot change the outcome. */
  idempotent: boolean;
  /** An estimate of the bytes the change adds to a request. */
  size: number;
}

/** Write conditions before they are checked against a table. */
interface UncheckedConditions {
  rowExistence?: RowExistence | undefined;
  condition?: unknown;
}

const EXISTENCE: ReadonlySet<string> = new Set(['ignore', 'expectExist', 'expectNotExist']);

function condition(table: TableDefinition, options: UncheckedConditions): Condition {
  const rowExistence = options.rowExistence ?? 'ignore';
  if (!EXISTENCE.has(rowExistence)) {
    throw new TypeError(`table ${table.name}: rowExistence must be 'ignore', 'expectExist' or 'expectNotExist'`);
  }
  const out: Condition = { rowExistence };
  if (options.condition !== undefined) out.columnCondition = encodeColumnCondition(table, options.condition);
  return out;
}

function checkObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

/** Encodes a put. */
export function preparePut(
  table: TableDefinition,
  row: unknown,
  options: UncheckedConditions & { returnPrimaryKey?: boolean | undefined },
): PreparedChange {
  const record = checkObject(row, `table ${table.name}: the row`);
  const primaryKey = primaryKeyColumns(table, record, 'write');
  const attributes = putAttributes(table, record);
  const cond = condition(table, options);
  const generated = primaryKey.some(
    (c) => typeof c.value === 'object' && 'type' in c.value && c.value.type === 'autoIncrement',
  );
  const rowChange = encodeRow({ primaryKey, attributes });
  return {
    type: 'put',
    rowChange,
    condition: cond,
    returnContent: options.returnPrimaryKey || generated ? { returnType: 'primaryKey' } : undefined,
    // A generated key makes every repeat a new row; a condition may fail on the repeat.
    idempotent: !generated && cond.rowExistence === 'ignore' && cond.columnCondition === undefined,
    size: rowChange.length + 16,
  };
}

/** Encodes an update. */
export function prepareUpdate(
  table: TableDefinition,
  update: unknown,
  options: UncheckedConditions & {
    returnType?: 'none' | 'primaryKey' | 'afterModify' | undefined;
    returnColumns?: readonly string[] | undefined;
  },
): PreparedChange {
  const where = `table ${table.name}: update`;
  const u = checkObject(update, where);
  const primaryKey = primaryKeyColumns(table, u.key, 'read');
  const attributes: AttributeColumn<CellValueInput>[] = [];
  if (u.put !== undefined) attributes.push(...putAttributes(table, checkObject(u.put, `${where}.put`)));
  let increments = false;
  if (u.increment !== undefined) {
    for (const [name, value] of Object.entries(checkObject(u.increment, `${where}.increment`))) {
      if (value === undefined) continue;
      const type = attributeType(table, name);
      if (type !== 'integer')
        throw new TypeError(`${where}.increment: column ${name} is ${type}; only integer columns can be incremented`);
      attributes.push({
        name,
        value: typedValue('integer', value, `${where}.increment.${name}`),
        updateType: 'increment',
      });
      increments = true;
    }
  }
  if (u.delete !== undefined) {
    if (!Array.isArray(u.delete)) throw new TypeError(`${where}.delete must be an array of column names`);
    for (const name of u.delete) {
      attributeType(table, String(name));
      attributes.push({ name: String(name), updateType: 'deleteAll' });
    }
  }
  if (u.deleteVersions !== undefined) {
    for (const [name, ts] of Object.entries(checkObject(u.deleteVersions, `${where}.deleteVersions`))) {
      if (ts === undefined) continue;
      attributeType(table, name);
      if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) {
        throw new TypeError(`${where}.deleteVersions.${name} must be a timestamp in epoch milliseconds`);
      }
      attributes.push({ name, updateType: 'delete', timestamp: ts });
    }
  }
  if (attributes.length === 0)
    throw new TypeError(`${where} changes nothing: give put, increment, delete or deleteVersions`);
  const seen = new Set<string>();
  for (const a of attributes) {
    if (seen.has(a.name)) throw new TypeError(`${where}: column ${a.name} appears in more than one change`);
    seen.add(a.name);
  }
  const cond = condition(table, options);
  let returnContent: ReturnContent | undefined;
  const returnColumns = options.returnColumns ?? [];
  for (const name of returnColumns) attributeType(table, name);
  const returnType = options.returnType ?? (returnColumns.length > 0 ? 'afterModify' : 'none');
  if (returnType === 'afterModify') {
    if (returnColumns.length === 0) throw new TypeError(`${where}: returnType 'afterModify' needs returnColumns`);
    returnContent = { returnType, returnColumnNames: [...returnColumns] };
  } else if (returnType === 'primaryKey') {
    returnContent = { returnType };
  } else if (returnType !== 'none') {
    throw new TypeError(`${where}: returnType must be 'none', 'primaryKey' or 'afterModify'`);
  }
  const rowChange = encodeRow({ primaryKey, attributes });
  return {
    type: 'update',
    rowChange,
    condition: cond,
    returnContent,
    idempotent: !increments && cond.rowExistence === 'ignore' && cond.columnCondition === undefined,
    size: rowChange.length + 16,
  };
}

/** Encodes a delete. */
export function prepareDelete(
  table: TableDefinition,
  key: unknown,
  options: UncheckedConditions & { returnPrimaryKey?: boolean | undefined },
): PreparedChange {
  const primaryKey = primaryKeyColumns(table, key, 'read');
  const cond = condition(table, options);
  const rowChange = encodeRow({ primaryKey, deleteMarker: true });
  return {
    type: 'delete',
    rowChange,
    condition: cond,
    returnContent: options.returnPrimaryKey ? { returnType: 'primaryKey' } : undefined,
    idempotent: cond.rowExistence === 'ignore' && cond.columnCondition === undefined,
    size: rowChange.length + 16,
  };
}

/** Encodes any change of a batch. */
export function prepareChange(table: TableDefinition, change: unknown): PreparedChange {
  const c = checkObject(change, `table ${table.name}: a row change`) as unknown as RowChange<TableDefinition>;
  switch (c.type) {
    case 'put':
      return preparePut(table, c.row, c);
    case 'update':
      return prepareUpdate(table, c, c);
    case 'delete':
      return prepareDelete(table, c.key, c);
    default:
      throw new TypeError(`table ${table.name}: a row change needs type 'put', 'update' or 'delete'`);
  }
}

/** The error of one row in a batch response, as an SdkError with the real OTS code. */
export function rowError(operation: string, error: ErrorMessage | undefined, index: number): SdkError {
  const code = error?.code ?? 'OTSInternalServerError';
  const message = error?.message;
  return new SdkError({
    code,
    service: 'tablestore',
    operation,
    serviceMessage: message ?? 'the row failed without an error message',
    retryable: isRetryableCode('tablestore', code, message),
    details: { rowIndex: index },
  });
}

/** Whether a failed row should be sent again. */
export function shouldRetryRow(change: PreparedChange, error: ErrorMessage | undefined): boolean {
  if (error === undefined) return false;
  return change.idempotent
    ? isRetryableCode('tablestore', error.code, error.message)
    : isThrottlingCode('tablestore', error.code, error.message);
}

/** Decodes an optional returned row. */
export function returnedRow(bytes: Uint8Array | undefined): ReturnType<typeof decodeRow> | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  return decodeRow(bytes);
}
