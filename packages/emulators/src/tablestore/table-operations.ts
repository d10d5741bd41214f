import type {
  CreateTableRequest,
  DescribeTableResponse,
  IndexMeta,
  PrimaryKeySchema,
  TableOptions,
  UpdateTableRequest,
  UpdateTableResponse,
} from '@alikit/tablestore/protocol';
import { otsError, otsInvalid } from './errors';
import { indexKeySchema } from './secondary-index';
import { type StoredTableOptions, type TablestoreInstance, TablestoreTable } from './table-store';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** Most primary-key columns a table may have. */
export const MAX_PRIMARY_KEY_COLUMNS = 4;
/** Shortest time to live the service accepts, in seconds (or -1 for forever). */
export const MIN_TIME_TO_LIVE_SEC = 86_400;
const DEFAULT_DEVIATION_SEC = 86_400n;

/**
 * The table to write to or manage, or 404 `OTSObjectNotExist`.
 * @throws ServiceError 400 `OTSParameterInvalid` for an index table (read-only)
 */
export function requireTable(instance: TablestoreInstance, name: string): TablestoreTable {
  const table = instance.tables.get(name);
  if (table) return table;
  if (instance.indexes.has(name)) {
    throw otsInvalid(`'${name}' is an index table: it can only be read, and changes with its base table.`);
  }
  throw otsError('OTSObjectNotExist');
}

/** The table or index table to read, or 404 `OTSObjectNotExist`. */
export function requireReadableTable(instance: TablestoreInstance, name: string): TablestoreTable {
  const table = instance.tables.get(name) ?? instance.indexes.get(name);
  if (!table) throw otsError('OTSObjectNotExist');
  return table;
}

/** DeleteTable: removes a table and its index tables. */
export function deleteTable(instance: TablestoreInstance, name: string): void {
  const table = requireTable(instance, name);
  for (const index of table.indexes) instance.indexes.delete(index.meta.name);
  instance.tables.delete(name);
}

function checkOptions(options: TableOptions): void {
  const { timeToLive, maxVersions, deviationCellVersionInSec } = options;
  if (timeToLive !== undefined && timeToLive !== -1 && timeToLive < MIN_TIME_TO_LIVE_SEC) {
    throw otsInvalid(`time_to_live must be -1 or at least ${MIN_TIME_TO_LIVE_SEC} seconds, got ${timeToLive}.`);
  }
  if (maxVersions !== undefined && maxVersions < 1) {
    throw otsInvalid(`max_versions must be greater than 0, got ${maxVersions}.`);
  }
  if (deviationCellVersionInSec !== undefined && deviationCellVersionInSec <= 0n) {
    throw otsInvalid(`deviation_cell_version_in_sec must be greater than 0, got ${deviationCellVersionInSec}.`);
  }
}

function mergeOptions(base: StoredTableOptions, update: TableOptions | undefined): StoredTableOptions {
  return {
    timeToLive: update?.timeToLive ?? base.timeToLive,
    maxVersions: update?.maxVersions ?? base.maxVersions,
    deviationCellVersionInSec: update?.deviationCellVersionInSec ?? base.deviationCellVersionInSec,
    allowUpdate: update?.allowUpdate ?? base.allowUpdate,
  };
}

function checkThroughput(read: number | undefined, write: number | undefined): void {
  if ((read ?? 0) < 0 || (write ?? 0) < 0) {
    throw otsInvalid(`Reserved throughput must not be negative (read: ${read ?? 0}, write: ${write ?? 0}).`);
  }
}

/**
 * CreateTable: checks the name, the primary-key schema (1–4 columns, auto-increment only on a
 * non-first INTEGER column), the options and the secondary indexes, then stores the table.
 *
 * @throws ServiceError `OTSParameterInvalid`, 409 `OTSObjectAlreadyExist`
 */
export function createTable(instance: TablestoreInstance, request: CreateTableRequest, nowMs: number): void {
  const { tableMeta } = request;
  const name = tableMeta.tableName;
  if (!NAME.test(name)) {
    throw otsInvalid(
      `Invalid table name: '${name}'. Use 1-255 letters, digits and underscores, not starting with a digit.`,
    );
  }
  const primaryKey = tableMeta.primaryKey ?? [];
  if (primaryKey.length < 1 || primaryKey.length > MAX_PRIMARY_KEY_COLUMNS) {
    throw otsInvalid(
      `The number of primary key columns must be in range: [1, ${MAX_PRIMARY_KEY_COLUMNS}], got ${primaryKey.length}.`,
    );
  }
  const seen = new Set<string>();
  for (const [i, column] of primaryKey.entries()) {
    if (!NAME.test(column.name)) throw otsInvalid(`Invalid primary key column name: '${column.name}'.`);
    if (seen.has(column.name)) throw otsInvalid(`Duplicated primary key column name: '${column.name}'.`);
    seen.add(column.name);
    if (column.option === 'autoIncrement') {
      if (i === 0) throw otsInvalid(`The first primary key column '${column.name}' can not be auto increment.`);
      if (column.type !== 'integer') {
        throw otsInvalid(`Auto increment primary key column '${column.name}' must be INTEGER.`);
      }
    }
  }
  if (primaryKey.filter((c) => c.option === 'autoIncrement').length > 1) {
    throw otsInvalid('A table can have at most one auto increment primary key column.');
  }
  const definedColumns = tableMeta.definedColumn ?? [];
  for (const column of definedColumns) {
    if (!NAME.test(column.name)) throw otsInvalid(`Invalid defined column name: '${column.name}'.`);
    if (seen.has(column.name)) throw otsInvalid(`Duplicated column name: '${column.name}'.`);
    seen.add(column.name);
  }
  if (request.tableOptions) checkOptions(request.tableOptions);
  const { read, write } = request.reservedThroughput.capacityUnit;
  checkThroughput(read, write);

  const indexMetas: IndexMeta[] = [...(request.indexMetas ?? []), ...(tableMeta.indexMeta ?? [])];
  const indexNames = new Set<string>();
  for (const index of indexMetas) {
    if (!NAME.test(index.name)) throw otsInvalid(`Invalid index name: '${index.name}'.`);
    if (indexNames.has(index.name) || index.name === name) {
      throw otsInvalid(`Duplicated index name: '${index.name}'.`);
    }
    if (instance.tables.has(index.name) || instance.indexes.has(index.name)) {
      throw otsInvalid(`Index name '${index.name}' is already used by a table or an index of this instance.`);
    }
    indexNames.add(index.name);
    if ((index.primaryKey ?? []).length === 0) {
      throw otsInvalid(`Index '${index.name}' must have at least one primary key column.`);
    }
    for (const column of [...(index.primaryKey ?? []), ...(index.definedColumn ?? [])]) {
      if (!seen.has(column)) {
        throw otsInvalid(
          `Column '${column}' of index '${index.name}' is neither a primary key column nor a defined column of the table.`,
        );
      }
    }
  }
  const indexSchemas = indexMetas.map((meta) => indexKeySchema(meta, primaryKey, definedColumns));
  if (instance.tables.has(name) || instance.indexes.has(name)) throw otsError('OTSObjectAlreadyExist');

  const options = mergeOptions(
    { timeToLive: -1, maxVersions: 1, deviationCellVersionInSec: DEFAULT_DEVIATION_SEC, allowUpdate: true },
    request.tableOptions,
  );
  const createdAtSec = BigInt(Math.floor(nowMs / 1000));
  const table = new TablestoreTable({
    name,
    primaryKey: primaryKey.map((c) => ({ ...c })),
    definedColumns: definedColumns.map((c) => ({ ...c })),
    indexMetas: indexMetas.map((m) => ({ ...m, indexSyncPhase: m.indexSyncPhase ?? 'incremental' })),
    options,
    reservedThroughput: { read: read ?? 0, write: write ?? 0 },
    streamSpec: request.streamSpec,
    createdAtSec,
  });
  for (const [i, meta] of indexMetas.entries()) {
    const index = new TablestoreTable({
      name: meta.name,
      primaryKey: indexSchemas[i] as PrimaryKeySchema[],
      definedColumns: [],
      indexMetas: [],
      options: { ...options, maxVersions: 1, allowUpdate: false },
      reservedThroughput: { read: 0, write: 0 },
      createdAtSec,
    });
    index.baseTable = table;
    table.indexes.push({ meta: { ...meta }, table: index });
    instance.indexes.set(meta.name, index);
  }
  instance.tables.set(name, table);
}

function describeOptions(options: StoredTableOptions): TableOptions {
  return {
    timeToLive: options.timeToLive,
    maxVersions: options.maxVersions,
    deviationCellVersionInSec: options.deviationCellVersionInSec,
    allowUpdate: options.allowUpdate,
  };
}

function throughputDetails(table: TablestoreTable): DescribeTableResponse['reservedThroughputDetails'] {
  const { read, write } = table.definition.reservedThroughput;
  const details: DescribeTableResponse['reservedThroughputDetails'] = {
    capacityUnit: { read: read ?? 0, write: write ?? 0 },
    lastIncreaseTime: table.lastIncreaseSec,
  };
  if (table.lastDecreaseSec !== undefined) details.lastDecreaseTime = table.lastDecreaseSec;
  return details;
}

/** DescribeTable: the schema, options with defaults, reserved throughput, status and indexes. */
export function describeTable(table: TablestoreTable): DescribeTableResponse {
  const { definition } = table;
  const response: DescribeTableResponse = {
    tableMeta: {
      tableName: definition.name,
      primaryKey: definition.primaryKey.map((c) => ({ ...c })),
      definedColumn: definition.definedColumns.map((c) => ({ ...c })),
    },
    reservedThroughputDetails: throughputDetails(table),
    tableOptions: describeOptions(definition.options),
    tableStatus: 'active',
    indexMetas: definition.indexMetas.map((m) => ({ ...m })),
  };
  if (definition.streamSpec) {
    response.streamDetails = {
      enableStream: definition.streamSpec.enableStream,
      ...(definition.streamSpec.expirationTime === undefined
        ? {}
        : { expirationTime: definition.streamSpec.expirationTime }),
    };
  }
  return response;
}

/**
 * UpdateTable: changes reserved throughput and options.
 *
 * @throws ServiceError `OTSParameterInvalid` when nothing is changed or a value is out of range
 */
export function updateTable(table: TablestoreTable, request: UpdateTableRequest, nowMs: number): UpdateTableResponse {
  if (!request.reservedThroughput && !request.tableOptions && !request.streamSpec) {
    throw otsInvalid('UpdateTable needs reserved_throughput, table_options or stream_spec.');
  }
  if (request.tableOptions) checkOptions(request.tableOptions);
  const { definition } = table;
  let reservedThroughput = definition.reservedThroughput;
  if (request.reservedThroughput) {
    const { read, write } = request.reservedThroughput.capacityUnit;
    checkThroughput(read, write);
    const next = {
      read: read ?? definition.reservedThroughput.read ?? 0,
      write: write ?? definition.reservedThroughput.write ?? 0,
    };
    const nowSec = BigInt(Math.floor(nowMs / 1000));
    const before = (definition.reservedThroughput.read ?? 0) + (definition.reservedThroughput.write ?? 0);
    if (next.read + next.write > before) table.lastIncreaseSec = nowSec;
    else if (next.read + next.write < before) table.lastDecreaseSec = nowSec;
    reservedThroughput = next;
  }
  table.definition = {
    ...definition,
    options: mergeOptions(definition.options, request.tableOptions),
    reservedThroughput,
    streamSpec: request.streamSpec ?? definition.streamSpec,
  };
  const described = describeTable(table);
  const response: UpdateTableResponse = {
    reservedThroughputDetails: described.reservedThroughputDetails,
    tableOptions: described.tableOptions,
  };
  if (described.streamDetails) response.streamDetails = described.streamDetails;
  return response;
}
