import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ossSignatureVersionOf } from '../../src/signing/oss-common';
import { verifyOssV1 } from '../../src/signing/oss-v1';
import { verifyOssV4 } from '../../src/signing/oss-v4';
import type { ReceivedRequest, VerificationResult } from '../../src/signing/types';

const require = createRequire(import.meta.url);
const OSS = require('ali-oss');

const AK = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret/Plus+Eq=';
const BUCKET = 'examplebucket';

interface Seen {
  method: string;
  url: string;
  result: VerificationResult;
}

/**
 * A loopback stand-in for OSS that verifies every request with our verifiers and answers with
 * just enough of the real responses for ali-oss to parse them.
 */
class VerifyingServer {
  readonly seen: Seen[] = [];
  /** Offset added to the server clock. */
  clockOffsetMs = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received: ReceivedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      body: Buffer.concat(chunks),
    };
    const lookup = (id: string) => (id === AK ? SECRET : undefined);
    const options = { now: () => new Date(Date.now() + this.clockOffsetMs) };
    const result =
      ossSignatureVersionOf(received) === 'v4'
        ? verifyOssV4(received, lookup, options)
        : verifyOssV1(received, lookup, options);
    this.seen.push({ method: received.method, url: received.url, result });
    res.setHeader('x-oss-request-id', '5C8F7B2CDDD9CB2E202D4FD8');
    if (!result.ok) {
      res.writeHead(403, { 'Content-Type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${result.reason}</Code><Message>${result.message}</Message>` +
          '<RequestId>5C8F7B2CDDD9CB2E202D4FD8</RequestId></Error>',
      );
      return;
    }
    const query = new URL(received.url, 'http://x').searchParams;
    const xml = (body: string) => {
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
    };
    if (query.has('uploads')) {
      xml(
        `<InitiateMultipartUploadResult><Bucket>${BUCKET}</Bucket><Key>k</Key><UploadId>UPID</UploadId></InitiateMultipartUploadResult>`,
      );
    } else if (query.has('acl') && received.method === 'GET') {
      xml(
        '<AccessControlPolicy><Owner><ID>1</ID><DisplayName>1</DisplayName></Owner>' +
          '<AccessControlList><Grant>private</Grant></AccessControlList></AccessControlPolicy>',
      );
    } else if (query.has('list-type')) {
      xml(
        `<ListBucketResult><Name>${BUCKET}</Name><KeyCount>1</KeyCount><MaxKeys>10</MaxKeys><IsTruncated>false</IsTruncated>` +
          '<Contents><Key>a.txt</Key><Size>5</Size><ETag>"E"</ETag></Contents></ListBucketResult>',
      );
    } else if (received.method === 'DELETE') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(200, { ETag: '"5D41402ABC4B2A76B9719D911017C592"', 'Content-Type': 'text/plain' });
      res.end(received.method === 'GET' ? 'hello' : undefined);
    }
  }
}

describe('the official ali-oss client against a loopback server running our verifiers', () => {
  const server = new VerifyingServer();
  let port = 0;

  beforeAll(async () => {
    port = await server.start();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.seen.length = 0;
    server.clockOffsetMs = 0;
  });

  function client(options: Record<string, unknown>) {
    // An IP endpoint: ali-oss sends `/<key>` with `Host: <bucket>.oss-cn-hangzhou.aliyuncs.com`.
    return new OSS({
      endpoint: `http://127.0.0.1:${port}`,
      bucket: BUCKET,
      accessKeyId: AK,
      accessKeySecret: SECRET,
      region: 'oss-cn-hangzhou',
      refreshSTSTokenInterval: 1e9,
      ...options,
    });
  }

  function expectAllAccepted(count: number): void {
    expect(server.seen).toHaveLength(count);
    for (const { method, url, result } of server.seen) {
      expect(result, `${method} ${url}: ${result.ok ? '' : result.message}`).toMatchObject({
        ok: true,
        accessKeyId: AK,
      });
    }
  }

  for (const authorizationV4 of [false, true]) {
    const version = authorizationV4 ? 'V4' : 'V1';

    it(`accepts put, get, head, list, ACL, multipart and delete signed with ${version}`, async () => {
      const oss = client({ authorizationV4 });
      await oss.put('dir/a b+c~中文.txt', Buffer.from('hello'), { meta: { owner: ' Alice ' } });
      const got = await oss.get('dir/a b+c~中文.txt');
      expect(got.content.toString()).toBe('hello');
      await oss.head('photo.jpg');
      const listed = await oss.listV2({ prefix: 'dir/', 'max-keys': 10, 'continuation-token': 'tok+/=' });
      expect(listed.objects[0].name).toBe('a.txt');
      await oss.putACL('a.txt', 'private');
      expect((await oss.getACL('a.txt')).acl).toBe('private');
      expect((await oss.initMultipartUpload('big.bin')).uploadId).toBe('UPID');
      await oss.uploadPart('big.bin', 'UPID', 1, Buffer.from('part'), 0, 4);
      await oss.get('image.png', { process: 'image/resize,w_100', versionId: 'v+1' });
      await oss.delete('a.txt');
      expectAllAccepted(10);
    });

    it(`carries the STS token through ${version}`, async () => {
      const oss = client({ authorizationV4, stsToken: 'CAIS+sts/token==' });
      await oss.put('sts.txt', Buffer.from('x'));
      expectAllAccepted(1);
      expect(server.seen[0]?.result).toMatchObject({ securityToken: 'CAIS+sts/token==' });
    });

    it(`refuses a wrong secret with SignatureDoesNotMatch (${version})`, async () => {
      const oss = client({ authorizationV4, accessKeySecret: 'WrongSecret' });
      await expect(oss.put('a.txt', Buffer.from('x'))).rejects.toMatchObject({
        code: 'SignatureDoesNotMatch',
        status: 403,
      });
      const seen = server.seen[0]?.result;
      expect(seen).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
      expect(JSON.stringify(seen)).not.toContain(SECRET);
    });

    it(`refuses an unknown key and a skewed clock (${version})`, async () => {
      await expect(client({ authorizationV4, accessKeyId: 'LTAI5tUnknown' }).get('a.txt')).rejects.toMatchObject({
        code: 'InvalidAccessKeyId',
      });
      server.clockOffsetMs = 3_600_000;
      await expect(client({ authorizationV4 }).get('a.txt')).rejects.toMatchObject({ code: 'RequestTimeTooSkewed' });
    });
  }

  describe('presigned URLs fetched with fetch()', () => {
    // signatureUrl refuses IP endpoints, so the URL is made for localhost with the bucket in the
    // path and fetched from 127.0.0.1 (the host is not signed).
    function presigner(options: Record<string, unknown> = {}) {
      return new OSS({
        endpoint: `http://localhost:${port}`,
        sldEnable: true,
        bucket: BUCKET,
        accessKeyId: AK,
        accessKeySecret: SECRET,
        region: 'oss-cn-hangzhou',
        refreshSTSTokenInterval: 1e9,
        ...options,
      });
    }
    const loopback = (url: string) => url.replace(`//localhost:${port}`, `//127.0.0.1:${port}`);

    it('accepts V1 URLs from signatureUrl (GET with response overrides, PUT with Content-Type)', async () => {
      const oss = presigner({ stsToken: 'CAIS+sts/token==' });
      const get = await fetch(
        loopback(oss.signatureUrl('dir/a b.txt', { expires: 60, response: { 'content-disposition': 'attachment' } })),
      );
      expect(get.status).toBe(200);
      expect(await get.text()).toBe('hello');
      const putUrl = oss.signatureUrl('up.txt', { method: 'PUT', 'Content-Type': 'text/plain' });
      const put = await fetch(loopback(putUrl), {
        method: 'PUT',
        headers: { 'Content-Type': 'text/plain' },
        body: 'x',
      });
      expect(put.status).toBe(200);
      expectAllAccepted(2);
      expect(server.seen[0]?.result).toMatchObject({ securityToken: 'CAIS+sts/token==' });
    });

    it('accepts V4 URLs from signatureUrlV4, including a query and additional headers', async () => {
      const oss = presigner();
      const url = await oss.signatureUrlV4(
        'GET',
        60,
        { headers: { Range: 'bytes=0-1' }, queries: { versionId: 'v1' } },
        'a.txt',
        ['range'],
      );
      const res = await fetch(loopback(url), { headers: { Range: 'bytes=0-1' } });
      expect(res.status).toBe(200);
      const plain = await fetch(loopback(await oss.signatureUrlV4('GET', 60, undefined, 'dir/中文 b.txt')));
      expect(plain.status).toBe(200);
      expectAllAccepted(2);
    });

    it('refuses expired and tampered URLs', async () => {
      const oss = presigner();
      const v1 = loopback(oss.signatureUrl('a.txt', { expires: 1 }));
      const v4 = loopback(await oss.signatureUrlV4('GET', 1, undefined, 'a.txt'));
      expect((await fetch(v1.replace('a.txt', 'b.txt'))).status).toBe(403);
      expect((await fetch(v4.replace('a.txt', 'b.txt'))).status).toBe(403);
      server.clockOffsetMs = 10_000;
      expect((await fetch(v1)).status).toBe(403);
      expect((await fetch(v4)).status).toBe(403);
      expect(server.seen.map((s) => (s.result.ok ? 'ok' : s.result.reason))).toEqual([
        'SignatureDoesNotMatch',
        'SignatureDoesNotMatch',
        'RequestExpired',
        'RequestExpired',
      ]);
    });
  });
});
