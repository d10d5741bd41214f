import { afterEach, describe, expect, it } from 'vitest';
import { isSdkError } from '../../src/errors/sdk-error';
import { createHttpClient } from '../../src/http/http-client';
import { type ScriptedServer, type Step, startScriptedServer, xmlError } from './scripted-server';
import { fakeSleep, testSigner } from './test-signer';

const HOUR = 3_600_000;
const MAX_SKEW = 15 * 60_000;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server whose clock runs `skewMs` ahead and which, like OSS, refuses requests dated more than 15 min off. */
function skewedOss(skewMs: number, options: { alwaysRefuse?: boolean } = {}): Step {
  return (_req, res, recorded) => {
    const serverNow = Date.now() + skewMs;
    const sent = Date.parse(String(recorded.headers['x-test-date']));
    res.setHeader('Date', new Date(serverNow).toUTCString());
    if (options.alwaysRefuse || !(Math.abs(sent - serverNow) <= MAX_SKEW)) {
      res.writeHead(403, { 'content-type': 'application/xml', 'x-oss-request-id': 'SKEW-ID' });
      res.end(
        xmlError(
          'RequestTimeTooSkewed',
          'The difference between the request time and the current time is too large.',
          'SKEW-ID',
        ),
      );
      return;
    }
    res.writeHead(200, { 'x-oss-request-id': 'OK-ID' });
    res.end('stored');
  };
}

describe('clock skew', () => {
  it('learns the offset from Date, retries once at once, and later calls use it', async () => {
    server = await startScriptedServer(skewedOss(HOUR));
    const { sleep, delays } = fakeSleep();
    const client = createHttpClient({ retry: { sleep } });
    const signer = testSigner();
    expect(client.clockOffsetMs).toBe(0);

    // A POST: the service refused it at authentication, so even a non-idempotent write is repeated.
    const first = await client.send({
      service: 'oss',
      operation: 'PostObject',
      method: 'POST',
      url: server.url('/bucket'),
      body: 'data',
      sign: signer.sign,
    });
    expect(first.status).toBe(200);
    expect(first.attempts).toBe(2);
    expect(delays).toEqual([]);
    // The Date header has one-second resolution.
    expect(Math.abs(client.clockOffsetMs - HOUR)).toBeLessThan(2000);
    const [before, after] = signer.calls.map((c) => c.now.getTime());
    expect(after! - before!).toBeGreaterThan(HOUR - 2000);

    const second = await client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: server.url('/bucket/k'),
      sign: signer.sign,
    });
    expect(second.attempts).toBe(1);
    expect(server.requests).toHaveLength(3);
  });

  it('corrects a clock that is behind the server, too (server 1 h behind)', async () => {
    server = await startScriptedServer(skewedOss(-HOUR));
    const client = createHttpClient();
    const res = await client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: server.url('/k'),
      sign: testSigner().sign,
    });
    expect(res.attempts).toBe(2);
    expect(Math.abs(client.clockOffsetMs + HOUR)).toBeLessThan(2000);
  });

  it('retries only once per call when the server keeps refusing', async () => {
    server = await startScriptedServer(skewedOss(HOUR, { alwaysRefuse: true }));
    const client = createHttpClient({ retry: { sleep: fakeSleep().sleep } });
    try {
      await client.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: server.url('/k'),
        sign: testSigner().sign,
      });
      expect.unreachable();
    } catch (error) {
      expect(isSdkError(error) && error.code).toBe('RequestTimeTooSkewed');
    }
    expect(server.requests).toHaveLength(2);
  });

  it('uses an offset given up front', async () => {
    server = await startScriptedServer(skewedOss(HOUR));
    const client = createHttpClient({ clockOffsetMs: HOUR });
    const res = await client.send({
      service: 'oss',
      operation: 'GetObject',
      method: 'GET',
      url: server.url('/k'),
      sign: testSigner().sign,
    });
    expect(res.attempts).toBe(1);
  });
});
