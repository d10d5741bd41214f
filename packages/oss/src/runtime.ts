import {
  type Credentials,
  createHttpClient,
  createNodeHttpFetch,
  type HttpClient,
  type HttpResponse,
  isExpiredTokenError,
  type Logger,
  type MemoizedCredentialProvider,
  type OssParams,
  type OssSubresources,
  parseOssError,
  type RetryOptions,
  registerSecret,
  type SdkError,
  signOssV1,
  signOssV4,
  sleep,
} from '@alikit/core';
import type OSS from 'ali-oss';
import { captureErrorResponses, isNotSentFailure, toOssError } from './errors';

/** How a runtime reaches OSS (resolved once by `OssClient`). */
export interface OssRuntimeSettings {
  region: string;
  endpoint: URL;
  credentials: MemoizedCredentialProvider;
  retry: RetryOptions;
  logger: Logger;
  timeoutMs: number;
  signatureVersion: 'v1' | 'v4';
  allowInsecureConnection: boolean;
  fetch: typeof globalThis.fetch | undefined;
}

type AliOssConstructor = typeof OSS;
let aliOssModule: Promise<AliOssConstructor> | undefined;

/** ali-oss is loaded on first use, so importing this package stays cheap. */
function loadAliOss(): Promise<AliOssConstructor> {
  aliOssModule ??= import('ali-oss').then(
    (m) => ((m as { default?: AliOssConstructor }).default ?? m) as AliOssConstructor,
  );
  return aliOssModule;
}

/** A call through ali-oss or our own signed request. */
export interface CallSettings {
  operation: string;
  bucket: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Whether repeating the call after an ambiguous failure is harmless. */
  idempotent: boolean;
  /** False when the body is a stream that cannot be sent twice. @defaultValue true */
  replayable?: boolean | undefined;
}

/** A request signed by us and sent with core's HTTP client (retried there). */
export interface SignedRequest {
  operation: string;
  method: string;
  bucket: string;
  key?: string | undefined;
  query?: OssParams | undefined;
  subresources?: OssSubresources | undefined;
  headers?: Record<string, string> | undefined;
  body?: Uint8Array | string | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  idempotent?: boolean | undefined;
  /** Leave out `Content-MD5` (large part bodies are checked with CRC-64 instead). @defaultValue false */
  disableContentMd5?: boolean | undefined;
}

const LOOPBACK_OR_IP = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i;
const MAX_CACHED_CLIENTS = 16;

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Shared machinery of an `OssClient` and its bucket clients. Internal. */
export class OssRuntime {
  readonly settings: OssRuntimeSettings;
  readonly http: HttpClient;
  /** Path-style addressing: the endpoint is an IP literal or `localhost`. */
  readonly pathStyle: boolean;
  readonly #aliClients = new Map<string, OSS>();
  readonly #registered = new WeakSet<Credentials>();
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(settings: OssRuntimeSettings) {
    this.settings = settings;
    this.http = createHttpClient({
      retry: settings.retry,
      logger: settings.logger,
      timeoutMs: settings.timeoutMs,
      allowInsecureConnection: settings.allowInsecureConnection,
      fetch: settings.fetch ?? createNodeHttpFetch({ maxSockets: 64 }),
    });
    this.pathStyle = LOOPBACK_OR_IP.test(settings.endpoint.hostname);
    const retry = settings.retry;
    this.#maxAttempts = retry.maxAttempts ?? 3;
    this.#baseDelayMs = retry.baseDelayMs ?? 100;
    this.#maxDelayMs = retry.maxDelayMs ?? 20_000;
    this.#random = retry.random ?? Math.random;
    this.#sleep = retry.sleep ?? sleep;
  }

  /** Fresh credentials for one request (the memoized provider refreshes ahead of expiry). */
  async credentials(signal: AbortSignal | undefined): Promise<Credentials> {
    const creds = await abortable(this.settings.credentials({ signal }), signal);
    // A memoized provider hands out the same object until it refreshes: register its secrets once.
    if (!this.#registered.has(creds)) {
      registerSecret(creds.accessKeySecret);
      registerSecret(creds.securityToken);
      this.#registered.add(creds);
    }
    return creds;
  }

  async #aliClient(bucket: string, creds: Credentials): Promise<OSS> {
    const cacheKey = `${bucket}\n${creds.accessKeyId}\n${creds.accessKeySecret}\n${creds.securityToken ?? ''}`;
    const cached = this.#aliClients.get(cacheKey);
    if (cached) return cached;
    const Ctor = await loadAliOss();
    // Another call may have created it while the module loaded.
    const raced = this.#aliClients.get(cacheKey);
    if (raced) return raced;
    const { endpoint, region, timeoutMs, signatureVersion } = this.settings;
    const client = new Ctor({
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      // Our provider refreshes the token; the interval only silences ali-oss's advice to set one
      // (its refresh runs only with a refreshSTSToken function, which we never pass).
      ...(creds.securityToken ? { stsToken: creds.securityToken, refreshSTSTokenInterval: 2 ** 31 - 1 } : {}),
      bucket,
      endpoint: endpoint.origin,
      region: `oss-${region}`,
      secure: endpoint.protocol === 'https:',
      timeout: Number.isFinite(timeoutMs) ? timeoutMs : 2 ** 31 - 1,
      retryMax: 0,
      ...(endpoint.hostname === 'localhost' ? { sldEnable: true } : {}),
      ...(signatureVersion === 'v4' ? { authorizationV4: true } : {}),
    } as OSS.Options);
    captureErrorResponses(client);
    if (this.#aliClients.size >= MAX_CACHED_CLIENTS) {
      const oldest = this.#aliClients.keys().next().value as string;
      this.#aliClients.delete(oldest);
    }
    this.#aliClients.set(cacheKey, client);
    return client;
  }

  /**
   * Runs one ali-oss call with fresh credentials, our retry policy and error mapping. An
   * expired or rotated-away key makes it refresh credentials and repeat once.
   */
  async callAli<T>(call: CallSettings, run: (client: OSS, timeoutMs: number) => Promise<T>): Promise<T> {
    const { signal } = call;
    const timeoutMs = call.timeoutMs ?? this.settings.timeoutMs;
    const aliTimeout = Number.isFinite(timeoutMs) ? timeoutMs : 2 ** 31 - 1;
    let refreshed = false;
    let retries = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const creds = await this.credentials(signal);
      const client = await this.#aliClient(call.bucket, creds);
      let error: SdkError;
      try {
        return await abortable(run(client, aliTimeout), signal);
      } catch (thrown) {
        if (signal?.aborted) throw signal.reason;
        error = toOssError(thrown, call.operation);
      }
      this.settings.logger.debug(`oss ${call.operation} attempt ${retries + 1} failed: ${error.code}`, {
        service: 'oss',
        operation: call.operation,
        bucket: call.bucket,
        code: error.code,
        status: error.status,
        requestId: error.requestId,
      });
      if (call.replayable === false) throw error;
      if (!refreshed && (isExpiredTokenError(error) || (creds.securityToken && error.code === 'InvalidAccessKeyId'))) {
        refreshed = true;
        await this.settings.credentials.forceRefresh({ signal });
        continue;
      }
      const retryable = error.retryable;
      if (!retryable || retries + 1 >= this.#maxAttempts) throw error;
      if (!call.idempotent && !isNotSentFailure(error) && error.status !== 429) throw error;
      retries++;
      const cap = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (retries - 1));
      await abortable(this.#sleep(Math.floor(this.#random() * cap), signal), signal);
    }
  }

  /** Sends a request we sign ourselves (V1 or V4 per the client setting) through core's HTTP client. */
  send(request: SignedRequest): Promise<HttpResponse> {
    const { endpoint, region, signatureVersion } = this.settings;
    const protocol = endpoint.protocol === 'https:' ? 'https' : 'http';
    const host = this.pathStyle ? endpoint.host : `${request.bucket}.${endpoint.host}`;
    const placeholder = `${endpoint.protocol}//${host}/`;
    return this.http.send({
      service: 'oss',
      operation: request.operation,
      method: request.method,
      url: placeholder,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      timeoutMs: request.timeoutMs,
      idempotent: request.idempotent,
      parseError: parseOssError,
      onExpiredToken: async () => {
        await this.settings.credentials.forceRefresh({ signal: request.signal });
      },
      isExpiredToken: (error) => isExpiredTokenError(error) || error.code === 'InvalidAccessKeyId',
      sign: async (_req, { now, signal }) => {
        const creds = await this.credentials(signal);
        const target = {
          host,
          protocol,
          bucket: request.bucket,
          key: request.key,
          pathStyle: this.pathStyle,
          credentials: creds,
          date: now,
          method: request.method,
          query: request.query,
          subresources: request.subresources,
          headers: request.headers,
          body: request.body,
          disableContentMd5: request.disableContentMd5,
        } as const;
        const signed = signatureVersion === 'v4' ? signOssV4({ ...target, region }) : signOssV1(target);
        return {
          method: request.method,
          url: signed.url,
          headers: { ...signed.headers, Authorization: signed.authorization },
          body: request.body,
        };
      },
    });
  }
}
