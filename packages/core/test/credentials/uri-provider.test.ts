import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromCredentialsUri, isCredentialsNotConfigured, isSdkError, memoize, type SdkError } from '../../src/index';

let emu: Emulators<'metadata'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['metadata'] });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.metadata.clearRequests();
});

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

/** A loopback server answering each request with the next `[status, body]`, recording the request headers. */
async function serve(
  answers: Array<[number, string]>,
): Promise<{ url: string; headers: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    const [status, body] = answers.shift() ?? [404, 'Not Found'];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/creds?token=query-secret-value`,
    headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('fromCredentialsUri', () => {
  it('reads the credentials document the URI serves', async () => {
    const credentials = await fromCredentialsUri({ uri: emu.metadata.credentialsUri })();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      securityToken: expect.any(String),
      source: 'credential_uri',
    });
    expect(credentials.expiration).toBeInstanceOf(Date);
    expect(emu.metadata.requests.map((r) => [r.operation, r.method])).toEqual([['GetCredentialsUri', 'GET']]);
  });

  it('takes the URI from ALIBABA_CLOUD_CREDENTIALS_URI and is not configured without one', async () => {
    const viaEnv = fromCredentialsUri({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: emu.metadata.credentialsUri } });
    expect((await viaEnv()).source).toBe('credential_uri');
    const none = await failure(fromCredentialsUri({ env: {} })());
    expect(isCredentialsNotConfigured(none)).toBe(true);
    expect(none.message).toContain('ALIBABA_CLOUD_CREDENTIALS_URI is not set');
    expect(
      isCredentialsNotConfigured(await failure(fromCredentialsUri({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: '' } })())),
    ).toBe(true);
  });

  it('fails as configured for an error status, without quoting the query of the URI', async () => {
    emu.faults.inject('metadata', { status: 503, message: 'busy', times: 3 });
    const error = await failure(
      fromCredentialsUri({ uri: `${emu.metadata.credentialsUri}?k=hidden-value`, retry: { maxAttempts: 1 } })(),
    );
    expect(error.details).toMatchObject({ configured: true, source: 'credential_uri' });
    expect(error.message).toContain(`GET ${emu.metadata.credentialsUri} failed`);
    expect(error.message).toContain('(503)');
    expect(error.message).not.toContain('hidden-value');
  });

  it('refuses documents that lack a field or have a bad Expiration; accepts one without Code', async () => {
    const valid = { AccessKeyId: 'STS.uri', AccessKeySecret: 'uri-secret-0001', SecurityToken: 'uri-token-0001' };
    const server = await serve([
      [200, JSON.stringify({ ...valid, Expiration: '2040-01-01T00:00:00Z' })],
      [200, JSON.stringify({ ...valid, SecurityToken: undefined, Expiration: '2040-01-01T00:00:00Z' })],
      [200, JSON.stringify(valid)],
      [200, 'not json'],
      [200, JSON.stringify({ ...valid, Code: 'Denied', Expiration: '2040-01-01T00:00:00Z' })],
    ]);
    try {
      const provider = fromCredentialsUri({ uri: server.url });
      const credentials = await provider();
      expect(credentials).toMatchObject({ accessKeyId: 'STS.uri', expiration: new Date('2040-01-01T00:00:00Z') });
      expect((await failure(provider())).message).toContain('lacks SecurityToken');
      expect((await failure(provider())).message).toContain('has no Expiration');
      expect((await failure(provider())).message).toContain('is not JSON');
      expect((await failure(provider())).message).toContain('has Code "Denied"');
      // A plain GET: no signature, no credentials in the request.
      expect(server.headers[0]?.authorization).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('is cached by memoize until shortly before expiry', async () => {
    const credentials = memoize(fromCredentialsUri({ uri: emu.metadata.credentialsUri }));
    await Promise.all(Array.from({ length: 50 }, () => credentials()));
    expect(emu.metadata.requests).toHaveLength(1);
  });

  it('checks the URI before any I/O', () => {
    expect(() => fromCredentialsUri({ uri: 'not a url' })).toThrow(TypeError);
    expect(() => fromCredentialsUri({ uri: 'file:///etc/passwd' })).toThrow(TypeError);
  });
});
