import { isSdkError, SdkError } from '../errors/sdk-error';
import { createHttpClient } from '../http/http-client';
import type { RetryOptions } from '../http/retry-policy';
import { checkRequestUrl } from '../http/url-guard';
import type { Logger } from '../logging/logger';
import { registerSecret } from '../logging/redact';
import { type EnvRecord, envOf, envValue } from './env-vars';
import { credentialsFailed, credentialsNotConfigured } from './errors';
import { parseExpiration } from './sts-client';
import type { CredentialProvider, Credentials } from './types';

/** The provider name, as the official SDK calls it. */
const SOURCE = 'credential_uri';
/** The official read timeout of the credentials URI provider (connect: 5 s). */
const DEFAULT_TIMEOUT_MS = 10_000;

/** Options of {@link fromCredentialsUri}. */
export interface CredentialsUriOptions {
  /**
   * The URL answering a credentials document (`{ Code, AccessKeyId, AccessKeySecret, SecurityToken,
   * Expiration }`). Any `http:` or `https:` URL: the request carries no secret.
   * @defaultValue `ALIBABA_CLOUD_CREDENTIALS_URI`
   */
  uri?: string | URL | undefined;
  /** The environment the URI defaults from. @defaultValue `process.env` */
  env?: EnvRecord | undefined;
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Limit for each attempt, in milliseconds. @defaultValue 10_000 */
  timeoutMs?: number | undefined;
  /** Retry settings. @defaultValue 3 attempts, see `RetryOptions` */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per attempt. @defaultValue silent */
  logger?: Logger | undefined;
}

/**
 * Credentials from a URL that serves them (`ALIBABA_CLOUD_CREDENTIALS_URI`; the aliyun CLI's
 * `CredentialsURI` mode), as the official SDKs read it: `GET <uri>`, a JSON document with
 * `AccessKeyId`, `AccessKeySecret`, `SecurityToken` and `Expiration`. Source `credential_uri`.
 * Without a URI the provider is not configured (a chain moves on), unlike the official SDK, which
 * then requests `https://undefined/`.
 *
 * @example
 * ```ts
 * const credentials = memoize(fromCredentialsUri({ uri: 'http://127.0.0.1:8080/credentials' }));
 * ```
 * @throws TypeError for a malformed `uri` or option, before any I/O.
 * @returns a provider that rejects with `SdkError` `ERR_CREDENTIALS`: not configured without a
 *   URI; configured (the cause attached) when the URL fails or answers something else.
 */
export function fromCredentialsUri(options: CredentialsUriOptions = {}): CredentialProvider {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('fromCredentialsUri: options must be an object');
  const env = envOf(options.env);
  const configured = options.uri ?? envValue(env, 'ALIBABA_CLOUD_CREDENTIALS_URI');
  if (configured === undefined || configured === '') {
    return () =>
      Promise.reject(credentialsNotConfigured(SOURCE, 'ALIBABA_CLOUD_CREDENTIALS_URI is not set and no uri was given'));
  }
  const text = configured instanceof URL ? configured.href : configured;
  if (typeof text !== 'string') throw new TypeError('fromCredentialsUri: uri must be a string or URL');
  // The request carries no secret, so a plain-http URI (a sidecar, a local agent) is allowed anywhere.
  const url = checkRequestUrl(text, true);
  const shown = describeUrl(url);
  const http = createHttpClient({
    fetch: options.fetch,
    retry: options.retry,
    logger: options.logger,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowInsecureConnection: true,
  });

  return async (call) => {
    let body: string;
    try {
      const res = await http.send({
        service: 'credentials-uri',
        operation: 'GetCredentials',
        method: 'GET',
        url,
        signal: call?.signal,
        parseError: (response) => httpStatusError('credentials-uri', 'GetCredentials', response),
      });
      body = res.text();
    } catch (error) {
      if (call?.signal?.aborted) throw call.signal.reason;
      throw credentialsFailed(SOURCE, `GET ${shown} failed: ${describeFailure(error)}`, error);
    }
    return parseCredentialsDocument(body, SOURCE, `the answer of ${shown}`);
  };
}

/**
 * Reads the credentials document of the ECS metadata service and of credentials URIs:
 * `{ Code?, AccessKeyId, AccessKeySecret, SecurityToken, Expiration }`. A `Code` other than
 * `Success` is refused (ECS); a missing one is accepted (credentials URIs often omit it). The
 * secret and token are registered with the redactor.
 * @throws SdkError `ERR_CREDENTIALS` (configured) naming what is wrong, never quoting the document.
 */
export function parseCredentialsDocument(body: string, source: string, what: string): Credentials {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (cause) {
    throw credentialsFailed(source, `${what} is not JSON`, cause);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw credentialsFailed(source, `${what} is not a JSON object`);
  }
  const d = doc as Record<string, unknown>;
  const field = (name: string) => (typeof d[name] === 'string' && d[name] !== '' ? (d[name] as string) : undefined);
  const accessKeyId = field('AccessKeyId');
  const accessKeySecret = field('AccessKeySecret');
  const securityToken = field('SecurityToken');
  // Register before any check can throw, so nothing below can leak them.
  registerSecret(accessKeySecret);
  registerSecret(securityToken);
  if (d.Code !== undefined && d.Code !== 'Success') {
    throw credentialsFailed(source, `${what} has Code ${JSON.stringify(String(d.Code)).slice(0, 80)}, not "Success"`);
  }
  const missing = [
    ['AccessKeyId', accessKeyId],
    ['AccessKeySecret', accessKeySecret],
    ['SecurityToken', securityToken],
  ]
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length > 0) throw credentialsFailed(source, `${what} lacks ${missing.join(', ')}`);
  const expiration = parseExpiration(d.Expiration);
  if (expiration === undefined) {
    throw credentialsFailed(source, `${what} has no Expiration in the form YYYY-MM-DDTHH:MM:SSZ`);
  }
  return {
    accessKeyId: accessKeyId as string,
    accessKeySecret: accessKeySecret as string,
    securityToken: securityToken as string,
    expiration,
    source,
  };
}

/** The URL without query, fragment or user info, which may hold secrets. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** A short account of why a request failed: the SDK error's message, or the thrown value. */
export function describeFailure(error: unknown): string {
  if (isSdkError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The error for a non-2xx answer of a plain-text endpoint (ECS metadata, a credentials URI), which
 * has no error codes: code `HttpError`, the status, and the first line of the body as the message.
 */
export function httpStatusError(
  service: string,
  operation: string,
  response: { status: number; body: Uint8Array | string },
): SdkError {
  const raw = typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
  const firstLine = raw.split(/\r?\n/, 1)[0]?.trim().slice(0, 200) ?? '';
  return new SdkError({
    code: 'HttpError',
    service,
    operation,
    status: response.status,
    retryable: response.status >= 500 && response.status !== 501,
    serviceMessage: firstLine === '' ? undefined : firstLine,
  });
}
