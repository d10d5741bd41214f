import type { Readable } from 'node:stream';
import { getHeader, parseQueryPairs, percentDecode, type ReceivedRequest, splitTarget } from '@alikit/core';

/** The caller a request was authenticated as. */
export interface RequestIdentity {
  accessKeyId: string;
  securityToken?: string | undefined;
}

/**
 * One request as a service emulator sees it: the untouched `ReceivedRequest` (what verifiers
 * need) plus the parsed pieces routers need, the request id, and what routing and auth found.
 */
export class RequestContext {
  readonly received: ReceivedRequest;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path as sent, still percent-encoded. */
  readonly rawPath: string;
  /** The query string as sent (without `?`), or `undefined` when the target had no `?`. */
  readonly rawQuery: string | undefined;
  /** The percent-decoded path. */
  readonly path: string;
  /** Decoded query pairs in wire order; a name without `=` has the value `null`. */
  readonly query: ReadonlyArray<readonly [string, string | null]>;
  /** The `Host` header without the port, lower-cased (`''` when absent). */
  readonly host: string;
  /** The id this request is answered with. */
  readonly requestId: string;
  /** When the request arrived. */
  readonly receivedAt: Date;
  /** The operation the router recognised, for fault matching and records. */
  operation: string | undefined;
  /** Set once the request's signature has been verified. */
  identity: RequestIdentity | undefined;
  /** The body still to be read, when the service chose to stream it (`received.body` is then `undefined`). */
  readonly bodyStream: Readable | undefined;

  constructor(received: ReceivedRequest, requestId: string, receivedAt: Date, bodyStream?: Readable | undefined) {
    this.received = received;
    this.bodyStream = bodyStream;
    this.method = received.method.toUpperCase();
    const { rawPath, rawQuery } = splitTarget(received.url);
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
    this.path = percentDecode(rawPath);
    this.query = parseQueryPairs(rawQuery);
    this.host = hostWithoutPort(getHeader(received, 'host') ?? '');
    this.requestId = requestId;
    this.receivedAt = receivedAt;
  }

  /** First value of a request header, matched case-insensitively. */
  header(name: string): string | undefined {
    return getHeader(this.received, name);
  }

  /** The last value of a query parameter (`null` for a bare name), or `undefined` when absent. */
  queryParam(name: string): string | null | undefined {
    let found: string | null | undefined;
    for (const [k, v] of this.query) if (k === name) found = v;
    return found;
  }

  /** Whether the query has a parameter, with or without a value. */
  hasQuery(name: string): boolean {
    return this.query.some(([k]) => k === name);
  }

  /** The body as UTF-8 text. */
  bodyText(): string {
    return this.received.body ? Buffer.from(this.received.body).toString('utf8') : '';
  }
}

function hostWithoutPort(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(1, end);
  }
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}
