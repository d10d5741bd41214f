import { percentDecode } from './encoding';
import type { ReceivedRequest } from './types';

/** Header pairs of a received request, names as sent. */
export function headerPairs(req: ReceivedRequest): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    out.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
  }
  return out;
}

/** First value of a header, matched case-insensitively. */
export function getHeader(req: ReceivedRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() === lower) return req.rawHeaders[i + 1];
  }
  return undefined;
}

/** Splits a request target into its raw (still encoded) path and query string. */
export function splitTarget(url: string): {
  /** Everything before the first `?`, still percent-encoded. */
  rawPath: string;
  /** Everything after the first `?`, still encoded; `undefined` when the target has no `?`. */
  rawQuery: string | undefined;
} {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, rawQuery: undefined } : { rawPath: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/**
 * Parses a raw query string into decoded pairs in wire order. A name without `=` gets
 * `null` as its value (an action-style parameter like `?acl`).
 */
export function parseQueryPairs(rawQuery: string | undefined, plusAsSpace = true): Array<[string, string | null]> {
  if (!rawQuery) return [];
  const out: Array<[string, string | null]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) out.push([percentDecode(part, plusAsSpace), null]);
    else out.push([percentDecode(part.slice(0, eq), plusAsSpace), percentDecode(part.slice(eq + 1), plusAsSpace)]);
  }
  return out;
}
