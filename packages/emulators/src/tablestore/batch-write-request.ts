import {
  type BatchWriteRowRequest,
  type Condition,
  decodeCondition,
  type OperationType,
  ProtobufReader,
  type ReturnContent,
  type ReturnType,
  type RowInBatchWriteRowRequest,
  type TableInBatchWriteRowRequest,
  wireTypes,
} from '@alikit/tablestore/protocol';

const OPERATION_TYPES: Record<number, OperationType> = { 1: 'put', 2: 'update', 3: 'delete' };
const RETURN_TYPES: Record<number, ReturnType> = { 0: 'none', 1: 'primaryKey', 2: 'afterModify' };

/** A batch row whose `condition` may be missing (the npm SDK leaves it out when none is given). */
export type LenientRowInBatchWriteRowRequest = Omit<RowInBatchWriteRowRequest, 'condition'> & {
  condition?: Condition | undefined;
};

/** A `BatchWriteRowRequest` as the emulator accepts it. */
export interface LenientBatchWriteRowRequest extends Omit<BatchWriteRowRequest, 'tables'> {
  tables: (Omit<TableInBatchWriteRowRequest, 'rows'> & { rows: LenientRowInBatchWriteRowRequest[] })[];
}

/**
 * Decodes a `BatchWriteRowRequest` like the service does: a row without its `condition` (a
 * proto2 `required` field the npm SDK omits when the caller gives none) is accepted and later
 * treated as IGNORE (tablestore.md §2.3). Everything else must be well formed.
 *
 * @throws SdkError `ERR_PARSE` for malformed bytes or a missing `table_name`, `type` or `row_change`
 */
export function decodeLenientBatchWriteRowRequest(bytes: Uint8Array): LenientBatchWriteRowRequest {
  const r = new ProtobufReader(bytes, 'decode BatchWriteRowRequest');
  const out: LenientBatchWriteRowRequest = { tables: [] };
  while (!r.done()) {
    const { fieldNumber, wireType } = r.tag();
    if (fieldNumber === 1 && wireType === wireTypes.lengthDelimited) out.tables.push(readTable(r.sub()));
    else if (fieldNumber === 2 && wireType === wireTypes.lengthDelimited) out.transactionId = r.string();
    else r.skip(wireType, fieldNumber);
  }
  return out;
}

function readTable(r: ProtobufReader): LenientBatchWriteRowRequest['tables'][number] {
  const start = r.pos;
  let tableName: string | undefined;
  const rows: LenientRowInBatchWriteRowRequest[] = [];
  while (!r.done()) {
    const { fieldNumber, wireType } = r.tag();
    if (fieldNumber === 1 && wireType === wireTypes.lengthDelimited) tableName = r.string();
    else if (fieldNumber === 2 && wireType === wireTypes.lengthDelimited) rows.push(readRow(r.sub()));
    else r.skip(wireType, fieldNumber);
  }
  if (tableName === undefined)
    throw r.fail('TableInBatchWriteRowRequest is missing required field 1 (tableName)', start);
  return { tableName, rows };
}

function readRow(r: ProtobufReader): LenientRowInBatchWriteRowRequest {
  const start = r.pos;
  let type: OperationType | undefined;
  let rowChange: Uint8Array | undefined;
  let condition: Condition | undefined;
  let returnContent: ReturnContent | undefined;
  while (!r.done()) {
    const { fieldNumber, wireType } = r.tag();
    if (fieldNumber === 1 && wireType === wireTypes.varint) {
      const n = r.int32();
      type = OPERATION_TYPES[n];
      if (type === undefined) throw r.fail(`unknown OperationType ${n}`);
    } else if (fieldNumber === 2 && wireType === wireTypes.lengthDelimited) rowChange = r.bytes();
    else if (fieldNumber === 3 && wireType === wireTypes.lengthDelimited) condition = decodeCondition(r.bytes());
    else if (fieldNumber === 4 && wireType === wireTypes.lengthDelimited) returnContent = readReturnContent(r.sub());
    else r.skip(wireType, fieldNumber);
  }
  if (type === undefined) throw r.fail('RowInBatchWriteRowRequest is missing required field 1 (type)', start);
  if (rowChange === undefined) {
    throw r.fail('RowInBatchWriteRowRequest is missing required field 2 (rowChange)', start);
  }
  const row: LenientRowInBatchWriteRowRequest = { type, rowChange };
  if (condition !== undefined) row.condition = condition;
  if (returnContent !== undefined) row.returnContent = returnContent;
  return row;
}

function readReturnContent(r: ProtobufReader): ReturnContent {
  const out: ReturnContent = {};
  while (!r.done()) {
    const { fieldNumber, wireType } = r.tag();
    if (fieldNumber === 1 && wireType === wireTypes.varint) {
      const returnType = RETURN_TYPES[r.int32()];
      if (returnType !== undefined) out.returnType = returnType;
    } else if (fieldNumber === 2 && wireType === wireTypes.lengthDelimited) {
      out.returnColumnNames = [...(out.returnColumnNames ?? []), r.string()];
    } else r.skip(wireType, fieldNumber);
  }
  return out;
}
