import { expect } from 'vitest';
import { signPopRpc, verifyPopRpc } from '../../src/signing/pop-rpc';
import { expectOutputFields, popCoreParamsView, rawHeadersOf } from '../crosscheck/pop-helpers';
import type { VectorChecker } from '../vector-types';

export const algorithm = 'pop-rpc-hmac-sha1';

/**
 * Replays a pop-core 1.8.0 RPC case. The vectors come from pop-core, so the parameters go through
 * {@link popCoreParamsView} (its `"null"`/`[object Object]` texts), and the transport follows its
 * case-sensitive `method === 'POST'` test; everything else is our default signer path.
 */
export const check: VectorChecker = (c) => {
  const { input, output } = c;
  const extra = input.extra;
  const date = new Date(input.time);
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
    transport: input.method === 'POST' ? 'form' : 'query',
  });
  expectOutputFields({ ...result }, { ...output });

  // The same request as a server receives it must pass our verifier.
  const origin = `https://${input.host}`;
  const url = output.url ?? result.url;
  expect(url.startsWith(origin)).toBe(true);
  const verified = verifyPopRpc(
    {
      method: input.method.toUpperCase(),
      url: url.slice(origin.length),
      rawHeaders: rawHeadersOf(output.headers ?? result.headers),
      body: output.body === null ? undefined : Buffer.from(output.body, 'utf8'),
    },
    (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined),
    { now: () => date },
  );
  expect(verified).toMatchObject({ ok: true, accessKeyId: input.accessKeyId, stringToSign: output.stringToSign });
};
