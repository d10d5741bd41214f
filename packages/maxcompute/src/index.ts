/**
 * MaxCompute (ODPS) client over fetch: SQL jobs with pollers, typed results read through the
 * instance tunnel, metadata, and table tunnel downloads and uploads. No Python needed.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/maxcompute
 */

export { parseCsv } from './csv';
export {
  type ColumnInfo,
  type DownloadTableOptions,
  type ListOptions,
  type ListPartitionsOptions,
  type ListTablesOptions,
  type MaxComputeCallOptions,
  MaxComputeClient,
  type MaxComputeClientOptions,
  type PartitionInfo,
  type PartitionSpecInput,
  type ProjectInfo,
  type ReadInstanceResultOptions,
  type RunSqlOptions,
  type TableCallOptions,
  type TableInfo,
  type TableSummary,
  type UploadResult,
  type UploadTableOptions,
} from './maxcompute-client';
export { type SqlJobPoller, type SqlJobState, type SqlResult, sqlTaskError } from './sql-job';
// The record codec, for advanced users (also at `@alikit/maxcompute/tunnel`).
export {
  crc32c,
  createRecordReader,
  createRecordWriter,
  createTunnelSchema,
  type DecodedRecordStream,
  decodeRecords,
  encodeRecords,
  formatTunnelType,
  parseTunnelType,
  type RecordReader,
  type RecordStreamSummary,
  type RecordWriter,
  readRecords,
  type TunnelColumn,
  type TunnelColumnInput,
  type TunnelIntervalDayTime,
  type TunnelRecord,
  type TunnelRecordInput,
  type TunnelScalarKind,
  type TunnelSchema,
  type TunnelStructField,
  type TunnelTimestamp,
  type TunnelType,
  type TunnelValue,
} from './tunnel/index';
export { csvValue, type MaxComputeRow, type MaxComputeValue, rowValueConverter, tunnelValueConverter } from './values';
