import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpRequest } from '../../src/http/http-client';
import type { Logger } from '../../src/logging/logger';
import { popError, reply, type ScriptedServer, startScriptedServer } from './scripted-server';
import { FAKE_SECRET, FAKE_TOKEN, fakeSleep, testSigner } from './test-signer';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function captureLogger() {
  const lines: Array<{ level: string; message: string; data: Record<string, unknown> | undefined }> = [];
  const at =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      lines.push({ level, message, data });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('logging', () => {
  it('writes one debug line per attempt with the facts and none of the secrets', async () => {
    server = await startScriptedServer([
      reply(503, popError('ServiceUnavailable', 'busy', 'REQ-1'), { 'content-type': 'application/json' }),
      reply(200, '{}', { 'content-type': 'application/json', 'x-acs-request-id': 'REQ-2' }),
    ]);
    const { logger, lines } = captureLogger();
    const signer = testSigner();
    const client = createHttpClient({ logger, retry: { sleep: fakeSleep().sleep, random: () => 0.5 } });
    const querySignature = 'QuerySignatureValue0123456789abcdef';
    await client.send({
      service: 'sts',
      operation: 'GetCallerIdentity',
      method: 'GET',
      url: server.url('/v1/identity'),
      sign: (request, context) => {
        const signed = signer.sign(request, context);
        return { ...signed, url: `${signed.url}?Signature=${querySignature}&SecurityToken=${FAKE_TOKEN}` };
      },
    });

    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.level === 'debug')).toBe(true);
    const [first, second] = lines;
    expect(first?.message).toBe(
      'sts GetCallerIdentity attempt 1: 503 ServiceUnavailable, retrying in 50 ms in ' +
        first?.data?.durationMs +
        ' ms',
    );
    expect(first?.data).toMatchObject({
      service: 'sts',
      operation: 'GetCallerIdentity',
      method: 'GET',
      host: new URL(server.origin).host,
      path: '/v1/identity',
      attempt: 1,
      status: 503,
      requestId: 'REQ-1',
      code: 'ServiceUnavailable',
      retryable: true,
      delayMs: 50,
    });
    expect(second?.data).toMatchObject({ attempt: 2, status: 200, requestId: 'REQ-2' });
    expect(typeof second?.data?.durationMs).toBe('number');

    // What the server saw is what must not be logged.
    const sent = server.requests[0]!;
    const secrets = [
      FAKE_SECRET,
      FAKE_TOKEN,
      querySignature,
      String(sent.headers.authorization),
      String(sent.headers['x-test-nonce']),
    ];
    const everything = JSON.stringify(lines);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything.toLowerCase()).not.toContain('authorization');
  });

  it('logs a network failure without the URL query', async () => {
    server = await startScriptedServer([(req) => req.socket.destroy()]);
    const { logger, lines } = captureLogger();
    const client = createHttpClient({ logger, retry: { maxAttempts: 1 } });
    await expect(
      client.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: server.url(`/k?security-token=${FAKE_TOKEN}`),
      }),
    ).rejects.toMatchObject({ code: 'ERR_NETWORK' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.data).toMatchObject({ code: 'ERR_NETWORK', path: '/k', attempt: 1 });
    expect(JSON.stringify(lines)).not.toContain(FAKE_TOKEN);
  });

  it('survives a logger that throws', async () => {
    server = await startScriptedServer([reply(200)]);
    const explode = () => {
      throw new Error('logger down');
    };
    const client = createHttpClient({ logger: { debug: explode, info: explode, warn: explode, error: explode } });
    const res = await client.send({ service: 'oss', operation: 'GetObject', method: 'GET', url: server.url('/k') });
    expect(res.status).toBe(200);
  });
});

describe('plain http', () => {
  function countingFetch() {
    const calls: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      calls.push(String(input));
      return new Response('ok', { status: 200 });
    };
    return { fetch: fetch as typeof globalThis.fetch, calls };
  }

  it('refuses http: to a non-loopback host before any I/O, naming the option', async () => {
    const { fetch, calls } = countingFetch();
    let signed = 0;
    const client = createHttpClient({ fetch });
    const call = client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: 'http://oss-cn-hangzhou.aliyuncs.com/k',
      sign: (r) => {
        signed++;
        return r;
      },
    });
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(/allowInsecureConnection: true/);
    expect(calls).toEqual([]);
    expect(signed).toBe(0);
  });

  it('allows it with allowInsecureConnection: true', async () => {
    const { fetch, calls } = countingFetch();
    const client = createHttpClient({ fetch, allowInsecureConnection: true });
    const res = await client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: 'http://oss-cn-hangzhou.aliyuncs.com/k',
    });
    expect(res.text()).toBe('ok');
    expect(calls).toEqual(['http://oss-cn-hangzhou.aliyuncs.com/k']);
  });

  it('refuses a signer that moves the request to plain http', async () => {
    const { fetch, calls } = countingFetch();
    const client = createHttpClient({ fetch });
    await expect(
      client.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: 'https://oss-cn-hangzhou.aliyuncs.com/k',
        sign: (r) => ({ ...r, url: 'http://oss-cn-hangzhou.aliyuncs.com/k' }),
      }),
    ).rejects.toThrow(/allowInsecureConnection/);
    expect(calls).toEqual([]);
  });
});

describe('argument checks', () => {
  const base: HttpRequest = { service: 'oss', operation: 'GetObject', method: 'GET', url: 'https://example.invalid/' };

  it('rejects wrong requests with TypeError/RangeError and no I/O', async () => {
    const calls: unknown[] = [];
    const fetch = (async (...args: unknown[]) => {
      calls.push(args);
      return new Response('');
    }) as typeof globalThis.fetch;
    const client = createHttpClient({ fetch });
    const bad: Array<[Partial<HttpRequest>, ErrorConstructor, RegExp]> = [
      [{ service: '' }, TypeError, /service/],
      [{ method: 'GE T' }, TypeError, /method/],
      [{ body: 'x' }, TypeError, /not allowed with GET/],
      [{ method: 'PUT', body: 42 as unknown as string }, TypeError, /body/],
      [{ headers: { 'x-a': 'b\nc' } }, TypeError, /CR or LF/],
      [{ timeoutMs: 0 }, RangeError, /timeoutMs/],
      [{ sign: 'nope' as unknown as HttpRequest['sign'] }, TypeError, /sign/],
      [{ url: 'ftp://example.invalid/' }, TypeError, /https: or http:/],
      [{ idempotent: 'yes' as unknown as boolean }, TypeError, /idempotent/],
    ];
    for (const [patch, type, pattern] of bad) {
      const call = client.send({ ...base, ...patch });
      await expect(call).rejects.toBeInstanceOf(type);
      await expect(call).rejects.toThrow(pattern);
    }
    expect(calls).toEqual([]);
  });

  it('rejects wrong client options at construction', () => {
    expect(() => createHttpClient({ timeoutMs: -1 })).toThrow(RangeError);
    expect(() => createHttpClient({ retry: { maxAttempts: 0 } })).toThrow(RangeError);
    expect(() => createHttpClient({ clockOffsetMs: Number.NaN })).toThrow(RangeError);
  });
});
