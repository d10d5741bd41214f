import { getHeader, parseQueryPairs, type ReceivedRequest, splitTarget } from '@alikit/core';
import type { RequestContext } from '../shared/request-context';

/** The signature scheme a POP request used; `none` for an anonymous STS call (AssumeRoleWithOIDC). */
export type PopSignatureScheme = 'rpc-v1' | 'roa-v1' | 'acs3' | 'none';

/** One authenticated POP call, as the emulator recorded it. */
export interface PopCall {
  /** `rpc` (parameters at `/`) or `roa` (a REST path). */
  readonly style: 'rpc' | 'roa';
  /** How the call was signed: `rpc-v1`, `roa-v1`, `acs3`, or `none` for an anonymous call. */
  readonly signature: PopSignatureScheme;
  /** The API name: `x-acs-action`, else the `Action` parameter; `undefined` for a ROA v1 call without one. */
  readonly action: string | undefined;
  /** The API version: `x-acs-version`, else the `Version` parameter. */
  readonly version: string | undefined;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The decoded request path (`/` for RPC). */
  readonly path: string;
  /** The `Host` header without the port (tells products apart: `sts.…`, `metrics.…`, `pai.…`). */
  readonly host: string;
  /**
   * Request parameters, decoded: for RPC the query and form body together (without `Signature`),
   * for ROA the query. A repeated name keeps its last value.
   */
  readonly params: Readonly<Record<string, string>>;
  /** Request headers with lower-cased names (repeated ones joined with `, `). */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body. */
  readonly body: Uint8Array;
  /** The body parsed as JSON when it was sent as JSON, else `undefined`. */
  readonly json: unknown;
  /** Values of `{Name}` segments of the registered path the call matched. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** The access key the call was signed with (`''` for an anonymous call). */
  readonly accessKeyId: string;
  /** The request id the emulator answered with (also in the `x-acs-request-id` header). */
  readonly requestId: string;
}

/** What the router learns about a POP request before authentication. */
export interface PopRoute {
  style: 'rpc' | 'roa';
  action: string | undefined;
  version: string | undefined;
  /** Decoded parameters in wire order (query, then form body for RPC). */
  params: Array<[string, string]>;
}

/** Classifies a POP request: RPC when the path is `/`, ROA otherwise; action and version from headers or parameters. */
export function routePopRequest(ctx: RequestContext): PopRoute {
  const style = ctx.rawPath === '/' || ctx.rawPath === '' ? 'rpc' : 'roa';
  const params = style === 'rpc' ? rpcParams(ctx.received) : queryParams(ctx.received);
  const param = (name: string) => {
    let found: string | undefined;
    for (const [k, v] of params) if (k === name) found = v;
    return found;
  };
  return {
    style,
    action: ctx.header('x-acs-action') || (style === 'rpc' ? param('Action') : undefined) || undefined,
    version: ctx.header('x-acs-version') || param('Version') || undefined,
    params,
  };
}

function queryParams(req: ReceivedRequest): Array<[string, string]> {
  return parseQueryPairs(splitTarget(req.url).rawQuery).map(([k, v]): [string, string] => [k, v ?? '']);
}

function rpcParams(req: ReceivedRequest): Array<[string, string]> {
  const pairs = queryParams(req);
  const type = getHeader(req, 'content-type')?.toLowerCase() ?? '';
  if (req.body && req.body.byteLength > 0 && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of parseQueryPairs(Buffer.from(req.body).toString('utf8'))) pairs.push([k, v ?? '']);
  }
  return pairs;
}

/** Request headers with lower-cased names, repeated ones joined with `, `. */
export function lowerCaseHeaders(req: ReceivedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    const value = req.rawHeaders[i + 1] as string;
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

/** The body parsed as JSON when its content type says JSON; `undefined` otherwise or when it does not parse. */
export function parseJsonBody(req: ReceivedRequest): unknown {
  const type = getHeader(req, 'content-type')?.toLowerCase() ?? '';
  if (!type.includes('json') || !req.body || req.body.byteLength === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(req.body).toString('utf8'));
  } catch {
    return undefined;
  }
}
