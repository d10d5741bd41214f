/**
 * Percent-encoding variants used by the Alibaba Cloud signing algorithms
 * (spec: signing.md §1.1). All of them work on UTF-8 bytes with upper-case hex.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// `String.prototype.isWellFormed` (ES2024, Node 20) answers the same question natively and
// returns at once for one-byte strings; the regular expression is the fallback.
const isWellFormed: (value: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (value) => (value as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (value) => !LONE_SURROGATE.test(value);

function checkWellFormed(value: string, what: string): void {
  if (!isWellFormed(value)) {
    throw new TypeError(
      `${what} contains a lone UTF-16 surrogate and cannot be encoded as UTF-8; pass well-formed text`,
    );
  }
}

/** ASCII characters left as they are: `STRICT` by RFC 3986, `URI` by `encodeURIComponent`, `PATH` = `STRICT` + `/`. */
const STRICT = new Uint8Array(128);
const URI = new Uint8Array(128);
const PATH = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~') {
  STRICT[c.charCodeAt(0)] = 1;
  URI[c.charCodeAt(0)] = 1;
  PATH[c.charCodeAt(0)] = 1;
}
for (const c of "!'()*") URI[c.charCodeAt(0)] = 1;
PATH['/'.charCodeAt(0)] = 1;

/**
 * Whether every character of `value` is in `kept`, so that encoding would return it unchanged:
 * most names and values are plain, and a scan is much cheaper than a call to `encodeURIComponent`.
 */
function unchanged(value: string, kept: Uint8Array): boolean {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 127 || kept[c] === 0) return false;
  }
  return true;
}

const STRICT_EXTRA = /[!'()*]/g;
const HAS_STRICT_EXTRA = /[!'()*]/;
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
  if (unchanged(value, STRICT)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    checkWellFormed(value, 'value');
    throw new TypeError('value cannot be percent-encoded');
  }
  return HAS_STRICT_EXTRA.test(encoded) ? encoded.replace(STRICT_EXTRA, (c) => STRICT_EXTRA_MAP[c] as string) : encoded;
}

/** RFC 3986 strict encoding of each path segment, keeping `/`. */
export function percentEncodePath(path: string): string {
  if (unchanged(path, PATH)) return path;
  return percentEncode(path).replace(/%2F/g, '/');
}

/**
 * Node `querystring.escape` rules (the same unreserved set as `encodeURIComponent`):
 * how ROA, SLS and OSS put query strings on the wire (not what they sign).
 */
export function querystringEscape(value: string): string {
  if (unchanged(value, URI)) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    checkWellFormed(value, 'value');
    throw new TypeError('value cannot be percent-encoded');
  }
}

/** Serialises pairs in the given order the way Node's `querystring.stringify` does. */
export function stringifyQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i] as readonly [string, string];
    out += `${i === 0 ? '' : '&'}${querystringEscape(k)}=${querystringEscape(v)}`;
  }
  return out;
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

/**
 * Whether text can be encoded as UTF-8 (holds no lone surrogate); lets a hot path build the
 * message for {@link assertWellFormed} only when it will be thrown.
 */
export function isWellFormedText(value: string): boolean {
  return isWellFormed(value);
}
