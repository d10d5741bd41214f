import {
  decodeLogGroup,
  decompressBody,
  hashKeyFor,
  isSlsProtocolError,
  type LogGroup,
  PUT_LOGS_LIMITS,
  type PutLogsLimits,
} from '@alikit/sls-logger/protocol';
import type { RequestContext } from '../shared/request-context';
import { slsError } from './errors';
import type { SlsLogstore } from './logstore';

/** The PutLogs limits the emulator enforces; tests may lower them. */
export type SlsEmulatorLimits = { -readonly [K in keyof PutLogsLimits]: PutLogsLimits[K] };

/** A fresh copy of the documented limits. */
export function defaultSlsLimits(): SlsEmulatorLimits {
  return { ...PUT_LOGS_LIMITS };
}

// System field names a log may not use as content keys.
const RESERVED_KEYS = new Set(['__time__', '__topic__', '__source__', '__time_ns_part__']);

/**
 * The hash key of a PutLogs request, normalized to 32 lower-case hex digits: `?key=` on
 * `/shards/route`, else the old `x-log-hashkey` header; undefined for load-balanced writes.
 */
export function requestHashKey(ctx: RequestContext, routed: boolean): string | undefined {
  const key = routed ? ctx.queryParam('key') : ctx.header('x-log-hashkey');
  if (key === undefined || key === null || key === '') {
    if (routed) throw slsError('ParameterInvalid', { message: 'key is required for /shards/route' });
    return undefined;
  }
  return hashKeyFor(key);
}

/** Parses and validates a PutLogs body (headers, size, compression, protobuf, keys, times). */
export function readPutLogsBody(
  ctx: RequestContext,
  limits: SlsEmulatorLimits,
  nowSeconds: number,
): {
  group: LogGroup;
  rawBytes: number;
  wireBytes: number;
  compressType: string;
} {
  const contentType = ctx.header('content-type');
  if (contentType === undefined || contentType === '') throw slsError('MissingContentType');
  if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/x-protobuf') {
    throw slsError('InvalidContentType', { message: 'PutLogs requires Content-Type: application/x-protobuf.' });
  }
  const rawSizeHeader = ctx.header('x-log-bodyrawsize');
  if (rawSizeHeader === undefined) throw slsError('MissingBodyRawSize');
  const rawBytes = /^\d{1,10}$/.test(rawSizeHeader.trim()) ? Number(rawSizeHeader.trim()) : Number.NaN;
  if (!Number.isSafeInteger(rawBytes)) throw slsError('InvalidBodyRawSize');
  if (rawBytes > limits.maxRawBodyBytes) {
    throw slsError('PostBodyTooLarge', {
      message: `body size ${rawBytes} must be no more than ${limits.maxRawBodyBytes} bytes`,
    });
  }
  const body = ctx.received.body ?? new Uint8Array(0);
  const compressType = ctx.header('x-log-compresstype')?.trim().toLowerCase() || 'none';
  let group: LogGroup;
  try {
    const raw = decompressBody(body, compressType, rawBytes);
    group = decodeLogGroup(raw, { validateUtf8: true });
  } catch (error) {
    if (isSlsProtocolError(error)) throw slsError(error.code, { message: error.message });
    throw error;
  }
  if (group.logs.length === 0) throw slsError('PostBodyInvalid', { message: 'the LogGroup has no logs' });
  if (group.logs.length > limits.maxLogsPerRequest) {
    throw slsError('PostBodyTooLarge', {
      message: `logs count ${group.logs.length} must be no more than ${limits.maxLogsPerRequest}`,
    });
  }
  const earliest = nowSeconds - limits.maxTimeAgeSeconds;
  const latest = nowSeconds + limits.maxTimeAheadSeconds;
  for (const log of group.logs) {
    if (log.time < earliest || log.time > latest) {
      throw slsError('PostBodyInvalid', { status: 499, message: 'The post data time is out of range.' });
    }
    for (const [key, value] of log.contents) {
      if (key === '' || RESERVED_KEYS.has(key)) {
        throw slsError('InvalidKey', { message: `the log key ${JSON.stringify(key)} is empty or reserved` });
      }
      // UTF-8 needs at most 3 bytes per UTF-16 unit, so most values skip the exact count.
      if (value.length * 3 > limits.maxValueBytes && Buffer.byteLength(value, 'utf8') > limits.maxValueBytes) {
        throw slsError('PostBodyTooLarge', {
          message: `a log value must be no more than ${limits.maxValueBytes} bytes`,
        });
      }
    }
  }
  return { group, rawBytes, wireBytes: body.length, compressType };
}

/** Stores a validated PutLogs request in its logstore and returns the shard it went to. */
export function storePutLogs(
  logstore: SlsLogstore,
  hashKey: string | undefined,
  requestId: string,
  parsed: ReturnType<typeof readPutLogsBody>,
): number {
  const shardId = logstore.shardFor(hashKey);
  logstore.append(parsed.group, shardId, requestId, parsed);
  return shardId;
}
