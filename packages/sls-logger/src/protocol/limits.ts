/** Server-side limits of one PutLogs request (spec/sls.md §3, PutLogs reference). */
export interface PutLogsLimits {
  /** Most logs in one LogGroup. */
  readonly maxLogsPerRequest: number;
  /** Largest uncompressed LogGroup (`x-log-bodyrawsize`), in bytes. */
  readonly maxRawBodyBytes: number;
  /** Largest single content value, in bytes (UTF-8). */
  readonly maxValueBytes: number;
  /** How far in the past a log time may be, in seconds. */
  readonly maxTimeAgeSeconds: number;
  /** How far in the future a log time may be, in seconds. */
  readonly maxTimeAheadSeconds: number;
}

/**
 * The PutLogs limits SLS documents: 4096 logs and 3 MiB (uncompressed) per request, 1 MiB per value,
 * log times within [now − 7 days, now + 15 minutes].
 */
export const PUT_LOGS_LIMITS: PutLogsLimits = Object.freeze({
  maxLogsPerRequest: 4096,
  maxRawBodyBytes: 3 * 1024 * 1024,
  maxValueBytes: 1024 * 1024,
  maxTimeAgeSeconds: 7 * 24 * 60 * 60,
  maxTimeAheadSeconds: 15 * 60,
});
