import { expect } from 'vitest';
import type { OssParams } from '../../src/signing/oss-common';
import { type OssV4QueryCanonicalization, presignOssV4, verifyOssV4 } from '../../src/signing/oss-v4';
import { isDivergence, type VectorCase, type VectorChecker } from '../vector-types';
import { expectAccepted, receivedOf, vectorBucket } from './oss-v1-header';
import { documentedCounterpart, vectorScope } from './oss-v4-header';

export const algorithm = 'oss-v4-presign';

function presign(c: VectorCase, queryCanonicalization: OssV4QueryCanonicalization | undefined) {
  const { input } = c;
  const object = input.extra['object'];
  return presignOssV4({
    method: input.method,
    host: input.host,
    bucket: vectorBucket(c),
    // signatureUrlV4 takes the object name as given (no leading-slash stripping).
    key: typeof object === 'string' && object !== '' ? object : undefined,
    ...vectorScope(c),
    additionalHeaders: (input.extra['additionalHeaders'] as string[] | null) ?? undefined,
    expiresInSeconds: input.extra['expires'] as number,
    query: (input.query ?? undefined) as OssParams | undefined,
    headers: input.headers ?? undefined,
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
  const aliOss = presign(c, 'ali-oss');
  expect(aliOss.canonicalRequest).toBe(output.canonicalRequest);
  expect(aliOss.stringToSign).toBe(output.stringToSign);
  expect(aliOss.signature).toBe(output.signature);
  if (output.query !== null) expect(aliOss.query).toEqual(output.query);
  if (output.url !== null) expect(aliOss.url).toBe(output.url);

  const result = presign(c, undefined);
  const expected = isDivergence(c)
    ? documentedCounterpart(c)
    : { canonicalRequest: output.canonicalRequest, stringToSign: output.stringToSign, signature: output.signature };
  if (isDivergence(c)) expect(expected.canonicalRequest).not.toBe(output.canonicalRequest);
  expect(result.canonicalRequest).toBe(expected.canonicalRequest);
  expect(result.stringToSign).toBe(expected.stringToSign);
  expect(result.signature).toBe(expected.signature);
  // Only x-oss-signature differs on the wire.
  if (output.query !== null) {
    const query = output.query.map(([k, v]): [string, string] => [k, k === 'x-oss-signature' ? expected.signature : v]);
    expect(result.query).toEqual(query);
  }
  if (output.url !== null) expect(result.url).toBe(output.url.replace(output.signature, expected.signature));

  // Whoever uses the URL sends the signed headers with it.
  const lookup = (id: string) => (id === input.accessKeyId ? input.accessKeySecret : undefined);
  const options = { now: () => new Date(input.time) };
  const headers = input.headers ?? {};
  expectAccepted(verifyOssV4(receivedOf(c, output.url ?? aliOss.url, headers), lookup, options), input.accessKeyId);
  expectAccepted(verifyOssV4(receivedOf(c, result.url, headers), lookup, options), input.accessKeyId);
};
