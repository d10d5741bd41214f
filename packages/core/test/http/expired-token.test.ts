import { afterEach, describe, expect, it } from 'vitest';
import { isSdkError } from '../../src/errors/sdk-error';
import { createHttpClient } from '../../src/http/http-client';
import { popError, type ScriptedServer, type Step, startScriptedServer } from './scripted-server';
import { fakeSleep, testSigner } from './test-signer';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Accepts only the given token; any other gets the POP expired-token error. */
function acceptsToken(valid: string): Step {
  return (_req, res, recorded) => {
    const ok = recorded.headers['x-acs-security-token'] === valid;
    res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
    res.end(
      ok ? '{"RequestId":"OK"}' : popError('InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'),
    );
  };
}

describe('expired-token hook', () => {
  it('refreshes once, re-signs with the new token and succeeds (even for a POST)', async () => {
    server = await startScriptedServer(acceptsToken('token-v2'));
    let token = 'token-v1';
    let refreshes = 0;
    const signer = testSigner({ token: () => token });
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const res = await client.send({
      service: 'ecs',
      operation: 'RunInstances',
      method: 'POST',
      url: server.url('/'),
      sign: signer.sign,
      onExpiredToken: async () => {
        refreshes++;
        token = 'token-v2';
      },
    });
    expect(res.requestId).toBe('OK');
    expect(refreshes).toBe(1);
    expect(server.requests.map((r) => r.headers['x-acs-security-token'])).toEqual(['token-v1', 'token-v2']);
    expect(signer.calls.map((c) => c.attempt)).toEqual([1, 2]);
  });

  it('calls the hook only once per call and then throws the service error', async () => {
    server = await startScriptedServer(acceptsToken('never'));
    let refreshes = 0;
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    try {
      await client.send({
        service: 'ecs',
        operation: 'DescribeInstances',
        method: 'GET',
        url: server.url('/'),
        sign: testSigner().sign,
        onExpiredToken: async () => {
          refreshes++;
        },
      });
      expect.unreachable();
    } catch (error) {
      expect(isSdkError(error) && error.code).toBe('InvalidSecurityToken.Expired');
    }
    expect(refreshes).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('without a hook the error is thrown at once', async () => {
    server = await startScriptedServer(acceptsToken('never'));
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    await expect(
      client.send({
        service: 'ecs',
        operation: 'DescribeInstances',
        method: 'GET',
        url: server.url('/'),
        sign: testSigner().sign,
      }),
    ).rejects.toMatchObject({ code: 'InvalidSecurityToken.Expired', status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('takes a custom predicate (e.g. OSS answering InvalidAccessKeyId for an expired STS key)', async () => {
    server = await startScriptedServer((_req, res, recorded) => {
      const ok = recorded.headers['x-acs-security-token'] === 'fresh';
      res.writeHead(ok ? 200 : 403, { 'content-type': 'application/xml' });
      res.end(ok ? '' : '<Error><Code>InvalidAccessKeyId</Code><Message>does not exist</Message></Error>');
    });
    let token = 'stale';
    const client = createHttpClient();
    const res = await client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: server.url('/k'),
      sign: testSigner({ token: () => token }).sign,
      isExpiredToken: (error) => error.code === 'InvalidAccessKeyId',
      onExpiredToken: async () => {
        token = 'fresh';
      },
    });
    expect(res.attempts).toBe(2);
  });

  it('a failing refresh rejects the call with the refresh’s error', async () => {
    server = await startScriptedServer(acceptsToken('never'));
    const client = createHttpClient();
    const failure = new Error('sts unreachable');
    await expect(
      client.send({
        service: 'ecs',
        operation: 'DescribeInstances',
        method: 'GET',
        url: server.url('/'),
        sign: testSigner().sign,
        onExpiredToken: async () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
  });
});
