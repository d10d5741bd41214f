import { expect } from 'vitest';
import { deriveAliyunV4Key, hmacSha256Hex, sha256Hex } from '../../src/signing/crypto';
import { normalizeOssSubresources, type OssParams, type OssSubresources } from '../../src/signing/oss-common';
import { type OssV4QueryCanonicalization, signOssV4, verifyOssV4 } from '../../src/signing/oss-v4';
import { isDivergence, type VectorCase, type VectorChecker, vectorBodyBytes } from '../vector-types';
import {
  expectAccepted,
  headersWithDefaultContentType,
  receivedOf,
  vectorBucket,
  vectorObjectKey,
  withoutAgent,
} from './oss-v1-header';

export const algorithm = 'oss-v4-header';

/** Region and CloudBox id a case signs with (ali-oss strips `oss-` from the client region). */
export function vectorScope(c: VectorCase): { region: string | undefined; cloudBoxId: string | undefined } {
  const clientRegion = c.input.extra['clientRegion'];
  const cloudBoxId = c.input.extra['cloudBoxId'];
  return {
    region: typeof clientRegion === 'string' ? clientRegion : (c.input.region ?? undefined),
    cloudBoxId: typeof cloudBoxId === 'string' && cloudBoxId !== '' ? cloudBoxId : undefined,
  };
}

/**
 * The documented (OSS Go/C# v2) canonical query computed from ali-oss's: `name=` becomes
 * `name`, items sorted by their encoded names in byte order.
 */
export function documentedQueryLine(aliOssLine: string): string {
  if (aliOssLine === '') return '';
  const items = aliOssLine
    .split('&')
    .map((item) => (item.endsWith('=') && item.indexOf('=') === item.length - 1 ? item.slice(0, -1) : item));
  const name = (item: string) => item.split('=')[0] as string;
  return items.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0)).join('&');
}

/**
 * What the documented rules give for a divergence case: the vector's canonical request with only
 * its query line rewritten, and the string-to-sign and signature that follow from it.
 */
export function documentedCounterpart(c: VectorCase): {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
} {
  const lines = (c.output.canonicalRequest as string).split('\n');
  lines[2] = documentedQueryLine(lines[2] as string);
  const canonicalRequest = lines.join('\n');
  const [algo, date, scope] = c.output.stringToSign.split('\n') as [string, string, string];
  const stringToSign = `${algo}\n${date}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const [ymd, region, product] = scope.split('/') as [string, string, string];
  const signature = hmacSha256Hex(deriveAliyunV4Key(c.input.accessKeySecret, ymd, region, product), stringToSign);
  return { canonicalRequest, stringToSign, signature };
}

function sign(c: VectorCase, queryCanonicalization: OssV4QueryCanonicalization | undefined) {
  const { input } = c;
  return signOssV4({
    method: input.method,
    host: input.host,
    bucket: vectorBucket(c),
    key: vectorObjectKey(c),
    ...vectorScope(c),
    additionalHeaders: (input.extra['additionalHeaders'] as string[] | null) ?? undefined,
    query: (input.query ?? undefined) as OssParams | undefined,
    subresources: (input.extra['subres'] as OssSubresources | null) ?? undefined,
    headers: headersWithDefaultContentType(c),
    body: vectorBodyBytes(input.body),
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date: new Date(input.time),
    queryCanonicalization,
  });
}

export const check: VectorChecker = (c) => {
  const { input, output } = c;
  // ali-oss's canonicalization reproduces every case bit for bit.
  const aliOss = sign(c, 'ali-oss');
  expect(aliOss.canonicalRequest).toBe(output.canonicalRequest);
  expect(aliOss.stringToSign).toBe(output.stringToSign);
  expect(aliOss.signature).toBe(output.signature);
  if (output.authorization !== null) expect(aliOss.authorization).toBe(output.authorization);
  if (output.headers !== null) expect(withoutAgent(aliOss.headers)).toEqual(withoutAgent(output.headers));
  if (output.url !== null) expect(aliOss.url).toBe(output.url);
  if (output.query !== null) expect(aliOss.query).toEqual(output.query);

  // The default (documented) rules match exactly, except where the case documents a divergence.
  const result = sign(c, undefined);
  const expected = isDivergence(c)
    ? documentedCounterpart(c)
    : { canonicalRequest: output.canonicalRequest, stringToSign: output.stringToSign, signature: output.signature };
  if (isDivergence(c)) expect(expected.canonicalRequest).not.toBe(output.canonicalRequest);
  expect(result.canonicalRequest).toBe(expected.canonicalRequest);
  expect(result.stringToSign).toBe(expected.stringToSign);
  expect(result.signature).toBe(expected.signature);
  if (output.authorization !== null) {
    expect(result.authorization).toBe(output.authorization.replace(output.signature, expected.signature));
  }
  if (output.headers !== null) expect(withoutAgent(result.headers)).toEqual(withoutAgent(output.headers));
  if (output.url !== null) expect(result.url).toBe(output.url);

  // The verifier accepts what ali-oss sent, and what we send by default.
  const signed = normalizeOssSubresources((input.extra['subres'] as OssSubresources | null) ?? undefined);
  const options = { now: () => new Date(input.time), extraSubresources: signed.map(([k]) => k) };
  const lookup = (id: string) => (id === input.accessKeyId ? input.accessKeySecret : undefined);
  const headers = output.headers ?? aliOss.headers;
  const url = output.url ?? aliOss.url;
  expectAccepted(verifyOssV4(receivedOf(c, url, headers, aliOss.authorization), lookup, options), input.accessKeyId);
  expectAccepted(verifyOssV4(receivedOf(c, url, headers, result.authorization), lookup, options), input.accessKeyId);
};
