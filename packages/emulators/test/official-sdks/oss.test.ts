import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, loopbackLookup, startEmulators } from '../../src/index';
import { portOf, requireFromCore } from '../helpers';

type OssClient = {
  listBuckets(
    query?: Record<string, unknown>,
    options?: Record<string, unknown>,
  ): Promise<{
    buckets: Array<{ name: string; region: string }> | null;
    owner: { id: string };
    res: { status: number; headers: Record<string, string> };
  }>;
};
const OSS = requireFromCore('ali-oss') as new (options: Record<string, unknown>) => OssClient;

let emu: Emulators<'oss'>;
const agent = new Agent({ lookup: loopbackLookup });

beforeAll(async () => {
  emu = await startEmulators({ services: ['oss'] });
  emu.oss.createBucket('sdk-bucket');
});
afterAll(async () => {
  agent.destroy();
  await emu.stop();
});

function client(options: Record<string, unknown> = {}): OssClient {
  return new OSS({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: emu.credentials.accessKeySecret,
    region: 'oss-cn-hangzhou',
    endpoint: emu.oss.endpoint,
    ...options,
  });
}

describe('ali-oss against the oss emulator', () => {
  it('listBuckets works with the IP endpoint (V1)', async () => {
    const result = await client().listBuckets();
    expect(result.res.status).toBe(200);
    expect(result.buckets?.map((b) => [b.name, b.region])).toEqual([['sdk-bucket', 'oss-cn-hangzhou']]);
    expect(result.owner.id).toBe('alikit-emulator-owner');
  });

  it('listBuckets works with V4 signatures', async () => {
    const result = await client({ authorizationV4: true }).listBuckets();
    expect(result.buckets?.map((b) => b.name)).toEqual(['sdk-bucket']);
  });

  it('listBuckets works with a real-looking host name routed to loopback', async () => {
    const result = await client({
      endpoint: `http://oss-cn-hangzhou.aliyuncs.com:${portOf(emu.oss.endpoint)}`,
      agent,
    }).listBuckets();
    expect(result.buckets?.map((b) => b.name)).toEqual(['sdk-bucket']);
  });

  it('a wrong secret surfaces as SignatureDoesNotMatch with status and request id', async () => {
    await expect(client({ accessKeySecret: 'WrongSecret' }).listBuckets()).rejects.toMatchObject({
      name: 'SignatureDoesNotMatchError',
      code: 'SignatureDoesNotMatch',
      status: 403,
      requestId: expect.stringMatching(/^[0-9A-F]{24}$/),
    });
  });
});
