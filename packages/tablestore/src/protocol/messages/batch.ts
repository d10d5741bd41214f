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
  tableName: string;
  primaryKey?: Uint8Array[];
  token?: Uint8Array[];
  columnsToGet?: string[];
  timeRange?: TimeRange;
  maxVersions?: number;
  cacheBlocks?: boolean;
  filter?: Uint8Array;
  startColumn?: string;
  endColumn?: string;
}
/** `BatchGetRowRequest`. */
export interface BatchGetRowRequest {
  tables?: TableInBatchGetRowRequest[];
}
/** One row result of BatchGetRow; `row` is a PlainBuffer row (empty when missing). */
export interface RowInBatchGetRowResponse {
  isOk: boolean;
  error?: ErrorMessage;
  consumed?: ConsumedCapacity;
  row?: Uint8Array;
  nextToken?: Uint8Array;
}
/** One table of a `BatchGetRowResponse`, rows in request order. */
export interface TableInBatchGetRowResponse {
  tableName: string;
  rows?: RowInBatchGetRowResponse[];
}
/** `BatchGetRowResponse`. */
export interface BatchGetRowResponse {
  tables?: TableInBatchGetRowResponse[];
}
/** One row change of BatchWriteRow; `rowChange` is a PlainBuffer put, update or delete row. */
export interface RowInBatchWriteRowRequest {
  type: OperationType;
  rowChange: Uint8Array;
  condition: Condition;
  returnContent?: ReturnContent;
}
/** One table of a `BatchWriteRowRequest`. */
export interface TableInBatchWriteRowRequest {
  tableName: string;
  rows?: RowInBatchWriteRowRequest[];
}
/** `BatchWriteRowRequest`. */
export interface BatchWriteRowRequest {
  tables?: TableInBatchWriteRowRequest[];
  transactionId?: string;
}
/** One row result of BatchWriteRow. */
export interface RowInBatchWriteRowResponse {
  isOk: boolean;
  error?: ErrorMessage;
  consumed?: ConsumedCapacity;
  row?: Uint8Array;
}
/** One table of a `BatchWriteRowResponse`, rows in request order. */
export interface TableInBatchWriteRowResponse {
  tableName: string;
  rows?: RowInBatchWriteRowResponse[];
}
/** `BatchWriteRowResponse`. */
export interface BatchWriteRowResponse {
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
