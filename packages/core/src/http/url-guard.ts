/** True for `localhost`, `127.0.0.0/8` and `[::1]`: hosts whose traffic never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
}

/**
 * Parses a request URL and refuses what must not be sent: anything other than `https:`/`http:`,
 * and `http:` to a host that is not loopback unless `allowInsecureConnection` is set, because the
 * signed headers (and an STS token) would cross the network in clear text.
 *
 * @throws TypeError for an unparsable URL, another scheme, or plain `http:` to a remote host.
 */
export function checkRequestUrl(url: string | URL, allowInsecureConnection: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('url must be an absolute http(s) URL');
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol !== 'http:') {
    throw new TypeError(`url must use https: or http:, got ${parsed.protocol}`);
  }
  if (!allowInsecureConnection && !isLoopbackHost(parsed.hostname)) {
    throw new TypeError(
      `refusing plain http: to ${parsed.hostname}: credentials would travel unencrypted; ` +
        'use https: or set allowInsecureConnection: true',
    );
  }
  return parsed;
}
