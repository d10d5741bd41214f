import { expect } from 'vitest';
import { signPopRpc, verifyPopRpc } from '../../src/signing/pop-rpc';
import { parseSigningDate } from '../../src/signing/time';
import {
  expectOutputFields,
  nodeWireRawHeaders,
  popCoreParamsView,
  popCoreRpcHeadersView,
} from '../crosscheck/pop-helpers';
import type { VectorChecker } from '../vector-types';

export const algorithm = 'pop-rpc-hmac-sha1';

/**
 * Replays a pop-core 1.8.0 RPC case. The vectors come from pop-core, so the parameters go through
 * {@link popCoreParamsView} (its `"null"`/`[object Object]` texts), the headers through
 * {@link popCoreRpcHeadersView} (caller headers replace its defaults), and the transport follows
 * its case-sensitive `method === 'POST'` test; everything else is our default signer path.
 */
export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const extra = input.extra;
  const date = new Date(input.time);
  const form = input.method === 'POST';
  const result = signPopRpc({
    method: input.method,
    host: input.host,
    action: String(extra['action']),
    version: String(extra['apiVersion']),
    params: popCoreParamsView(input.query ?? {}),
    headers: input.headers ?? {},
    credentials: {
      accessKeyId: input.accessKeyId,
      accessKeySecret: input.accessKeySecret,
      securityToken: input.securityToken ?? undefined,
    },
    date,
    nonce: input.nonce ?? '',
    formatParams: extra['formatParams'] !== false,
    formatAction: extra['formatAction'] !== false,
    transport: form ? 'form' : 'query',
  });
  const headers = popCoreRpcHeadersView(result.headers, input.headers ?? {}, form);
  expectOutputFields({ ...result, headers }, { ...output });

  // The same request as a server receives it must pass our verifier. API parameters may have
  // replaced common ones (AccessKeyId, Timestamp, SignatureMethod, ...): judge what was signed.
  const origin = `https://${input.host}`;
  const url = output.url ?? result.url;
  expect(url.startsWith(origin)).toBe(true);
  const received = {
    method: input.method.toUpperCase(),
    url: url.slice(origin.length),
    rawHeaders: nodeWireRawHeaders(output.headers ?? headers),
    body: output.body === null ? undefined : Buffer.from(output.body, 'utf8'),
  };
  const signed = new Map(output.query ?? result.query);
  const accessKeyId = signed.get('AccessKeyId');
  const lookup = (id: string) => (id === accessKeyId ? input.accessKeySecret : undefined);
  const atInputTime = verifyPopRpc(received, lookup, { now: () => date });
  const version = signed.get('SignatureVersion');
  if (signed.get('SignatureMethod') !== 'HMAC-SHA1' || (version !== undefined && version !== '1.0')) {
    expect(atInputTime).toMatchObject({ ok: false, reason: 'InvalidAuthorization' });
    return;
  }
  const signedDate = parseSigningDate(signed.get('Timestamp') ?? '');
  if (!signedDate || Math.abs(signedDate.getTime() - date.getTime()) > 900_000) {
    expect(atInputTime).toMatchObject({ ok: false, reason: 'RequestTimeTooSkewed' });
  } else {
    expect(atInputTime).toMatchObject({ ok: true, accessKeyId, stringToSign: output.stringToSign });
  }
  if (!signedDate) return;
  const verified = verifyPopRpc(received, lookup, { now: () => signedDate });
  expect(verified).toMatchObject({ ok: true, accessKeyId, stringToSign: output.stringToSign });
};
