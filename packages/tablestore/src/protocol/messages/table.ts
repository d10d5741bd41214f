import { type CapacityUnit, capacityUnitDef } from './common';
import { decodeMessage, defineEnum, defineMessage, encodeMessage, field } from './message-codec';

/** Type of a primary-key column. */
export type PrimaryKeyType = 'integer' | 'string' | 'binary';
/** Type of a defined (pre-declared attribute) column. */
export type DefinedColumnType = 'integer' | 'double' | 'boolean' | 'string' | 'blob';
/** Option of a primary-key column. */
export type PrimaryKeyOption = 'autoIncrement';
/** Bloom filter of a table. */
export type BloomFilterType = 'none' | 'cell' | 'row';
/** Status of a table. */
export type TableStatus = 'active' | 'inactive' | 'loading' | 'unloading' | 'updating';
/** How a secondary index is kept up to date. */
export type IndexUpdateMode = 'async' | 'sync';
/** Global or local secondary index. */
export type IndexType = 'global' | 'local';
/** Synchronisation phase of a secondary index. */
export type IndexSyncPhase = 'invalid' | 'full' | 'incremental';

/** Wire numbers of {@link PrimaryKeyType}. */
export const primaryKeyTypeEnum = defineEnum<PrimaryKeyType>('PrimaryKeyType', [
  ['integer', 1, 'INTEGER'],
  ['string', 2, 'STRING'],
  ['binary', 3, 'BINARY'],
]);
/** Wire numbers of {@link DefinedColumnType}. */
export const definedColumnTypeEnum = defineEnum<DefinedColumnType>('DefinedColumnType', [
  ['integer', 1, 'DCT_INTEGER'],
  ['double', 2, 'DCT_DOUBLE'],
  ['boolean', 3, 'DCT_BOOLEAN'],
  ['string', 4, 'DCT_STRING'],
  ['blob', 7, 'DCT_BLOB'],
]);
/** Wire numbers of {@link PrimaryKeyOption}. */
export const primaryKeyOptionEnum = defineEnum<PrimaryKeyOption>('PrimaryKeyOption', [
  ['autoIncrement', 1, 'AUTO_INCREMENT'],
]);
/** Wire numbers of {@link BloomFilterType}. */
export const bloomFilterTypeEnum = defineEnum<BloomFilterType>('BloomFilterType', [
  ['none', 1, 'NONE'],
  ['cell', 2, 'CELL'],
  ['row', 3, 'ROW'],
]);
/** Wire numbers of {@link TableStatus}. */
export const tableStatusEnum = defineEnum<TableStatus>('TableStatus', [
  ['active', 1, 'ACTIVE'],
  ['inactive', 2, 'INACTIVE'],
  ['loading', 3, 'LOADING'],
  ['unloading', 4, 'UNLOADING'],
  ['updating', 5, 'UPDATING'],
]);
/** Wire numbers of {@link IndexUpdateMode}. */
export const indexUpdateModeEnum = defineEnum<IndexUpdateMode>('IndexUpdateMode', [
  ['async', 0, 'IUM_ASYNC_INDEX'],
  ['sync', 1, 'IUM_SYNC_INDEX'],
]);
/** Wire numbers of {@link IndexType}. */
export const indexTypeEnum = defineEnum<IndexType>('IndexType', [
  ['global', 0, 'IT_GLOBAL_INDEX'],
  ['local', 1, 'IT_LOCAL_INDEX'],
]);
/** Wire numbers of {@link IndexSyncPhase}. */
export const indexSyncPhaseEnum = defineEnum<IndexSyncPhase>('IndexSyncPhase', [
  ['invalid', 0, 'ISP_INVALID'],
  ['full', 1, 'ISP_FULL'],
  ['incremental', 2, 'ISP_INCR'],
]);

/** One primary-key column of a table schema. */
export interface PrimaryKeySchema {
  /** Column name (wire field 1). */
  name: string;
  /** Value type of the column (wire field 2). */
  type: PrimaryKeyType;
  /** `'autoIncrement'` when the server assigns the value on write (wire field 3); absent for ordinary columns. */
  option?: PrimaryKeyOption;
}
/** One defined column of a table schema. */
export interface DefinedColumnSchema {
  /** Column name (wire field 1). */
  name: string;
  /** Value type of the column (wire field 2). */
  type: DefinedColumnType;
}
/** Secondary index metadata. */
export interface IndexMeta {
  /** Index name, unique within the base table (wire field 1). */
  name: string;
  /** Columns of the base table that make up the index's primary key, in order (wire field 2). */
  primaryKey?: string[];
  /** Defined columns of the base table copied into the index as attributes (wire field 3). */
  definedColumn?: string[];
  /** Whether the index is updated asynchronously or in the same write (wire field 4). */
  indexUpdateMode: IndexUpdateMode;
  /** Global or local secondary index (wire field 5). */
  indexType: IndexType;
  /** Current synchronisation phase; only sent by the server when describing a table (wire field 6). */
  indexSyncPhase?: IndexSyncPhase;
}
/** Table name and schema. */
export interface TableMeta {
  /** Table name (wire field 1). */
  tableName: string;
  /** Primary-key columns in key order, 1 to 4 of them (wire field 2). */
  primaryKey?: PrimaryKeySchema[];
  /** Pre-declared attribute columns, needed for secondary indexes (wire field 3). */
  definedColumn?: DefinedColumnSchema[];
  /** Secondary indexes of the table (wire field 4). */
  indexMeta?: IndexMeta[];
}
/** Table options; `timeToLive` is in seconds (-1 = forever). */
export interface TableOptions {
  /** Data lifetime in seconds; -1 keeps data forever (wire field 1). Absent leaves the current value. */
  timeToLive?: number;
  /** Maximum number of versions kept per attribute column (wire field 2). Absent leaves the current value. */
  maxVersions?: number;
  /** Bloom filter kind (wire field 3). */
  bloomFilterType?: BloomFilterType;
  /** Size of the storage blocks the server reads and caches (wire field 4); server default when absent. */
  blockSize?: number;
  /**
   * Maximum allowed difference, in seconds, between a written cell version (timestamp) and the current
   * time (wire field 5, int64).
   */
  deviationCellVersionInSec?: bigint;
  /** Whether UpdateRow is accepted on the table; when `false` rows change only by PutRow and DeleteRow (wire field 6). */
  allowUpdate?: boolean;
}
/** Reserved throughput of a table. */
export interface ReservedThroughput {
  /** Reserved read and write capacity units (wire field 1). */
  capacityUnit: CapacityUnit;
}
/** Reserved throughput with its change times (epoch seconds). */
export interface ReservedThroughputDetails {
  /** Currently reserved read and write capacity units (wire field 1). */
  capacityUnit: CapacityUnit;
  /** When the reservation was last raised, epoch seconds (wire field 2, int64). */
  lastIncreaseTime: bigint;
  /** When the reservation was last lowered, epoch seconds; absent if it never was (wire field 3, int64). */
  lastDecreaseTime?: bigint;
}
/** Stream settings of a table. */
export interface StreamSpecification {
  /** Turns the table's change stream on or off (wire field 1). */
  enableStream: boolean;
  /** How long stream records are kept, in hours; needed when enabling (wire field 2). */
  expirationTime?: number;
}
/** Stream state of a table. */
export interface StreamDetails {
  /** Whether the table's change stream is on (wire field 1). */
  enableStream: boolean;
  /** Id of the current stream; absent while the stream is off (wire field 2). */
  streamId?: string;
  /** How long stream records are kept, in hours (wire field 3). */
  expirationTime?: number;
  /** When the stream was last enabled, epoch seconds (wire field 4, int64). */
  lastEnableTime?: bigint;
}
/** A pre-split partition; bounds are PlainBuffer variant values. */
export interface PartitionRange {
  /** Inclusive lower bound of the first primary-key column, PlainBuffer-encoded (wire field 1). */
  begin: Uint8Array;
  /** Exclusive upper bound of the first primary-key column, PlainBuffer-encoded (wire field 2). */
  end: Uint8Array;
}

/** `CreateTableRequest`. */
export interface CreateTableRequest {
  /** Name and schema of the new table (wire field 1). */
  tableMeta: TableMeta;
  /** Initial reserved read/write capacity (wire field 2). */
  reservedThroughput: ReservedThroughput;
  /** Time to live, max versions and other options; server defaults when absent (wire field 3). */
  tableOptions?: TableOptions;
  /** Pre-split partitions of the first primary-key column (wire field 4). */
  partitions?: PartitionRange[];
  /** Change stream to enable at creation; off when absent (wire field 5). */
  streamSpec?: StreamSpecification;
  /** Secondary indexes to create together with the table (wire field 7). */
  indexMetas?: IndexMeta[];
}
/** `CreateTableResponse` (no fields). */
export type CreateTableResponse = Record<string, never>;
/** `UpdateTableRequest`. */
export interface UpdateTableRequest {
  /** Table to change (wire field 1). */
  tableName: string;
  /** New reserved read/write capacity; unchanged when absent (wire field 2). */
  reservedThroughput?: ReservedThroughput;
  /** Options to change; unchanged when absent (wire field 3). */
  tableOptions?: TableOptions;
  /** New stream settings; unchanged when absent (wire field 4). */
  streamSpec?: StreamSpecification;
}
/** `UpdateTableResponse`. */
export interface UpdateTableResponse {
  /** Reserved throughput after the update (wire field 1). */
  reservedThroughputDetails: ReservedThroughputDetails;
  /** Table options after the update (wire field 2). */
  tableOptions: TableOptions;
  /** Stream state after the update (wire field 3). */
  streamDetails?: StreamDetails;
}
/** `DescribeTableRequest`. */
export interface DescribeTableRequest {
  /** Table to describe (wire field 1). */
  tableName: string;
}
/** `DescribeTableResponse`. */
export interface DescribeTableResponse {
  /** Name and schema of the table (wire field 1). */
  tableMeta: TableMeta;
  /** Reserved throughput and when it last changed (wire field 2). */
  reservedThroughputDetails: ReservedThroughputDetails;
  /** Current table options (wire field 3). */
  tableOptions: TableOptions;
  /** Lifecycle state; reads and writes succeed only when `'active'` (wire field 4). */
  tableStatus: TableStatus;
  /** Change-stream state (wire field 5). */
  streamDetails?: StreamDetails;
  /** PlainBuffer-encoded first-primary-key values where the table is split into partitions (wire field 6). */
  shardSplits?: Uint8Array[];
  /** Secondary indexes of the table (wire field 8). */
  indexMetas?: IndexMeta[];
}
/** `ListTableRequest` (no fields). */
export type ListTableRequest = Record<string, never>;
/** `ListTableResponse`. */
export interface ListTableResponse {
  /** Names of all tables of the instance; absent or empty when there are none (wire field 1). */
  tableNames?: string[];
}
/** `DeleteTableRequest`. */
export interface DeleteTableRequest {
  /** Table to delete (wire field 1). */
  tableName: string;
}
/** `DeleteTableResponse` (no fields). */
export type DeleteTableResponse = Record<string, never>;

const primaryKeySchemaDef = defineMessage<PrimaryKeySchema>('PrimaryKeySchema', [
  field(1, 'name', 'required', 'string'),
  field(2, 'type', 'required', 'enum', primaryKeyTypeEnum),
  field(3, 'option', 'optional', 'enum', primaryKeyOptionEnum),
]);
const definedColumnSchemaDef = defineMessage<DefinedColumnSchema>('DefinedColumnSchema', [
  field(1, 'name', 'required', 'string'),
  field(2, 'type', 'required', 'enum', definedColumnTypeEnum),
]);
const indexMetaDef = defineMessage<IndexMeta>('IndexMeta', [
  field(1, 'name', 'required', 'string'),
  field(2, 'primaryKey', 'repeated', 'string'),
  field(3, 'definedColumn', 'repeated', 'string'),
  field(4, 'indexUpdateMode', 'required', 'enum', indexUpdateModeEnum),
  field(5, 'indexType', 'required', 'enum', indexTypeEnum),
  field(6, 'indexSyncPhase', 'optional', 'enum', indexSyncPhaseEnum),
]);
const tableMetaDef = defineMessage<TableMeta>('TableMeta', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'primaryKey', 'repeated', 'message', () => primaryKeySchemaDef),
  field(3, 'definedColumn', 'repeated', 'message', () => definedColumnSchemaDef),
  field(4, 'indexMeta', 'repeated', 'message', () => indexMetaDef),
]);
const tableOptionsDef = defineMessage<TableOptions>('TableOptions', [
  field(1, 'timeToLive', 'optional', 'int32'),
  field(2, 'maxVersions', 'optional', 'int32'),
  field(3, 'bloomFilterType', 'optional', 'enum', bloomFilterTypeEnum),
  field(4, 'blockSize', 'optional', 'int32'),
  field(5, 'deviationCellVersionInSec', 'optional', 'int64'),
  field(6, 'allowUpdate', 'optional', 'bool'),
]);
const reservedThroughputDef = defineMessage<ReservedThroughput>('ReservedThroughput', [
  field(1, 'capacityUnit', 'required', 'message', () => capacityUnitDef),
]);
const reservedThroughputDetailsDef = defineMessage<ReservedThroughputDetails>('ReservedThroughputDetails', [
  field(1, 'capacityUnit', 'required', 'message', () => capacityUnitDef),
  field(2, 'lastIncreaseTime', 'required', 'int64'),
  field(3, 'lastDecreaseTime', 'optional', 'int64'),
]);
const streamSpecificationDef = defineMessage<StreamSpecification>('StreamSpecification', [
  field(1, 'enableStream', 'required', 'bool'),
  field(2, 'expirationTime', 'optional', 'int32'),
]);
const streamDetailsDef = defineMessage<StreamDetails>('StreamDetails', [
  field(1, 'enableStream', 'required', 'bool'),
  field(2, 'streamId', 'optional', 'string'),
  field(3, 'expirationTime', 'optional', 'int32'),
  field(4, 'lastEnableTime', 'optional', 'int64'),
]);
const partitionRangeDef = defineMessage<PartitionRange>('PartitionRange', [
  field(1, 'begin', 'required', 'bytes'),
  field(2, 'end', 'required', 'bytes'),
]);

/** Descriptor of `CreateTableRequest`. */
export const createTableRequestDef = defineMessage<CreateTableRequest>('CreateTableRequest', [
  field(1, 'tableMeta', 'required', 'message', () => tableMetaDef),
  field(2, 'reservedThroughput', 'required', 'message', () => reservedThroughputDef),
  field(3, 'tableOptions', 'optional', 'message', () => tableOptionsDef),
  field(4, 'partitions', 'repeated', 'message', () => partitionRangeDef),
  field(5, 'streamSpec', 'optional', 'message', () => streamSpecificationDef),
  field(7, 'indexMetas', 'repeated', 'message', () => indexMetaDef),
]);
/** Descriptor of `CreateTableResponse`. */
export const createTableResponseDef = defineMessage<CreateTableResponse>('CreateTableResponse', []);
/** Descriptor of `UpdateTableRequest`. */
export const updateTableRequestDef = defineMessage<UpdateTableRequest>('UpdateTableRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'reservedThroughput', 'optional', 'message', () => reservedThroughputDef),
  field(3, 'tableOptions', 'optional', 'message', () => tableOptionsDef),
  field(4, 'streamSpec', 'optional', 'message', () => streamSpecificationDef),
]);
/** Descriptor of `UpdateTableResponse`. */
export const updateTableResponseDef = defineMessage<UpdateTableResponse>('UpdateTableResponse', [
  field(1, 'reservedThroughputDetails', 'required', 'message', () => reservedThroughputDetailsDef),
  field(2, 'tableOptions', 'required', 'message', () => tableOptionsDef),
  field(3, 'streamDetails', 'optional', 'message', () => streamDetailsDef),
]);
/** Descriptor of `DescribeTableRequest`. */
export const describeTableRequestDef = defineMessage<DescribeTableRequest>('DescribeTableRequest', [
  field(1, 'tableName', 'required', 'string'),
]);
/** Descriptor of `DescribeTableResponse`. */
export const describeTableResponseDef = defineMessage<DescribeTableResponse>('DescribeTableResponse', [
  field(1, 'tableMeta', 'required', 'message', () => tableMetaDef),
  field(2, 'reservedThroughputDetails', 'required', 'message', () => reservedThroughputDetailsDef),
  field(3, 'tableOptions', 'required', 'message', () => tableOptionsDef),
  field(4, 'tableStatus', 'required', 'enum', tableStatusEnum),
  field(5, 'streamDetails', 'optional', 'message', () => streamDetailsDef),
  field(6, 'shardSplits', 'repeated', 'bytes'),
  field(8, 'indexMetas', 'repeated', 'message', () => indexMetaDef),
]);
/** Descriptor of `ListTableRequest`. */
export const listTableRequestDef = defineMessage<ListTableRequest>('ListTableRequest', []);
/** Descriptor of `ListTableResponse`. */
export const listTableResponseDef = defineMessage<ListTableResponse>('ListTableResponse', [
  field(1, 'tableNames', 'repeated', 'string'),
]);
/** Descriptor of `DeleteTableRequest`. */
export const deleteTableRequestDef = defineMessage<DeleteTableRequest>('DeleteTableRequest', [
  field(1, 'tableName', 'required', 'string'),
]);
/** Descriptor of `DeleteTableResponse`. */
export const deleteTableResponseDef = defineMessage<DeleteTableResponse>('DeleteTableResponse', []);

/** Encodes a `CreateTableRequest`. @throws TypeError for a missing or mistyped field */
export const encodeCreateTableRequest = (v: CreateTableRequest): Uint8Array => encodeMessage(createTableRequestDef, v);
/** Decodes a `CreateTableRequest`. @throws SdkError `ERR_PARSE` */
export const decodeCreateTableRequest = (b: Uint8Array): CreateTableRequest => decodeMessage(createTableRequestDef, b);
/** Encodes a `CreateTableResponse` (always empty). */
export const encodeCreateTableResponse = (v: CreateTableResponse = {}): Uint8Array =>
  encodeMessage(createTableResponseDef, v);
/** Decodes a `CreateTableResponse`. @throws SdkError `ERR_PARSE` */
export const decodeCreateTableResponse = (b: Uint8Array): CreateTableResponse =>
  decodeMessage(createTableResponseDef, b);
/** Encodes an `UpdateTableRequest`. @throws TypeError for a missing or mistyped field */
export const encodeUpdateTableRequest = (v: UpdateTableRequest): Uint8Array => encodeMessage(updateTableRequestDef, v);
/** Decodes an `UpdateTableRequest`. @throws SdkError `ERR_PARSE` */
export const decodeUpdateTableRequest = (b: Uint8Array): UpdateTableRequest => decodeMessage(updateTableRequestDef, b);
/** Encodes an `UpdateTableResponse`. @throws TypeError for a missing or mistyped field */
export const encodeUpdateTableResponse = (v: UpdateTableResponse): Uint8Array =>
  encodeMessage(updateTableResponseDef, v);
/** Decodes an `UpdateTableResponse`. @throws SdkError `ERR_PARSE` */
export const decodeUpdateTableResponse = (b: Uint8Array): UpdateTableResponse =>
  decodeMessage(updateTableResponseDef, b);
/** Encodes a `DescribeTableRequest`. @throws TypeError for a missing or mistyped field */
export const encodeDescribeTableRequest = (v: DescribeTableRequest): Uint8Array =>
  encodeMessage(describeTableRequestDef, v);
/** Decodes a `DescribeTableRequest`. @throws SdkError `ERR_PARSE` */
export const decodeDescribeTableRequest = (b: Uint8Array): DescribeTableRequest =>
  decodeMessage(describeTableRequestDef, b);
/** Encodes a `DescribeTableResponse`. @throws TypeError for a missing or mistyped field */
export const encodeDescribeTableResponse = (v: DescribeTableResponse): Uint8Array =>
  encodeMessage(describeTableResponseDef, v);
/** Decodes a `DescribeTableResponse`. @throws SdkError `ERR_PARSE` */
export const decodeDescribeTableResponse = (b: Uint8Array): DescribeTableResponse =>
  decodeMessage(describeTableResponseDef, b);
/** Encodes a `ListTableRequest` (always empty). */
export const encodeListTableRequest = (v: ListTableRequest = {}): Uint8Array => encodeMessage(listTableRequestDef, v);
/** Decodes a `ListTableRequest`. @throws SdkError `ERR_PARSE` */
export const decodeListTableRequest = (b: Uint8Array): ListTableRequest => decodeMessage(listTableRequestDef, b);
/** Encodes a `ListTableResponse`. @throws TypeError for a mistyped field */
export const encodeListTableResponse = (v: ListTableResponse): Uint8Array => encodeMessage(listTableResponseDef, v);
/** Decodes a `ListTableResponse`. @throws SdkError `ERR_PARSE` */
export const decodeListTableResponse = (b: Uint8Array): ListTableResponse => decodeMessage(listTableResponseDef, b);
/** Encodes a `DeleteTableRequest`. @throws TypeError for a missing or mistyped field */
export const encodeDeleteTableRequest = (v: DeleteTableRequest): Uint8Array => encodeMessage(deleteTableRequestDef, v);
/** Decodes a `DeleteTableRequest`. @throws SdkError `ERR_PARSE` */
export const decodeDeleteTableRequest = (b: Uint8Array): DeleteTableRequest => decodeMessage(deleteTableRequestDef, b);
/** Encodes a `DeleteTableResponse` (always empty). */
export const encodeDeleteTableResponse = (v: DeleteTableResponse = {}): Uint8Array =>
  encodeMessage(deleteTableResponseDef, v);
/** Decodes a `DeleteTableResponse`. @throws SdkError `ERR_PARSE` */
export const decodeDeleteTableResponse = (b: Uint8Array): DeleteTableResponse =>
  decodeMessage(deleteTableResponseDef, b);
