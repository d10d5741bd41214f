import {
  type AttributeColumn,
  type CapacityUnit,
  type CellValue,
  type Condition,
  encodeRow,
  type PlainBufferRow,
  type PlainBufferRowInput,
  type ReturnContent,
  type TimeRange,
} from '@alikit/tablestore/protocol';
import { isServiceError, type ServiceError } from '../shared/service-error';
import { type ColumnFilter, parseColumnFilter, rowPasses } from './column-filter';
import { otsError, otsInvalid } from './errors';
import { checkPrimaryKey, type KeyUse, type StoredKey, type StoredKeyValue } from './primary-key';
import { maintainIndexes } from './secondary-index';
import type { StoredCell, StoredRow, TablestoreTable } from './table-store';

/** Longest attribute string/binary value in bytes. */
export const MAX_ATTRIBUTE_VALUE_BYTES = 2 * 1024 * 1024;
/** Most attribute columns one write may carry. */
export const MAX_COLUMNS_PER_WRITE = 1024;
/** Longest column name in bytes. */
export const MAX_COLUMN_NAME_BYTES = 255;

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const utf8 = new TextEncoder();

/** Capacity units for `bytes` read or written: 1 per started 4 KB, at least 1. */
export function capacityUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 4096));
}

/** What a row read returns and how (GetRow, BatchGetRow, GetRange). */
export interface ReadOptions {
  columnsToGet?: readonly string[] | undefined;
  maxVersions?: number | undefined;
  timeRange?: TimeRange | undefined;
  startColumn?: string | undefined;
  endColumn?: string | undefined;
  filter?: ColumnFilter | undefined;
}

/**
 * Checks the version selection of a read and parses its filter.
 *
 * @throws ServiceError `OTSParameterInvalid` when neither `max_versions` nor `time_range` is set, or either is invalid
 */
export function readOptions(input: {
  columnsToGet?: string[] | undefined;
  maxVersions?: number | undefined;
  timeRange?: TimeRange | undefined;
  startColumn?: string | undefined;
  endColumn?: string | undefined;
  filter?: Uint8Array | undefined;
}): ReadOptions {
  const { maxVersions, timeRange } = input;
  if (maxVersions === undefined && timeRange === undefined) {
    throw otsInvalid('Neither max versions nor time range is set.');
  }
  if (maxVersions !== undefined && maxVersions <= 0) {
    throw otsInvalid(`max_versions must be greater than 0, got ${maxVersions}.`);
  }
  if (timeRange !== undefined) {
    const { startTime, endTime, specificTime } = timeRange;
    if (specificTime === undefined && (startTime === undefined || endTime === undefined)) {
      throw otsInvalid('TimeRange needs either specific_time or both start_time and end_time.');
    }
    if (specificTime === undefined && (startTime as bigint) >= (endTime as bigint)) {
      throw otsInvalid(`TimeRange start_time ${startTime} must be less than end_time ${endTime}.`);
    }
  }
  return {
    columnsToGet: input.columnsToGet,
    maxVersions,
    timeRange,
    startColumn: input.startColumn,
    endColumn: input.endColumn,
    filter: input.filter && input.filter.byteLength > 0 ? parseColumnFilter(input.filter, true) : undefined,
  };
}

/** The versions still alive under the table's time to live, newest first. */
function liveColumns(table: TablestoreTable, row: StoredRow, nowMs: number): Map<string, StoredCell[]> {
  const ttl = table.definition.options.timeToLive;
  if (ttl <= 0) return row.columns;
  const cutoff = nowMs - ttl * 1000;
  const out = new Map<string, StoredCell[]>();
  for (const [name, versions] of row.columns) {
    const alive = versions.filter((c) => c.timestamp >= cutoff);
    if (alive.length > 0) out.set(name, alive);
  }
  return out;
}

function inTimeRange(timestamp: number, range: TimeRange | undefined): boolean {
  if (!range) return true;
  if (range.specificTime !== undefined) return BigInt(timestamp) === range.specificTime;
  return BigInt(timestamp) >= (range.startTime as bigint) && BigInt(timestamp) < (range.endTime as bigint);
}

/**
 * Projects a stored row for a read: time to live, time range, max versions, filter, columns to
 * get, start/end column and column pagination. `undefined` when the row is filtered out, or when
 * `columnsToGet` names attribute columns only and the row has none of them.
 */
export function readRow(
  table: TablestoreTable,
  row: StoredRow,
  options: ReadOptions,
  nowMs: number,
): PlainBufferRowInput | undefined {
  const selected = new Map<string, StoredCell[]>();
  for (const [name, versions] of liveColumns(table, row, nowMs)) {
    const inRange = versions.filter((c) => inTimeRange(c.timestamp, options.timeRange));
    if (inRange.length > 0) selected.set(name, inRange);
  }
  if (options.filter && !rowPasses(options.filter, selected)) return undefined;

  let names = [...selected.keys()].sort();
  const wanted = options.columnsToGet ?? [];
  if (wanted.length > 0) {
    const set = new Set(wanted);
    names = names.filter((n) => set.has(n));
    const asksForKey = table.definition.primaryKey.some((pk) => set.has(pk.name));
    if (names.length === 0 && !asksForKey) return undefined;
  }
  const { startColumn, endColumn } = options;
  if (startColumn !== undefined) names = names.filter((n) => n >= startColumn);
  if (endColumn !== undefined) names = names.filter((n) => n < endColumn);
  if (options.filter?.kind === 'pagination') {
    names = names.slice(options.filter.offset, options.filter.offset + options.filter.limit);
  }
  const attributes: AttributeColumn<CellValue>[] = [];
  for (const name of names) {
    const versions = selected.get(name) as StoredCell[];
    const kept = options.maxVersions === undefined ? versions : versions.slice(0, options.maxVersions);
    for (const cell of kept) attributes.push({ name, value: cell.value, timestamp: cell.timestamp });
  }
  return { primaryKey: row.key, attributes };
}

/** A row change of PutRow, UpdateRow, DeleteRow or BatchWriteRow. */
export interface RowWrite {
  readonly kind: 'put' | 'update' | 'delete';
  readonly row: PlainBufferRow;
  /** Missing is treated as IGNORE (the npm SDK omits it in BatchWriteRow). */
  readonly condition?: Condition | undefined;
  readonly returnContent?: ReturnContent | undefined;
  /** Size of the PlainBuffer row change, for capacity units. */
  readonly bytes: number;
}

/** What a write answers with. */
export interface RowWriteResult {
  readonly consumed: CapacityUnit;
  /** The returned row (RT_PK / RT_AFTER_MODIFY), PlainBuffer-encoded. */
  readonly row?: Uint8Array | undefined;
}

function checkAttributes(write: RowWrite, table: TablestoreTable, nowMs: number): ServiceError | undefined {
  const { attributes } = write.row;
  const deviationMs = Number(table.definition.options.deviationCellVersionInSec) * 1000;
  if (write.kind === 'delete') {
    return attributes.length > 0 ? otsInvalid('A DeleteRow row change must not carry attribute columns.') : undefined;
  }
  if (attributes.length > MAX_COLUMNS_PER_WRITE) {
    return otsError('OTSOutOfColumnCountLimit', {
      status: 400,
      message: `The number of columns from the request exceeded the limit: ${MAX_COLUMNS_PER_WRITE} (got ${attributes.length}).`,
    });
  }
  const keyNames = new Set(table.definition.primaryKey.map((pk) => pk.name));
  for (const cell of attributes) {
    if (!COLUMN_NAME.test(cell.name) || utf8.encode(cell.name).byteLength > MAX_COLUMN_NAME_BYTES) {
      return otsInvalid(
        `Invalid column name: '${cell.name}'. Use up to ${MAX_COLUMN_NAME_BYTES} letters, digits and underscores, not starting with a digit.`,
      );
    }
    if (keyNames.has(cell.name)) {
      return otsInvalid(`The attribute column '${cell.name}' has the name of a primary key column.`);
    }
    if (write.kind === 'put' && cell.updateType !== undefined) {
      return otsInvalid(`A PutRow row must not carry cell operations; column '${cell.name}' has '${cell.updateType}'.`);
    }
    // The service refuses versions too far from its clock (deviation_cell_version_in_sec).
    if (
      cell.timestamp !== undefined &&
      cell.updateType === undefined &&
      Math.abs(cell.timestamp - nowMs) > deviationMs
    ) {
      return otsInvalid(
        `The timestamp ${cell.timestamp} of column '${cell.name}' deviates from the server time by more than ${deviationMs / 1000} seconds (deviation_cell_version_in_sec).`,
      );
    }
    const v = cell.value;
    if (v && (v.type === 'string' || v.type === 'binary')) {
      const size = v.type === 'string' ? utf8.encode(v.value).byteLength : v.value.byteLength;
      if (size > MAX_ATTRIBUTE_VALUE_BYTES) {
        return otsInvalid(
          `The length of attribute column: '${cell.name}' exceeded the MaxLength:${MAX_ATTRIBUTE_VALUE_BYTES} with CurrentLength:${size}.`,
        );
      }
    }
  }
  return undefined;
}

/** Inserts a version keeping newest-first order; a version at the same timestamp is replaced. */
function addVersion(versions: StoredCell[], cell: StoredCell): void {
  const at = versions.findIndex((c) => c.timestamp <= cell.timestamp);
  if (at < 0) versions.push(cell);
  else if ((versions[at] as StoredCell).timestamp === cell.timestamp) versions[at] = cell;
  else versions.splice(at, 0, cell);
}

function trimVersions(columns: Map<string, StoredCell[]>, maxVersions: number): void {
  for (const [name, versions] of columns) {
    if (versions.length > maxVersions) versions.length = maxVersions;
    if (versions.length === 0) columns.delete(name);
  }
}

/**
 * Applies one row change to a table: schema and value checks, auto-increment keys, the row
 * existence and column conditions, then the put / update / delete itself and the return content.
 * Nothing is changed when it throws.
 *
 * @throws ServiceError `OTSParameterInvalid`, `OTSConditionCheckFail`, `OTSOutOfColumnCountLimit`
 */
export function applyRowWrite(table: TablestoreTable, write: RowWrite, nowMs: number): RowWriteResult {
  const { definition } = table;
  const use: KeyUse = write.kind === 'delete' ? 'read' : 'write';
  const keyProblem = checkPrimaryKey(write.row.primaryKey, definition.primaryKey, use);
  if (keyProblem) throw keyProblem;
  const attributeProblem = checkAttributes(write, table, nowMs);
  if (attributeProblem) throw attributeProblem;
  if (write.kind === 'update' && !definition.options.allowUpdate) {
    throw otsInvalid(`Table '${definition.name}' does not allow UpdateRow (allow_update is false).`);
  }

  const condition: Condition = write.condition ?? { rowExistence: 'ignore' };
  const columnCondition =
    condition.columnCondition && condition.columnCondition.byteLength > 0
      ? parseColumnFilter(condition.columnCondition, false)
      : undefined;

  const generates = write.row.primaryKey.some((c) => c.value.type === 'autoIncrement');
  if (generates && condition.rowExistence !== 'ignore') {
    throw otsInvalid('The row existence expectation must be IGNORE when an auto-increment column is generated.');
  }
  const key: StoredKey = write.row.primaryKey.map((c) => ({
    name: c.name,
    value:
      c.value.type === 'autoIncrement'
        ? { type: 'integer', value: table.nextAutoIncrement(nowMs) }
        : (c.value as StoredKeyValue),
  }));

  const existing = generates ? undefined : table.get(key);
  const existingColumns = existing ? liveColumns(table, existing, nowMs) : new Map<string, StoredCell[]>();
  if (condition.rowExistence === 'expectExist' && !existing) throw otsError('OTSConditionCheckFail');
  if (condition.rowExistence === 'expectNotExist' && existing) throw otsError('OTSConditionCheckFail');
  if (columnCondition && !rowPasses(columnCondition, existingColumns)) throw otsError('OTSConditionCheckFail');

  let after: StoredRow | undefined;
  switch (write.kind) {
    case 'put': {
      const columns = new Map<string, StoredCell[]>();
      for (const cell of write.row.attributes) {
        let versions = columns.get(cell.name);
        if (!versions) {
          versions = [];
          columns.set(cell.name, versions);
        }
        addVersion(versions, { value: cell.value as CellValue, timestamp: cell.timestamp ?? nowMs });
      }
      trimVersions(columns, definition.options.maxVersions);
      after = { key, columns };
      table.set(after);
      break;
    }
    case 'update': {
      const columns = new Map<string, StoredCell[]>();
      for (const [name, versions] of existingColumns) columns.set(name, [...versions]);
      for (const cell of write.row.attributes) {
        const versions = columns.get(cell.name) ?? [];
        switch (cell.updateType) {
          case 'deleteAll':
            versions.length = 0;
            break;
          case 'delete': {
            const at = versions.findIndex((c) => c.timestamp === cell.timestamp);
            if (at >= 0) versions.splice(at, 1);
            break;
          }
          case 'increment': {
            const latest = versions[0]?.value;
            if (latest !== undefined && latest.type !== 'integer') {
              throw otsInvalid(`The column '${cell.name}' holds a ${latest.type} value and cannot be incremented.`);
            }
            const by = (cell.value as { value: bigint }).value;
            const sum = BigInt.asIntN(64, (latest?.value ?? 0n) + by);
            addVersion(versions, { value: { type: 'integer', value: sum }, timestamp: nowMs });
            break;
          }
          default:
            addVersion(versions, { value: cell.value as CellValue, timestamp: cell.timestamp ?? nowMs });
        }
        columns.set(cell.name, versions);
      }
      trimVersions(columns, definition.options.maxVersions);
      if (columns.size === 0) {
        table.delete(key);
        after = undefined;
      } else {
        after = { key, columns };
        table.set(after);
      }
      break;
    }
    case 'delete':
      table.delete(key);
      after = undefined;
      break;
  }

  maintainIndexes(table, existing, after);

  const returnType = write.returnContent?.returnType ?? 'none';
  let returned: Uint8Array | undefined;
  if (returnType === 'primaryKey') {
    returned = encodeRow({ primaryKey: key });
  } else if (returnType === 'afterModify' && after) {
    const names = new Set(write.returnContent?.returnColumnNames ?? []);
    const attributes: AttributeColumn<CellValue>[] = [];
    for (const name of [...after.columns.keys()].sort()) {
      const latest = after.columns.get(name)?.[0];
      if (names.has(name) && latest) attributes.push({ name, value: latest.value, timestamp: latest.timestamp });
    }
    returned = encodeRow({ primaryKey: key, attributes });
  }
  const read = condition.rowExistence !== 'ignore' || columnCondition ? 1 : 0;
  const consumed: CapacityUnit =
    read > 0 ? { read, write: capacityUnits(write.bytes) } : { write: capacityUnits(write.bytes) };
  return returned === undefined ? { consumed } : { consumed, row: returned };
}

/** Turns a thrown value into a per-row error of a batch response; rethrows what is not a ServiceError. */
export function rowError(error: unknown): { code: string; message: string } {
  if (isServiceError(error)) return { code: error.code, message: error.message };
  throw error;
}
