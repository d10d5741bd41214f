import {
  type Condition,
  type ConsumedCapacity,
  conditionDef,
  consumedCapacityDef,
  type ReturnContent,
  returnContentDef,
  type TimeRange,
  timeRangeDef,
} from './common';
import { decodeMessage, defineMessage, encodeMessage, field } from './message-codec';

/** `GetRowRequest`; `primaryKey` is a PlainBuffer primary-key row, `filter` a serialized `Filter`. */
export interface GetRowRequest {
  /** Table to read (wire field 1). */
  tableName: string;
  /** Full primary key of the row, PlainBuffer-encoded (wire field 2). */
  primaryKey: Uint8Array;
  /** Attribute columns to return; all columns when absent or empty (wire field 3). */
  columnsToGet?: string[];
  /** Versions to read by timestamp; either this or `maxVersions` must be set (wire field 4). */
  timeRange?: TimeRange;
  /** Newest versions to return per column; either this or `timeRange` must be set (wire field 5). */
  maxVersions?: number;
  /** Hint whether the server should cache the blocks it reads (wire field 6). */
  cacheBlocks?: boolean;
  /** Serialized `Filter`; the row is returned only when it passes (wire field 7). */
  filter?: Uint8Array;
  /** Return only columns whose names sort at or after this one (wire field 8). */
  startColumn?: string;
  /** Return only columns whose names sort before this one (wire field 9). */
  endColumn?: string;
  /** `nextToken` of the previous response, to continue reading a wide row (wire field 10). */
  token?: Uint8Array;
  /** Local transaction to read in; absent outside a transaction (wire field 11). */
  transactionId?: string;
}
/** `GetRowResponse`; `row` is a PlainBuffer row, or empty when the row does not exist. */
export interface GetRowResponse {
  /** Capacity the read used (wire field 1). */
  consumed: ConsumedCapacity;
  /** The row as PlainBuffer; zero-length when the row does not exist (wire field 2). */
  row: Uint8Array;
  /** Set when the row has more columns to read; pass it back as `token` (wire field 3). */
  nextToken?: Uint8Array;
}
/** `PutRowRequest`; `row` is a PlainBuffer put row. */
export interface PutRowRequest {
  /** Table to write (wire field 1). */
  tableName: string;
  /** Primary key and columns of the row, PlainBuffer-encoded (wire field 2). */
  row: Uint8Array;
  /** Row-existence and column check the write must pass (wire field 3). */
  condition: Condition;
  /** What to return about the written row; nothing when absent (wire field 4). */
  returnContent?: ReturnContent;
  /** Local transaction to write in; absent outside a transaction (wire field 5). */
  transactionId?: string;
}
/** `PutRowResponse`; `row` (PlainBuffer) is set when return content was requested. */
export interface PutRowResponse {
  /** Capacity the write used (wire field 1). */
  consumed: ConsumedCapacity;
  /** PlainBuffer row asked for by `returnContent`; absent otherwise (wire field 2). */
  row?: Uint8Array;
}
/** `UpdateRowRequest`; `rowChange` is a PlainBuffer update row. */
export interface UpdateRowRequest {
  /** Table to write (wire field 1). */
  tableName: string;
  /** Primary key and column puts/deletes, PlainBuffer-encoded (wire field 2). */
  rowChange: Uint8Array;
  /** Row-existence and column check the update must pass (wire field 3). */
  condition: Condition;
  /** What to return about the updated row; nothing when absent (wire field 4). */
  returnContent?: ReturnContent;
  /** Local transaction to write in; absent outside a transaction (wire field 5). */
  transactionId?: string;
}
/** `UpdateRowResponse`; `row` (PlainBuffer) is set when return content was requested. */
export interface UpdateRowResponse {
  /** Capacity the update used (wire field 1). */
  consumed: ConsumedCapacity;
  /** PlainBuffer row asked for by `returnContent`; absent otherwise (wire field 2). */
  row?: Uint8Array;
}
/** `DeleteRowRequest`; `primaryKey` is a PlainBuffer delete row. */
export interface DeleteRowRequest {
  /** Table to delete from (wire field 1). */
  tableName: string;
  /** Primary key of the row to delete, PlainBuffer-encoded as a delete row (wire field 2). */
  primaryKey: Uint8Array;
  /** Row-existence and column check the delete must pass (wire field 3). */
  condition: Condition;
  /** What to return about the deleted row; nothing when absent (wire field 4). */
  returnContent?: ReturnContent;
  /** Local transaction to delete in; absent outside a transaction (wire field 5). */
  transactionId?: string;
}
/** `DeleteRowResponse`; `row` (PlainBuffer) is set when return content was requested. */
export interface DeleteRowResponse {
  /** Capacity the delete used (wire field 1). */
  consumed: ConsumedCapacity;
  /** PlainBuffer row asked for by `returnContent`; absent otherwise (wire field 2). */
  row?: Uint8Array;
}

/** Descriptor of `GetRowRequest`. */
export const getRowRequestDef = defineMessage<GetRowRequest>('GetRowRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'primaryKey', 'required', 'bytes'),
  field(3, 'columnsToGet', 'repeated', 'string'),
  field(4, 'timeRange', 'optional', 'message', () => timeRangeDef),
  field(5, 'maxVersions', 'optional', 'int32'),
  field(6, 'cacheBlocks', 'optional', 'bool'),
  field(7, 'filter', 'optional', 'bytes'),
  field(8, 'startColumn', 'optional', 'string'),
  field(9, 'endColumn', 'optional', 'string'),
  field(10, 'token', 'optional', 'bytes'),
  field(11, 'transactionId', 'optional', 'string'),
]);
/** Descriptor of `GetRowResponse`. */
export const getRowResponseDef = defineMessage<GetRowResponse>('GetRowResponse', [
  field(1, 'consumed', 'required', 'message', () => consumedCapacityDef),
  field(2, 'row', 'required', 'bytes'),
  field(3, 'nextToken', 'optional', 'bytes'),
]);
/** Descriptor of `PutRowRequest`. */
export const putRowRequestDef = defineMessage<PutRowRequest>('PutRowRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'row', 'required', 'bytes'),
  field(3, 'condition', 'required', 'message', () => conditionDef),
  field(4, 'returnContent', 'optional', 'message', () => returnContentDef),
  field(5, 'transactionId', 'optional', 'string'),
]);
/** Descriptor of `PutRowResponse`. */
export const putRowResponseDef = defineMessage<PutRowResponse>('PutRowResponse', [
  field(1, 'consumed', 'required', 'message', () => consumedCapacityDef),
  field(2, 'row', 'optional', 'bytes'),
]);
/** Descriptor of `UpdateRowRequest`. */
export const updateRowRequestDef = defineMessage<UpdateRowRequest>('UpdateRowRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'rowChange', 'required', 'bytes'),
  field(3, 'condition', 'required', 'message', () => conditionDef),
  field(4, 'returnContent', 'optional', 'message', () => returnContentDef),
  field(5, 'transactionId', 'optional', 'string'),
]);
/** Descriptor of `UpdateRowResponse`. */
export const updateRowResponseDef = defineMessage<UpdateRowResponse>('UpdateRowResponse', [
  field(1, 'consumed', 'required', 'message', () => consumedCapacityDef),
  field(2, 'row', 'optional', 'bytes'),
]);
/** Descriptor of `DeleteRowRequest`. */
export const deleteRowRequestDef = defineMessage<DeleteRowRequest>('DeleteRowRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'primaryKey', 'required', 'bytes'),
  field(3, 'condition', 'required', 'message', () => conditionDef),
  field(4, 'returnContent', 'optional', 'message', () => returnContentDef),
  field(5, 'transactionId', 'optional', 'string'),
]);
/** Descriptor of `DeleteRowResponse`. */
export const deleteRowResponseDef = defineMessage<DeleteRowResponse>('DeleteRowResponse', [
  field(1, 'consumed', 'required', 'message', () => consumedCapacityDef),
  field(2, 'row', 'optional', 'bytes'),
]);
/** Encodes a `GetRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeGetRowRequest = (v: GetRowRequest): Uint8Array => encodeMessage(getRowRequestDef, v);
/** Decodes a `GetRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeGetRowRequest = (b: Uint8Array): GetRowRequest => decodeMessage(getRowRequestDef, b);
/** Encodes a `GetRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeGetRowResponse = (v: GetRowResponse): Uint8Array => encodeMessage(getRowResponseDef, v);
/** Decodes a `GetRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeGetRowResponse = (b: Uint8Array): GetRowResponse => decodeMessage(getRowResponseDef, b);
/** Encodes a `PutRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodePutRowRequest = (v: PutRowRequest): Uint8Array => encodeMessage(putRowRequestDef, v);
/** Decodes a `PutRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodePutRowRequest = (b: Uint8Array): PutRowRequest => decodeMessage(putRowRequestDef, b);
/** Encodes a `PutRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodePutRowResponse = (v: PutRowResponse): Uint8Array => encodeMessage(putRowResponseDef, v);
/** Decodes a `PutRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodePutRowResponse = (b: Uint8Array): PutRowResponse => decodeMessage(putRowResponseDef, b);
/** Encodes an `UpdateRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeUpdateRowRequest = (v: UpdateRowRequest): Uint8Array => encodeMessage(updateRowRequestDef, v);
/** Decodes an `UpdateRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeUpdateRowRequest = (b: Uint8Array): UpdateRowRequest => decodeMessage(updateRowRequestDef, b);
/** Encodes an `UpdateRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeUpdateRowResponse = (v: UpdateRowResponse): Uint8Array => encodeMessage(updateRowResponseDef, v);
/** Decodes an `UpdateRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeUpdateRowResponse = (b: Uint8Array): UpdateRowResponse => decodeMessage(updateRowResponseDef, b);
/** Encodes a `DeleteRowRequest`. @throws TypeError for a missing or mistyped field */
export const encodeDeleteRowRequest = (v: DeleteRowRequest): Uint8Array => encodeMessage(deleteRowRequestDef, v);
/** Decodes a `DeleteRowRequest`. @throws SdkError `ERR_PARSE` */
export const decodeDeleteRowRequest = (b: Uint8Array): DeleteRowRequest => decodeMessage(deleteRowRequestDef, b);
/** Encodes a `DeleteRowResponse`. @throws TypeError for a missing or mistyped field */
export const encodeDeleteRowResponse = (v: DeleteRowResponse): Uint8Array => encodeMessage(deleteRowResponseDef, v);
/** Decodes a `DeleteRowResponse`. @throws SdkError `ERR_PARSE` */
export const decodeDeleteRowResponse = (b: Uint8Array): DeleteRowResponse => decodeMessage(deleteRowResponseDef, b);
