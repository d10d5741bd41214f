import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isSdkError, type SdkError } from '../../src/errors/sdk-error';
import { createHttpClient } from '../../src/http/http-client';
import { createRetryBudget } from '../../src/http/retry-budget';
import {
  popError,
  reply,
  resetConnection,
  type ScriptedServer,
  startScriptedServer,
  xmlError,
} from './scripted-server';
import { fakeSleep, testSigner } from './test-signer';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    if (isSdkError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const json = { 'content-type': 'application/json;charset=utf-8' };

describe('retrying transient failures', () => {
  it('503, 503, 200 succeeds on the third attempt, re-signed each time with a new date and nonce', async () => {
    server = await startScriptedServer([
      reply(503, popError('ServiceUnavailable'), json),
      reply(503, popError('ServiceUnavailable'), json),
      reply(200, '{"RequestId":"BODY-ID","Arn":"acs:ram::123456789012:user/x"}', {
        ...json,
        'x-acs-request-id': 'REQ-3',
      }),
    ]);
    let clock = Date.parse('2026-11-26T10:00:00.000Z');
    const { sleep, delays } = fakeSleep();
    const tick = () => {
      clock += 1000;
      return new Date(clock);
    };
    const client = createHttpClient({ now: tick, retry: { sleep, random: () => 0.5 } });
    const signer = testSigner();

    const res = await client.send({
      service: 'sts',
      operation: 'GetCallerIdentity',
      method: 'GET',
      url: server.url('/?Action=GetCallerIdentity'),
      sign: signer.sign,
    });

    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(res.requestId).toBe('REQ-3');
    expect(res.json<{ Arn: string }>().Arn).toContain('user/x');
    expect(server.requests).toHaveLength(3);
    expect(signer.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const dates = server.requests.map((r) => r.headers['x-test-date']);
    const nonces = server.requests.map((r) => r.headers['x-test-nonce']);
    expect(new Set(dates).size).toBe(3);
    expect(new Set(nonces).size).toBe(3);
    expect(dates).toEqual(signer.calls.map((c) => c.now.toISOString()));
    // Full jitter with random 0.5: half of 100 ms, then half of 200 ms.
    expect(delays).toEqual([50, 100]);
  });

  it('gives up after maxAttempts with the last service error', async () => {
    server = await startScriptedServer([reply(503, xmlError('ServiceUnavailable', 'busy', 'OSS-ID-1'))]);
    const { sleep, delays } = fakeSleep();
    const client = createHttpClient({ retry: { sleep, maxAttempts: 4 } });
    const error = await rejection(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') }),
    );
    expect(error).toMatchObject({ code: 'ServiceUnavailable', status: 503, requestId: 'OSS-ID-1', retryable: true });
    expect(server.requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
  });

  it('retries a 400 carrying a throttling code, even for a POST (the service did not act on it)', async () => {
    server = await startScriptedServer([
      reply(400, popError('Throttling.User', 'Request was denied due to user flow control.'), json),
      reply(200, '{"RequestId":"OK"}', json),
    ]);
    const { sleep } = fakeSleep();
    const client = createHttpClient({ retry: { sleep } });
    const res = await client.send({
      service: 'cms',
      operation: 'PutCustomMetric',
      method: 'POST',
      url: server.url('/'),
      body: 'x=1',
    });
    expect(res.attempts).toBe(2);
    expect(res.requestId).toBe('OK');
    expect(server.requests.map((r) => r.body.toString())).toEqual(['x=1', 'x=1']);
  });

  it('retries an SLS quota error (403 ShardWriteQuotaExceed)', async () => {
    server = await startScriptedServer([
      reply(403, JSON.stringify({ errorCode: 'ShardWriteQuotaExceed', errorMessage: 'shard write quota exceed' }), {
        ...json,
        'x-log-requestid': 'SLS-1',
      }),
      reply(200, '', { 'x-log-requestid': 'SLS-2' }),
    ]);
    const { sleep } = fakeSleep();
    const client = createHttpClient({ retry: { sleep } });
    const res = await client.send({
      service: 'sls',
      operation: 'PutLogs',
      method: 'POST',
      url: server.url('/logstores/ls/shards/lb'),
      body: new Uint8Array([1, 2, 3]),
    });
    expect(res.requestId).toBe('SLS-2');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a client error', async () => {
    server = await startScriptedServer([reply(404, xmlError('NoSuchKey', 'The specified key does not exist.'))]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const error = await rejection(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/missing') }),
    );
    expect(error.code).toBe('NoSuchKey');
    expect(error.message).toBe(
      'oss GetObject failed: NoSuchKey (404), requestId=5C8F7B2CDDD9CB2E202D4FD8: The specified key does not exist.',
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('idempotency', () => {
  it('does not repeat a POST after a 503', async () => {
    server = await startScriptedServer([reply(503, popError('ServiceUnavailable'), json), reply(200, '{}', json)]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const error = await rejection(
      client.send({ service: 'dts', operation: 'CreateDtsInstance', method: 'POST', url: server.url('/') }),
    );
    expect(error).toMatchObject({ code: 'ServiceUnavailable', status: 503, retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('repeats a POST the caller marks idempotent (it carries a ClientToken)', async () => {
    server = await startScriptedServer([reply(503, popError('ServiceUnavailable'), json), reply(200, '{}', json)]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const res = await client.send({
      service: 'dts',
      operation: 'CreateDtsInstance',
      method: 'POST',
      url: server.url('/?ClientToken=abc'),
      idempotent: true,
    });
    expect(res.attempts).toBe(2);
  });

  it('never repeats a streamed body', async () => {
    server = await startScriptedServer([reply(503, xmlError('ServiceUnavailable')), reply(200)]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const error = await rejection(
      client.send({ service: 'oss', operation: 'PutObject', method: 'PUT', url: server.url('/k'), body }),
    );
    expect(error.code).toBe('ServiceUnavailable');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.toString()).toBe('streamed');
  });
});

describe('network failures', () => {
  it('retries a connection the server resets', async () => {
    server = await startScriptedServer([resetConnection(), reply(200, 'fine')]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const res = await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') });
    expect(res.text()).toBe('fine');
    expect(server.requests).toHaveLength(2);
  });

  it('reports ERR_NETWORK with the cause once attempts run out', async () => {
    server = await startScriptedServer([resetConnection()]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const error = await rejection(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') }),
    );
    expect(error).toMatchObject({ code: 'ERR_NETWORK', retryable: true, status: undefined });
    expect(error.message).toMatch(/^oss GetObject failed: ERR_NETWORK: connection (closed|reset) by the server/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(3);
  });

  it('does not repeat a POST whose connection was reset (the server may have acted on it)', async () => {
    server = await startScriptedServer([resetConnection(), reply(200)]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const error = await rejection(
      client.send({ service: 'sls', operation: 'PutLogs', method: 'POST', url: server.url('/'), body: 'x' }),
    );
    expect(error.code).toBe('ERR_NETWORK');
    expect(server.requests).toHaveLength(1);
  });

  it('repeats even a POST when the connection was refused (nothing was sent)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { sleep, delays } = fakeSleep();
    const client = createHttpClient({ retry: { sleep } });
    const error = await rejection(
      client.send({ service: 'sts', operation: 'AssumeRole', method: 'POST', url: `http://127.0.0.1:${port}/` }),
    );
    expect(error.code).toBe('ERR_NETWORK');
    expect(error.message).toContain('connection refused (ECONNREFUSED)');
    expect(delays).toHaveLength(2);
  });
});

describe('Retry-After', () => {
  it('waits what Retry-After says (seconds), capped at maxDelayMs', async () => {
    server = await startScriptedServer([
      reply(429, '', { 'retry-after': '1' }),
      reply(429, '', { 'retry-after': '120' }),
      reply(200),
    ]);
    const { sleep, delays } = fakeSleep();
    const client = createHttpClient({ retry: { sleep, maxDelayMs: 2000 } });
    const res = await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') });
    expect(res.attempts).toBe(3);
    expect(delays).toEqual([1000, 2000]);
  });

  it('reads an HTTP-date Retry-After against the server’s Date, and x-acs-retry-after in ms', async () => {
    const serverNow = new Date(Date.now() + 7_200_000); // the server clock is 2 h ahead
    const later = new Date(serverNow.getTime() + 3000);
    server = await startScriptedServer([
      reply(503, xmlError('ServiceUnavailable'), { date: serverNow.toUTCString(), 'retry-after': later.toUTCString() }),
      reply(503, xmlError('ServiceUnavailable'), { 'x-acs-retry-after': '250' }),
      reply(200),
    ]);
    const { sleep, delays } = fakeSleep();
    const client = createHttpClient({ retry: { sleep } });
    await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') });
    expect(delays).toEqual([3000, 250]);
  });

  it('really waits about a second for 429 with Retry-After: 1', async () => {
    server = await startScriptedServer([reply(429, '', { 'retry-after': '1' }), reply(200, 'done')]);
    const client = createHttpClient();
    const started = performance.now();
    const res = await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') });
    const elapsed = performance.now() - started;
    expect(res.text()).toBe('done');
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
  });
});

describe('retry budget', () => {
  it('stops retrying when the shared budget is spent and earns it back on success', async () => {
    server = await startScriptedServer((_req, res, _rec, index) => {
      // Requests 0 and 2 fail, 1 succeeds.
      const status = index === 1 ? 200 : 503;
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(status === 200 ? '' : xmlError('ServiceUnavailable'));
    });
    const budget = createRetryBudget({ capacity: 5, retryCost: 5, successReward: 1 });
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep, budget } });
    await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/a') });
    expect(budget.available).toBe(1);
    const error = await rejection(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/b') }),
    );
    expect(error.code).toBe('ServiceUnavailable');
    expect(server.requests).toHaveLength(3);
  });
});

describe('redirects', () => {
  it('does not follow them: the signed headers must not go to another host', async () => {
    server = await startScriptedServer([reply(302, '', { location: 'http://127.0.0.1:1/elsewhere' })]);
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    const error = await rejection(
      client.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: server.url('/k'),
        sign: testSigner().sign,
      }),
    );
    expect(error.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });
});
