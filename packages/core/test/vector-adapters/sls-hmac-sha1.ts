import { expect } from 'vitest';
import { percentEncodePath } from '../../src/signing/encoding';
import { type SlsQueryValue, signSls, verifySls } from '../../src/signing/sls';
import type { ReceivedRequest } from '../../src/signing/types';
import { type VectorChecker, vectorBodyBytes } from '../vector-types';

export const algorithm = 'sls-hmac-sha1';

const UNSIGNED = new Set(['user-agent', 'x-sdk-client']);
const withoutUnsigned = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !UNSIGNED.has(k.toLowerCase())));

export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const body = vectorBodyBytes(input.body);
  const result = signSls({
    method: input.method,
    host: input.host,
    path: input.path,
    // `null` stands for "no query object" (no `?` on the URL); `{}` keeps the reference's bare `?`.
    query: (input.query ?? undefined) as Record<string, SlsQueryValue> | undefined,
    headers: Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k, String(v)])),
    body,
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date: new Date(input.time),
    // The vector input carries no scheme; `@alicloud/log` defaults to http.
    protocol: 'http',
  });

  expect(result.stringToSign).toBe(output.stringToSign);
  expect(result.signature).toBe(output.signature);
  if (output.authorization !== null) expect(result.authorization).toBe(output.authorization);
  if (output.headers !== null) expect(withoutUnsigned(result.headers)).toEqual(withoutUnsigned(output.headers));
  if (output.query !== null) expect(result.query).toEqual(output.query);
  if (output.url !== null) expect(result.url).toBe(output.url);

  // The same request as a server receives it must pass the verifier. The reference writes the path
  // raw into its URL; on the wire it goes percent-encoded (a raw "?", "#" or "%41" would not survive).
  const url = output.url ?? result.url;
  const prefix = url.replace(/^([a-z]+:\/\/[^/]+).*$/is, '$1') + input.path;
  const suffix = url.startsWith(prefix) ? url.slice(prefix.length) : '';
  const rawHeaders = Object.entries(output.headers ?? result.headers).flat();
  rawHeaders.push('authorization', output.authorization ?? result.authorization);
  const req: ReceivedRequest = {
    method: input.method,
    url: percentEncodePath(input.path) + suffix,
    rawHeaders,
    body,
  };
  const time = new Date(input.time);
  const dateHeader = (output.headers ?? result.headers)['date'];
  const skew = dateHeader ? Math.abs(Date.parse(dateHeader) - time.getTime()) : 0;
  const verdict = verifySls(req, (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined), {
    now: () => time,
    // A caller-given date far from the clock is still a valid signature; only the freshness check differs.
    maxSkewMs: Math.max(900_000, skew + 1000),
  });
  expect(verdict).toMatchObject({ ok: true, accessKeyId: input.accessKeyId, stringToSign: output.stringToSign });
};
