/**
 * Which service error codes are worth repeating, per service family. The lists come from each
 * service's documented error table and the retry conditions of its official SDKs (see the specs
 * under docs/); the codes are matched verbatim.
 *
 * Two kinds are kept apart because the retry policy treats them differently:
 * - throttling / busy codes: the service refused the request without acting on it, so repeating it
 *   is safe even for a non-idempotent write, after a longer backoff;
 * - transient codes: the service failed part-way (internal error, timeout), so only idempotent
 *   requests (or ones carrying an idempotency token) should be repeated.
 */

/** The wire-format families whose code lists differ. Every POP product (sts, cms, pai, dts, ...) is `pop`. */
export type ServiceFamily = 'pop' | 'oss' | 'sls' | 'tablestore' | 'maxcompute';

/** The codes of one service family, by kind. */
export interface RetryableCodeList {
  /** Codes meaning "refused without acting on it" (throttling, quota, busy, conflict). */
  readonly throttling: readonly string[];
  /** Codes meaning "failed, may succeed if repeated" (internal errors, server-side timeouts). */
  readonly transient: readonly string[];
  /** Codes meaning "your clock is off"; repeat once after learning the offset from the `Date` header. */
  readonly clockSkew: readonly string[];
}

/** Retryable service codes per service family. */
export const retryableCodes: Readonly<Record<ServiceFamily, RetryableCodeList>> = {
  pop: {
    // openapi-core turns any code containing "Throttling" into a ThrottlingError; these are the
    // ones the Tea retry conditions name.
    throttling: ['Throttling', 'Throttling.User', 'Throttling.Api'],
    // SignatureNonceUsed is fixed by re-signing with a fresh nonce, which every retry does.
    transient: ['ServiceUnavailable', 'InternalError', 'InternalFailure', 'SignatureNonceUsed'],
    clockSkew: ['InvalidTimeStamp.Expired'],
  },
  oss: {
    throttling: [],
    // RequestTimeout (400): the server waited too long for the request body.
    transient: ['InternalError', 'ServiceUnavailable', 'RequestTimeout'],
    clockSkew: ['RequestTimeTooSkewed'],
  },
  sls: {
    throttling: [
      'WriteQuotaExceed',
      'ShardWriteQuotaExceed',
      'ReadQuotaExceed',
      'ShardReadQuotaExceed',
      'ExceedQuota',
      'ServerBusy',
    ],
    transient: ['InternalServerError'],
    clockSkew: ['RequestTimeExpired'],
  },
  tablestore: {
    // The Go SDK repeats these for every API: the row or partition was not touched.
    // OTSQuotaExhausted only counts with the message "Too frequent table operations." (see below).
    throttling: [
      'OTSServerBusy',
      'OTSStorageServerBusy',
      'OTSNotEnoughCapacityUnit',
      'OTSPartitionUnavailable',
      'OTSTableNotReady',
      'OTSRowOperationConflict',
    ],
    // The Go SDK repeats these only for idempotent actions.
    transient: ['OTSTimeout', 'OTSInternalServerError', 'OTSServerUnavailable', 'OTSRequestTimeout'],
    // OTSAuthFailed only counts with the message "Mismatch between system time and x-ots-date".
    clockSkew: [],
  },
  maxcompute: {
    throttling: ['FlowExceeded', 'QPSExceeded', 'SlotExceeded'],
    transient: ['InternalServerError', 'ServiceUnavailable', 'ODPS-0010000', 'ODPS-0420153'],
    // pyodps also accepts the misspelling the service has been seen to send.
    clockSkew: ['RequestTimeTooSkewed', 'RequestTimeTooSkewd'],
  },
};

const sets = Object.fromEntries(
  Object.entries(retryableCodes).map(([family, list]) => [
    family,
    {
      throttling: new Set(list.throttling),
      transient: new Set(list.transient),
      clockSkew: new Set(list.clockSkew),
    },
  ]),
) as Record<ServiceFamily, { throttling: Set<string>; transient: Set<string>; clockSkew: Set<string> }>;

const FAMILY_ALIASES: Readonly<Record<string, ServiceFamily>> = {
  oss: 'oss',
  sls: 'sls',
  log: 'sls',
  tablestore: 'tablestore',
  ots: 'tablestore',
  maxcompute: 'maxcompute',
  odps: 'maxcompute',
  tunnel: 'maxcompute',
};

/**
 * The family whose error format and code lists apply to a service name; every name that is not
 * OSS, SLS, Tablestore or MaxCompute (or an alias: `log`, `ots`, `odps`) is a POP product.
 */
export function serviceFamily(service: string): ServiceFamily {
  return FAMILY_ALIASES[String(service).toLowerCase()] ?? 'pop';
}

/** MaxCompute sometimes sends `ODPS-0010000:some text` as the code; the number is what identifies it. */
function bareCode(family: ServiceFamily, code: string): string {
  if (family !== 'maxcompute') return code;
  const colon = code.indexOf(':');
  return colon > 0 ? code.slice(0, colon).trim() : code;
}

/**
 * True when the code means the service refused the request without acting on it (throttling,
 * quota, busy, conflict), so it may be repeated after a backoff, even a non-idempotent write.
 *
 * @param service - the service name (`oss`, `sls`, `tablestore`, `maxcompute`, or any POP product)
 * @param code - the service's error code, verbatim
 * @param message - the service's message; a few codes count only with a given message
 */
export function isThrottlingCode(service: string, code: string, message?: string): boolean {
  const family = serviceFamily(service);
  const bare = bareCode(family, String(code));
  if (sets[family].throttling.has(bare)) return true;
  if (family === 'pop') return bare.includes('Throttling');
  if (family === 'tablestore' && bare === 'OTSQuotaExhausted') {
    return typeof message === 'string' && /too frequent table operations/i.test(message);
  }
  return false;
}

/**
 * True when repeating a request that failed with this code may succeed: the throttling codes of
 * {@link isThrottlingCode} plus transient server failures (internal errors, server-side timeouts).
 * The caller still decides whether the request is safe to repeat (idempotent, or refused unexecuted).
 * Clock-skew codes are not included; see {@link isClockSkewCode}.
 *
 * @param service - the service name (`oss`, `sls`, `tablestore`, `maxcompute`, or any POP product)
 * @param code - the service's error code, verbatim
 * @param message - the service's message; a few codes count only with a given message
 */
export function isRetryableCode(service: string, code: string, message?: string): boolean {
  if (isThrottlingCode(service, code, message)) return true;
  const family = serviceFamily(service);
  const bare = bareCode(family, String(code));
  if (sets[family].transient.has(bare)) return true;
  // ODPS-181xxxx: MCQA/SQA errors whose documented meaning is "retry".
  return family === 'maxcompute' && /^ODPS-181\d/.test(bare);
}

/**
 * True when the code says the request's timestamp is too far from the server's clock; the retry
 * policy learns the offset from the response's `Date` header and repeats the request once.
 *
 * @param service - the service name (`oss`, `sls`, `tablestore`, `maxcompute`, or any POP product)
 * @param code - the service's error code, verbatim
 * @param message - the service's message (Tablestore reports skew as `OTSAuthFailed` with a telling message)
 */
export function isClockSkewCode(service: string, code: string, message?: string): boolean {
  const family = serviceFamily(service);
  const bare = bareCode(family, String(code));
  if (sets[family].clockSkew.has(bare)) return true;
  if (family === 'tablestore' && bare === 'OTSAuthFailed') {
    return typeof message === 'string' && /mismatch between system time/i.test(message);
  }
  return false;
}

/**
 * True for HTTP statuses worth repeating whatever the body says: 408, 429 and 5xx except 501 (Not
 * Implemented) and 505 (HTTP Version Not Supported), which will fail the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}
