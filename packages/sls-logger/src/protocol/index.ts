/**
 * Wire-level building blocks for Simple Log Service (SLS): the LogGroup protobuf codec, the raw LZ4
 * block codec, deflate helpers, shard hash keys and the PutLogs size limits.
 *
 * @packageDocumentation
 * @module @alikit/sls-logger/protocol
 */

export type { CompressedBody, SlsCompressType } from './compression';
export { compressBody, decompressBody } from './compression';
export { deflateCompress, deflateDecompress } from './deflate';
export type { PutLogsLimits } from './limits';
export { PUT_LOGS_LIMITS } from './limits';
export type { Log, LogGroup, LogTag } from './log-group';
export type { DecodeLogGroupOptions } from './log-group-codec';
export {
  decodeLogGroup,
  decodeLogGroupList,
  encodeLogGroup,
  encodeLogGroupList,
  logEncodedSize,
  logGroupEncodedSize,
} from './log-group-codec';
export { lz4Compress, lz4Decompress } from './lz4-block';
export type { SlsProtocolErrorCode } from './protocol-error';
export { isSlsProtocolError, SlsProtocolError } from './protocol-error';
export { adjustShardHash, hashKeyFor, isHashKey, shardRangeStart } from './shard-hash';
