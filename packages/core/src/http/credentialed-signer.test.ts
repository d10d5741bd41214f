import { afterEach, describe, expect, it } from 'vitest';
import { popError, reply, type ScriptedServer, startScriptedServer } from '../../test/http/scripted-server';
import type { MemoizedCredentialProvider } from '../credentials/memoize';
import type { CredentialProviderCallOptions, Credentials } from '../credentials/types';
import { isSdkError } from '../errors/sdk-error';
import { type CredentialedSignFunction, credentialedSigner } from './credentialed-signer';
import { createHttpClient } from './http-client';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A provider handing out generation N of a temporary key until told to refresh; records every call. */
function rotatingProvider() {
  let generation = 1;
  const calls: (CredentialProviderCallOptions | undefined)[] = [];
  let refreshes = 0;
  const current = (): Credentials => ({
    accessKeyId: `STS.ExampleKey${generation}`,
    accessKeySecret: `ExampleSecret${generation}`,
    securityToken: `token-v${generation}`,
    source: 'test',
  });
  const provider = Object.assign(
    async (options?: CredentialProviderCallOptions) => {
      calls.push(options);
      return current();
    },
    {
      forceRefresh: async () => {
        refreshes++;
        generation++;
        return current();
      },
    },
  ) satisfies MemoizedCredentialProvider;
  return {
    provider,
    calls,
    get refreshes() {
      return refreshes;
    },
    rotate() {
      generation++;
    },
  };
}

/** Puts the key id and token in headers, as a real signer would put them in its signature. */
const stampCredentials: CredentialedSignFunction = (request, credentials, context) => ({
  ...request,
  headers: {
    ...request.headers,
    'x-test-key': credentials.accessKeyId,
    'x-acs-security-token': credentials.securityToken ?? '',
    'x-test-attempt': String(context.attempt),
  },
});

const noWait = { sleep: async () => {} };

describe('credentialedSigner', () => {
  it('asks the provider for credentials at every attempt, so a retry picks up rotated keys', async () => {
    const creds = rotatingProvider();
    server = await startScriptedServer((_req, res, _rec, index) => {
      if (index === 0) {
        creds.rotate(); // the token rotates while the first attempt is in flight
        reply(503, popError('ServiceUnavailable'), { 'content-type': 'application/json' })(_req, res, _rec, index);
      } else {
        reply(200, '{"RequestId":"OK"}', { 'content-type': 'application/json' })(_req, res, _rec, index);
      }
    });
    const http = createHttpClient({ retry: noWait });
    const res = await http.send({
      service: 'ecs',
      operation: 'DescribeRegions',
      method: 'GET',
      url: server.url('/'),
      ...credentialedSigner(creds.provider, stampCredentials),
    });
    expect(res.requestId).toBe('OK');
    expect(server.requests.map((r) => r.headers['x-test-key'])).toEqual(['STS.ExampleKey1', 'STS.ExampleKey2']);
    expect(server.requests.map((r) => r.headers['x-test-attempt'])).toEqual(['1', '2']);
    expect(creds.refreshes).toBe(0);
  });

  it('force-refreshes once on an expired token and repeats the call with the new credentials', async () => {
    const creds = rotatingProvider();
    server = await startScriptedServer((_req, res, recorded) => {
      const ok = recorded.headers['x-acs-security-token'] === 'token-v2';
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        ok ? '{"RequestId":"OK"}' : popError('InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'),
      );
    });
    const http = createHttpClient({ retry: noWait });
    const res = await http.send({
      service: 'ecs',
      operation: 'RunInstances',
      method: 'POST',
      url: server.url('/'),
      ...credentialedSigner(creds.provider, stampCredentials),
    });
    expect(res.requestId).toBe('OK');
    expect(creds.refreshes).toBe(1);
    expect(server.requests.map((r) => r.headers['x-acs-security-token'])).toEqual(['token-v1', 'token-v2']);
  });

  it('gives up after one refresh when the service keeps saying the token expired', async () => {
    const creds = rotatingProvider();
    server = await startScriptedServer(
      reply(400, popError('InvalidSecurityToken.Expired'), { 'content-type': 'application/json' }),
    );
    const http = createHttpClient({ retry: noWait });
    const error = await http
      .send({
        service: 'ecs',
        operation: 'RunInstances',
        method: 'POST',
        url: server.url('/'),
        ...credentialedSigner(creds.provider, stampCredentials),
      })
      .catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('InvalidSecurityToken.Expired');
    expect(creds.refreshes).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it("hands the call's signal to the provider", async () => {
    const creds = rotatingProvider();
    server = await startScriptedServer(reply(200, '{"RequestId":"OK"}', { 'content-type': 'application/json' }));
    const controller = new AbortController();
    await createHttpClient().send({
      service: 'ecs',
      operation: 'DescribeRegions',
      method: 'GET',
      url: server.url('/'),
      signal: controller.signal,
      ...credentialedSigner(creds.provider, stampCredentials),
    });
    expect(creds.calls).toEqual([{ signal: controller.signal }]);
  });

  it('stops waiting for a slow provider when the call is aborted', async () => {
    server = await startScriptedServer(reply(200, '{}'));
    const never = Object.assign(() => new Promise<Credentials>(() => {}), {
      forceRefresh: () => new Promise<Credentials>(() => {}),
    });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 10);
    await expect(
      createHttpClient().send({
        service: 'ecs',
        operation: 'DescribeRegions',
        method: 'GET',
        url: server.url('/'),
        signal: controller.signal,
        ...credentialedSigner(never, stampCredentials),
      }),
    ).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a provider without forceRefresh and a sign that is not a function', () => {
    const plain = async (): Promise<Credentials> => ({ accessKeyId: 'a', accessKeySecret: 'b', source: 'test' });
    expect(() => credentialedSigner(plain as unknown as MemoizedCredentialProvider, stampCredentials)).toThrow(
      /forceRefresh/,
    );
    expect(() =>
      credentialedSigner(rotatingProvider().provider, 'sign' as unknown as CredentialedSignFunction),
    ).toThrow(TypeError);
  });
});
