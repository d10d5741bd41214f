/**
 * The MaxCompute tunnel record codec: encode and decode record streams (protobuf wire format with
 * CRC32C checksums) for every MaxCompute type. For advanced users and emulators.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/maxcompute/tunnel
 */

export { crc32c } from './crc32c';
export {
  createRecordReader,
  type DecodedRecordStream,
  decodeRecords,
  type RecordReader,
  type RecordStreamSummary,
  readRecords,
} from './record-reader';
export { createRecordWriter, encodeRecords, type RecordWriter } from './record-writer';
export { createTunnelSchema, formatTunnelType, parseTunnelType, type TunnelColumnInput } from './type-parser';
export type {
  TunnelColumn,
  TunnelIntervalDayTime,
  TunnelRecord,
  TunnelRecordInput,
  TunnelScalarKind,
  TunnelSchema,
  TunnelStructField,
  TunnelTimestamp,
  TunnelType,
  TunnelValue,
} from './types';
