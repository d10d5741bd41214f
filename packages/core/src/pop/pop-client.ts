import type { ClientRequest, Agent as HttpAgent } from 'node:http';
import type { MemoizedCredentialProvider } from '../credentials/memoize';
import { resolveCredentialProvider } from '../credentials/resolve-credential-provider';
import type { CredentialProvider, Credentials } from '../credentials/types';
import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { parsePopError } from '../errors/parse-pop';
import { isRetryableStatus, isThrottlingCode } from '../errors/retryable';
import { createAttemptSignal, raceAbort } from '../http/abort';
import { type AttemptDecision, describeFailedAttempt, logAttempt } from '../http/attempt-log';
import { fullJitterDelayMs } from '../http/backoff';
import { isClockSkewError, serverClockOffsetMs, serviceMessageOf } from '../http/clock-skew';
import { isExpiredTokenError } from '../http/expired-token';
import { DEFAULT_TIMEOUT_MS } from '../http/http-client';
import { isIdempotentMethod, type RetryOptions, resolveRetryPolicy } from '../http/retry-policy';
import { resolveLogger } from '../logging/create-logger';
import type { Logger } from '../logging/logger';
import { flattenPopParams } from '../signing/pop-rpc';
import { formatHttpDate, formatIsoSeconds } from '../signing/time';
import {
  loadPopCore,
  type PopCoreModule,
  type PopCoreRequestOptions,
  type PopCoreRoaClient,
  type PopCoreRpcClient,
} from './load-pop-core';
import { createObservingAgent, OBSERVE_REQUEST, type ObservedResponse, observeResponse } from './observing-agent';
import { plainJson } from './plain-json';
import { mapPopCoreFailure, type PopFailure } from './pop-core-errors';
import { resolvePopEndpoint } from './pop-endpoint';

/** The two POP API styles: RPC (`?Action=…` at `/`) and ROA (REST paths with JSON bodies). */
export type PopStyle = 'rpc' | 'roa';

/** Options of {@link createPopClient}. */
export interface PopClientOptions {
  /**
   * The service's origin: `https://ecs.cn-hangzhou.aliyuncs.com`, a bare host, or
   * `http://127.0.0.1:<port>` for an emulator. Takes precedence over `product` and `region`.
   * @defaultValue derived from `product` and `region`
   */
  endpoint?: string | undefined;
  /**
   * The product code (`ecs`, `slb`, `vpc`, `cms`, `sts`, `pai`, `pai-dlc`, `dts`, ...). Products
   * core knows get their documented host (CloudMonitor is `metrics.<region>.aliyuncs.com`); any
   * other gets `<product>.<region>.aliyuncs.com`. Pass `endpoint` for a product with another rule.
   * @defaultValue none
   */
  product?: string | undefined;
  /** The region id, e.g. `cn-hangzhou`, used with `product`. @defaultValue none */
  region?: string | undefined;
  /** The API version, e.g. `2014-05-26` for ECS. */
  apiVersion: string;
  /** The API style of the product: `rpc` (ECS, SLB, VPC, CMS, DTS, ...) or `roa` (PAI, CS, FC, ...). */
  style: PopStyle;
  /**
   * Credentials or a provider; resolved before every attempt, so STS tokens rotate under long work.
   * @defaultValue `defaultCredentials()`
   */
  credentials?: Credentials | CredentialProvider | undefined;
  /** Retry settings (see docs/retries.md). @defaultValue 3 attempts, backoff base 100 ms, cap 20 s */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per attempt, with secrets removed. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Allows plain `http:` to hosts that are not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** Limit for each attempt (connect, send, read the whole answer). @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /** The service name in errors and logs. @defaultValue `product`, else `'pop'` */
  service?: string | undefined;
  /** The local clock, used for the signature time. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/** A ROA call: the HTTP method and the path, already percent-encoded (`/api/v1/jobs/dlc-123`). */
export interface PopRoaTarget {
  /** `GET`, `POST`, `PUT`, `DELETE`, ... */
  method: string;
  /** The request path from `/`, percent-encoded, without a query (give query values as `params`). */
  path: string;
  /** The API name, sent as `x-acs-action` and used in errors and logs. @defaultValue `"<METHOD> <path>"` in errors, no header */
  action?: string | undefined;
}

/**
 * Request parameters with their wire names: for RPC any JSON-like value (arrays become `Name.1`,
 * objects `Name.Field`, as the official SDKs flatten them); for ROA the query string, scalars only.
 * `undefined` and `null` values are left out.
 */
export type PopParams = Readonly<Record<string, unknown>>;

/** Options of one {@link PopClient.request}. */
export interface PopRequestOptions {
  /**
   * Aborts the call, waits between attempts included; it rejects with `signal.reason`. The
   * connection is closed, but a request that already reached the service may still be carried out.
   */
  signal?: AbortSignal | undefined;
  /** Limit for each attempt. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
  /**
   * ROA only: the request body; an object or array is sent as JSON (`content-type:
   * application/json`). @defaultValue none
   */
  body?: string | Uint8Array | Readonly<Record<string, unknown>> | readonly unknown[] | undefined;
  /** Extra request headers (not the ones the signature owns: `authorization`, `date`, `x-acs-signature-*`, ...). @defaultValue none */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Whether repeating the call cannot do harm, which lets it be retried after a failure part-way
   * (5xx, a dropped connection). Set it for a write that carries a `ClientToken`.
   * @defaultValue RPC: true for actions named `Describe…`, `Get…`, `List…`, `Query…`, `Check…`, false
   *   otherwise; ROA: true for GET, HEAD, PUT, DELETE, OPTIONS
   */
  idempotent?: boolean | undefined;
  /** RPC only: the HTTP method; `POST` sends the parameters as a form body. @defaultValue 'POST' */
  method?: 'GET' | 'POST' | undefined;
}

/** A client for one POP product and API version. */
export interface PopClient {
  /**
   * Calls an API and resolves with the service's JSON answer as it is (PascalCase names;
   * integers beyond 2^53 as `bigint`); service packages map it to camelCase types. An RPC client
   * takes the action name, a ROA client a `{ method, path }` target.
   *
   * Throttling (`Throttling.*`, 429), `ServiceUnavailable`, 5xx and network failures are retried with
   * backoff (a call that is not idempotent only when the service cannot have acted on it); a
   * clock-skew answer (`InvalidTimeStamp.Expired`) corrects the signing clock from the server's
   * `Date` and repeats once; an expired STS token (`InvalidSecurityToken.Expired`) refreshes the
   * credentials and repeats once.
   *
   * @example
   * ```ts
   * const ecs = createPopClient({ product: 'ecs', region: 'cn-hangzhou', apiVersion: '2014-05-26', style: 'rpc' });
   * const regions = await ecs.request<{ Regions: { Region: { RegionId: string }[] } }>('DescribeRegions');
   * ```
   * @throws TypeError or RangeError for wrong arguments, before any I/O.
   * @throws SdkError with the service's code (`Forbidden.RAM`, `InvalidParameter`, ...), or
   *   `ERR_NETWORK`, `ERR_TIMEOUT`, `ERR_PARSE`, `ERR_CREDENTIALS`.
   * @throws the signal's reason, unchanged, when `signal` aborts.
   * @throws Error naming `@alicloud/pop-core` when that optional peer dependency is not installed.
   */
  request<T = unknown>(target: string | PopRoaTarget, params?: PopParams, options?: PopRequestOptions): Promise<T>;
  /** The origin requests go to, e.g. `https://ecs.cn-hangzhou.aliyuncs.com`. */
  readonly endpoint: string;
  /** The API version every request is sent with (`Version` / `x-acs-version`), as passed to `createPopClient`. */
  readonly apiVersion: string;
  /**
   * The API style of the product, as passed to `createPopClient`: `rpc` takes an action name, `roa` a `{ method, path
   * }` target.
   */
  readonly style: PopStyle;
  /** The offset (server minus local clock, ms) learnt from a clock-skew answer and applied to signatures. */
  readonly clockOffsetMs: number;
}

// Parameters pop-core computes and signs itself; a caller's value would replace them silently.
const RESERVED_RPC_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'SecurityToken',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
]);

// Headers the signature or the transport owns.
const RESERVED_HEADERS = new Set([
  'authorization',
  'date',
  'host',
  'content-md5',
  'content-length',
  'x-acs-signature-nonce',
  'x-acs-signature-method',
  'x-acs-signature-version',
  'x-acs-security-token',
  'x-acs-accesskey-id',
  'x-acs-version',
  'x-acs-action',
]);

const READ_ACTION = /^(Describe|Get|List|Query|Check)[A-Z0-9]/;
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;
const ROA_PATH = /^\/[\x21-\x7e]*$/;
/** The longest delay `setTimeout` honours; httpx's timers get no more. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Call {
  operation: string;
  rpc?: { action: string; params: Record<string, string>; method: 'GET' | 'POST' };
  roa?: {
    method: string;
    path: string;
    query: Record<string, string>;
    body: string | Uint8Array;
  };
  headers: Record<string, string> | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  idempotent: boolean;
}

type Outcome =
  | { kind: 'response'; value: unknown; observed: ObservedResponse | undefined; localNowMs: number }
  | (PopFailure & { observed: ObservedResponse | undefined; localNowMs: number });

/**
 * Creates a client for one POP (Alibaba Cloud OpenAPI) product over `@alicloud/pop-core` (an
 * optional peer dependency, loaded at the first request): credentials come from a provider per
 * attempt, failures follow core's retry policy and surface as `SdkError`, and every call takes an
 * abort signal. It is the generic path for ECS, SLB, VPC and the other RPC/ROA products, and the
 * transport of the CloudMonitor, PAI and DTS packages. Construction does no I/O.
 *
 * @example
 * ```ts
 * import { createPopClient } from '@alikit/core/pop';
 * const ecs = createPopClient({ product: 'ecs', region: 'cn-hangzhou', apiVersion: '2014-05-26', style: 'rpc' });
 * const { InstanceId } = await ecs.request<{ InstanceId: string }>('CreateInstance', {
 *   RegionId: 'cn-hangzhou', ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd', InstanceType: 'ecs.g7.large',
 *   ClientToken: crypto.randomUUID(),
 * }, { idempotent: true, signal: AbortSignal.timeout(30_000) });
 * const pai = createPopClient({ product: 'pai', region: 'cn-shanghai', apiVersion: '2022-01-12', style: 'roa' });
 * const job = await pai.request({ method: 'GET', path: '/api/v1/trainingjobs/train-123', action: 'GetTrainingJob' });
 * ```
 *
 * @throws TypeError or RangeError for wrong options (no endpoint nor product and region, unknown
 *   style, an `http:` endpoint to a remote host without `allowInsecureConnection`, ...).
 */
export function createPopClient(options: PopClientOptions): PopClient {
  if (typeof options !== 'object' || options === null) throw new TypeError('createPopClient takes an options object');
  const { apiVersion, style } = options;
  if (typeof apiVersion !== 'string' || apiVersion.trim() === '') {
    throw new TypeError("apiVersion must be the product's API version, e.g. '2014-05-26'");
  }
  if (style !== 'rpc' && style !== 'roa')
    throw new TypeError(`style must be 'rpc' or 'roa', got ${JSON.stringify(style)}`);
  const origin = resolvePopEndpoint(options);
  const service = options.service ?? options.product ?? 'pop';
  if (typeof service !== 'string' || service === '') throw new TypeError('service must be a non-empty string');
  const provider: MemoizedCredentialProvider = resolveCredentialProvider(options.credentials);
  const policy = resolveRetryPolicy(options.retry);
  const logger = resolveLogger(options.logger);
  const now = options.now ?? (() => new Date());
  if (typeof now !== 'function') throw new TypeError('now must be a function returning a Date');
  const defaultTimeoutMs = checkTimeout('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let clockOffsetMs = 0;
  let agent: HttpAgent | undefined;
  let cached: { credentials: Credentials; client: PopCoreRpcClient | PopCoreRoaClient } | undefined;

  function clientFor(mod: PopCoreModule, credentials: Credentials): PopCoreRpcClient | PopCoreRoaClient {
    // pop-core takes fixed keys, so a rotation (new STS token) needs a new pop-core client; the
    // connections live in our agent and survive it.
    if (cached && sameCredentials(cached.credentials, credentials)) return cached.client;
    const config = {
      endpoint: origin.origin,
      apiVersion,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
    };
    const client = style === 'rpc' ? new mod.RPCClient(config) : new mod.ROAClient(config);
    cached = { credentials, client };
    return client;
  }

  async function run(call: Call): Promise<unknown> {
    const { signal } = call;
    const mod = await raceAbort(loadPopCore(), signal);
    const state = { retries: 0, skewCorrected: false, tokenRefreshed: false };
    const providerOptions = signal === undefined ? undefined : { signal };
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const credentials = await raceAbort(provider(providerOptions), signal);
      const started = performance.now();
      const outcome = await attemptOnce(call, clientFor(mod, credentials));
      if (outcome.kind === 'response') {
        log(call, attempt, started, outcome, undefined);
        policy.budget?.recordSuccess();
        return outcome.value;
      }
      const decision = decide(outcome, call, state);
      log(call, attempt, started, outcome, decision);
      switch (decision.action) {
        case 'throw':
          throw outcome.error;
        case 'correct-clock':
          clockOffsetMs = decision.offsetMs;
          state.skewCorrected = true;
          break;
        case 'refresh-token': {
          state.tokenRefreshed = true;
          // When concurrent calls all hit the expired token, the first refresh serves them all.
          const current = await raceAbort(provider(providerOptions), signal);
          if (sameCredentials(current, credentials)) await raceAbort(provider.forceRefresh(providerOptions), signal);
          break;
        }
        case 'retry':
          state.retries++;
          await raceAbort(policy.sleep(decision.delayMs, signal), signal);
          break;
      }
    }
  }

  async function attemptOnce(call: Call, client: PopCoreRpcClient | PopCoreRoaClient): Promise<Outcome> {
    const { signal } = call;
    const attemptSignal = createAttemptSignal(signal, call.timeoutMs);
    let observed: ObservedResponse | undefined;
    const signTime = new Date(now().getTime() + clockOffsetMs);
    agent ??= createObservingAgent(origin.protocol);
    const popOptions: PopCoreRequestOptions = {
      timeout: Math.min(call.timeoutMs, MAX_TIMER_MS),
      agent,
      beforeRequest: (requestOptions) => ({
        ...requestOptions,
        // Closes the connection when the caller aborts or the attempt times out (pop-core has no signal of its own).
        signal: attemptSignal.signal,
        [OBSERVE_REQUEST]: (request: ClientRequest) =>
          observeResponse(request, (response) => {
            observed = response;
          }),
      }),
    };
    let sending: Promise<unknown>;
    if (call.rpc) {
      const { action, params, method } = call.rpc;
      // Passing the timestamp lets the clock-skew correction (and an injected clock) reach the signature.
      const wire = { ...params, Timestamp: formatIsoSeconds(signTime) };
      const rpcOptions: PopCoreRequestOptions = { ...popOptions, method, formatAction: false, formatParams: false };
      // pop-core replaces (not merges) its default headers with ours, so ours restate action and version.
      if (call.headers) rpcOptions.headers = { 'x-acs-action': action, 'x-acs-version': apiVersion, ...call.headers };
      sending = (client as PopCoreRpcClient).request(action, wire, rpcOptions);
    } else {
      const roa = call.roa as NonNullable<Call['roa']>;
      const headers = { ...call.headers, date: formatHttpDate(signTime) };
      sending = (client as PopCoreRoaClient).request(roa.method, roa.path, roa.query, roa.body, headers, popOptions);
    }
    try {
      const value = await raceAbort(sending, attemptSignal.signal);
      const localNowMs = now().getTime();
      if (observed !== undefined && (observed.status < 200 || observed.status > 299)) {
        // pop-core ignores the status of RPC answers and of ROA answers that are not JSON.
        const body = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
        const error = parsePopError({
          status: observed.status,
          headers: observed.headers,
          body,
          service,
          operation: call.operation,
        });
        return { kind: 'service-error', error, headers: observed.headers, observed, localNowMs };
      }
      return { kind: 'response', value: value === '' ? undefined : plainJson(value), observed, localNowMs };
    } catch (thrown) {
      if (signal?.aborted) throw signal.reason;
      const localNowMs = now().getTime();
      if (attemptSignal.timedOut) {
        const error = createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
          service,
          operation: call.operation,
          reason: `no complete response within ${call.timeoutMs} ms`,
          status: observed?.status,
        });
        return { kind: 'transport-error', error, notSent: false, observed, localNowMs };
      }
      const failure = mapPopCoreFailure(thrown, { service, operation: call.operation, observed });
      return { ...failure, observed, localNowMs };
    } finally {
      attemptSignal.dispose();
    }
  }

  function decide(outcome: Exclude<Outcome, { kind: 'response' }>, call: Call, state: RetryState): AttemptDecision {
    const { error } = outcome;
    if (outcome.kind === 'service-error') {
      // Refused at authentication, so repeating is safe for any call; once only, so a server with a
      // broken clock cannot make us loop.
      if (!state.skewCorrected && isClockSkewError(error) && outcome.headers) {
        const offsetMs = serverClockOffsetMs(outcome.headers, outcome.localNowMs);
        if (offsetMs !== undefined) return { action: 'correct-clock', offsetMs };
      }
      if (!state.tokenRefreshed && isExpiredTokenError(error)) return { action: 'refresh-token' };
    }
    const retryable = error.retryable || (error.status !== undefined && isRetryableStatus(error.status));
    if (!retryable || state.retries + 1 >= policy.maxAttempts) return { action: 'throw' };
    if (!call.idempotent && !refusedUnexecuted(outcome)) return { action: 'throw' };
    if (policy.budget && !policy.budget.tryConsume()) return { action: 'throw' };
    const asked = error.details?.['retryAfterMs'];
    const delayMs =
      typeof asked === 'number' && Number.isFinite(asked) && asked >= 0
        ? Math.min(asked, policy.maxDelayMs)
        : fullJitterDelayMs(state.retries + 1, policy);
    return { action: 'retry', delayMs };
  }

  function log(
    call: Call,
    attempt: number,
    started: number,
    outcome: Outcome,
    decision: AttemptDecision | undefined,
  ): void {
    const durationMs = Math.round(performance.now() - started);
    const data: Record<string, unknown> = {
      service,
      operation: call.operation,
      method: call.rpc?.method ?? call.roa?.method,
      host: origin.host,
      path: call.roa?.path ?? '/',
      attempt,
      durationMs,
      status: outcome.observed?.status,
    };
    let summary: string;
    if (outcome.kind === 'response') {
      const body = outcome.value as { RequestId?: unknown } | undefined;
      data.requestId =
        outcome.observed?.headers.get('x-acs-request-id') ??
        (typeof body?.RequestId === 'string' ? body.RequestId : undefined);
      summary = String(outcome.observed?.status ?? 'ok');
    } else {
      summary = describeFailedAttempt(outcome, decision, data);
    }
    logAttempt(logger, { service, operation: call.operation, attempt, summary, durationMs }, data);
  }

  function prepare(target: string | PopRoaTarget, params: PopParams, callOptions: PopRequestOptions): Call {
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new TypeError('params must be an object of wire-named parameters');
    }
    if (typeof callOptions !== 'object' || callOptions === null) throw new TypeError('options must be an object');
    const { signal } = callOptions;
    if (
      signal !== undefined &&
      (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')
    ) {
      throw new TypeError('options.signal must be an AbortSignal');
    }
    if (callOptions.idempotent !== undefined && typeof callOptions.idempotent !== 'boolean') {
      throw new TypeError('options.idempotent must be a boolean');
    }
    const timeoutMs =
      callOptions.timeoutMs === undefined ? defaultTimeoutMs : checkTimeout('options.timeoutMs', callOptions.timeoutMs);
    const headers = checkHeaders(callOptions.headers);

    if (style === 'rpc') {
      if (typeof target !== 'string' || !ACTION_NAME.test(target)) {
        throw new TypeError(
          typeof target === 'string'
            ? `action must be an API name such as 'DescribeRegions', got ${JSON.stringify(target)}`
            : "this client's style is 'rpc': pass the action name, not a { method, path } target",
        );
      }
      if (callOptions.body !== undefined) {
        throw new TypeError(
          "options.body is for ROA calls; RPC parameters go in params (sent as a form with method 'POST')",
        );
      }
      const method = callOptions.method ?? 'POST';
      if (method !== 'GET' && method !== 'POST') throw new TypeError("options.method must be 'GET' or 'POST' for RPC");
      const flat: Record<string, string> = {};
      for (const [name, value] of flattenPopParams(params)) {
        const root = name.split('.')[0] ?? name;
        if (RESERVED_RPC_PARAMS.has(root)) {
          throw new TypeError(`params.${root} is set by the client (it is part of the signature); leave it out`);
        }
        flat[name] = value;
      }
      return {
        operation: target,
        rpc: { action: target, params: flat, method },
        headers,
        signal,
        timeoutMs,
        idempotent: callOptions.idempotent ?? READ_ACTION.test(target),
      };
    }

    if (typeof target !== 'object' || target === null) {
      throw new TypeError("this client's style is 'roa': pass a { method, path } target, not an action name");
    }
    if (callOptions.method !== undefined)
      throw new TypeError('options.method is for RPC calls; a ROA target has its own method');
    const method = typeof target.method === 'string' ? target.method.toUpperCase() : '';
    if (!/^[A-Z]+$/.test(method)) throw new TypeError('target.method must be an HTTP method such as GET or POST');
    if (typeof target.path !== 'string' || !ROA_PATH.test(target.path) || /[?#]/.test(target.path)) {
      throw new TypeError(
        'target.path must start with "/", be percent-encoded and carry no query (give query values as params)',
      );
    }
    if (target.action !== undefined && (typeof target.action !== 'string' || !ACTION_NAME.test(target.action))) {
      throw new TypeError('target.action must be an API name such as GetTrainingJob');
    }
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined || value === null) continue;
      if (
        typeof value !== 'string' &&
        typeof value !== 'number' &&
        typeof value !== 'boolean' &&
        typeof value !== 'bigint'
      ) {
        throw new TypeError(`params.${name} must be a string, number or boolean: ROA query values are flat`);
      }
      query[name] = String(value);
    }
    const roaHeaders: Record<string, string> = { ...headers };
    if (target.action !== undefined) roaHeaders['x-acs-action'] = target.action;
    let body: string | Uint8Array = '';
    const given = callOptions.body;
    if (given !== undefined) {
      if ((method === 'GET' || method === 'HEAD') && !(typeof given === 'string' && given === '')) {
        throw new TypeError(`options.body is not allowed with ${method}`);
      }
      if (typeof given === 'string' || given instanceof Uint8Array) body = given;
      else if (typeof given === 'object' && given !== null) {
        body = JSON.stringify(given);
        if (!hasHeader(roaHeaders, 'content-type')) roaHeaders['content-type'] = 'application/json';
      } else throw new TypeError('options.body must be a string, a Uint8Array or a JSON object or array');
    }
    return {
      operation: target.action ?? `${method} ${target.path}`,
      roa: { method, path: target.path, query, body },
      headers: roaHeaders,
      signal,
      timeoutMs,
      idempotent: callOptions.idempotent ?? isIdempotentMethod(method),
    };
  }

  return {
    endpoint: origin.origin,
    apiVersion,
    style,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    request<T = unknown>(target: string | PopRoaTarget, params: PopParams = {}, callOptions: PopRequestOptions = {}) {
      let call: Call;
      try {
        call = prepare(target, params, callOptions);
      } catch (error) {
        return Promise.reject(error);
      }
      return run(call) as Promise<T>;
    },
  };
}

interface RetryState {
  retries: number;
  skewCorrected: boolean;
  tokenRefreshed: boolean;
}

/** Failures where the service cannot have acted on the request, so even a write may be repeated. */
function refusedUnexecuted(outcome: PopFailure): boolean {
  if (outcome.kind === 'transport-error') return outcome.notSent;
  const { error } = outcome;
  return error.status === 429 || isThrottlingCode(error.service, error.code, serviceMessageOf(error));
}

function sameCredentials(a: Credentials, b: Credentials): boolean {
  return (
    a.accessKeyId === b.accessKeyId && a.accessKeySecret === b.accessKeySecret && a.securityToken === b.securityToken
  );
}

function checkTimeout(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds (or Infinity), got ${String(value)}`);
  }
  return value;
}

function checkHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers !== 'object' || headers === null) throw new TypeError('options.headers must be an object');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower))
      throw new TypeError(`options.headers: ${JSON.stringify(name)} is not a header name`);
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new TypeError(`options.headers.${name} must be a string without line breaks`);
    }
    if (RESERVED_HEADERS.has(lower)) throw new TypeError(`options.headers.${name} is set by the client; leave it out`);
    out[lower] = value;
  }
  return out;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}
