import { isLoopbackHost } from '../http/url-guard';
import { redactText } from '../logging/redact';

/** Options of {@link normalizeEndpoint}. */
export interface NormalizeEndpointOptions {
  /** Allow `http:` towards a host that is not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Turns an endpoint given by a user (`host`, `host:port`, `https://host[:port][/path]`,
 * `http://127.0.0.1:port`) into a URL. A missing scheme means `https`; a trailing slash on the
 * path is dropped (so `https://service.cn-hangzhou.maxcompute.aliyun.com/api/` keeps `/api`).
 *
 * `http:` is accepted for loopback hosts (the emulators), and elsewhere only with
 * `allowInsecureConnection: true`, because it would send signed requests in the clear.
 *
 * @example
 * ```ts
 * normalizeEndpoint('oss-cn-hangzhou.aliyuncs.com').href; // 'https://oss-cn-hangzhou.aliyuncs.com/'
 * normalizeEndpoint('http://127.0.0.1:9000').host;         // '127.0.0.1:9000'
 * ```
 * @throws TypeError when the endpoint is not a string, does not parse, uses another scheme,
 *   carries credentials, a query or a fragment, or is `http:` to a non-loopback host without
 *   `allowInsecureConnection`.
 */
export function normalizeEndpoint(endpoint: string, options: NormalizeEndpointOptions = {}): URL {
  if (typeof endpoint !== 'string') {
    throw new TypeError(`endpoint must be a string such as 'https://host[:port]', got ${typeof endpoint}`);
  }
  const text = endpoint.trim();
  if (text === '')
    throw new TypeError("endpoint must not be empty; give a host such as 'oss-cn-hangzhou.aliyuncs.com'");
  const shown = JSON.stringify(redactText(text));

  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    throw new TypeError(`endpoint ${shown} uses scheme '${scheme}:'; only https: (and http: for loopback) work`);
  }
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `https://${text}` : text);
  } catch {
    throw new TypeError(`endpoint ${shown} is not a valid host, host:port or URL`);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: whatever sits before '@' may be a secret.
    throw new TypeError('endpoint must not contain a user name or password; pass credentials through `credentials`');
  }
  if (url.search !== '' || url.hash !== '' || text.endsWith('?') || text.endsWith('#')) {
    throw new TypeError(`endpoint ${shown} must not have a query string or fragment`);
  }
  if (url.hostname === '') throw new TypeError(`endpoint ${shown} has no host`);
  if (url.protocol === 'http:' && options.allowInsecureConnection !== true && !isLoopbackHost(url.hostname)) {
    throw new TypeError(
      `endpoint ${shown} uses http: to a non-loopback host, which would send signed requests unencrypted; ` +
        'use https:, or set `allowInsecureConnection: true` if you accept that',
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
