import { parseOssError, presignOssV1, presignOssV4, signOssV1, signOssV4 } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { hostOf, type SentResponse, send } from '../helpers';

let emu: Emulators<'oss'>;
let host: string;

beforeAll(async () => {
  emu = await startEmulators({ services: ['oss'] });
  host = hostOf(emu.oss.endpoint);
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

function credentials(overrides: { secret?: string; accessKeyId?: string } = {}) {
  return {
    accessKeyId: overrides.accessKeyId ?? emu.credentials.accessKeyId,
    accessKeySecret: overrides.secret ?? emu.credentials.accessKeySecret,
  };
}

function listBucketsV1(
  options: { secret?: string; accessKeyId?: string; date?: Date; query?: Record<string, string> } = {},
) {
  return signOssV1({
    method: 'GET',
    host,
    protocol: 'http',
    query: options.query,
    credentials: credentials(options),
    date: options.date ?? new Date(),
  });
}

function sendSigned(
  signed: { url: string; headers: Record<string, string>; authorization: string },
  extra: Record<string, string> = {},
) {
  return send(signed.url, { headers: { ...signed.headers, Authorization: signed.authorization, ...extra } });
}

function expectOssError(res: SentResponse, status: number, code: string): string {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml');
  expect(res.headers['server']).toBe('AliyunOSS');
  const requestId = res.headers['x-oss-request-id'] as string;
  expect(requestId).toMatch(/^[0-9A-F]{24}$/);
  const xml = res.text();
  expect(xml.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>`)).toBe(true);
  expect(xml).toContain(`<RequestId>${requestId}</RequestId><HostId>`);
  const parsed = parseOssError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    operation: 'ListBuckets',
  });
  expect(parsed.code).toBe(code);
  expect(parsed.requestId).toBe(requestId);
  return xml;
}

describe('oss emulator: ListBuckets', () => {
  it('accepts a V1 header signature and lists no buckets', async () => {
    const res = await sendSigned(listBucketsV1());
    expect(res.status).toBe(200);
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    expect(res.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult><Owner><ID>alikit-emulator-owner</ID><DisplayName>alikit-emulator-owner</DisplayName></Owner><Buckets/></ListAllMyBucketsResult>',
    );
  });

  it('lists created buckets with paging when asked', async () => {
    const emu2 = await startEmulators({ services: ['oss'] });
    try {
      for (const name of ['b-two', 'a-one', 'c-three']) emu2.oss.createBucket(name);
      const signed = signOssV1({
        method: 'GET',
        host: hostOf(emu2.oss.endpoint),
        protocol: 'http',
        query: { 'max-keys': '2' },
        credentials: emu2.credentials,
        date: new Date(),
      });
      const xml = (await sendSigned(signed)).text();
      expect(xml).toContain(
        '<Prefix></Prefix><Marker></Marker><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><NextMarker>b-two</NextMarker>',
      );
      expect([...xml.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1])).toEqual(['a-one', 'b-two']);
      expect(xml).toContain('<Location>oss-cn-hangzhou</Location>');
    } finally {
      await emu2.stop();
    }
  });

  it('accepts a V4 header signature', async () => {
    const signed = signOssV4({
      method: 'GET',
      host,
      protocol: 'http',
      region: 'cn-hangzhou',
      credentials: credentials(),
      date: new Date(),
    });
    expect((await sendSigned(signed)).status).toBe(200);
  });

  it('accepts V1 and V4 presigned URLs and refuses an expired one', async () => {
    const v1 = presignOssV1({
      host,
      protocol: 'http',
      credentials: credentials(),
      date: new Date(),
      expiresInSeconds: 60,
    });
    expect((await send(v1.url)).status).toBe(200);
    const v4 = presignOssV4({
      method: 'GET',
      host,
      protocol: 'http',
      region: 'cn-hangzhou',
      credentials: credentials(),
      date: new Date(),
      expiresInSeconds: 60,
    });
    expect((await send(v4.url)).status).toBe(200);
    const old = presignOssV1({
      host,
      protocol: 'http',
      credentials: credentials(),
      date: new Date(Date.now() - 3_600_000),
      expiresInSeconds: 60,
    });
    const xml = expectOssError(await send(old.url), 403, 'AccessDenied');
    expect(xml).toContain('<Message>Request has expired.</Message>');
  });
});

describe('oss emulator: addressing', () => {
  it('reads the bucket from a virtual-hosted Host and from a path-style path alike', async () => {
    const virtualHost = 'nobucket.oss-cn-hangzhou.aliyuncs.com';
    const virtual = signOssV1({
      method: 'GET',
      host: virtualHost,
      protocol: 'http',
      bucket: 'nobucket',
      credentials: credentials(),
      date: new Date(),
    });
    const res = await send(`${emu.oss.endpoint}/`, {
      headers: { ...virtual.headers, Authorization: virtual.authorization, Host: virtualHost },
    });
    expect(expectOssError(res, 404, 'NoSuchBucket')).toContain('<BucketName>nobucket</BucketName>');
    const pathStyle = signOssV1({
      method: 'GET',
      host,
      protocol: 'http',
      bucket: 'nobucket',
      pathStyle: true,
      credentials: credentials(),
      date: new Date(),
    });
    expectOssError(await sendSigned(pathStyle), 404, 'NoSuchBucket');
  });
});

describe('oss emulator: rejected requests', () => {
  it('answers a wrong secret with SignatureDoesNotMatch (403) and the string to sign', async () => {
    const signed = listBucketsV1({ secret: 'WrongSecret' });
    const xml = expectOssError(await sendSigned(signed), 403, 'SignatureDoesNotMatch');
    expect(xml).toContain(`<OSSAccessKeyId>${emu.credentials.accessKeyId}</OSSAccessKeyId>`);
    expect(xml).toContain(`<SignatureProvided>${signed.signature}</SignatureProvided>`);
    const sts = signed.stringToSign.replace(/&/g, '&amp;');
    expect(xml).toContain(`<StringToSign>${sts}</StringToSign>`);
    expect(xml).toContain(`<StringToSignBytes>47 45 54 0A`);
    expect(xml).not.toContain(emu.credentials.accessKeySecret);
  });

  it('answers a header changed after signing with SignatureDoesNotMatch', async () => {
    const signed = listBucketsV1();
    const later = new Date(Date.parse(signed.headers['x-oss-date'] as string) + 1000).toUTCString();
    expectOssError(await sendSigned(signed, { 'x-oss-date': later }), 403, 'SignatureDoesNotMatch');
  });

  it('answers an unknown key with InvalidAccessKeyId and a stale date with RequestTimeTooSkewed', async () => {
    expect(
      expectOssError(await sendSigned(listBucketsV1({ accessKeyId: 'LTAI5tUnknownKeyId' })), 403, 'InvalidAccessKeyId'),
    ).toContain('<OSSAccessKeyId>LTAI5tUnknownKeyId</OSSAccessKeyId>');
    const skewed = expectOssError(
      await sendSigned(listBucketsV1({ date: new Date(Date.now() - 20 * 60_000) })),
      403,
      'RequestTimeTooSkewed',
    );
    expect(skewed).toContain('<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>');
  });

  it('answers anonymous requests with AccessDenied', async () => {
    expectOssError(await send(`${emu.oss.endpoint}/`), 403, 'AccessDenied');
  });

  it('sends the error XML base64-encoded in x-oss-err for HEAD', async () => {
    const res = await send(`${emu.oss.endpoint}/`, { method: 'HEAD' });
    expect(res.status).toBe(403);
    expect(res.body.byteLength).toBe(0);
    const xml = Buffer.from(res.headers['x-oss-err'] as string, 'base64').toString('utf8');
    expect(xml).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses max-keys out of range with InvalidArgument', async () => {
    const xml = expectOssError(
      await sendSigned(listBucketsV1({ query: { 'max-keys': '5000' } })),
      400,
      'InvalidArgument',
    );
    expect(xml).toContain('<ArgumentName>max-keys</ArgumentName>');
  });

  it('renders injected faults as OSS XML errors', async () => {
    emu.faults.inject('oss', { status: 503, times: 1, match: { operation: 'ListBuckets' } });
    expectOssError(await sendSigned(listBucketsV1()), 503, 'ServiceUnavailable');
  });
});
