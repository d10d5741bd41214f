/**
 * Typed Tablestore client: plain-object rows typed from a table definition (int64 as `bigint`),
 * conditions, batches of any size, resumable range iterators and a buffered batch writer.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/tablestore
 */

export type {
  BatchWriter,
  BatchWriterOptions,
  BatchWriterRowResult,
  BatchWriterStats,
  PendingRow,
} from './batch-writer';
export type { RowChange, RowExistence, RowUpdate, WriteConditionOptions } from './changes';
export {
  type CreateTableOptions,
  type SecondaryIndex,
  type TableDescription,
  TablestoreClient,
  type TablestoreClientOptions,
} from './client';
export type { ColumnComparison, ColumnCondition, ComparisonOperator } from './conditions';
export {
  type AttributeColumn,
  type CellValue,
  type CellValueInput,
  crc8,
  crc8Byte,
  decodeRow,
  decodeRows,
  encodeRow,
  encodeRows,
  type PlainBufferRow,
  type PlainBufferRowInput,
  type PrimaryKeyColumn,
  type PrimaryKeySpecialValue,
  type PrimaryKeyValue,
  type PrimaryKeyValueInput,
  type UpdateType,
} from './protocol';
export { type CellVersion, INF_MAX, INF_MIN, type PlainValue } from './rows';
export {
  type AttributeColumnType,
  type AttributeNameOf,
  type AttributeShape,
  type AttributesOf,
  type ColumnValueOf,
  defineTable,
  type PrimaryKeyColumnType,
  type PrimaryKeyOf,
  type PrimaryKeyShape,
  type RowOf,
  type TableDefinition,
  type TableDefinitionInput,
  type WritePrimaryKeyOf,
  type WriteRowOf,
} from './schema';
export {
  BATCH_GET_MAX_ROWS,
  BATCH_WRITE_MAX_BYTES,
  BATCH_WRITE_MAX_ROWS,
  type BatchGetItem,
  type BatchOptions,
  type BatchWriteItem,
  type ConsumedCapacity,
  type DeleteRowOptions,
  type GetRangeOptions,
  type GetRowResult,
  type PutRowOptions,
  type RangeBound,
  type RangePage,
  type ReadOptions,
  TableClient,
  type UpdateRowOptions,
  type WriteRowResult,
} from './table-client';
export type { CallOptions } from './transport';
