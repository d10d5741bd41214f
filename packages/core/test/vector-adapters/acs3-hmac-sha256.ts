import { expect } from 'vitest';
import { type Acs3Body, type Acs3QueryValue, signAcs3, verifyAcs3 } from '../../src/signing/acs3';
import { stringifyQuery } from '../../src/signing/encoding';
import { getHeader } from '../../src/signing/received';
import { parseSigningDate } from '../../src/signing/time';
import { expectOutputFields, rawHeadersOf } from '../crosscheck/pop-helpers';
import { type VectorCase, type VectorChecker, vectorBodyBytes } from '../vector-types';

export const algorithm = 'acs3-hmac-sha256';

/** The body as openapi-client received it: `bodyObject` serialised per `reqBodyType`, or the raw bytes. */
function bodyOf(c: VectorCase): Acs3Body | undefined {
  const { extra } = c.input;
  const bodyObject = extra['bodyObject'];
  const bytes = vectorBodyBytes(c.input.body);
  if (extra['reqBodyType'] === 'byte') {
    if (bytes) return { type: 'bytes', value: bytes };
    return typeof bodyObject === 'string' ? { type: 'bytes', value: Buffer.from(bodyObject, 'base64') } : undefined;
  }
  if (bodyObject === null || bodyObject === undefined) {
    return bytes ? { type: 'bytes', value: bytes } : undefined;
  }
  if (extra['reqBodyType'] === 'json') return { type: 'json', value: bodyObject };
  return { type: 'form', value: bodyObject as Record<string, unknown> };
}

/**
 * Replays an openapi-client 0.4.15 case. The credential provider name is not an input of the
 * schema: openapi-client names static credentials `static_ak` / `static_sts` (an explicit
 * `extra.credentialsProvider` wins).
 */
export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const { extra } = input;
  const date = new Date(input.time);
  const provider =
    typeof extra['credentialsProvider'] === 'string'
      ? extra['credentialsProvider']
      : input.securityToken
        ? 'static_sts'
        : 'static_ak';
  const result = signAcs3({
    method: input.method,
    host: input.host,
    pathname: input.path,
    query: (input.query ?? {}) as Record<string, Acs3QueryValue>,
    headers: input.headers ?? {},
    body: bodyOf(c),
    action: String(extra['action']),
    version: String(extra['apiVersion']),
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date,
    nonce: input.nonce ?? '',
    credentialsProvider: provider,
  });
  // The query is listed as text; a set copied from the request object may keep a number or null there.
  const outputQuery = output.query?.map(([k, v]): [string, string] => [k, v === null ? '' : String(v)]) ?? null;
  expectOutputFields({ ...result }, { ...output, query: outputQuery });
  const inputBody = vectorBodyBytes(input.body);
  if (inputBody) expect(Buffer.from(result.body).equals(inputBody), 'serialised body').toBe(true);

  const query = outputQuery ?? result.query;
  const received = {
    method: input.method,
    url: query.length > 0 ? `${input.path}?${stringifyQuery(query)}` : input.path,
    rawHeaders: rawHeadersOf(output.headers ?? result.headers, [
      ['Authorization', output.authorization ?? result.authorization],
    ]),
    body: result.body,
  };
  const lookup = (id: string) => (id === input.accessKeyId ? input.accessKeySecret : undefined);
  // A caller header may override x-acs-date; the verifier judges skew against the date signed.
  const signedDate = parseSigningDate(getHeader(received, 'x-acs-date') ?? '');
  const atInputTime = verifyAcs3(received, lookup, { now: () => date });
  if (!signedDate || Math.abs(signedDate.getTime() - date.getTime()) > 900_000) {
    expect(atInputTime).toMatchObject({ ok: false, reason: 'RequestTimeTooSkewed' });
  } else {
    expect(atInputTime).toMatchObject({ ok: true, stringToSign: output.stringToSign });
  }
  if (!signedDate) return;
  const verified = verifyAcs3(received, lookup, { now: () => signedDate });
  expect(verified).toMatchObject({ ok: true, accessKeyId: input.accessKeyId, stringToSign: output.stringToSign });
};
