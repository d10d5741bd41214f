/**
 * One Tablestore call: protobuf body, `x-ots-signature`, core's retries/timeouts, protobuf errors
 * decoded to their real OTS code, and the response's `x-ots-contentmd5` checked.
 */

import { createHash } from 'node:crypto';
import {
  type CredentialProvider,
  type Credentials,
  createHttpClient,
  createNodeHttpFetch,
  createSdkError,
  credentialedSigner,
  DEFAULT_RETRY,
  type HttpClient,
  type Logger,
  type MemoizedCredentialProvider,
  parseTablestoreError,
  type RetryOptions,
  resolveCredentialProvider,
  sdkErrorCodes,
  signTablestore,
} from '@alikit/core';

/** Options every call accepts. */
export interface CallOptions {
  /** Aborts the call (waits between attempts included); it rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit for each attempt in milliseconds. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** How the transport is set up. */
export interface TransportOptions {
  endpoint: string;
  instanceName: string;
  credentials?: Credentials | CredentialProvider | undefined;
  retry?: RetryOptions | undefined;
  logger?: Logger | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  allowInsecureConnection?: boolean | undefined;
}

/** Sends Tablestore operations; shared by the client, its table clients and batch writers. */
export class Transport {
  readonly endpoint: string;
  readonly instanceName: string;
  readonly #http: HttpClient;
  readonly #signer: ReturnType<typeof credentialedSigner>;
  readonly #provider: MemoizedCredentialProvider;
  /** How failed rows of a batch are repeated: attempts in all and the backoff scale. */
  readonly rowRetry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

  constructor(options: TransportOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.instanceName = options.instanceName;
    this.#provider = resolveCredentialProvider(options.credentials);
    this.rowRetry = {
      maxAttempts: options.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
      baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
      maxDelayMs: options.retry?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    };
    this.#http = createHttpClient({
      retry: options.retry,
      logger: options.logger,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch ?? createNodeHttpFetch(),
      allowInsecureConnection: options.allowInsecureConnection,
    });
    const { endpoint, instanceName } = this;
    this.#signer = credentialedSigner(this.#provider, (request, credentials, { now }) => {
      const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
      const operation = new URL(request.url).pathname.slice(1);
      const signed = signTablestore({ endpoint, instanceName, operation, body, credentials, date: now });
      const headers: Record<string, string> = { ...request.headers };
      for (const [name, value] of Object.entries(signed.headers)) {
        // fetch computes Host and Content-Length itself; neither is signed.
        if (name !== 'Host' && name !== 'Content-Length') headers[name] = value;
      }
      headers['x-ots-signature'] = signed.signature;
      return { ...request, url: signed.url, headers };
    });
  }

  /**
   * Sends one operation and returns the response body.
   * @param idempotent - whether repeating the call after a transient failure cannot do harm
   */
  async call(operation: string, body: Uint8Array, idempotent: boolean, options: CallOptions = {}): Promise<Uint8Array> {
    const response = await this.#http.send({
      service: 'tablestore',
      operation,
      method: 'POST',
      url: `${this.endpoint}/${operation}`,
      body,
      idempotent,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      parseError: parseTablestoreError,
      ...this.#signer,
    });
    const md5 = response.headers.get('x-ots-contentmd5');
    if (md5 !== null && md5 !== createHash('md5').update(response.body).digest('base64')) {
      throw createSdkError(sdkErrorCodes.ERR_CHECKSUM, {
        service: 'tablestore',
        operation,
        reason: 'the response body does not match its x-ots-contentmd5 header',
        status: response.status,
        requestId: response.requestId,
      });
    }
    return response.body;
  }
}

/** A full-jitter backoff delay for retry number `n` (1-based). */
export function backoffMs(n: number, retry: { baseDelayMs: number; maxDelayMs: number }): number {
  return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
}
