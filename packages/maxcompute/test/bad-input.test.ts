import { describe, expect, it } from 'vitest';
import { MaxComputeClient, type MaxComputeClientOptions } from '../src/index';

let calls = 0;
const noNetwork: typeof fetch = async () => {
  calls++;
  throw new Error('no request may be sent for bad input');
};

function client(options: Partial<MaxComputeClientOptions> = {}): MaxComputeClient {
  return new MaxComputeClient({
    endpoint: 'http://127.0.0.1:9/api',
    region: 'cn-hangzhou',
    project: 'p1',
    credentials: { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'test' },
    fetch: noNetwork,
    logview: false,
    ...options,
  });
}

describe('MaxComputeClient bad input (no I/O)', () => {
  it('checks the constructor options', () => {
    expect(() => new MaxComputeClient({ project: 'p1' })).toThrow(/endpoint or a region/);
    expect(() => client({ project: 'bad name' })).toThrow(TypeError);
    expect(() => client({ region: 'Hangzhou!' })).toThrow(/region/);
    expect(() => client({ endpoint: 'ftp://x/api' })).toThrow(/http/);
    expect(() => client({ tunnelEndpoint: 'not a url' })).toThrow(/tunnelEndpoint/);
    expect(new MaxComputeClient({ region: 'cn-shanghai', project: 'p1' }).endpoint).toBe(
      'https://service.cn-shanghai.maxcompute.aliyun.com/api',
    );
  });

  it('checks SQL, hints and priority before submitting', async () => {
    const mc = client();
    await expect(mc.beginRunSql('  ')).rejects.toThrow(TypeError);
    await expect(mc.beginRunSql('select 1', { priority: -1 })).rejects.toThrow(RangeError);
    await expect(mc.beginRunSql('select 1', { hints: { a: {} as never } })).rejects.toThrow(/hint "a"/);
    await expect(mc.runSql('select 1', { taskName: 'bad name' })).rejects.toThrow(/taskName/);
  });

  it('checks table names, partitions and tunnel options', async () => {
    const mc = client({ tunnelEndpoint: 'http://127.0.0.1:9' });
    await expect(mc.getTable('a/b')).rejects.toThrow(/table must be/);
    expect(() => mc.listPartitions('t', { partition: 'no-equals-sign' })).toThrow(/partition must look like/);
    await expect(mc.downloadTable('t', { rangeSize: 0 }).next()).rejects.toThrow(RangeError);
    await expect(mc.downloadTable('t', { partition: { dt: "it's" } }).next()).rejects.toThrow(/must not contain/);
    await expect(mc.uploadTable('t', 5 as never)).rejects.toThrow(/iterable/);
    await expect(mc.uploadTable('t', [], { concurrency: 1.5 })).rejects.toThrow(RangeError);
    expect(calls).toBe(0);
  });
});
