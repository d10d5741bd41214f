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
  /** Table to scan (wire field 1). */
  tableName: string;
  /** Scan in ascending (`forward`) or descending (`backward`) primary-key order (wire field 2). */
  direction: Direction;
  /** Attribute columns to return; all columns when absent or empty (wire field 3). */
  columnsToGet?: string[];
  /** Versions to read by timestamp; either this or `maxVersions` must be set (wire field 4). */
  timeRange?: TimeRange;
  /** Newest versions to return per column; either this or `timeRange` must be set (wire field 5). */
  maxVersions?: number;
  /** Most rows to return in this response; the server's own page limit applies when absent (wire field 6). */
  limit?: number;
  /** First primary key of the range (included), PlainBuffer-encoded; may use INF_MIN/INF_MAX (wire field 7). */
  inclusiveStartPrimaryKey: Uint8Array;
  /** Primary key where the range stops (excluded), PlainBuffer-encoded; may use INF_MIN/INF_MAX (wire field 8). */
  exclusiveEndPrimaryKey: Uint8Array;
  /** Hint whether the server should cache the blocks it reads (wire field 9). */
  cacheBlocks?: boolean;
  /** Serialized `Filter`; only rows that pass are returned (wire field 10). */
  filter?: Uint8Array;
  /** Return only columns whose names sort at or after this one (wire field 11). */
  startColumn?: string;
  /** Return only columns whose names sort before this one (wire field 12). */
  endColumn?: string;
  /** `nextToken` of the previous response, to continue inside a wide row (wire field 13). */
  token?: Uint8Array;
  /** Local transaction to read in; absent outside a transaction (wire field 14). */
  transactionId?: string;
  /** Preferred row block format of the response; PlainBuffer when absent (wire field 15). */
  dataBlockTypeHint?: DataBlockType;
  /** Whether each returned row carries all its primary-key columns (wire field 16). */
  returnEntirePrimaryKeys?: boolean;
  /** Preferred compression of the row block; uncompressed when absent (wire field 17). */
  compressTypeHint?: CompressType;
}
/** `GetRangeResponse`; `rows` is a PlainBuffer block of rows, `nextStartPrimaryKey` a PlainBuffer primary-key row. */
export interface GetRangeResponse {
  /** Capacity the scan used (wire field 1). */
  consumed: ConsumedCapacity;
  /** The returned rows as one PlainBuffer block; zero-length when none matched (wire field 2). */
  rows: Uint8Array;
  /**
   * Where the next page starts, as a PlainBuffer primary-key row; absent when the range is exhausted (wire field 3).
   */
  nextStartPrimaryKey?: Uint8Array;
  /** Set when the last row has more columns to read; pass it back as `token` (wire field 4). */
  nextToken?: Uint8Array;
  /** Format of `rows`; PlainBuffer when absent (wire field 5). */
  dataBlockType?: DataBlockType;
  /** Compression of `rows`; uncompressed when absent (wire field 6). */
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
