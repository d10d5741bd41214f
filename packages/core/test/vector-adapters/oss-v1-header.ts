import { expect } from 'vitest';
import {
  isOssSignedSubresource,
  normalizeOssSubresources,
  type OssParams,
  ossDefaultContentType,
} from '../../src/signing/oss-common';
import { signOssV1, type VerifyOssOptions, verifyOssV1 } from '../../src/signing/oss-v1';
import type { ReceivedRequest, VerificationResult } from '../../src/signing/types';
import { type VectorCase, type VectorChecker, vectorBodyBytes } from '../vector-types';

export const algorithm = 'oss-v1-header';

// Helpers shared by the four OSS adapters.

/** The object key a case names: `extra.object` (ali-oss params.object), else the path without `/`. */
export function vectorObjectKey(c: VectorCase): string | undefined {
  const object = c.input.extra['object'];
  if (typeof object === 'string') return object === '' ? undefined : object;
  const path = c.input.path.replace(/^\//, '');
  return path === '' ? undefined : path;
}

/** `extra.bucket`, or undefined. */
export function vectorBucket(c: VectorCase): string | undefined {
  const bucket = c.input.extra['bucket'];
  return typeof bucket === 'string' && bucket !== '' ? bucket : undefined;
}

/** The caller headers plus the Content-Type ali-oss guesses from `mime` or the object name. */
export function headersWithDefaultContentType(c: VectorCase): Record<string, string> {
  const headers: Record<string, string> = { ...(c.input.headers ?? {}) };
  if (!headers['Content-Type'] && !headers['content-type']) {
    const mime = c.input.extra['mime'];
    const type = ossDefaultContentType(vectorObjectKey(c), typeof mime === 'string' ? mime : undefined);
    if (type) headers['Content-Type'] = type;
  }
  return headers;
}

/** Header map without the never-signed User-Agent / x-sdk-client headers. */
export function withoutAgent(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !['user-agent', 'x-sdk-client'].includes(k.toLowerCase())),
  );
}

/** The request target (path and query, still encoded) of a full URL. */
export function targetOf(url: string): string {
  const afterScheme = url.indexOf('://') + 3;
  const slash = url.indexOf('/', afterScheme);
  return slash < 0 ? '/' : url.slice(slash);
}

/** A request as the server would receive it: `Host` first (unless given), then the headers. */
export function receivedOf(
  c: VectorCase,
  url: string,
  headers: Record<string, string>,
  authorization?: string,
): ReceivedRequest {
  const raw: string[] = [];
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host')) raw.push('Host', c.input.host);
  for (const [k, v] of Object.entries(headers)) raw.push(k, v);
  if (authorization) raw.push('Authorization', authorization);
  return { method: c.input.method, url: targetOf(url), rawHeaders: raw, body: vectorBodyBytes(c.input.body) };
}

/**
 * Verifier options a server that knows the operation would use: the case's sub-resources are the
 * operation's extra names, unless an unsigned query name collides with the default rule, in which
 * case exactly the signed names are.
 */
export function v1SubresourceOptions(signed: Iterable<string>, unsigned: Iterable<string>): VerifyOssOptions {
  const names = new Set(signed);
  const collide = [...unsigned].some((n) => isOssSignedSubresource(n));
  return collide ? { isSubresource: (n) => names.has(n) } : { extraSubresources: names };
}

/** Asserts an accepted verification with a readable failure. */
export function expectAccepted(result: VerificationResult, accessKeyId: string): void {
  if (!result.ok) {
    expect.fail(`verifier refused: ${result.reason} ${result.message}\n${result.expectedStringToSign ?? ''}`);
  }
  expect(result.accessKeyId).toBe(accessKeyId);
}

export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const subres = input.extra['subres'] as Parameters<typeof signOssV1>[0]['subresources'] | null;
  const result = signOssV1({
    method: input.method,
    host: input.host,
    bucket: vectorBucket(c),
    key: vectorObjectKey(c),
    query: (input.query ?? undefined) as OssParams | undefined,
    subresources: subres ?? undefined,
    headers: headersWithDefaultContentType(c),
    body: vectorBodyBytes(input.body),
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date: new Date(input.time),
  });
  expect(result.stringToSign).toBe(output.stringToSign);
  expect(result.signature).toBe(output.signature);
  if (output.authorization !== null) expect(result.authorization).toBe(output.authorization);
  if (output.headers !== null) expect(withoutAgent(result.headers)).toEqual(withoutAgent(output.headers));
  if (output.query !== null) expect(result.query).toEqual(output.query);
  if (output.url !== null) expect(result.url).toBe(output.url);

  const signedNames = normalizeOssSubresources(subres ?? undefined).map(([k]) => k);
  const unsigned = Object.keys(input.query ?? {}).filter((k) => !signedNames.includes(k));
  const headers = output.headers ?? result.headers;
  const verdict = verifyOssV1(
    receivedOf(c, output.url ?? result.url, headers, output.authorization ?? result.authorization),
    (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined),
    { now: () => new Date(input.time), ...v1SubresourceOptions(signedNames, unsigned) },
  );
  expectAccepted(verdict, input.accessKeyId);
};
