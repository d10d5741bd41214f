/** One PutLogs attempt for a batch, as reported to every record of that batch. */
export interface DeliveryAttempt {
  /** Whether the service accepted the batch. */
  success: boolean;
  /** `x-log-requestid` of the answer, when one arrived. */
  requestId?: string | undefined;
  /** The SLS error code (`ServerBusy`, `WriteQuotaExceed`) or an SDK code (`ERR_NETWORK`, `ERR_TIMEOUT`). */
  errorCode?: string | undefined;
  /** What went wrong, redacted. */
  errorMessage?: string | undefined;
  /** When the attempt started (epoch ms). */
  timestampMs: number;
  /** How long the attempt took. */
  durationMs: number;
}

/** Why a record was not delivered. */
export type UndeliveredReason =
  /** The service refused the batch with an error that retrying cannot fix (e.g. `PostBodyInvalid`). */
  | 'rejected'
  /** Every allowed attempt failed with a retryable error. */
  | 'retries-exhausted'
  /** The buffer was full and `onBufferFull` is `'drop'`, or a blocked sender waited longer than `maxBlockMs`. */
  | 'buffer-full'
  /** `close()` ran out of time before the record could be delivered, or the record came after `close()`. */
  | 'closed';

/**
 * How one record ended. The promise from `send()` always resolves (never rejects) with this, so a
 * fire-and-forget log call can never crash the process with an unhandled rejection; like the Java
 * producer's `Result`, it carries the attempts.
 */
export type SendResult =
  | {
      /** The service accepted the record. */
      delivered: true;
      /** The batch's latest PutLogs attempts (`retry.maxReservedAttempts` kept), oldest first; the last succeeded. */
      attempts: readonly DeliveryAttempt[];
    }
  | {
      /** The record was given up on. */
      delivered: false;
      /** Why: `rejected`, `retries-exhausted`, `buffer-full` or `closed`. */
      reason: UndeliveredReason;
      /** The failure behind it: the service's last error, or one saying the buffer was full or the logger closed. */
      error: Error;
      /** The batch's latest PutLogs attempts (`retry.maxReservedAttempts` kept), oldest first; empty if never sent. */
      attempts: readonly DeliveryAttempt[];
    };

/** Counters of a logger since it was created; `queued*` are the current buffer contents. */
export interface SlsLoggerStats {
  /** Records accepted and not yet settled (open, sealed, in flight or waiting to retry). */
  queuedRecords: number;
  /** Estimated bytes of those records; never above `maxBufferBytes`. */
  queuedBytes: number;
  /** Senders waiting for buffer space (`onBufferFull: 'block'`). */
  blockedRecords: number;
  /** Records the service accepted. */
  sentRecords: number;
  /** PutLogs requests that succeeded. */
  sentBatches: number;
  /** PutLogs attempts that were repeated after a failure. */
  retriedBatches: number;
  /** Records that finally failed (rejected, retries exhausted or closed before delivery). */
  failedRecords: number;
  /** Records dropped because the buffer was full. */
  droppedRecords: number;
  /** Body bytes sent on the wire, compressed, over all attempts. */
  wireBytes: number;
  /** Uncompressed protobuf bytes of those bodies. */
  rawBytes: number;
}

/** What `close()` reports. */
export interface CloseReport {
  /** Records delivered since the logger was created. */
  delivered: number;
  /** Records that could not be delivered by the deadline (they settled with `reason: 'closed'`). */
  undelivered: number;
  /** Whether everything settled before the timeout. */
  timedOut: boolean;
}
