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
  name: string;
  type: PrimaryKeyType;
  option?: PrimaryKeyOption;
}
/** One defined column of a table schema. */
export interface DefinedColumnSchema {
  name: string;
  type: DefinedColumnType;
}
/** Secondary index metadata. */
export interface IndexMeta {
  name: string;
  primaryKey?: string[];
  definedColumn?: string[];
  indexUpdateMode: IndexUpdateMode;
  indexType: IndexType;
  indexSyncPhase?: IndexSyncPhase;
}
/** Table name and schema. */
export interface TableMeta {
  tableName: string;
  primaryKey?: PrimaryKeySchema[];
  definedColumn?: DefinedColumnSchema[];
  indexMeta?: IndexMeta[];
}
/** Table options; `timeToLive` is in seconds (-1 = forever). */
export interface TableOptions {
  timeToLive?: number;
  maxVersions?: number;
  bloomFilterType?: BloomFilterType;
  blockSize?: number;
  deviationCellVersionInSec?: bigint;
  allowUpdate?: boolean;
}
/** Reserved throughput of a table. */
export interface ReservedThroughput {
  capacityUnit: CapacityUnit;
}
/** Reserved throughput with its change times (epoch seconds). */
export interface ReservedThroughputDetails {
  capacityUnit: CapacityUnit;
  lastIncreaseTime: bigint;
  lastDecreaseTime?: bigint;
}
/** Stream settings of a table. */
export interface StreamSpecification {
  enableStream: boolean;
  expirationTime?: number;
}
/** Stream state of a table. */
export interface StreamDetails {
  enableStream: boolean;
  streamId?: string;
  expirationTime?: number;
  lastEnableTime?: bigint;
}
/** A pre-split partition; bounds are PlainBuffer variant values. */
export interface PartitionRange {
  begin: Uint8Array;
  end: Uint8Array;
}

/** `CreateTableRequest`. */
export interface CreateTableRequest {
  tableMeta: TableMeta;
  reservedThroughput: ReservedThroughput;
  tableOptions?: TableOptions;
  partitions?: PartitionRange[];
  streamSpec?: StreamSpecification;
  indexMetas?: IndexMeta[];
}
/** `CreateTableResponse` (no fields). */
export type CreateTableResponse = Record<string, never>;
/** `UpdateTableRequest`. */
export interface UpdateTableRequest {
  tableName: string;
  reservedThroughput?: ReservedThroughput;
  tableOptions?: TableOptions;
  streamSpec?: StreamSpecification;
}
/** `UpdateTableResponse`. */
export interface UpdateTableResponse {
  reservedThroughputDetails: ReservedThroughputDetails;
  tableOptions: TableOptions;
  streamDetails?: StreamDetails;
}
/** `DescribeTableRequest`. */
export interface DescribeTableRequest {
  tableName: string;
}
/** `DescribeTableResponse`. */
export interface DescribeTableResponse {
  tableMeta: TableMeta;
  reservedThroughputDetails: ReservedThroughputDetails;
  tableOptions: TableOptions;
  tableStatus: TableStatus;
  streamDetails?: StreamDetails;
  shardSplits?: Uint8Array[];
  indexMetas?: IndexMeta[];
}
/** `ListTableRequest` (no fields). */
export type ListTableRequest = Record<string, never>;
/** `ListTableResponse`. */
export interface ListTableResponse {
  tableNames?: string[];
}
/** `DeleteTableRequest`. */
export interface DeleteTableRequest {
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
