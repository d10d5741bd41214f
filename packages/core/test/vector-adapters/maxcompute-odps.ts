import { expect } from 'vitest';
import { type MaxComputeQueryValue, signMaxCompute, verifyMaxCompute } from '../../src/signing/maxcompute';
import type { ReceivedRequest } from '../../src/signing/types';
import { type VectorChecker, vectorBodyBytes } from '../vector-types';

export const algorithm = 'maxcompute-odps';

const UNSIGNED = new Set(['user-agent', 'x-sdk-client']);
const withoutUnsigned = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !UNSIGNED.has(k.toLowerCase())));

interface MaxComputeExtra {
  endpoint: string;
  requestUrl?: string | null;
  signatureVersion?: string | null;
  userAgent?: string | null;
  signaturePrefix?: string | null;
}

export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const extra = input.extra as unknown as MaxComputeExtra;
  // 'v2-legacy' signs the legacy form; every v4 variant signs v4 when a region is known (given, or
  // parsed from the endpoint) and falls back to legacy otherwise, as PyODPS does.
  const legacy = !/^v4/i.test(extra.signatureVersion ?? 'v4');
  const time = new Date(input.time);
  const result = signMaxCompute({
    method: input.method,
    endpoint: extra.endpoint,
    url: extra.requestUrl ?? undefined,
    path: input.path,
    query: (input.query ?? undefined) as Record<string, MaxComputeQueryValue> | undefined,
    headers: Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k, String(v)])),
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date: time,
    signatureVersion: legacy ? 'legacy' : 'auto',
    region: input.region ?? undefined,
    userAgent: extra.userAgent ?? undefined,
    signaturePrefix: extra.signaturePrefix ?? undefined,
    // PyODPS stamps the STS account's load time; the generator's clock was fixed at input.time.
    tokenRefreshTime: time,
  });

  expect(result.stringToSign).toBe(output.stringToSign);
  expect(result.signature).toBe(output.signature);
  if (output.authorization !== null) expect(result.authorization).toBe(output.authorization);
  if (output.headers !== null) expect(withoutUnsigned(result.headers)).toEqual(withoutUnsigned(output.headers));
  if (output.url !== null) expect(result.url).toBe(output.url);

  const url = output.url ?? result.url;
  const rawHeaders = Object.entries(output.headers ?? result.headers).flat();
  rawHeaders.push('Authorization', output.authorization ?? result.authorization);
  const req: ReceivedRequest = {
    method: input.method,
    url: url.replace(/^[a-z]+:\/\/[^/]+/i, '') || '/',
    rawHeaders,
    body: vectorBodyBytes(input.body),
  };
  const dateHeader = Object.entries(output.headers ?? result.headers).find(([k]) => k.toLowerCase() === 'date')?.[1];
  const skew = dateHeader ? Math.abs(Date.parse(dateHeader) - time.getTime()) : 0;
  const verdict = verifyMaxCompute(req, (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined), {
    now: () => time,
    // A caller-given Date far from the clock is still a valid signature; only the freshness check differs.
    maxSkewMs: Math.max(900_000, skew + 1000),
    pathPrefix: new URL(extra.endpoint).pathname.replace(/\/+$/, ''),
    signaturePrefix: extra.signaturePrefix ?? undefined,
  });
  expect(verdict).toMatchObject({ ok: true, accessKeyId: input.accessKeyId, stringToSign: output.stringToSign });
};
