import { expect } from 'vitest';
import type { PopRoaQueryValue } from '../../src/signing/pop-roa';
import { signPopRoa, verifyPopRoa } from '../../src/signing/pop-roa';
import { parseSigningDate } from '../../src/signing/time';
import { expectOutputFields, rawHeadersOf } from '../crosscheck/pop-helpers';
import { type VectorChecker, vectorBodyBytes } from '../vector-types';

export const algorithm = 'pop-roa-hmac-sha1';

/** Replays a pop-core 1.8.0 ROA case through signPopRoa and checks the wire form with verifyPopRoa. */
export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const date = new Date(input.time);
  const body = vectorBodyBytes(input.body);
  const result = signPopRoa({
    method: input.method,
    host: input.host,
    path: input.path,
    query: (input.query ?? {}) as Record<string, PopRoaQueryValue>,
    headers: input.headers ?? {},
    body,
    version: String(input.extra['apiVersion']),
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date,
    nonce: input.nonce ?? '',
  });
  expectOutputFields({ ...result }, { ...output });

  const origin = `https://${input.host}`;
  const url = output.url ?? result.url;
  expect(url.startsWith(origin)).toBe(true);
  const headers = output.headers ?? result.headers;
  const received = {
    method: input.method,
    url: url.slice(origin.length),
    rawHeaders: rawHeadersOf(headers, [['authorization', output.authorization ?? result.authorization]]),
    body: body ?? new Uint8Array(0),
  };
  const lookup = (id: string) => (id === input.accessKeyId ? input.accessKeySecret : undefined);
  // A case may override the date header; the verifier then judges skew against that date (and
  // refuses a date it cannot read).
  const signedDate = parseSigningDate(headers['date'] ?? '');
  const atInputTime = verifyPopRoa(received, lookup, { now: () => date });
  if (!signedDate || Math.abs(signedDate.getTime() - date.getTime()) > 900_000) {
    expect(atInputTime).toMatchObject({ ok: false, reason: 'RequestTimeTooSkewed' });
  } else {
    expect(atInputTime).toMatchObject({ ok: true, stringToSign: output.stringToSign });
  }
  if (!signedDate) return;
  const verified = verifyPopRoa(received, lookup, { now: () => signedDate });
  expect(verified).toMatchObject({ ok: true, accessKeyId: input.accessKeyId, stringToSign: output.stringToSign });
};
