import { createHmac } from 'node:crypto';
import { type OssBucketClient, OssClient } from '@alikit/oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OssFixture, startOss } from './helpers';

let fx: OssFixture;
let bucket: OssBucketClient;

beforeAll(async () => {
  fx = await startOss();
  bucket = fx.oss.getBucketClient(fx.bucketName);
  await bucket.putObject('shared/a.txt', 'presigned hello', { contentType: 'text/plain' });
});
afterAll(() => fx.emu.stop());

describe('presignUrl', () => {
  it('V4 by default: a GET URL works with plain fetch and carries no secret', async () => {
    const signed = await bucket.presignUrl('shared/a.txt', { expiresInSeconds: 300 });
    expect(signed.url).toContain('x-oss-signature-version=OSS4-HMAC-SHA256');
    expect(signed.url).not.toContain(fx.emu.credentials.accessKeySecret);
    expect(signed.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    const res = await fetch(signed.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('presigned hello');
  });

  it('V1 on request', async () => {
    const signed = await bucket.presignUrl('shared/a.txt', { signatureVersion: 'v1' });
    expect(signed.url).toMatch(/OSSAccessKeyId=.*Expires=\d+.*Signature=/);
    const res = await fetch(signed.url);
    expect(await res.text()).toBe('presigned hello');
  });

  it('PUT URLs upload, with the signed Content-Type', async () => {
    for (const signatureVersion of ['v4', 'v1'] as const) {
      const key = `uploads/${signatureVersion}.txt`;
      const signed = await bucket.presignUrl(key, { method: 'PUT', contentType: 'text/plain', signatureVersion });
      const res = await fetch(signed.url, { method: 'PUT', body: `via ${signatureVersion}`, headers: signed.headers });
      expect(res.status).toBe(200);
      expect(new TextDecoder().decode((await bucket.getObject(key)).body)).toBe(`via ${signatureVersion}`);
    }
  });

  it('a tampered URL is refused', async () => {
    const signed = await bucket.presignUrl('shared/a.txt');
    const res = await fetch(signed.url.replace('a.txt', 'b.txt'));
    expect(res.status).toBe(403);
  });

  it('clamps the expiry to what is left of temporary credentials', async () => {
    const expiration = new Date(Date.now() + 120_000);
    const sts = new OssClient({
      region: fx.emu.oss.region,
      endpoint: fx.emu.oss.endpoint,
      credentials: async () => ({
        accessKeyId: 'STS.ExampleKeyId',
        accessKeySecret: 'ExampleSecret',
        securityToken: 'ExampleToken',
        expiration,
        source: 'test',
      }),
    }).getBucketClient(fx.bucketName);
    const signed = await sts.presignUrl('shared/a.txt', { expiresInSeconds: 3600 });
    expect(signed.expiresAt.getTime()).toBeLessThanOrEqual(expiration.getTime());
    expect(Number(new URL(signed.url).searchParams.get('x-oss-expires'))).toBeLessThanOrEqual(120);
    expect(new URL(signed.url).searchParams.get('x-oss-security-token')).toBe('ExampleToken');
    const v1 = await sts.presignUrl('shared/a.txt', { expiresInSeconds: 3600, signatureVersion: 'v1' });
    expect(v1.expiresAt.getTime()).toBeLessThanOrEqual(expiration.getTime() + 1000);
  });

  it('rejects a bad expiry or method before anything else', async () => {
    await expect(bucket.presignUrl('a', { expiresInSeconds: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(bucket.presignUrl('a', { expiresInSeconds: 1.5 })).rejects.toBeInstanceOf(RangeError);
    await expect(bucket.presignUrl('a', { method: 'POST' as never })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('presignPost', () => {
  it('builds a V4 policy with key prefix and content-length-range, signed with the day key', async () => {
    const post = await bucket.presignPost({
      keyPrefix: 'user/42/',
      contentLengthRange: [1, 1024],
      expiresInSeconds: 600,
    });
    expect(post.url).toBe(`${fx.emu.oss.endpoint}/${fx.bucketName}`);
    const policy = JSON.parse(Buffer.from(post.fields.policy as string, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { bucket: fx.bucketName },
        ['starts-with', '$key', 'user/42/'],
        ['content-length-range', 1, 1024],
        { 'x-oss-signature-version': 'OSS4-HMAC-SHA256' },
      ]),
    );
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(600_000);
    const [ak, ymd, region] = (post.fields['x-oss-credential'] as string).split('/');
    expect(ak).toBe(fx.emu.credentials.accessKeyId);
    const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
    let key = hmac(`aliyun_v4${fx.emu.credentials.accessKeySecret}`, ymd as string);
    key = hmac(key, region as string);
    key = hmac(key, 'oss');
    key = hmac(key, 'aliyun_v4_request');
    expect(post.fields['x-oss-signature']).toBe(
      createHmac('sha256', key)
        .update(post.fields.policy as string)
        .digest('hex'),
    );
  });

  it('a browser-style form upload with the policy is stored; one outside the conditions is refused', async () => {
    const post = await bucket.presignPost({ keyPrefix: 'forms/', contentLengthRange: [1, 64] });
    const send = (key: string, content: string) => {
      const form = new FormData();
      form.set('key', key);
      for (const [name, value] of Object.entries(post.fields)) form.set(name, value);
      form.set('file', new Blob([content]), 'upload.txt');
      return fetch(post.url, { method: 'POST', body: form });
    };
    const ok = await send('forms/a.txt', 'from a form');
    expect(ok.status).toBeLessThan(300);
    expect(new TextDecoder().decode((await bucket.getObject('forms/a.txt')).body)).toBe('from a form');
    expect((await send('elsewhere/a.txt', 'x')).status).toBe(403);
    expect((await send('forms/big.txt', 'y'.repeat(65))).status).toBe(400);
  });

  it('rejects an inverted range', async () => {
    await expect(bucket.presignPost({ keyPrefix: 'x/', contentLengthRange: [10, 1] })).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});
