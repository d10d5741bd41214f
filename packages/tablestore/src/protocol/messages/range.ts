import { type ConsumedCapacity, consumedCapacityDef, type TimeRange, timeRangeDef } from './common';
import { decodeMessage, defineEnum, defineMessage, encodeMessage, field } from './message-codec';

/** Scan direction of GetRange. */
export type Direction = 'forward' | 'backward';
/** Row block format of GetRange. */
export type DataBlockType = 'plainBuffer' | 'simpleRowMatrix';
/** Compression of a GetRange row block. */
export type CompressType = 'none';
/** Wire numbers of {@link Direction}. */
export const directionEnum = defineEnum<Direction>('Direction', [
  ['forward', 0, 'FORWARD'],
  ['backward', 1, 'BACKWARD'],
]);
/** Wire numbers of {@link DataBlockType}. */
export const dataBlockTypeEnum = defineEnum<DataBlockType>('DataBlockType', [
  ['plainBuffer', 0, 'DBT_PLAIN_BUFFER'],
  ['simpleRowMatrix', 1, 'DBT_SIMPLE_ROW_MATRIX'],
]);
/** Wire numbers of {@link CompressType}. */
export const compressTypeEnum = defineEnum<CompressType>('CompressType', [['none', 0, 'CPT_NONE']]);

/** `GetRangeRequest`; both bounds are PlainBuffer primary-key rows (start inclusive, end exclusive). */
export interface GetRangeRequest {
  tableName: string;
  direction: Direction;
  columnsToGet?: string[];
  timeRange?: TimeRange;
  maxVersions?: number;
  limit?: number;
  inclusiveStartPrimaryKey: Uint8Array;
  exclusiveEndPrimaryKey: Uint8Array;
  cacheBlocks?: boolean;
  filter?: Uint8Array;
  startColumn?: string;
  endColumn?: string;
  token?: Uint8Array;
  transactionId?: string;
  dataBlockTypeHint?: DataBlockType;
  returnEntirePrimaryKeys?: boolean;
  compressTypeHint?: CompressType;
}
/** `GetRangeResponse`; `rows` is a PlainBuffer block of rows, `nextStartPrimaryKey` a PlainBuffer primary-key row. */
export interface GetRangeResponse {
  consumed: ConsumedCapacity;
  rows: Uint8Array;
  nextStartPrimaryKey?: Uint8Array;
  nextToken?: Uint8Array;
  dataBlockType?: DataBlockType;
  compressType?: CompressType;
}

/** Descriptor of `GetRangeRequest`. */
export const getRangeRequestDef = defineMessage<GetRangeRequest>('GetRangeRequest', [
  field(1, 'tableName', 'required', 'string'),
  field(2, 'direction', 'required', 'enum', directionEnum),
  field(3, 'columnsToGet', 'repeated', 'string'),
  field(4, 'timeRange', 'optional', 'message', () => timeRangeDef),
  field(5, 'maxVersions', 'optional', 'int32'),
  field(6, 'limit', 'optional', 'int32'),
  field(7, 'inclusiveStartPrimaryKey', 'required', 'bytes'),
  field(8, 'exclusiveEndPrimaryKey', 'required', 'bytes'),
  field(9, 'cacheBlocks', 'optional', 'bool'),
  field(10, 'filter', 'optional', 'bytes'),
  field(11, 'startColumn', 'optional', 'string'),
  field(12, 'endColumn', 'optional', 'string'),
  field(13, 'token', 'optional', 'bytes'),
  field(14, 'transactionId', 'optional', 'string'),
  field(15, 'dataBlockTypeHint', 'optional', 'enum', dataBlockTypeEnum),
  field(16, 'returnEntirePrimaryKeys', 'optional', 'bool'),
  field(17, 'compressTypeHint', 'optional', 'enum', compressTypeEnum),
]);
/** Descriptor of `GetRangeResponse`. */
export const getRangeResponseDef = defineMessage<GetRangeResponse>('GetRangeResponse', [
  field(1, 'consumed', 'required', 'message', () => consumedCapacityDef),
  field(2, 'rows', 'required', 'bytes'),
  field(3, 'nextStartPrimaryKey', 'optional', 'bytes'),
  field(4, 'nextToken', 'optional', 'bytes'),
  field(5, 'dataBlockType', 'optional', 'enum', dataBlockTypeEnum),
  field(6, 'compressType', 'optional', 'enum', compressTypeEnum),
]);
/** Encodes a `GetRangeRequest`. @throws TypeError for a missing or mistyped field */
export const encodeGetRangeRequest = (v: GetRangeRequest): Uint8Array => encodeMessage(getRangeRequestDef, v);
/** Decodes a `GetRangeRequest`. @throws SdkError `ERR_PARSE` */
export const decodeGetRangeRequest = (b: Uint8Array): GetRangeRequest => decodeMessage(getRangeRequestDef, b);
/** Encodes a `GetRangeResponse`. @throws TypeError for a missing or mistyped field */
export const encodeGetRangeResponse = (v: GetRangeResponse): Uint8Array => encodeMessage(getRangeResponseDef, v);
/** Decodes a `GetRangeResponse`. @throws SdkError `ERR_PARSE` */
export const decodeGetRangeResponse = (b: Uint8Array): GetRangeResponse => decodeMessage(getRangeResponseDef, b);
