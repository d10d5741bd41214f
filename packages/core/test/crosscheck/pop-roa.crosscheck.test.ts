import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PopRoaQueryValue, signPopRoa, verifyPopRoa } from '../../src/signing/pop-roa';
import { getHeader } from '../../src/signing/received';
import { parseSigningDate } from '../../src/signing/time';
import {
  type LoopbackServer,
  openApiClient,
  openApiUtil,
  popCore,
  popText,
  startLoopback,
  uniqueRecord,
  verifyingReply,
  wireSafeText,
} from './pop-helpers';

const queryValue: fc.Arbitrary<PopRoaQueryValue> = fc.oneof(
  { weight: 6, arbitrary: popText() },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 99999 }) },
  { weight: 1, arbitrary: fc.boolean() },
);
const credentialsArb = fc.record({
  accessKeyId: wireSafeText({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes(':')),
  accessKeySecret: popText({ minLength: 1, maxLength: 16 }),
  securityToken: fc.option(wireSafeText({ minLength: 1, maxLength: 16 }), { nil: undefined }),
});
const dateArb = fc.date({
  min: new Date('2001-01-01T00:00:00Z'),
  max: new Date('2090-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const acsHeaderName = wireSafeText({ minLength: 1, maxLength: 6 })
  .filter((s) => /^[A-Za-z0-9-]+$/.test(s))
  .map((s) => `X-Acs-${s}`);
const headerValue = fc.string({ unit: fc.constantFrom(...'ab Z\t9=,;'), maxLength: 8 });
const path = fc
  .array(wireSafeText({ maxLength: 6, extra: '%20' }), { minLength: 1, maxLength: 4 })
  .map((segments) => `/${segments.join('/')}`);

describe('POP ROA v1 against @alicloud/openapi-util', () => {
  it('builds the same string-to-sign as getStringToSign and the same signature as getROASignature', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        popText({ maxLength: 16 }).map((s) => `/${s}`),
        uniqueRecord(popText({ minLength: 1, maxLength: 6 }), queryValue, 6),
        uniqueRecord(fc.oneof(acsHeaderName, fc.constantFrom('Accept', 'Content-Type', 'Date')), headerValue, 4),
        popText({ maxLength: 20 }),
        credentialsArb,
        dateArb,
        (method, p, query, headers, body, credentials, date) => {
          const r = signPopRoa({
            method,
            host: 'cs.aliyuncs.com',
            path: p,
            query,
            headers,
            body,
            version: '2015-12-15',
            credentials,
            date,
            nonce: 'n',
          });
          const sts = openApiUtil.getStringToSign({
            method,
            pathname: p,
            headers: r.headers,
            query: query as Record<string, string>,
          });
          expect(r.stringToSign).toBe(sts);
          expect(openApiUtil.getROASignature(sts, credentials.accessKeySecret)).toBe(r.signature);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('POP ROA v1 against @alicloud/pop-core ROAClient (loopback capture)', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopback();
  });
  afterAll(() => server.close());

  it('sends the headers and Authorization we compute, and passes our verifier', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        path,
        uniqueRecord(popText({ minLength: 1, maxLength: 6 }), queryValue, 5),
        uniqueRecord(acsHeaderName, headerValue, 3),
        popText({ maxLength: 20 }),
        credentialsArb,
        async (method, p, query, headers, body, credentials) => {
          const client = new popCore.ROAClient({
            endpoint: server.origin,
            apiVersion: '2015-12-15',
            accessKeyId: credentials.accessKeyId,
            accessKeySecret: credentials.accessKeySecret,
            ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
          });
          const sendBody = method === 'POST' || method === 'PUT' ? body : '';
          await client.request(method, p, query, sendBody, { ...headers, 'Content-Type': 'application/json' });
          const sent = server.requests.pop();
          if (!sent) throw new Error('nothing captured');
          const date = parseSigningDate(getHeader(sent, 'date') ?? '') as Date;
          const ours = signPopRoa({
            method,
            host: '127.0.0.1',
            path: p,
            query,
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: sendBody,
            version: '2015-12-15',
            credentials,
            date,
            nonce: getHeader(sent, 'x-acs-signature-nonce') ?? '',
          });
          expect(getHeader(sent, 'authorization')).toBe(ours.authorization);
          // The server trims header values (optional whitespace), which is why signing trims x-acs-* values.
          for (const [name, value] of Object.entries(ours.headers)) {
            if (name !== 'host') expect(getHeader(sent, name), name).toBe(value.trim());
          }
          // httpx sends the URL through url.parse, which escapes `'` (and space, quotes, ...).
          expect(sent.url).toBe(ours.url.slice('https://127.0.0.1'.length).replace(/'/g, '%27'));
          const lookup = () => credentials.accessKeySecret;
          expect(verifyPopRoa(sent, lookup, { now: () => date })).toMatchObject({
            ok: true,
            stringToSign: ours.stringToSign,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('documents the pop-core null quirk: it signs "k=null" but sends "k=", so the request cannot verify', async () => {
    const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' };
    const client = new popCore.ROAClient({ endpoint: server.origin, apiVersion: '2015-12-15', ...credentials });
    await client.request('GET', '/clusters', { name: 'a', state: null });
    const sent = server.requests.pop();
    if (!sent) throw new Error('nothing captured');
    expect(sent.url).toBe('/clusters?name=a&state=');
    const date = parseSigningDate(getHeader(sent, 'date') ?? '') as Date;
    const verified = verifyPopRoa(sent, () => credentials.accessKeySecret, { now: () => date });
    expect(verified).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
    // Ours leaves the null parameter out of both the URL and the string-to-sign.
    const ours = signPopRoa({
      method: 'GET',
      host: '127.0.0.1',
      path: '/clusters',
      query: { name: 'a', state: null },
      version: '2015-12-15',
      credentials,
      date,
      nonce: getHeader(sent, 'x-acs-signature-nonce') ?? '',
    });
    expect(ours.stringToSign.endsWith('/clusters?name=a')).toBe(true);
    expect(ours.url).toBe('https://127.0.0.1/clusters?name=a');
  });
});

describe('official clients against a loopback server running verifyPopRoa', () => {
  const secrets: Record<string, string> = { LTAI5tExampleKeyId: 'ExampleSecret' };
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopback(verifyingReply((req) => verifyPopRoa(req, (id) => secrets[id])));
  });
  afterAll(() => server.close());

  const client = (secret: string) =>
    new popCore.ROAClient({
      endpoint: server.origin,
      apiVersion: '2022-01-12',
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: secret,
      securityToken: 'CAIS+example/token==',
    });

  it('accepts pop-core ROAClient GET and POST requests', async () => {
    await expect(
      client('ExampleSecret').request('GET', '/api/v1/trainingjobs', { PageSize: 10, Status: 'Running' }),
    ).resolves.toMatchObject({
      Code: '200',
    });
    await expect(
      client('ExampleSecret').request(
        'POST',
        '/api/v1/trainingjobs',
        {},
        JSON.stringify({ TrainingJobName: 'démo 😀' }),
        { 'Content-Type': 'application/json' },
      ),
    ).resolves.toMatchObject({ Code: '200' });
  });

  it('rejects pop-core requests signed with the wrong secret with SignatureDoesNotMatch', async () => {
    await expect(client('WrongSecret').request('GET', '/api/v1/trainingjobs', { PageSize: 10 })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('accepts openapi-client ROA v1 requests (signatureAlgorithm v2)', async () => {
    const call = (secret: string) =>
      new openApiClient.default(
        new openApiClient.Config({
          accessKeyId: 'LTAI5tExampleKeyId',
          accessKeySecret: secret,
          endpoint: `127.0.0.1:${server.port}`,
          protocol: 'http',
          signatureAlgorithm: 'v2',
        }),
      ).callApi(
        new openApiClient.Params({
          action: 'CreateTrainingJob',
          version: '2022-01-12',
          protocol: 'HTTP',
          pathname: '/api/v1/trainingjobs',
          method: 'POST',
          authType: 'AK',
          style: 'ROA',
          reqBodyType: 'json',
          bodyType: 'json',
        }),
        new openApiClient.OpenApiRequest({ query: { WorkspaceId: 'w 1' }, body: { TrainingJobName: 'demo' } }),
        {},
      );
    await expect(call('ExampleSecret')).resolves.toMatchObject({ statusCode: 200 });
    await expect(call('WrongSecret')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});
