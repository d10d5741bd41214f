/**
 * The Tablestore client: table management, and typed table clients for row operations.
 */

import {
  type CredentialProvider,
  type Credentials,
  type Logger,
  type RetryOptions,
  tablestoreEndpoint,
} from '@alikit/core';
import { type BatchWriter, type BatchWriterOptions, createBatchWriterFor } from './batch-writer';
import {
  type DefinedColumnSchema,
  type DefinedColumnType,
  decodeDescribeTableResponse,
  decodeListTableResponse,
  encodeCreateTableRequest,
  encodeDeleteTableRequest,
  encodeDescribeTableRequest,
  encodeListTableRequest,
  type IndexMeta,
  type PrimaryKeySchema,
  type TableOptions,
} from './protocol';
import { attributeType } from './rows';
import {
  type AttributeColumnType,
  type AttributeNameOf,
  checkName,
  type PrimaryKeyColumnType,
  type TableDefinition,
} from './schema';
import { TableClient } from './table-client';
import { type CallOptions, Transport } from './transport';

/** Options of {@link TablestoreClient}. */
export interface TablestoreClientOptions {
  /** The instance name (sent as `x-ots-instancename`). */
  instanceName: string;
  /**
   * The instance endpoint, e.g. `https://my-instance.cn-hangzhou.ots.aliyuncs.com` or an
   * emulator's `http://127.0.0.1:PORT`.
   * @defaultValue derived from `region`, `instanceName` and `network`
   */
  endpoint?: string | undefined;
  /** The region, e.g. `cn-hangzhou`; required without `endpoint`. @defaultValue none */
  region?: string | undefined;
  /** The network for a derived endpoint. @defaultValue 'public' */
  network?: 'public' | 'internal' | 'vpc' | undefined;
  /** Credentials or a provider. @defaultValue the default credential chain */
  credentials?: Credentials | CredentialProvider | undefined;
  /**
   * Retry settings; also how often failed rows of a batch are sent again.
   * @defaultValue 3 attempts, backoff base 100 ms, cap 20 s
   */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per attempt, secrets removed. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Limit for each attempt in milliseconds. @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /**
   * The fetch implementation.
   * @defaultValue a keep-alive `node:http(s)` transport (half the CPU per call of the global fetch
   *   for Tablestore's small protobuf requests)
   */
  fetch?: typeof globalThis.fetch | undefined;
  /** Allow plain `http:` to hosts that are not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
}

/** A secondary index of {@link CreateTableOptions}. */
export interface SecondaryIndex<T extends TableDefinition> {
  /** The index name. */
  name: string;
  /** The index's primary key: table primary-key columns and defined columns, in order. */
  primaryKey: readonly (keyof T['primaryKey'] | AttributeNameOf<T>)[];
  /** Defined columns copied into the index. @defaultValue none */
  definedColumns?: readonly AttributeNameOf<T>[] | undefined;
  /** `global` (asynchronously updated) or `local` (synchronously updated). @defaultValue 'global' */
  type?: 'global' | 'local' | undefined;
}

/** Options of {@link TablestoreClient.createTable}. */
export interface CreateTableOptions<T extends TableDefinition> extends CallOptions {
  /** How long data lives, in seconds; -1 keeps it forever. @defaultValue -1 */
  timeToLiveSeconds?: number | undefined;
  /** How many versions of each column are kept. @defaultValue 1 */
  maxVersions?: number | undefined;
  /** How far a written version may be from the current time, in seconds. @defaultValue 86400 */
  maxTimeDeviationSeconds?: number | undefined;
  /** Reserved read/write capacity units. @defaultValue 0 and 0 */
  reservedThroughput?:
    | {
        /** Reserved read capacity units (an integer ≥ 0). @defaultValue 0 */
        read?: number | undefined;
        /** Reserved write capacity units (an integer ≥ 0). @defaultValue 0 */
        write?: number | undefined;
      }
    | undefined;
  /** Attribute columns to declare as defined columns (needed by secondary indexes). @defaultValue none */
  definedColumns?: readonly AttributeNameOf<T>[] | undefined;
  /** Secondary indexes to create with the table. @defaultValue none */
  secondaryIndexes?: readonly SecondaryIndex<T>[] | undefined;
}

/** A table as {@link TablestoreClient.describeTable} reports it. */
export interface TableDescription {
  /** The table name. */
  name: string;
  /** Primary-key columns in key order. */
  primaryKey: {
    /** The column name. */
    name: string;
    /** `string`, `integer`, `binary`, or `autoIncrement` for a service-generated integer column. */
    type: PrimaryKeyColumnType;
  }[];
  /** Defined (pre-declared) attribute columns. */
  definedColumns: {
    /** The column name. */
    name: string;
    /** The declared value type. */
    type: AttributeColumnType;
  }[];
  /** Time to live in seconds (-1: forever). */
  timeToLiveSeconds: number | undefined;
  /** Versions kept per column. */
  maxVersions: number | undefined;
  /** Allowed version deviation in seconds. */
  maxTimeDeviationSeconds: number | undefined;
  /** Reserved capacity units. */
  reservedThroughput: {
    /** Reserved read capacity units (0 when none). */
    read: number;
    /** Reserved write capacity units (0 when none). */
    write: number;
  };
  /** `active` once the table is usable. */
  status: string;
  /** Secondary indexes. */
  secondaryIndexes: {
    /** The index name. */
    name: string;
    /** The index's primary-key columns, in key order. */
    primaryKey: string[];
    /** Defined columns copied into the index (empty when none). */
    definedColumns: string[];
    /** `global` (updated asynchronously) or `local` (updated with the write). */
    type: 'global' | 'local';
  }[];
}

const DEFINED_TYPES: Record<AttributeColumnType, DefinedColumnType> = {
  string: 'string',
  integer: 'integer',
  double: 'double',
  boolean: 'boolean',
  binary: 'blob',
};

function checkInt(value: number | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > 0x7fffffff) {
    throw new RangeError(`${name} must be an integer from ${min} to 2147483647, got ${String(value)}`);
  }
  return value;
}

/**
 * A Tablestore (OTS) client: typed rows as plain objects (int64 as `bigint`, binary as
 * `Uint8Array`), the real OTS error codes, retries of throttled calls and of failed batch rows.
 * Construction does no I/O.
 *
 * @example
 * ```ts
 * import { defineTable, TablestoreClient } from '@alikit/tablestore';
 *
 * const events = defineTable({ name: 'events', primaryKey: { source: 'string', seq: 'integer' }, attributes: { body: 'string' } });
 * const client = new TablestoreClient({ region: 'cn-hangzhou', instanceName: 'my-instance' });
 * await client.createTable(events, { timeToLiveSeconds: 86_400 * 30 });
 * await client.table(events).putRow({ source: 'web', seq: 1n, body: 'hello' });
 * ```
 */
export class TablestoreClient {
  /** The endpoint requests go to. */
  readonly endpoint: string;
  /** The instance name. */
  readonly instanceName: string;
  readonly #transport: Transport;

  /**
   * @throws TypeError when `instanceName` is missing, or neither `endpoint` nor `region` is given.
   * @throws RangeError for an unknown region or bad retry/timeout settings.
   */
  constructor(options: TablestoreClientOptions) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('TablestoreClient takes an options object');
    const { instanceName } = options;
    if (typeof instanceName !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(instanceName)) {
      throw new TypeError(
        `instanceName must be a Tablestore instance name (letters, digits, '-'), got ${JSON.stringify(instanceName)}`,
      );
    }
    let endpoint = options.endpoint;
    if (endpoint === undefined) {
      if (typeof options.region !== 'string' || options.region === '') {
        throw new TypeError('TablestoreClient needs endpoint, or region (and instanceName) to derive it');
      }
      endpoint = tablestoreEndpoint(options.region, instanceName, { network: options.network ?? 'public' }).url;
    } else if (typeof endpoint !== 'string' || !/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
      throw new TypeError(`endpoint must be an http(s) URL without a path, got ${JSON.stringify(endpoint)}`);
    }
    this.#transport = new Transport({ ...options, endpoint, instanceName });
    this.endpoint = this.#transport.endpoint;
    this.instanceName = instanceName;
  }

  /** Row operations on a table. Cheap: no I/O, nothing cached per table. */
  table<T extends TableDefinition>(definition: T): TableClient<T> {
    if (typeof definition !== 'object' || definition === null || !Array.isArray(definition.primaryKeyNames)) {
      throw new TypeError('table() takes a definition made by defineTable()');
    }
    return new TableClient(this.#transport, definition);
  }

  /**
   * A buffered writer for many rows of a table, with concurrency, a flush interval, per-row
   * results, statistics and backpressure (see {@link BatchWriter}).
   */
  createBatchWriter<T extends TableDefinition>(definition: T, options: BatchWriterOptions<T> = {}): BatchWriter<T> {
    return createBatchWriterFor(this.table(definition), options);
  }

  /**
   * Creates a table from its definition.
   * @throws TypeError / RangeError before any I/O for bad options (unknown defined columns, bad index).
   * @throws SdkError `OTSObjectAlreadyExist` when the table exists.
   */
  async createTable<T extends TableDefinition>(definition: T, options: CreateTableOptions<T> = {}): Promise<void> {
    const primaryKey: PrimaryKeySchema[] = definition.primaryKeyNames.map((name) => {
      const type = definition.primaryKey[name] as PrimaryKeyColumnType;
      return type === 'autoIncrement' ? { name, type: 'integer', option: 'autoIncrement' } : { name, type };
    });
    const definedNames = options.definedColumns ?? [];
    const definedColumn: DefinedColumnSchema[] = definedNames.map((name) => ({
      name,
      type: DEFINED_TYPES[attributeType(definition, name, 'defined column')],
    }));
    const indexMetas: IndexMeta[] = (options.secondaryIndexes ?? []).map((index) => {
      const name = checkName(index.name, 'index name');
      const keyNames = index.primaryKey.map(String);
      if (keyNames.length === 0) throw new TypeError(`index ${name}: primaryKey needs at least one column`);
      for (const column of keyNames) {
        if (Object.hasOwn(definition.primaryKey, column)) continue;
        if (!definedNames.includes(column)) {
          throw new TypeError(`index ${name}: ${column} is neither a primary-key column nor a defined column`);
        }
        const type = definition.attributes[column];
        if (type !== 'string' && type !== 'integer' && type !== 'binary') {
          throw new TypeError(
            `index ${name}: key column ${column} is ${type}; index keys must be string, integer or binary`,
          );
        }
      }
      for (const column of index.definedColumns ?? []) {
        if (!definedNames.includes(column)) throw new TypeError(`index ${name}: ${column} is not a defined column`);
      }
      const type = index.type ?? 'global';
      if (type !== 'global' && type !== 'local') throw new TypeError(`index ${name}: type must be 'global' or 'local'`);
      return {
        name,
        primaryKey: keyNames,
        definedColumn: [...(index.definedColumns ?? [])],
        indexUpdateMode: type === 'global' ? 'async' : 'sync',
        indexType: type,
      };
    });
    const tableOptions: TableOptions = {
      timeToLive: checkInt(options.timeToLiveSeconds, 'timeToLiveSeconds', -1) ?? -1,
      maxVersions: checkInt(options.maxVersions, 'maxVersions', 1) ?? 1,
      deviationCellVersionInSec: BigInt(
        checkInt(options.maxTimeDeviationSeconds, 'maxTimeDeviationSeconds', 1) ?? 86_400,
      ),
    };
    const body = encodeCreateTableRequest({
      tableMeta: { tableName: definition.name, primaryKey, definedColumn },
      reservedThroughput: {
        capacityUnit: {
          read: checkInt(options.reservedThroughput?.read, 'reservedThroughput.read', 0) ?? 0,
          write: checkInt(options.reservedThroughput?.write, 'reservedThroughput.write', 0) ?? 0,
        },
      },
      tableOptions,
      ...(indexMetas.length > 0 ? { indexMetas } : {}),
    });
    await this.#transport.call('CreateTable', body, false, options);
  }

  /**
   * Describes a table: key schema, defined columns, options, throughput, status, indexes.
   * @throws SdkError `OTSObjectNotExist` when the table does not exist.
   */
  async describeTable(name: string, options: CallOptions = {}): Promise<TableDescription> {
    const body = encodeDescribeTableRequest({ tableName: checkName(name, 'table name') });
    const res = decodeDescribeTableResponse(await this.#transport.call('DescribeTable', body, true, options));
    const reverse = Object.fromEntries(Object.entries(DEFINED_TYPES).map(([k, v]) => [v, k])) as Record<
      DefinedColumnType,
      AttributeColumnType
    >;
    return {
      name: res.tableMeta.tableName,
      primaryKey: (res.tableMeta.primaryKey ?? []).map((c) => ({
        name: c.name,
        type: c.option === 'autoIncrement' ? 'autoIncrement' : c.type,
      })),
      definedColumns: (res.tableMeta.definedColumn ?? []).map((c) => ({ name: c.name, type: reverse[c.type] })),
      timeToLiveSeconds: res.tableOptions.timeToLive,
      maxVersions: res.tableOptions.maxVersions,
      maxTimeDeviationSeconds:
        res.tableOptions.deviationCellVersionInSec === undefined
          ? undefined
          : Number(res.tableOptions.deviationCellVersionInSec),
      reservedThroughput: {
        read: res.reservedThroughputDetails.capacityUnit.read ?? 0,
        write: res.reservedThroughputDetails.capacityUnit.write ?? 0,
      },
      status: res.tableStatus,
      secondaryIndexes: (res.indexMetas ?? res.tableMeta.indexMeta ?? []).map((i) => ({
        name: i.name,
        primaryKey: i.primaryKey ?? [],
        definedColumns: i.definedColumn ?? [],
        type: i.indexType,
      })),
    };
  }

  /** Lists the names of the instance's tables. */
  async listTables(options: CallOptions = {}): Promise<string[]> {
    const res = decodeListTableResponse(
      await this.#transport.call('ListTable', encodeListTableRequest({}), true, options),
    );
    return res.tableNames ?? [];
  }

  /**
   * Deletes a table and its data.
   * @throws SdkError `OTSObjectNotExist` when the table does not exist.
   */
  async deleteTable(name: string, options: CallOptions = {}): Promise<void> {
    const body = encodeDeleteTableRequest({ tableName: checkName(name, 'table name') });
    await this.#transport.call('DeleteTable', body, false, options);
  }
}
