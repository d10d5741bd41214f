/**
 * Simple Log Service (SLS) producer and structured logger: bounded buffering, batching, lz4 or
 * deflate compression, retries and a per-record delivery result; plus GetLogs and GetHistograms.
 *
 * @packageDocumentation
 * @module @alikit/sls-logger
 */
export type { CloseReport, DeliveryAttempt, SendResult, SlsLoggerStats, UndeliveredReason } from './delivery';
export type { Fields, FieldValue } from './fields';
export { stringifyValue } from './fields';
export type { SendOptions, SlsLogger, SlsLoggerOptions, SlsLogLevel } from './logger';
export { createSlsLogger, createSlsQuery } from './logger';
export type { BatchOptions, ProducerRetryOptions, SlsCompression } from './producer';
export { SlsProducerError } from './producer';
export type {
  GetHistogramsInput,
  GetLogsInput,
  Histogram,
  HistogramBucket,
  LogEntry,
  LogIterable,
  LogPage,
} from './query';
export { SlsQuery } from './query';
export type { SlsTransportOptions } from './transport';
