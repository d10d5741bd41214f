import {
  buildMaxComputeUrl,
  type CredentialedSigner,
  type CredentialProvider,
  type Credentials,
  createHttpClient,
  credentialedSigner,
  type HttpClient,
  type HttpResponse,
  type Logger,
  type MaxComputeQueryValue,
  type MaxComputeSignatureVersion,
  type MemoizedCredentialProvider,
  parseMaxComputeError,
  type RequestBody,
  type RetryOptions,
  resolveCredentialProvider,
  signMaxCompute,
} from '@alikit/core';

/** The service name in errors and logs. */
export const SERVICE = 'maxcompute';

/** The user agent the client sends (and signs, as `x-odps-user-agent`). */
export const USER_AGENT = 'alikit-maxcompute/0.0.0';

/** Settings the transport is built from. */
export interface TransportOptions {
  serviceEndpoint: string;
  project: string;
  region: string | undefined;
  credentials: Credentials | CredentialProvider | undefined;
  retry: RetryOptions | undefined;
  logger: Logger | undefined;
  timeoutMs: number | undefined;
  fetch: typeof globalThis.fetch | undefined;
  allowInsecureConnection: boolean | undefined;
  signatureVersion: MaxComputeSignatureVersion | undefined;
}

/** One REST or tunnel call. */
export interface CallInput {
  operation: string;
  method: string;
  /** The endpoint the path is relative to: the service endpoint (with `/api`) or a tunnel endpoint. */
  endpoint: string;
  /** Decoded resource path, e.g. `/projects/p/tables`. */
  path: string;
  /** Query parameters; `null` is a bare action name (`?partitions`). `curr_project` is added. */
  query?: Readonly<Record<string, MaxComputeQueryValue | undefined>> | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  body?: RequestBody | undefined;
  idempotent?: boolean | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** Signs and sends MaxCompute requests through core's HTTP client. */
export class Transport {
  readonly serviceEndpoint: string;
  readonly project: string;
  readonly #http: HttpClient;
  readonly #provider: MemoizedCredentialProvider;
  readonly #region: string | undefined;
  readonly #signatureVersion: MaxComputeSignatureVersion;

  constructor(options: TransportOptions) {
    this.serviceEndpoint = options.serviceEndpoint;
    this.project = options.project;
    this.#http = createHttpClient({
      fetch: options.fetch,
      retry: options.retry,
      logger: options.logger,
      timeoutMs: options.timeoutMs,
      allowInsecureConnection: options.allowInsecureConnection,
    });
    this.#provider = resolveCredentialProvider(options.credentials);
    this.#region = options.region;
    this.#signatureVersion = options.signatureVersion ?? (options.region === undefined ? 'auto' : 'v4');
  }

  #signerFor(endpoint: string): CredentialedSigner {
    return credentialedSigner(this.#provider, (request, credentials, { now }) => {
      const signed = signMaxCompute({
        method: request.method,
        endpoint,
        url: request.url,
        headers: request.headers,
        credentials,
        date: now,
        region: this.#region,
        signatureVersion: this.#signatureVersion,
        userAgent: USER_AGENT,
      });
      return { ...request, headers: { ...signed.headers, Authorization: signed.authorization } };
    });
  }

  /** Sends one call and resolves with the 2xx response; throws `SdkError` with the service's code otherwise. */
  send(input: CallInput): Promise<HttpResponse> {
    const query: Record<string, MaxComputeQueryValue> = {};
    for (const [name, value] of Object.entries(input.query ?? {})) if (value !== undefined) query[name] = value;
    if (!('curr_project' in query)) query.curr_project = this.project;
    const url = buildMaxComputeUrl(input.endpoint, input.path, query);
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...input.headers };
    return this.#http.send({
      service: SERVICE,
      operation: input.operation,
      method: input.method,
      url,
      headers,
      body: input.body,
      idempotent: input.idempotent,
      signal: input.signal,
      timeoutMs: input.timeoutMs,
      parseError: parseMaxComputeError,
      ...this.#signerFor(input.endpoint),
    });
  }
}
