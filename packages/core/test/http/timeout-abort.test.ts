import { afterEach, describe, expect, it } from 'vitest';
import { isSdkError } from '../../src/errors/sdk-error';
import { createHttpClient } from '../../src/http/http-client';
import { delayed, reply, type ScriptedServer, stallBody, startScriptedServer, xmlError } from './scripted-server';
import { fakeSleep } from './test-signer';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('per-attempt timeout', () => {
  it('gives ERR_TIMEOUT (retryable) when the response is slower than timeoutMs', async () => {
    server = await startScriptedServer([delayed(2000, reply(200, 'late'))]);
    const client = createHttpClient({ retry: { maxAttempts: 1 } });
    const started = performance.now();
    const error = await caught(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k'), timeoutMs: 100 }),
    );
    expect(performance.now() - started).toBeLessThan(1500);
    expect(isSdkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', retryable: true });
    expect((error as Error).message).toBe('oss GetObject failed: ERR_TIMEOUT: no complete response within 100 ms');
  });

  it('covers reading the body too', async () => {
    server = await startScriptedServer([stallBody(200)]);
    const client = createHttpClient({ timeoutMs: 100, retry: { maxAttempts: 1 } });
    const error = await caught(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') }),
    );
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', status: 200 });
  });

  it('retries a timed-out attempt, each attempt with its own limit', async () => {
    server = await startScriptedServer([delayed(2000, reply(200, 'late')), reply(200, 'quick')]);
    const client = createHttpClient({ timeoutMs: 100, retry: { sleep: fakeSleep().sleep } });
    const res = await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') });
    expect(res.text()).toBe('quick');
    expect(res.attempts).toBe(2);
  });

  it('does not repeat a timed-out POST', async () => {
    server = await startScriptedServer([delayed(2000, reply(200))]);
    const client = createHttpClient({ timeoutMs: 100, retry: { sleep: fakeSleep().sleep } });
    const error = await caught(
      client.send({ service: 'sts', operation: 'AssumeRole', method: 'POST', url: server.url('/') }),
    );
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('abort', () => {
  it('rejects with signal.reason unchanged while sleeping between attempts', async () => {
    server = await startScriptedServer([reply(503, xmlError('ServiceUnavailable'), { 'retry-after': '10' })]);
    const client = createHttpClient();
    const controller = new AbortController();
    const reason = { reason: 'user pressed cancel' };
    const started = performance.now();
    const call = client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: server.url('/k'),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 150);
    expect(await caught(call)).toBe(reason);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('stops waiting even when an injected sleep ignores the signal', async () => {
    server = await startScriptedServer([reply(503, xmlError('ServiceUnavailable'))]);
    const client = createHttpClient({ retry: { sleep: () => new Promise<void>(() => {}) } });
    const controller = new AbortController();
    const call = client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: server.url('/k'),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort('stop'), 50);
    expect(await caught(call)).toBe('stop');
  });

  it('rejects with signal.reason during the request', async () => {
    server = await startScriptedServer([delayed(5000, reply(200))]);
    const client = createHttpClient();
    const controller = new AbortController();
    const reason = new Error('deadline');
    setTimeout(() => controller.abort(reason), 50);
    const error = await caught(
      client.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: server.url('/k'),
        signal: controller.signal,
      }),
    );
    expect(error).toBe(reason);
  });

  it('makes no request when the signal is already aborted', async () => {
    server = await startScriptedServer([reply(200)]);
    const client = createHttpClient();
    const reason = new Error('already');
    let signed = false;
    const error = await caught(
      client.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: server.url('/k'),
        signal: AbortSignal.abort(reason),
        sign: (r) => {
          signed = true;
          return r;
        },
      }),
    );
    expect(error).toBe(reason);
    expect(signed).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it('a whole-call deadline is a signal: AbortSignal.timeout rejects with its TimeoutError', async () => {
    server = await startScriptedServer([reply(503, xmlError('ServiceUnavailable'), { 'retry-after': '5' })]);
    const client = createHttpClient();
    const signal = AbortSignal.timeout(200);
    const error = await caught(
      client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k'), signal }),
    );
    expect(error).toBe(signal.reason);
    expect((error as DOMException).name).toBe('TimeoutError');
  });
});
