import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  type CredentialProvider,
  type Credentials,
  createSdkError,
  type MemoizedCredentialProvider,
  parseSlsError,
  resolveCredentialProvider,
  type SdkError,
  type SlsQueryValue,
  sdkErrorCodes,
  signSls,
  slsEndpoint,
} from '@alikit/core';

/** Where and how the logger and query clients connect to Log Service: project, endpoint, credentials, retries. */
export interface SlsTransportOptions {
  /** The log project; it goes into the host name (`<project>.<endpoint>`). */
  project: string;
  /** Region used to build the public endpoint `<region>.log.aliyuncs.com` when `endpoint` is absent. */
  region?: string | undefined;
  /**
   * Service endpoint, e.g. `https://cn-hangzhou.log.aliyuncs.com` or an emulator's `http://127.0.0.1:PORT`.
   * A bare host name means `https://`.
   * @defaultValue `https://<region>.log.aliyuncs.com`
   */
  endpoint?: string | undefined;
  /** Access key pair or a provider. @defaultValue the default credential chain */
  credentials?: Credentials | CredentialProvider | undefined;
  /** DNS lookup for the keep-alive agent, e.g. to send `<project>.<endpoint>` to loopback in tests. @defaultValue `dns.lookup` */
  lookup?: LookupFunction | undefined;
  /** Allow plain `http:` to a host that is not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** Per-request timeout in milliseconds. @defaultValue 30000 */
  requestTimeoutMs?: number | undefined;
  /** Most open sockets per host. @defaultValue 16 */
  maxSockets?: number | undefined;
}

/** One SLS request as the transport sends it. */
export interface SlsTransportRequest {
  /** The operation name used in errors (`PutLogs`, `GetLogs`, ...). */
  operation: string;
  method: 'GET' | 'POST';
  /** Raw resource path, e.g. `/logstores/app/shards/lb`. */
  path: string;
  query?: Record<string, SlsQueryValue> | undefined;
  /** Extra headers; lower-case `x-log-*` names are signed. */
  headers?: Record<string, string> | undefined;
  body?: Uint8Array | undefined;
  signal?: AbortSignal | undefined;
}

/** A 2xx answer. */
export interface SlsTransportResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** `x-log-requestid`, when sent. */
  requestId: string | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * A small signed HTTP transport for SLS on `node:http`: keep-alive agent, optional custom DNS
 * `lookup`, per-request timeout and abort, and SDK errors in core's shape (see ADR 0005 for why this
 * is not `@alicloud/log` or core's fetch client).
 */
export class SlsTransport {
  readonly project: string;
  /** `host[:port]` of the service endpoint, without the project label. */
  readonly endpointHost: string;
  readonly protocol: 'http' | 'https';
  readonly #credentials: MemoizedCredentialProvider;
  readonly #agent: http.Agent;
  readonly #timeoutMs: number;
  /** Where to connect when the endpoint is an IP literal (the project label cannot resolve then). */
  readonly #connectHost: string | undefined;
  readonly #port: number;

  /**
   * @throws TypeError when the project is missing or neither region nor endpoint is given.
   * @throws RangeError when `http:` is used for a non-loopback host without `allowInsecureConnection`.
   */
  constructor(options: SlsTransportOptions) {
    if (typeof options.project !== 'string' || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(options.project)) {
      throw new TypeError('project must be a valid SLS project name (lower-case letters, digits and "-", 2-63 chars)');
    }
    this.project = options.project;
    let endpoint = options.endpoint;
    if (endpoint === undefined) {
      if (typeof options.region !== 'string' || options.region === '') {
        throw new TypeError('either region or endpoint is required');
      }
      endpoint = `https://${slsEndpoint(options.region).host}`;
    }
    if (!/^[a-z]+:\/\//i.test(endpoint)) endpoint = `https://${endpoint}`;
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new TypeError(`endpoint is not a valid URL: ${endpoint}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('endpoint must be http(s)');
    this.protocol = url.protocol === 'http:' ? 'http' : 'https';
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    if (this.protocol === 'http' && !LOOPBACK.test(hostname) && options.allowInsecureConnection !== true) {
      throw new RangeError(
        `endpoint: plain http is only allowed to loopback hosts unless allowInsecureConnection is set`,
      );
    }
    this.endpointHost = url.host;
    this.#port = url.port === '' ? (this.protocol === 'http' ? 80 : 443) : Number(url.port);
    this.#connectHost = isIP(hostname) !== 0 || hostname === 'localhost' ? hostname : undefined;
    this.#credentials = resolveCredentialProvider(options.credentials);
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    if (!(this.#timeoutMs > 0)) throw new RangeError('requestTimeoutMs must be > 0');
    const agentOptions: https.AgentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    if (options.lookup) agentOptions.lookup = options.lookup;
    this.#agent = this.protocol === 'http' ? new http.Agent(agentOptions) : new https.Agent(agentOptions);
  }

  /** The virtual host requests carry: `<project>.<endpoint host[:port]>`. */
  get host(): string {
    return `${this.project}.${this.endpointHost}`;
  }

  /**
   * Signs and sends one request.
   * @throws SdkError for network failures, timeouts and non-2xx answers (parsed SLS JSON errors).
   */
  async send(req: SlsTransportRequest): Promise<SlsTransportResponse> {
    const credentials = await this.#credentials();
    const headers: Record<string, string> = { ...req.headers };
    if (req.method === 'GET') headers['x-log-bodyrawsize'] = headers['x-log-bodyrawsize'] ?? '0';
    const signed = signSls({
      method: req.method,
      host: this.host,
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
      credentials,
      date: new Date(),
      protocol: this.protocol,
    });
    // Not `new URL()`: `<project>.127.0.0.1` is not a valid URL host, yet it is the right Host header.
    const pathAndQuery = signed.url.slice(`${this.protocol}://${this.host}`.length);
    const targetHost = this.host.replace(/:\d+$/, '');
    const sendHeaders: Record<string, string> = {
      ...signed.headers,
      authorization: signed.authorization,
      host: this.host,
      'user-agent': 'alikit-sls-logger',
    };
    return new Promise<SlsTransportResponse>((resolve, reject) => {
      const mod = this.protocol === 'http' ? http : https;
      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(error);
      };
      const onAbort = (): void => {
        request.destroy();
        fail(req.signal?.reason ?? new Error('aborted'));
      };
      const cleanup = (): void => req.signal?.removeEventListener('abort', onAbort);
      const request = mod.request(
        {
          agent: this.#agent,
          method: req.method,
          host: this.#connectHost ?? targetHost,
          port: this.#port,
          path: pathAndQuery,
          headers: sendHeaders,
          servername: this.#connectHost === undefined ? targetHost : undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => fail(this.#networkError(req.operation, e)));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            cleanup();
            const body = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            const requestId = headerText(res.headers['x-log-requestid']);
            if (status >= 200 && status < 300) {
              resolve({ status, headers: res.headers, body, requestId });
              return;
            }
            const error: SdkError = parseSlsError({
              service: 'sls',
              operation: req.operation,
              status,
              headers: res.headers,
              body: new Uint8Array(body),
            });
            reject(error);
          });
        },
      );
      request.setTimeout(this.#timeoutMs, () => {
        request.destroy();
        fail(
          createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
            service: 'sls',
            operation: req.operation,
            reason: `no response within ${this.#timeoutMs} ms`,
          }),
        );
      });
      request.on('error', (e) => fail(this.#networkError(req.operation, e)));
      if (req.signal) {
        if (req.signal.aborted) {
          onAbort();
          return;
        }
        req.signal.addEventListener('abort', onAbort, { once: true });
      }
      request.end(
        req.body === undefined ? undefined : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength),
      );
    });
  }

  /** Closes idle keep-alive sockets. */
  destroy(): void {
    this.#agent.destroy();
  }

  #networkError(operation: string, cause: unknown): SdkError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return createSdkError(sdkErrorCodes.ERR_NETWORK, { service: 'sls', operation, reason, cause });
  }
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
