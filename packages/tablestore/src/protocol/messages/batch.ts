import {
  type Condition,
  type ConsumedCapacity,
  conditionDef,
  consumedCapacityDef,
  type ErrorMessage,
  errorMessageDef,
  type ReturnContent,
  returnContentDef,
  type TimeRange,
  timeRangeDef,
} from './common';
import { decodeMessage, defineEnum, defineMessage, encodeMessage, field } from './message-codec';

/** Kind of a row change in BatchWriteRow. */
export type OperationType = 'put' | 'update' | 'delete';
/** Wire numbers of {@link OperationType}. */
export const operationTypeEnum = defineEnum<OperationType>('OperationType', [
  ['put', 1, 'PUT'],
  ['update', 2, 'UPDATE'],
  ['delete', 3, 'DELETE'],
]);

/** One table of a `BatchGetRowRequest`; each `primaryKey` entry is a PlainBuffer primary-key row. */
export interface TableInBatchGetRowRequest {
  /** Table to read (wire field 1). */
  tableName: string;
  /** Primary keys of the rows to read, each PlainBuffer-encoded (wire field 2). */
  primaryKey?: Uint8Array[];
  /** Continuation tokens for wide rows, one per `primaryKey` entry in the same order (wire field 3). */
  token?: Uint8Array[];
  /** Attribute columns to return; all columns when absent or empty (wire field 4). */
  columnsToGet?: string[];
  /** Versions to read by timestamp; either this or `maxVersions` must be set (wire field 5). */
  timeRange?: TimeRange;
  /** Newest versions to return per column; either this or `timeRange` must be set (wire field 6). */
  maxVersions?: number;
  /** Hint whether the server should cache the blocks it reads (wire field 7). */
  cacheBlocks?: boolean;
  /** Serialized `Filter` applied to every row of this table (wire field 8). */
  filter?: Uint8Array;
  /** Return only columns whose names sort at or after this one (wire field 9). */
  startColumn?: string;
  /** Return only columns whose names sort before this one (wire field 10). */
  endColumn?: string;
}
/** `BatchGetRowRequest`. */
export interface BatchGetRowRequest {
  /** Tables to read from, each with its own row keys and read options (wire field 1). */
  tables?: TableInBatchGetRowRequest[];
}
/** One row result of BatchGetRow; `row` is a PlainBuffer row (empty when missing). */
export interface RowInBatchGetRowResponse {
  /** `true` when this row was read; otherwise `error` says why (wire field 1). */
  isOk: boolean;
  /** Why this row failed; absent when `isOk` (wire field 2). */
  error?: ErrorMessage;
  /** Capacity this row's read used (wire field 3). */
  consumed?: ConsumedCapacity;
  /** The row as PlainBuffer; zero-length or absent when it does not exist or failed (wire field 4). */
  row?: Uint8Array;
  /** Set when the row has more columns to read; pass it back in `token` (wire field 5). */
  nextToken?: Uint8Array;
}
/** One table of a `BatchGetRowResponse`, rows in request order. */
export interface TableInBatchGetRowResponse {
  /** Table the results belong to (wire field 1). */
  tableName: string;
  /** One result per requested primary key, in request order (wire field 2). */
  rows?: RowInBatchGetRowResponse[];
}
/** `BatchGetRowResponse`. */
export interface BatchGetRowResponse {
  /** One entry per requested table, in request order (wire field 1). */
  tables?: TableInBatchGetRowResponse[];
}
/** One row change of BatchWriteRow; `rowChange` is a PlainBuffer put, update or delete row. */
export interface RowInBatchWriteRowRequest {
  /** Whether `rowChange` is a put, update or delete (wire field 1). */
  type: OperationType;
  /** The row change, PlainBuffer-encoded to match `type` (wire field 2). */
  rowChange: Uint8Array;
  /** Row-existence and column check this change must pass (wire field 3). */
  condition: Condition;
  /** What to return about the changed row; nothing when absent (wire field 4). */
  returnContent?: ReturnContent;
}
/** One table of a `BatchWriteRowRequest`. */
export interface TableInBatchWriteRowRequest {
  /** Table to write (wire field 1). */
  tableName: string;
  /** Row changes for this table (wire field 2). */
  rows?: RowInBatchWriteRowRequest[];
}
/** `BatchWriteRowRequest`. */
export interface BatchWriteRowRequest {
  /** Tables to write, each with its row changes (wire field 1). */
  tables?: TableInBatchWriteRowRequest[];
  /** Local transaction to write in; absent outside a transaction (wire field 2). */
  transactionId?: string;
}
/** One row result of BatchWriteRow. */
export interface RowInBatchWriteRowResponse {
  /** `true` when this change was applied; otherwise `error` says why (wire field 1). */
  isOk: boolean;
  /** Why this change failed; absent when `isOk` (wire field 2). */
  error?: ErrorMessage;
  /** Capacity this change used (wire field 3). */
  consumed?: ConsumedCapacity;
  /** PlainBuffer row asked for by `returnContent`; absent otherwise (wire field 4). */
  row?: Uint8Array;
}
/** One table of a `BatchWriteRowResponse`, rows in request order. */
export interface TableInBatchWriteRowResponse {
  /** Table the results belong to (wire field 1). */
  tableName: string;
  /** One result per requested change, in request order (wire field 2). */
  rows?: RowInBatchWriteRowResponse[];
}
/** `BatchWriteRowResponse`. */
export interface BatchWriteRowResponse {
  /** One entry per requested table, in request order (wire field 1). */
  tables?: TableInBatchWriteRowResponse[];
}

/** Descriptor of `TableInBatchGetRowRequest`. */
export const tableInBatchGetRowRequestDef = defineMessage<TableInBatchGetRowRequest>('TableInBatchGetRowRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'primaryKey', 'repeated', 'bytes'),
  field(3, 'token', 'repeated', 'bytes'),
  field(4, 'columnsToGet', 'repeated', 'string'),
  field(5, 'timeRange', 'optional', 'message', () => timeRangeDef),
  field(6, 'maxVersions', 'optional', 'int32'),
  field(7, 'cacheBlocks', 'optional', 'bool'),
  field(8, 'filter', 'optional', 'bytes'),
  field(9, 'startColumn', 'optional', 'string'),
  field(10, 'endColumn', 'optional', 'string'),
]);
/** Descriptor of `BatchGetRowRequest`. */
export const batchGetRowRequestDef = defineMessage<BatchGetRowRequest>('BatchGetRowRequest', [
  field(1, 'tables', 'repeated', 'message', () => tableInBatchGetRowRequestDef),
]);
/** Descriptor of `RowInBatchGetRowResponse`. */
export const rowInBatchGetRowResponseDef = defineMessage<RowInBatchGetRowResponse>('RowInBatchGetRowResponse', [
  field(1, 'isOk', 'required', 'bool'),
  field(2, 'error', 'optional', 'message', () => errorMessageDef),
  field(3, 'consumed', 'optional', 'message', () => consumedCapacityDef),
  field(4, 'row', 'optional', 'bytes'),
  field(5, 'nextToken', 'optional', 'bytes'),
]);
/** Descriptor of `TableInBatchGetRowResponse`. */
export const tableInBatchGetRowResponseDef = defineMessage<TableInBatchGetRowResponse>('TableInBatchGetRowResponse', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'rows', 'repeated', 'message', () => rowInBatchGetRowResponseDef),
]);
/** Descriptor of `BatchGetRowResponse`. */
export const batchGetRowResponseDef = defineMessage<BatchGetRowResponse>('BatchGetRowResponse', [
  field(1, 'tables', 'repeated', 'message', () => tableInBatchGetRowResponseDef),
]);
/** Descriptor of `RowInBatchWriteRowRequest`. */
export const rowInBatchWriteRowRequestDef = defineMessage<RowInBatchWriteRowRequest>('RowInBatchWriteRowRequest', [
  field(1, 'type', 'required', 'enum', operationTypeEnum),
  field(2, 'rowChange', 'required', 'bytes'),
  field(3, 'condition', 'required', 'message', () => conditionDef),
  field(4, 'returnContent', 'optional', 'message', () => returnContentDef),
]);
/** Descriptor of `TableInBatchWriteRowRequest`. */
export const tableInBatchWriteRowRequestDef = defineMessage<TableInBatchWriteRowRequest>(
  'TableInBatchWriteRowRequest',
  [
    field(1, 'tableName', 'required', 'string'),
    field(2, 'rows', 'repeated', 'message', () => rowInBatchWriteRowRequestDef),
  ],
);
/** Descriptor of `BatchWriteRowRequest`. */
export const batchWriteRowRequestDef = defineMessage<BatchWriteRowRequest>('BatchWriteRowRequest', [
  field(1, 'tables', 'repeated', 'message', () => tableInBatchWriteRowRequestDef),
  field(2, 'transactionId', 'optional', 'string'),
]);
/** Descriptor of `RowInBatchWriteRowResponse`. */
export const rowInBatchWriteRowResponseDef = defineMessage<RowInBatchWriteRowResponse>('RowInBatchWriteRowResponse', [
  field(1, 'isOk', 'required', 'bool'),
  field(2, 'error', 'optional', 'message', () => errorMessageDef),
  field(3, 'consumed', 'optional', 'message', () => consumedCapacityDef),
  field(4, 'row', 'optional', 'bytes'),
]);
/** Descriptor of `TableInBatchWriteRowResponse`. */
export const tableInBatchWriteRowResponseDef = defineMessage<TableInBatchWriteRowResponse>(
  'TableInBatchWriteRowResponse',
  [
    field(1, 'tableName', 'required', 'string'),
    field(2, 'rows', 'repeated', 'message', () => rowInBatchWriteRowResponseDef),
  ],
);
/** Descriptor of `BatchWriteRowResponse`. */
export const batchWriteRowResponseDef = defineMessage<BatchWriteRowResponse>('BatchWriteRowResponse', [
  field(1, 'tables', 'repeated', 'message', () => tableInBatchWriteRowResponseDef),
]);
/** Encodes a `TableInBatchGetRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeTableInBatchGetRowRequest = (v: TableInBatchGetRowRequest): Uint8Array =>
  encodeMessage(tableInBatchGetRowRequestDef, v);
/** Decodes a `TableInBatchGetRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeTableInBatchGetRowRequest = (b: Uint8Array): TableInBatchGetRowRequest =>
  decodeMessage(tableInBatchGetRowRequestDef, b);
/** Encodes a `BatchGetRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeBatchGetRowRequest = (v: BatchGetRowRequest): Uint8Array => encodeMessage(batchGetRowRequestDef, v);
/** Decodes a `BatchGetRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeBatchGetRowRequest = (b: Uint8Array): BatchGetRowRequest => decodeMessage(batchGetRowRequestDef, b);
/** Encodes a `RowInBatchGetRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeRowInBatchGetRowResponse = (v: RowInBatchGetRowResponse): Uint8Array =>
  encodeMessage(rowInBatchGetRowResponseDef, v);
/** Decodes a `RowInBatchGetRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeRowInBatchGetRowResponse = (b: Uint8Array): RowInBatchGetRowResponse =>
  decodeMessage(rowInBatchGetRowResponseDef, b);
/** Encodes a `TableInBatchGetRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeTableInBatchGetRowResponse = (v: TableInBatchGetRowResponse): Uint8Array =>
  encodeMessage(tableInBatchGetRowResponseDef, v);
/** Decodes a `TableInBatchGetRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeTableInBatchGetRowResponse = (b: Uint8Array): TableInBatchGetRowResponse =>
  decodeMessage(tableInBatchGetRowResponseDef, b);
/** Encodes a `BatchGetRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeBatchGetRowResponse = (v: BatchGetRowResponse): Uint8Array =>
  encodeMessage(batchGetRowResponseDef, v);
/** Decodes a `BatchGetRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeBatchGetRowResponse = (b: Uint8Array): BatchGetRowResponse =>
  decodeMessage(batchGetRowResponseDef, b);
/** Encodes a `RowInBatchWriteRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeRowInBatchWriteRowRequest = (v: RowInBatchWriteRowRequest): Uint8Array =>
  encodeMessage(rowInBatchWriteRowRequestDef, v);
/** Decodes a `RowInBatchWriteRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeRowInBatchWriteRowRequest = (b: Uint8Array): RowInBatchWriteRowRequest =>
  decodeMessage(rowInBatchWriteRowRequestDef, b);
/** Encodes a `TableInBatchWriteRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeTableInBatchWriteRowRequest = (v: TableInBatchWriteRowRequest): Uint8Array =>
  encodeMessage(tableInBatchWriteRowRequestDef, v);
/** Decodes a `TableInBatchWriteRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeTableInBatchWriteRowRequest = (b: Uint8Array): TableInBatchWriteRowRequest =>
  decodeMessage(tableInBatchWriteRowRequestDef, b);
/** Encodes a `BatchWriteRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeBatchWriteRowRequest = (v: BatchWriteRowRequest): Uint8Array =>
  encodeMessage(batchWriteRowRequestDef, v);
/** Decodes a `BatchWriteRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeBatchWriteRowRequest = (b: Uint8Array): BatchWriteRowRequest =>
  decodeMessage(batchWriteRowRequestDef, b);
/** Encodes a `RowInBatchWriteRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeRowInBatchWriteRowResponse = (v: RowInBatchWriteRowResponse): Uint8Array =>
  encodeMessage(rowInBatchWriteRowResponseDef, v);
/** Decodes a `RowInBatchWriteRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeRowInBatchWriteRowResponse = (b: Uint8Array): RowInBatchWriteRowResponse =>
  decodeMessage(rowInBatchWriteRowResponseDef, b);
/** Encodes a `TableInBatchWriteRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeTableInBatchWriteRowResponse = (v: TableInBatchWriteRowResponse): Uint8Array =>
  encodeMessage(tableInBatchWriteRowResponseDef, v);
/** Decodes a `TableInBatchWriteRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeTableInBatchWriteRowResponse = (b: Uint8Array): TableInBatchWriteRowResponse =>
  decodeMessage(tableInBatchWriteRowResponseDef, b);
/** Encodes a `BatchWriteRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeBatchWriteRowResponse = (v: BatchWriteRowResponse): Uint8Array =>
  encodeMessage(batchWriteRowResponseDef, v);
/** Decodes a `BatchWriteRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeBatchWriteRowResponse = (b: Uint8Array): BatchWriteRowResponse =>
  decodeMessage(batchWriteRowResponseDef, b);
