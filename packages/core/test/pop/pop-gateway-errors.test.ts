import { createPopClient, type PopClientOptions } from '@alikit/core/pop';
import { afterEach, describe, expect, it } from 'vitest';
import { isSdkError, type SdkError } from '../../src/errors/sdk-error';
import { popError, reply, type ScriptedServer, startScriptedServer } from '../http/scripted-server';

// A plain server (no signature check) standing in for gateways and proxies in front of POP, whose
// answers pop-core does not report faithfully: it ignores the HTTP status of RPC answers and
// returns a non-JSON ROA answer as if it were a success.

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const noWait = { sleep: async () => {} };
const HTML_502 = '<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>';
const JSON_HEADERS = { 'content-type': 'application/json;charset=utf-8' };

function client(style: 'rpc' | 'roa', extra: Partial<PopClientOptions> = {}) {
  return createPopClient({
    endpoint: (server as ScriptedServer).origin,
    apiVersion: '2020-01-01',
    style,
    service: 'dts',
    credentials: {
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: 'ExampleSecretDoNotLog0123456789',
      source: 'test',
    },
    retry: noWait,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

describe('POP adapter: answers pop-core misreads', () => {
  it('ROA: a 502 HTML page is an ERR_PARSE with the status, retried for a GET', async () => {
    server = await startScriptedServer([
      reply(502, HTML_502, { 'content-type': 'text/html' }),
      reply(200, '{"RequestId":"R2","Status":"Running"}', JSON_HEADERS),
    ]);
    await expect(client('roa').request({ method: 'GET', path: '/api/v1/jobs/j-1' })).resolves.toEqual({
      RequestId: 'R2',
      Status: 'Running',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('ROA: a 502 HTML page on a POST is not repeated, and says what came back', async () => {
    server = await startScriptedServer(reply(502, HTML_502, { 'content-type': 'text/html' }));
    const error = await failure(client('roa').request({ method: 'POST', path: '/api/v1/jobs' }, {}, { body: {} }));
    expect(error).toMatchObject({ code: 'ERR_PARSE', status: 502, retryable: true });
    expect(error.message).toContain('502 Bad Gateway');
    expect(server.requests).toHaveLength(1);
  });

  it('RPC: a 5xx HTML page is an ERR_PARSE with the status (pop-core only saw unparsable JSON)', async () => {
    server = await startScriptedServer([
      reply(503, HTML_502, { 'content-type': 'text/html' }),
      reply(200, '{"RequestId":"R2","Success":true}', JSON_HEADERS),
    ]);
    await expect(client('rpc').request('DescribeDtsJobs')).resolves.toEqual({ RequestId: 'R2', Success: true });
    const error = await failure(
      (async () => {
        await server?.close();
        server = await startScriptedServer(reply(503, HTML_502, { 'content-type': 'text/html' }));
        return client('rpc', { retry: { ...noWait, maxAttempts: 1 } }).request('DescribeDtsJobs');
      })(),
    );
    expect(error).toMatchObject({ code: 'ERR_PARSE', status: 503, service: 'dts', operation: 'DescribeDtsJobs' });
  });

  it('RPC: an error status whose JSON has no Code is still an error', async () => {
    server = await startScriptedServer(reply(500, '{"RequestId":"R1","Oops":true}', JSON_HEADERS));
    const error = await failure(client('rpc', { retry: { ...noWait, maxAttempts: 1 } }).request('StartDtsJob'));
    expect(error).toMatchObject({ code: 'ERR_PARSE', status: 500, requestId: 'R1' });
  });

  it('RPC: a service error keeps the HTTP status pop-core ignores, and honours x-acs-retry-after', async () => {
    const delays: number[] = [];
    server = await startScriptedServer([
      reply(400, popError('Throttling.Api', 'slow down', 'R-THROTTLED'), {
        ...JSON_HEADERS,
        'x-acs-retry-after': '1234',
      }),
      reply(200, '{"RequestId":"R-OK"}', JSON_HEADERS),
    ]);
    const result = await client('rpc', { retry: { sleep: async (ms) => void delays.push(ms) } }).request(
      'ConfigureDtsJob',
    );
    expect(result).toEqual({ RequestId: 'R-OK' });
    expect(delays).toEqual([1234]);
  });

  it('RPC: a business failure in a 200 answer (Code not in the success list) is an SdkError with status 200', async () => {
    server = await startScriptedServer(
      reply(200, JSON.stringify({ RequestId: 'R3', Code: 'Forbidden.NotBuy', Message: 'not purchased' }), JSON_HEADERS),
    );
    const error = await failure(client('rpc').request('CreateDtsInstance'));
    expect(error).toMatchObject({ code: 'Forbidden.NotBuy', status: 200, requestId: 'R3', retryable: false });
  });

  it('RPC: a CloudMonitor-style success with Code "200" is a success', async () => {
    server = await startScriptedServer(reply(200, '{"Code":"200","Message":"success","RequestId":"R4"}', JSON_HEADERS));
    await expect(client('rpc').request('PutCustomMetric')).resolves.toEqual({
      Code: '200',
      Message: 'success',
      RequestId: 'R4',
    });
  });

  it('ROA: an XML error body is mapped with its code, message and request id', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>R5</RequestId><HostId>pai.example</HostId>' +
      '<Code>EntityNotFound.Job</Code><Message>The job does not exist.</Message></Error>';
    server = await startScriptedServer(reply(404, xml, { 'content-type': 'text/xml;charset=utf-8' }));
    const error = await failure(client('roa').request({ method: 'GET', path: '/api/v1/jobs/x', action: 'GetJob' }));
    expect(error).toMatchObject({ code: 'EntityNotFound.Job', status: 404, requestId: 'R5', operation: 'GetJob' });
    expect(error.message).toContain('The job does not exist.');
  });

  it('ROA: an empty 204 answer resolves with undefined', async () => {
    server = await startScriptedServer(reply(204, '', JSON_HEADERS));
    await expect(client('roa').request({ method: 'DELETE', path: '/api/v1/jobs/x' })).resolves.toBeUndefined();
  });

  it('keeps the signature and the token out of network errors', async () => {
    server = await startScriptedServer((req) => req.socket.destroy());
    const error = await failure(
      client('rpc', {
        retry: { ...noWait, maxAttempts: 1 },
        credentials: {
          accessKeyId: 'STS.ExampleKeyId',
          accessKeySecret: 'ExampleSecretDoNotLog0123456789',
          securityToken: 'CAIS-ExampleSecurityToken-DoNotLog-9f8e7d6c5b4a',
          source: 'test',
        },
      }).request('DescribeDtsJobs', {}, { method: 'GET' }),
    );
    expect(error.code).toBe('ERR_NETWORK');
    const seen = [error.message, JSON.stringify(error.toJSON()), String((error.cause as Error).message)].join('\n');
    expect(seen).not.toMatch(/Signature=|SecurityToken=|CAIS-Example|ExampleSecretDoNotLog/);
  });
});
