import { expect } from 'vitest';
import type { OssParams } from '../../src/signing/oss-common';
import { type OssCallbackOptions, presignOssV1, verifyOssV1 } from '../../src/signing/oss-v1';
import type { VectorChecker } from '../vector-types';
import { expectAccepted, receivedOf, vectorBucket } from './oss-v1-header';

export const algorithm = 'oss-v1-presign';

type Options = Record<string, unknown>;

/** The headers ali-oss `signatureUrl` signs from its options: x-oss-*, content-md5, content-type. */
function signedHeaderOptions(options: Options): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('x-oss-') || lower.startsWith('content-md5') || lower.startsWith('content-type')) {
      out[key] = String(value);
    }
  }
  return out;
}

export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const options = (input.extra['options'] ?? {}) as Options;
  const object = input.extra['object'];
  // signatureUrl strips leading slashes from the object name.
  const key = (typeof object === 'string' ? object : input.path).replace(/^\/+/, '');
  const headers = signedHeaderOptions(options);
  const token = (options['security-token'] as string | undefined) ?? input.securityToken ?? undefined;
  const result = presignOssV1({
    method: (options['method'] as string | undefined) || undefined,
    host: input.host,
    bucket: vectorBucket(c),
    key: key === '' ? undefined : key,
    expiresInSeconds: (options['expires'] as number | undefined) || undefined,
    subresources: options['subResource'] as OssParams | undefined,
    process: (options['process'] as string | undefined) || undefined,
    trafficLimit: (options['trafficLimit'] as number | undefined) || undefined,
    response: options['response'] as Record<string, string> | undefined,
    callback: options['callback'] as OssCallbackOptions | undefined,
    headers,
    credentials: { accessKeyId: input.accessKeyId, accessKeySecret: input.accessKeySecret, securityToken: token },
    date: new Date(input.time),
  });
  expect(result.stringToSign).toBe(output.stringToSign);
  expect(result.signature).toBe(output.signature);
  if (output.query !== null) expect(result.query).toEqual(output.query);
  if (output.url !== null) expect(result.url).toBe(output.url);

  // Whoever uses the URL sends the signed headers along with it.
  const verdict = verifyOssV1(
    { ...receivedOf(c, output.url ?? result.url, headers), method: (options['method'] as string) || 'GET' },
    (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined),
    { now: () => new Date(input.time) },
  );
  expectAccepted(verdict, input.accessKeyId);
};
