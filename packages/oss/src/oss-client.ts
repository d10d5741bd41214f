import {
  type CredentialProvider,
  type Credentials,
  DEFAULT_TIMEOUT_MS,
  type Logger,
  normalizeEndpoint,
  ossEndpoint,
  REGION_ID_PATTERN,
  type RetryOptions,
  resolveCredentialProvider,
  resolveLogger,
} from '@alikit/core';
import { OssBucketClient } from './bucket-client';
import { OssRuntime } from './runtime';

/** Options of {@link OssClient}. */
export interface OssClientOptions {
  /** Region id, e.g. `cn-hangzhou` (a leading `oss-` as ali-oss writes it is accepted). */
  region: string;
  /**
   * Service endpoint, e.g. `https://oss-cn-hangzhou-internal.aliyuncs.com` or an emulator's
   * `http://127.0.0.1:<port>`. Buckets are addressed virtual-hosted, or path-style when the
   * host is an IP literal or `localhost`.
   * @defaultValue the public endpoint of `region`
   */
  endpoint?: string | undefined;
  /** Credentials or a provider, resolved for every request. @defaultValue `defaultCredentials()` */
  credentials?: Credentials | CredentialProvider | undefined;
  /** Retry policy for transient failures. @defaultValue core's `DEFAULT_RETRY` (3 attempts) */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per attempt, secrets removed. @defaultValue silent unless `ALIKIT_LOG_LEVEL` */
  logger?: Logger | undefined;
  /** Limit for each attempt of each request, in ms. @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /** Header signature of ordinary requests. Presigned URLs default to V4 whatever this is. @defaultValue `'v1'` */
  signatureVersion?: 'v1' | 'v4' | undefined;
  /** Allow plain `http:` to hosts that are not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** The fetch used for requests this package signs itself (multipart parts, copies). @defaultValue a keep-alive `node:http` client */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * The OSS client: holds region, endpoint, credentials, retries and logging, and hands out
 * {@link OssBucketClient}s. Construction does no I/O.
 *
 * @example
 * ```ts
 * const oss = new OssClient({ region: 'cn-hangzhou' });
 * const bucket = oss.getBucketClient('my-bucket');
 * await bucket.putObject('hello.txt', 'hello');
 * ```
 * @throws TypeError or RangeError for a bad region, endpoint, timeout or credentials value.
 */
export class OssClient {
  /** The region id (without `oss-`). */
  readonly region: string;
  /** The endpoint requests go to. */
  readonly endpoint: string;
  readonly #runtime: OssRuntime;
  readonly #buckets = new Map<string, OssBucketClient>();

  constructor(options: OssClientOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('OssClient needs an options object');
    if (typeof options.region !== 'string') throw new TypeError("region must be a string such as 'cn-hangzhou'");
    const region = options.region.replace(/^oss-/, '');
    if (!REGION_ID_PATTERN.test(region))
      throw new RangeError(`region ${JSON.stringify(options.region)} is not a region id`);
    const allowInsecureConnection = options.allowInsecureConnection === true;
    const endpoint =
      options.endpoint === undefined
        ? normalizeEndpoint(ossEndpoint(region).url)
        : normalizeEndpoint(options.endpoint, { allowInsecureConnection });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${String(options.timeoutMs)}`);
    }
    const signatureVersion = options.signatureVersion ?? 'v1';
    if (signatureVersion !== 'v1' && signatureVersion !== 'v4')
      throw new TypeError("signatureVersion must be 'v1' or 'v4'");
    if (options.fetch !== undefined && typeof options.fetch !== 'function')
      throw new TypeError('fetch must be a function');
    this.region = region;
    this.endpoint = endpoint.origin;
    this.#runtime = new OssRuntime({
      region,
      endpoint,
      credentials: resolveCredentialProvider(options.credentials),
      retry: { ...(options.retry ?? {}) },
      logger: resolveLogger(options.logger),
      timeoutMs,
      signatureVersion,
      allowInsecureConnection,
      fetch: options.fetch,
    });
  }

  /**
   * The client for one bucket (cached per name).
   * @throws TypeError for a name that breaks the OSS bucket naming rules.
   */
  getBucketClient(name: string): OssBucketClient {
    let bucket = this.#buckets.get(name);
    if (!bucket) {
      bucket = new OssBucketClient(this.#runtime, name);
      this.#buckets.set(name, bucket);
    }
    return bucket;
  }
}
