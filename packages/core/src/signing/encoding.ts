/**
 * Percent-encoding variants used by the Alibaba Cloud signing algorithms
 * (spec: signing.md §1.1). All of them work on UTF-8 bytes with upper-case hex.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkWellFormed(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(
      `${what} contains a lone UTF-16 surrogate and cannot be encoded as UTF-8; pass well-formed text`,
    );
  }
}

const STRICT_EXTRA = /[!'()*]/g;
const STRICT_EXTRA_MAP: Record<string, string> = {
  '!': '%21',
  "'": '%27',
  '(': '%28',
  ')': '%29',
  '*': '%2A',
};

/**
 * RFC 3986 strict encoding: only `A-Z a-z 0-9 - _ . ~` stay as they are.
 * Used by POP RPC v1, ACS3 query values and OSS V4.
 * @throws TypeError when the value holds a lone surrogate.
 */
export function percentEncode(value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    checkWellFormed(value, 'value');
    throw new TypeError('value cannot be percent-encoded');
  }
  return encoded.replace(STRICT_EXTRA, (c) => STRICT_EXTRA_MAP[c] as string);
}

/** RFC 3986 strict encoding of each path segment, keeping `/`. */
export function percentEncodePath(path: string): string {
  return percentEncode(path).replace(/%2F/g, '/');
}

/**
 * Node `querystring.escape` rules (the same unreserved set as `encodeURIComponent`):
 * how ROA, SLS and OSS put query strings on the wire (not what they sign).
 */
export function querystringEscape(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    checkWellFormed(value, 'value');
    throw new TypeError('value cannot be percent-encoded');
  }
}

/** Serialises pairs in the given order the way Node's `querystring.stringify` does. */
export function stringifyQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${querystringEscape(k)}=${querystringEscape(v)}`).join('&');
}

/**
 * Decodes `%XX` escapes as UTF-8, leaving malformed escapes as they are
 * (servers must not crash on a bad URL). `plusAsSpace` turns `+` into a space first.
 */
export function percentDecode(value: string, plusAsSpace = false): string {
  const input = plusAsSpace ? value.replace(/\+/g, ' ') : value;
  if (!input.includes('%')) return input;
  try {
    return decodeURIComponent(input);
  } catch {
    return input.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Rejects text that cannot be encoded as UTF-8 before it reaches a canonicaliser. */
export function assertWellFormed(value: string, what: string): void {
  checkWellFormed(value, what);
}
