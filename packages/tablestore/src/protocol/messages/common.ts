import { decodeMessage, defineEnum, defineMessage, encodeMessage, field } from './message-codec';

/** Row existence check of a write: `ignore`, `expectExist` or `expectNotExist`. */
export type RowExistenceExpectation = 'ignore' | 'expectExist' | 'expectNotExist';
/** Which row content a write returns: `none`, the `primaryKey`, or columns `afterModify`. */
export type ReturnType = 'none' | 'primaryKey' | 'afterModify';

/** Wire numbers of {@link RowExistenceExpectation}. */
export const rowExistenceExpectationEnum = defineEnum<RowExistenceExpectation>('RowExistenceExpectation', [
  ['ignore', 0, 'IGNORE'],
  ['expectExist', 1, 'EXPECT_EXIST'],
  ['expectNotExist', 2, 'EXPECT_NOT_EXIST'],
]);
/** Wire numbers of {@link ReturnType}. */
export const returnTypeEnum = defineEnum<ReturnType>('ReturnType', [
  ['none', 0, 'RT_NONE'],
  ['primaryKey', 1, 'RT_PK'],
  ['afterModify', 2, 'RT_AFTER_MODIFY'],
]);

/** A per-row error in a batch response (`Error`). */
export interface ErrorMessage {
  /** Tablestore error code such as `OTSConditionCheckFail` (wire field 1). */
  code: string;
  /** Human-readable explanation from the server; may be absent (wire field 2). */
  message?: string;
}
/** Read/write capacity units (`CapacityUnit`). */
export interface CapacityUnit {
  /** Read capacity units; absent when the call or setting has no read part (wire field 1). */
  read?: number;
  /** Write capacity units; absent when the call or setting has no write part (wire field 2). */
  write?: number;
}
/** Capacity consumed by a call (`ConsumedCapacity`). */
export interface ConsumedCapacity {
  /** Read and write capacity units the call used (wire field 1). */
  capacityUnit: CapacityUnit;
}
/** Condition of a write (`Condition`); `columnCondition` is a serialized `Filter` (see {@link encodeFilter}). */
export interface Condition {
  /** Whether the row must exist, must not exist, or is not checked before the write (wire field 1). */
  rowExistence: RowExistenceExpectation;
  /** Serialized `Filter` the existing row's columns must pass; no column check when absent (wire field 2). */
  columnCondition?: Uint8Array;
}
/** What a write returns (`ReturnContent`). */
export interface ReturnContent {
  /** Which part of the row to return; nothing is returned when absent (wire field 1). */
  returnType?: ReturnType;
  /** Columns to return with `afterModify` (wire field 2). */
  returnColumnNames?: string[];
}
/** A version range in epoch milliseconds (`TimeRange`). */
export interface TimeRange {
  /** Inclusive lower bound of cell versions, epoch milliseconds; use with `endTime` (wire field 1). */
  startTime?: bigint;
  /** Exclusive upper bound of cell versions, epoch milliseconds; use with `startTime` (wire field 2). */
  endTime?: bigint;
  /** A single cell version to read, epoch milliseconds; instead of a start/end pair (wire field 3). */
  specificTime?: bigint;
}

/** Descriptor of `Error`. */
export const errorMessageDef = defineMessage<ErrorMessage>('Error', [
  field(1, 'code', 'required', 'string'),
  field(2, 'message', 'optional', 'string'),
]);
/** Descriptor of `CapacityUnit`. */
export const capacityUnitDef = defineMessage<CapacityUnit>('CapacityUnit', [
  field(1, 'read', 'optional', 'int32'),
  field(2, 'write', 'optional', 'int32'),
]);
/** Descriptor of `ConsumedCapacity`. */
export const consumedCapacityDef = defineMessage<ConsumedCapacity>('ConsumedCapacity', [
  field(1, 'capacityUnit', 'required', 'message', () => capacityUnitDef),
]);
/** Descriptor of `Condition`. */
export const conditionDef = defineMessage<Condition>('Condition', [
  field(1, 'rowExistence', 'required', 'enum', rowExistenceExpectationEnum),
  field(2, 'columnCondition', 'optional', 'bytes'),
]);
/** Descriptor of `ReturnContent`. */
export const returnContentDef = defineMessage<ReturnContent>('ReturnContent', [
  field(1, 'returnType', 'optional', 'enum', returnTypeEnum),
  field(2, 'returnColumnNames', 'repeated', 'string'),
]);
/** Descriptor of `TimeRange`. */
export const timeRangeDef = defineMessage<TimeRange>('TimeRange', [
  field(1, 'startTime', 'optional', 'int64'),
  field(2, 'endTime', 'optional', 'int64'),
  field(3, 'specificTime', 'optional', 'int64'),
]);

/** Encodes an `Error` message. @throws TypeError for a missing or mistyped field */
export const encodeErrorMessage = (value: ErrorMessage): Uint8Array => encodeMessage(errorMessageDef, value);
/** Decodes an `Error` message (the body of a failed Tablestore response). @throws SdkError `ERR_PARSE` */
export const decodeErrorMessage = (bytes: Uint8Array): ErrorMessage => decodeMessage(errorMessageDef, bytes);
/** Encodes a `Condition` message. @throws TypeError for a missing or mistyped field */
export const encodeCondition = (value: Condition): Uint8Array => encodeMessage(conditionDef, value);
/** Decodes a `Condition` message. @throws SdkError `ERR_PARSE` */
export const decodeCondition = (bytes: Uint8Array): Condition => decodeMessage(conditionDef, bytes);
