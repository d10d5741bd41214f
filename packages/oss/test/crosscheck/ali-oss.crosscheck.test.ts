import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Emulators, loopbackLookup, startEmulators } from '@alikit/emulators';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The official ali-oss client against the @alikit/emulators OSS emulator: if these pass, the
// emulator speaks OSS the way the reference client expects.

const BUCKET = 'crosscheck-bucket';
let emu: Emulators<'oss'>;
let dir: string;
const agent = new Agent({ lookup: loopbackLookup, keepAlive: true });

beforeAll(async () => {
  emu = await startEmulators({ services: ['oss'] });
  emu.oss.createBucket(BUCKET);
  dir = await mkdtemp(join(tmpdir(), 'alikit-oss-crosscheck-'));
});
afterAll(async () => {
  agent.destroy();
  await emu.stop();
  await rm(dir, { recursive: true, force: true });
});

function client(options: Partial<OSS.Options> & Record<string, unknown> = {}): OSS {
  return new OSS({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: emu.credentials.accessKeySecret,
    region: 'oss-cn-hangzhou',
    endpoint: emu.oss.endpoint,
    bucket: BUCKET,
    ...options,
  } as OSS.Options);
}

/** A client with a real-looking endpoint routed to the emulator (ali-oss refuses to presign for an IP). */
function hostnameClient(options: Record<string, unknown> = {}): OSS {
  const port = new URL(emu.oss.endpoint).port;
  return client({ endpoint: `http://oss-cn-hangzhou.aliyuncs.com:${port}`, agent, ...options });
}

/** Fetches a presigned URL whose host is a virtual-hosted OSS name, sending it to the emulator. */
function fetchVirtual(url: string, init: RequestInit = {}): Promise<Response> {
  const u = new URL(url);
  // fetch cannot set Host; the emulator's path-style form keeps the signature valid (the bucket is
  // part of the signed resource either way).
  const bucket = u.hostname.split('.')[0] as string;
  return fetch(`${emu.oss.endpoint}/${bucket}${u.pathname}${u.search}`, init);
}

const md5Hex = (data: Uint8Array) => createHash('md5').update(data).digest('hex').toUpperCase();

describe('ali-oss 6.23 against the OSS emulator', () => {
  it('puts, gets, heads and deletes an object (V1)', async () => {
    const oss = client();
    const body = Buffer.from('hello crosscheck');
    const put = await oss.put('dir/a b+c.txt', body, {
      meta: { owner: 'team-a' } as never,
      headers: { 'x-oss-storage-class': 'IA' },
    });
    expect(put.res.status).toBe(200);
    expect(put.res.headers).toMatchObject({ etag: `"${md5Hex(body)}"` });
    expect((put.res.headers as Record<string, string>)['x-oss-hash-crc64ecma']).toBe(
      emu.oss.objectInfo(BUCKET, 'dir/a b+c.txt')?.crc64,
    );

    const got = await oss.get('dir/a b+c.txt');
    expect(Buffer.from(got.content as Buffer).toString()).toBe('hello crosscheck');
    expect(got.res.headers).toMatchObject({ 'content-type': 'text/plain', 'x-oss-meta-owner': 'team-a' });

    const head = await oss.head('dir/a b+c.txt');
    expect(head.status).toBe(200);
    expect(head.meta).toEqual({ owner: 'team-a' });
    expect(head.res.headers).toMatchObject({ 'x-oss-storage-class': 'IA', 'content-length': String(body.length) });

    const ranged = await oss.get('dir/a b+c.txt', undefined, { headers: { Range: 'bytes=6-' } });
    expect(ranged.res.status).toBe(206);
    expect(Buffer.from(ranged.content as Buffer).toString()).toBe('crosscheck');

    await oss.delete('dir/a b+c.txt');
    await expect(oss.get('dir/a b+c.txt')).rejects.toMatchObject({
      name: 'NoSuchKeyError',
      status: 404,
      ecCode: '0026-00000001',
    });
    await expect(oss.head('dir/a b+c.txt')).rejects.toMatchObject({ code: 'NoSuchKey', status: 404 });
  });

  it('putStream sends a chunked body without a length', async () => {
    const chunks = [Buffer.from('streamed '), Buffer.from('in '), Buffer.from('pieces')];
    const result = await client().putStream('stream/chunked.txt', Readable.from(chunks));
    expect(result.res.status).toBe(200);
    const info = emu.oss.objectInfo(BUCKET, 'stream/chunked.txt');
    expect(info?.size).toBe('streamed in pieces'.length);
    expect(info?.etag).toBe(`"${md5Hex(Buffer.from('streamed in pieces'))}"`);
  });

  it('puts, gets, lists, deletes and uploads in parts with V4 signatures', async () => {
    const oss = client({ authorizationV4: true });
    await oss.put('v4/object.bin', Buffer.from([1, 2, 3, 4]));
    const got = await oss.get('v4/object.bin');
    expect([...(got.content as Buffer)]).toEqual([1, 2, 3, 4]);
    const data = randomBytes(300 * 1024);
    const file = join(dir, 'v4-multipart.bin');
    await writeFile(file, data);
    await oss.multipartUpload('v4/multipart.bin', file, { partSize: 100 * 1024 });
    expect(Buffer.from((await oss.get('v4/multipart.bin')).content as Buffer).equals(data)).toBe(true);
    const listed = await oss.listV2({ prefix: 'v4/', 'max-keys': '1' } as never, {});
    expect(listed.objects.map((o) => o.name)).toEqual(['v4/multipart.bin']);
    const next = await oss.listV2(
      { prefix: 'v4/', 'max-keys': '1', 'continuation-token': listed.nextContinuationToken } as never,
      {},
    );
    expect(next.objects.map((o) => o.name)).toEqual(['v4/object.bin']);
    await oss.deleteMulti(['v4/multipart.bin', 'v4/object.bin']);
    expect(emu.oss.objectKeys(BUCKET).filter((k) => k.startsWith('v4/'))).toEqual([]);
  });

  it('lists with list (v1) and listV2, common prefixes and continuation tokens', async () => {
    const oss = client();
    for (const key of ['list/a.txt', 'list/b.txt', 'list/sub/c.txt', 'list/sub/d.txt', 'list/z.txt']) {
      await oss.put(key, Buffer.from(key));
    }
    const v1 = await oss.list({ prefix: 'list/', delimiter: '/', 'max-keys': 100 }, {});
    expect(v1.objects.map((o) => o.name)).toEqual(['list/a.txt', 'list/b.txt', 'list/z.txt']);
    expect(v1.prefixes).toEqual(['list/sub/']);

    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query: Record<string, string> = { prefix: 'list/', 'max-keys': '2' };
      if (token) query['continuation-token'] = token;
      const result = await oss.listV2(query as never, {});
      seen.push(...(result.objects ?? []).map((o) => o.name));
      if (!result.isTruncated) break;
      token = result.nextContinuationToken;
    }
    expect(seen).toEqual(['list/a.txt', 'list/b.txt', 'list/sub/c.txt', 'list/sub/d.txt', 'list/z.txt']);

    const deleted = await oss.deleteMulti(['list/a.txt', 'list/b.txt'], { quiet: false });
    expect(deleted.deleted?.map((d) => (typeof d === 'string' ? d : (d as { Key: string }).Key))).toEqual([
      'list/a.txt',
      'list/b.txt',
    ]);
    expect(emu.oss.objectKeys(BUCKET).filter((k) => k.startsWith('list/'))).toEqual([
      'list/sub/c.txt',
      'list/sub/d.txt',
      'list/z.txt',
    ]);
  });

  it('runs multipartUpload of a few MB with small parts; the object and its CRC-64 are right', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 12345);
    const file = join(dir, 'multipart.bin');
    await writeFile(file, data);
    const progress: number[] = [];
    const result = await client().multipartUpload('big/multipart.bin', file, {
      partSize: 256 * 1024,
      parallel: 4,
      progress: (p: number) => {
        progress.push(p);
      },
    });
    expect(result.res.status).toBe(200);
    expect(progress.at(-1)).toBe(1);
    const info = emu.oss.objectInfo(BUCKET, 'big/multipart.bin');
    expect(info).toMatchObject({ size: data.length, type: 'Multipart' });
    expect(info?.etag).toMatch(/^"[0-9A-F]{32}-13"$/);
    expect(Buffer.from((await emu.oss.getObjectBytes(BUCKET, 'big/multipart.bin')) as Uint8Array).equals(data)).toBe(
      true,
    );
    const got = await client().get('big/multipart.bin');
    expect(md5Hex(got.content as Buffer)).toBe(md5Hex(data));
    expect((got.res.headers as Record<string, string>)['x-oss-hash-crc64ecma']).toBe(info?.crc64);
    expect(emu.oss.multipartUploads(BUCKET)).toEqual([]);
  });

  it('fetch() reads a V1 signatureUrl and writes through a signed PUT URL', async () => {
    const oss = hostnameClient();
    await oss.put('presigned/v1.txt', Buffer.from('presigned v1'));
    const url = oss.signatureUrl('presigned/v1.txt', { expires: 60 });
    const res = await fetchVirtual(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('presigned v1');

    const putUrl = oss.signatureUrl('presigned/put.txt', { method: 'PUT', expires: 60, 'Content-Type': 'text/plain' });
    const put = await fetchVirtual(putUrl, {
      method: 'PUT',
      body: 'via url',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(put.status).toBe(200);
    expect(Buffer.from((await emu.oss.getObjectBytes(BUCKET, 'presigned/put.txt')) as Uint8Array).toString()).toBe(
      'via url',
    );

    const tampered = await fetchVirtual(url.replace('Expires=', 'Expires=1'));
    expect(tampered.status).toBe(403);
  });

  it('a form upload signed with calculatePostSignature lands (PostObject)', async () => {
    const oss = client();
    const signed = oss.calculatePostSignature({
      expiration: new Date(Date.now() + 600_000).toISOString(),
      conditions: [
        ['starts-with', '$key', 'forms/'],
        ['content-length-range', 1, 1024],
      ],
    }) as { OSSAccessKeyId: string; Signature: string; policy: string };
    const form = new FormData();
    form.append('key', 'forms/posted.txt');
    for (const [name, value] of Object.entries(signed)) form.append(name, value);
    form.append('success_action_status', '200');
    form.append('file', new Blob(['posted by form']), 'posted.txt');
    const res = await fetch(`${emu.oss.endpoint}/${BUCKET}`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(Buffer.from((await oss.get('forms/posted.txt')).content as Buffer).toString()).toBe('posted by form');
  });

  it('fetch() reads a V4 signatureUrlV4', async () => {
    const oss = hostnameClient({ authorizationV4: true });
    await oss.put('presigned/v4.txt', Buffer.from('presigned v4'));
    const url = await oss.signatureUrlV4('GET', 60, { headers: {} }, 'presigned/v4.txt');
    const res = await fetchVirtual(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('presigned v4');
  });

  it('copies, appends and tags objects', async () => {
    const oss = client();
    await oss.put('ops/source.txt', Buffer.from('copy me'), { meta: { a: '1' } as never });
    await oss.copy('ops/copy.txt', 'ops/source.txt');
    expect((await oss.head('ops/copy.txt')).meta).toEqual({ a: '1' });

    const first = await oss.append('ops/log.txt', Buffer.from('line1\n'));
    const second = await oss.append('ops/log.txt', Buffer.from('line2\n'), { position: first.nextAppendPosition });
    expect(second.nextAppendPosition).toBe('12');
    await expect(oss.append('ops/log.txt', Buffer.from('x'), { position: '3' })).rejects.toMatchObject({
      code: 'PositionNotEqualToLength',
      status: 409,
    });
    expect(Buffer.from((await oss.get('ops/log.txt')).content as Buffer).toString()).toBe('line1\nline2\n');

    // @types/ali-oss 6.23 lacks the tagging methods ali-oss has.
    const tagging = oss as unknown as {
      putObjectTagging(name: string, tag: Record<string, string>): Promise<unknown>;
      getObjectTagging(name: string): Promise<{ tag: Record<string, string> }>;
    };
    await tagging.putObjectTagging('ops/copy.txt', { env: 'test', team: 'a b' });
    expect((await tagging.getObjectTagging('ops/copy.txt')).tag).toEqual({ env: 'test', team: 'a b' });
    await oss.putACL('ops/copy.txt', 'public-read');
    expect((await oss.getACL('ops/copy.txt')).acl).toBe('public-read');
  });
});

describe('ali-oss with STS credentials against the OSS emulator', () => {
  it('puts, gets and presigns with a security token the metadata emulator issued', async () => {
    const stsEmu = await startEmulators({ services: ['oss', 'metadata'] });
    try {
      stsEmu.oss.createBucket(BUCKET);
      const res = await fetch(
        `${stsEmu.metadata.endpoint}/latest/meta-data/ram/security-credentials/${stsEmu.metadata.roleName}`,
      );
      const issued = (await res.json()) as { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string };
      const port = new URL(stsEmu.oss.endpoint).port;
      // A refresher keeps ali-oss from printing its "set refreshSTSToken" advice.
      const refresh = {
        refreshSTSToken: async () => ({
          accessKeyId: issued.AccessKeyId,
          accessKeySecret: issued.AccessKeySecret,
          stsToken: issued.SecurityToken,
        }),
        refreshSTSTokenInterval: 3_600_000,
      };
      const oss = new OSS({
        ...refresh,
        accessKeyId: issued.AccessKeyId,
        accessKeySecret: issued.AccessKeySecret,
        stsToken: issued.SecurityToken,
        region: 'oss-cn-hangzhou',
        endpoint: `http://oss-cn-hangzhou.aliyuncs.com:${port}`,
        bucket: BUCKET,
        agent,
      } as OSS.Options);
      await oss.put('sts/object.txt', Buffer.from('temporary'));
      expect(Buffer.from((await oss.get('sts/object.txt')).content as Buffer).toString()).toBe('temporary');
      const url = new URL(oss.signatureUrl('sts/object.txt', { expires: 60 }));
      expect(url.searchParams.get('security-token')).toBe(issued.SecurityToken);
      const fetched = await fetch(`${stsEmu.oss.endpoint}/${BUCKET}${url.pathname}${url.search}`);
      expect(await fetched.text()).toBe('temporary');

      const wrongToken = new OSS({
        ...refresh,
        refreshSTSToken: async () => ({ ...(await refresh.refreshSTSToken()), stsToken: 'not-the-token' }),
        accessKeyId: issued.AccessKeyId,
        accessKeySecret: issued.AccessKeySecret,
        stsToken: 'not-the-token',
        region: 'oss-cn-hangzhou',
        endpoint: stsEmu.oss.endpoint,
        bucket: BUCKET,
      } as OSS.Options);
      await expect(wrongToken.get('sts/object.txt')).rejects.toMatchObject({
        code: 'InvalidSecurityToken',
        status: 403,
      });
    } finally {
      await stsEmu.stop();
    }
  });
});
