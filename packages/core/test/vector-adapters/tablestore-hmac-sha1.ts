import { expect } from 'vitest';
import { signTablestore, verifyTablestore } from '../../src/signing/tablestore';
import type { ReceivedRequest } from '../../src/signing/types';
import { type VectorChecker, vectorBodyBytes } from '../vector-types';

export const algorithm = 'tablestore-hmac-sha1';

const UNSIGNED = new Set(['user-agent', 'x-sdk-client']);
const withoutUnsigned = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !UNSIGNED.has(k.toLowerCase())));

interface TablestoreExtra {
  instanceName: string;
  operation?: string | null;
  jsonApi?: string | null;
}

export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const extra = input.extra as unknown as TablestoreExtra;
  const json = typeof extra.jsonApi === 'string' && extra.jsonApi !== '';
  const operation = json ? (extra.jsonApi as string) : (extra.operation ?? input.path.slice(1));
  const body = vectorBodyBytes(input.body) ?? Buffer.alloc(0);
  const result = signTablestore({
    // The reference endpoint is https://<instance>.<region>.ots.aliyuncs.com.
    endpoint: `https://${input.host}`,
    instanceName: extra.instanceName,
    operation,
    body,
    json,
    // The reference applies its configured extraHeaders to JSON APIs only.
    headers: json ? Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k, String(v)])) : undefined,
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date: new Date(input.time),
  });

  expect(result.path).toBe(input.path);
  expect(result.stringToSign).toBe(output.stringToSign);
  expect(result.signature).toBe(output.signature);
  if (output.headers !== null) expect(withoutUnsigned(result.headers)).toEqual(withoutUnsigned(output.headers));
  if (output.url !== null) expect(result.url).toBe(output.url);

  const rawHeaders = Object.entries(output.headers ?? result.headers).flat();
  rawHeaders.push('x-ots-signature', output.signature);
  const req: ReceivedRequest = {
    method: input.method,
    url: (output.url ?? result.url).replace(/^[a-z]+:\/\/[^/]+/i, ''),
    rawHeaders,
    body,
  };
  const time = new Date(input.time);
  const verdict = verifyTablestore(req, (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined), {
    now: () => time,
  });
  expect(verdict).toMatchObject({ ok: true, accessKeyId: input.accessKeyId, stringToSign: output.stringToSign });
};
