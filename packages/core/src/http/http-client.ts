import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { type ErrorResponse, retryAfterMs } from '../errors/error-response';
import { parseErrorResponse } from '../errors/parse-error-response';
import { isRetryableStatus, isThrottlingCode } from '../errors/retryable';
import { isSdkError, type SdkError } from '../errors/sdk-error';
import { noopLogger, resolveLogger } from '../logging/create-logger';
import type { Logger } from '../logging/logger';
import { createAttemptSignal, raceAbort } from './abort';
import { type AttemptDecision, describeFailedAttempt, logAttempt } from './attempt-log';
import { fullJitterDelayMs } from './backoff';
import { isClockSkewError, serverClockOffsetMs, serviceMessageOf } from './clock-skew';
import { isExpiredTokenError } from './expired-token';
import { copyRequestHeaders } from './headers';
import { createHttpResponse, type HttpResponse } from './http-response';
import { classifyNetworkError } from './network-error';
import { isIdempotentMethod, type RetryOptions, resolveRetryPolicy } from './retry-policy';
import { checkRequestUrl } from './url-guard';

/** A request body. Strings are sent as UTF-8 bytes; a stream is sent once and never retried. */
export type RequestBody = string | Uint8Array | ReadableStream<Uint8Array>;

/** A request as a signer receives it and returns it. */
export interface OutgoingRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The absolute URL, query included (a signer may add signature parameters). */
  url: string;
  /** Request headers; a signer adds its date, nonce and `Authorization` (or equivalent) here. */
  headers: Record<string, string>;
  /** The body to send; `undefined` for a request without one (GET, HEAD, most POP RPC calls). */
  body: RequestBody | undefined;
}

/** What a signer learns about the attempt it signs. */
export interface SignContext {
  /** 1 for the first attempt, 2 for the first repeat, and so on. */
  attempt: number;
  /** The time to sign with: the local clock corrected by the offset learnt from the server. */
  now: Date;
  /** The caller's signal, for a signer that fetches credentials. */
  signal: AbortSignal | undefined;
}

/**
 * Signs one attempt. It is called again for every attempt, with a fresh copy of the unsigned
 * request, so that each carries its own date and nonce.
 */
export type RequestSigner = (
  request: OutgoingRequest,
  context: SignContext,
) => OutgoingRequest | Promise<OutgoingRequest>;

/** Turns a non-2xx response into the error to throw (never throws itself). */
export type ErrorResponseParser = (response: ErrorResponse) => SdkError | Promise<SdkError>;

/** One call through {@link HttpClient.send}. */
export interface HttpRequest {
  /** The service name used in errors and logs (`oss`, `sls`, `sts`, ...); also picks the default error parser. */
  service: string;
  /** The operation name used in errors and logs (`GetObject`, `AssumeRole`, ...). */
  operation: string;
  /** The HTTP method, any case. */
  method: string;
  /**
   * The absolute URL. `http:` is allowed only to loopback hosts unless the client was created with
   * `allowInsecureConnection: true`.
   */
  url: string | URL;
  /** Request headers before signing. @defaultValue `{}` */
  headers?: Record<string, string> | undefined;
  /** The body; not allowed with GET and HEAD. @defaultValue none */
  body?: RequestBody | undefined;
  /** Signs each attempt. @defaultValue none: the request is sent unsigned (e.g. the ECS metadata service) */
  sign?: RequestSigner | undefined;
  /**
   * Whether repeating the request cannot do harm. Set it for a POST that carries an idempotency
   * token (`ClientToken`, a MaxCompute `Guid`) or only reads.
   * @defaultValue true for GET, HEAD, PUT, DELETE, OPTIONS and TRACE; false for POST and PATCH
   */
  idempotent?: boolean | undefined;
  /** Aborts the whole call, waits between attempts included; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /**
   * Limit for each attempt (connect, send, and reading the whole response); an attempt that runs
   * over fails with `ERR_TIMEOUT` and may be retried. For a limit on the whole call, waits
   * included, pass `signal: AbortSignal.timeout(ms)`. `Infinity` means no limit.
   * @defaultValue the client's `timeoutMs`
   */
  timeoutMs?: number | undefined;
  /** Reads the service's error body. @defaultValue `parseErrorResponse`, which dispatches on `service` */
  parseError?: ErrorResponseParser | undefined;
  /**
   * Called once when the service says the credentials expired (see `isExpiredToken`); it should
   * force the credential provider to refresh. The request is then signed again and repeated once.
   * @defaultValue none: an expired-token error is thrown as it is
   */
  onExpiredToken?: (() => Promise<void>) | undefined;
  /** Recognises expired-credential errors. @defaultValue {@link isExpiredTokenError} */
  isExpiredToken?: ((error: SdkError) => boolean) | undefined;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Retry settings. @defaultValue 3 attempts, backoff base 100 ms, cap 20 s (see {@link RetryOptions}) */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per attempt, with secrets removed. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** The local clock. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
  /** Default per-attempt limit (see {@link HttpRequest.timeoutMs}). @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /** Allows plain `http:` to hosts that are not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** A known offset of the server clock from the local one, in ms (server minus local). @defaultValue 0 */
  clockOffsetMs?: number | undefined;
}

/** Sends requests with signing, retries, timeouts and clock-skew correction. */
export interface HttpClient {
  /**
   * Sends a request and resolves with the first 2xx response.
   *
   * - Transient failures (network errors, per-attempt timeouts, 408/429/5xx other than 501/505, the
   *   services' throttling and transient codes) are retried up to `retry.maxAttempts` attempts in
   *   all, after a full-jitter exponential backoff or what `Retry-After` / `x-acs-retry-after` asks
   *   (capped at `retry.maxDelayMs`).
   * - A request that is not idempotent is repeated only when the service provably did not act on
   *   it: connection refused or unreachable, 429, a throttling code.
   * - A clock-skew error (OSS `RequestTimeTooSkewed`, POP `InvalidTimeStamp.Expired`, SLS
   *   `RequestTimeExpired`, Tablestore `OTSAuthFailed` "Mismatch between system time") teaches the
   *   client the server's clock offset from the response `Date`; the request is signed again and
   *   repeated once, at once, whatever its method, and later calls use the offset.
   * - An expired-token error with `onExpiredToken` set runs the hook, then signs and repeats once.
   * - A streamed body is never repeated; redirects are not followed (they come back as errors).
   *
   * @throws TypeError or RangeError for wrong arguments, before any I/O.
   * @throws SdkError for a service error (its code verbatim), `ERR_NETWORK`, `ERR_TIMEOUT`, `ERR_PARSE`.
   * @throws the signal's reason, unchanged, when `signal` aborts.
   */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** The offset (server minus local clock, ms) applied to the time signers receive. */
  readonly clockOffsetMs: number;
}

/** The default per-attempt time limit. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Creates an {@link HttpClient}. Construction does no I/O.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ retry: { maxAttempts: 5 } });
 * const res = await http.send({
 *   service: 'sts', operation: 'GetCallerIdentity', method: 'POST', url, idempotent: true,
 *   sign: (req, { now }) => signRpc(req, credentials, now),
 * });
 * const identity = res.json<{ AccountId: string }>();
 * ```
 *
 * @throws TypeError or RangeError for wrong options.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('fetch must be a function (none is available globally)');
  const policy = resolveRetryPolicy(options.retry);
  const logger = resolveLogger(options.logger);
  const now = options.now ?? (() => new Date());
  if (typeof now !== 'function') throw new TypeError('now must be a function returning a Date');
  const defaultTimeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const allowInsecureConnection = options.allowInsecureConnection === true;
  let clockOffsetMs = options.clockOffsetMs ?? 0;
  if (!Number.isFinite(clockOffsetMs)) throw new RangeError('clockOffsetMs must be a finite number');

  const client: HttpClient = {
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    send(request) {
      // Validation runs synchronously so wrong arguments throw before any I/O, as a rejection.
      let call: Call;
      try {
        call = prepare(request, defaultTimeoutMs, allowInsecureConnection);
      } catch (error) {
        return Promise.reject(error);
      }
      return run(call);
    },
  };

  async function run(call: Call): Promise<HttpResponse> {
    const { request, signal } = call;
    const state: RetryState = { retries: 0, skewCorrected: false, tokenRefreshed: false };
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const outcome = await attemptOnce(call, attempt);
      if (outcome.kind === 'response') {
        log(call, attempt, outcome, undefined);
        policy.budget?.recordSuccess();
        return outcome.response;
      }
      const decision = decide(outcome, call, state);
      log(call, attempt, outcome, decision);
      switch (decision.action) {
        case 'throw':
          throw outcome.error;
        case 'correct-clock':
          clockOffsetMs = decision.offsetMs;
          state.skewCorrected = true;
          break;
        case 'refresh-token':
          state.tokenRefreshed = true;
          await raceAbort(request.onExpiredToken?.(), signal);
          break;
        case 'retry':
          state.retries++;
          await raceAbort(policy.sleep(decision.delayMs, signal), signal);
          break;
      }
    }
  }

  async function attemptOnce(call: Call, attempt: number): Promise<Outcome> {
    const { request, url, signal } = call;
    const unsigned: OutgoingRequest = {
      method: call.method,
      url: url.href,
      headers: { ...call.headers },
      body: request.body,
    };
    const signTime = new Date(now().getTime() + clockOffsetMs);
    const signed = request.sign
      ? checkSigned(await raceAbort(request.sign(unsigned, { attempt, now: signTime, signal }), signal), call.method)
      : unsigned;
    const signedUrl = checkRequestUrl(signed.url, allowInsecureConnection);
    if (signal?.aborted) throw signal.reason;

    const attemptSignal = createAttemptSignal(signal, call.timeoutMs);
    const base = { host: signedUrl.host, path: signedUrl.pathname, started: performance.now() };
    let status: number | undefined;
    let headers: Headers;
    let body: Uint8Array;
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: signed.method,
        headers: signed.headers,
        body: toFetchBody(signed.method, signed.body),
        signal: attemptSignal.signal,
        // A redirect would carry the signed headers to another host; surface it as an error instead.
        redirect: 'manual',
      };
      if (signed.body instanceof ReadableStream) init.duplex = 'half';
      const res = await fetchImpl(signed.url, init);
      status = res.status;
      headers = res.headers;
      body = new Uint8Array(await res.arrayBuffer());
    } catch (thrown) {
      if (signal?.aborted) throw signal.reason;
      if (attemptSignal.timedOut) {
        const error = createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
          service: request.service,
          operation: request.operation,
          reason: `no complete response within ${call.timeoutMs} ms`,
          status,
          cause: thrown,
        });
        return { ...base, kind: 'transport-error', error, notSent: false };
      }
      const failure = classifyNetworkError(thrown);
      if (failure === undefined) throw thrown;
      const error = createSdkError(sdkErrorCodes.ERR_NETWORK, {
        service: request.service,
        operation: request.operation,
        reason: failure.description,
        status,
        retryable: !failure.permanent,
        cause: thrown,
      });
      return { ...base, kind: 'transport-error', error, notSent: failure.notSent };
    } finally {
      attemptSignal.dispose();
    }

    if (status >= 200 && status < 300) {
      const { service, operation } = request;
      const response = createHttpResponse({ service, operation, status, headers, body, attempts: attempt });
      return { ...base, kind: 'response', response };
    }
    const localNowMs = now().getTime();
    const parser = request.parseError ?? parseErrorResponse;
    const error = await raceAbort(
      parser({ status, headers, body, service: request.service, operation: request.operation }),
      signal,
    );
    if (!isSdkError(error)) throw new TypeError('parseError must return an SdkError');
    return { ...base, kind: 'service-error', error, headers, localNowMs };
  }

  function decide(outcome: Failure, call: Call, state: RetryState): AttemptDecision {
    const { error } = outcome;
    if (!call.replayable) return { action: 'throw' };
    if (outcome.kind === 'service-error') {
      // The service refused the request at authentication, before acting on it: repeating is safe
      // for any method, but only once, so a server with a broken clock cannot make us loop.
      if (!state.skewCorrected && isClockSkewError(error)) {
        // Measured against the uncorrected local clock, which is what the offset is added to.
        const offsetMs = serverClockOffsetMs(outcome.headers, outcome.localNowMs);
        if (offsetMs !== undefined) return { action: 'correct-clock', offsetMs };
      }
      const isExpired = call.request.isExpiredToken ?? isExpiredTokenError;
      if (!state.tokenRefreshed && call.request.onExpiredToken && isExpired(error)) {
        return { action: 'refresh-token' };
      }
    }
    const retryable =
      error.retryable ||
      (outcome.kind === 'service-error' && error.status !== undefined && isRetryableStatus(error.status));
    if (!retryable || state.retries + 1 >= policy.maxAttempts) return { action: 'throw' };
    if (!call.idempotent && !refusedUnexecuted(outcome)) return { action: 'throw' };
    if (policy.budget && !policy.budget.tryConsume()) return { action: 'throw' };
    const serverWait = outcome.kind === 'service-error' ? serverRetryAfterMs(outcome.headers) : undefined;
    const delayMs =
      serverWait !== undefined ? Math.min(serverWait, policy.maxDelayMs) : fullJitterDelayMs(state.retries + 1, policy);
    return { action: 'retry', delayMs };
  }

  function log(call: Call, attempt: number, outcome: Outcome, decision: AttemptDecision | undefined): void {
    // Nothing asked for logs: skip building and redacting a line nobody reads (it is on every call's path).
    if (logger === noopLogger) return;
    const durationMs = Math.round(performance.now() - outcome.started);
    const data: Record<string, unknown> = {
      service: call.request.service,
      operation: call.request.operation,
      method: call.method,
      host: outcome.host,
      path: outcome.path,
      attempt,
      durationMs,
    };
    let summary: string;
    if (outcome.kind === 'response') {
      data.status = outcome.response.status;
      data.requestId = outcome.response.requestId;
      summary = String(outcome.response.status);
    } else {
      summary = describeFailedAttempt(outcome, decision, data);
    }
    logAttempt(
      logger,
      { service: call.request.service, operation: call.request.operation, attempt, summary, durationMs },
      data,
    );
  }

  return client;
}

interface RetryState {
  /** Backoff retries made so far (clock and token repeats not counted). */
  retries: number;
  skewCorrected: boolean;
  tokenRefreshed: boolean;
}

interface Call {
  request: HttpRequest;
  method: string;
  url: URL;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  idempotent: boolean;
  replayable: boolean;
}

interface AttemptBase {
  host: string;
  path: string;
  started: number;
}

type Outcome = (AttemptBase & { kind: 'response'; response: HttpResponse }) | Failure;

type Failure =
  | (AttemptBase & { kind: 'service-error'; error: SdkError; headers: Headers; localNowMs: number })
  | (AttemptBase & { kind: 'transport-error'; error: SdkError; notSent: boolean });

/** Failures where the service cannot have acted on the request, so even a non-idempotent write may be repeated. */
function refusedUnexecuted(outcome: Failure): boolean {
  if (outcome.kind === 'transport-error') return outcome.notSent;
  const { error } = outcome;
  return error.status === 429 || isThrottlingCode(error.service, error.code, serviceMessageOf(error));
}

function serverRetryAfterMs(headers: Headers): number | undefined {
  // An HTTP date in Retry-After is the server's clock; measure it against the server's Date.
  const serverNow = Date.parse(headers.get('date') ?? '');
  return retryAfterMs(headers, Number.isFinite(serverNow) ? serverNow : Date.now());
}

function prepare(request: HttpRequest, defaultTimeoutMs: number, allowInsecureConnection: boolean): Call {
  if (typeof request !== 'object' || request === null) throw new TypeError('send() takes a request object');
  for (const name of ['service', 'operation', 'method'] as const) {
    if (typeof request[name] !== 'string' || request[name] === '') {
      throw new TypeError(`request.${name} must be a non-empty string`);
    }
  }
  const method = request.method.toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new TypeError('request.method must be an HTTP method name');
  const url = checkRequestUrl(request.url, allowInsecureConnection);
  const headers = copyRequestHeaders(request.headers);
  const { body } = request;
  if (
    body !== undefined &&
    typeof body !== 'string' &&
    !(body instanceof Uint8Array) &&
    !(body instanceof ReadableStream)
  ) {
    throw new TypeError('request.body must be a string, a Uint8Array or a ReadableStream');
  }
  if ((method === 'GET' || method === 'HEAD') && body !== undefined && bodyLength(body) !== 0) {
    throw new TypeError(`request.body is not allowed with ${method}`);
  }
  for (const name of ['sign', 'parseError', 'onExpiredToken', 'isExpiredToken'] as const) {
    if (request[name] !== undefined && typeof request[name] !== 'function') {
      throw new TypeError(`request.${name} must be a function`);
    }
  }
  if (request.idempotent !== undefined && typeof request.idempotent !== 'boolean') {
    throw new TypeError('request.idempotent must be a boolean');
  }
  const signal = request.signal;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')) {
    throw new TypeError('request.signal must be an AbortSignal');
  }
  return {
    request,
    method,
    url,
    headers,
    signal,
    timeoutMs:
      request.timeoutMs === undefined ? defaultTimeoutMs : checkTimeout('request.timeoutMs', request.timeoutMs),
    idempotent: request.idempotent ?? isIdempotentMethod(method),
    replayable: !(body instanceof ReadableStream),
  };
}

function checkTimeout(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds (or Infinity), got ${String(value)}`);
  }
  return value;
}

function checkSigned(signed: OutgoingRequest, method: string): OutgoingRequest {
  if (typeof signed !== 'object' || signed === null || typeof signed.url !== 'string') {
    throw new TypeError('sign() must return the request ({ method, url, headers, body })');
  }
  return {
    method: typeof signed.method === 'string' && signed.method !== '' ? signed.method.toUpperCase() : method,
    url: signed.url,
    headers: copyRequestHeaders(signed.headers),
    body: signed.body,
  };
}

const encoder = new TextEncoder();

function bodyLength(body: RequestBody): number | undefined {
  if (typeof body === 'string') return body.length;
  if (body instanceof Uint8Array) return body.byteLength;
  return undefined;
}

/** Strings go out as bytes: given a string, fetch would add `Content-Type: text/plain`, which the signature did not cover. */
function toFetchBody(method: string, body: RequestBody | undefined): BodyInit | undefined {
  if (body === undefined || method === 'GET' || method === 'HEAD') return undefined;
  // The DOM typings want Uint8Array<ArrayBuffer>; fetch takes any view.
  return (typeof body === 'string' ? encoder.encode(body) : body) as BodyInit;
}
