import { Agent, type AgentOptions } from 'node:http';
import { createRequire } from 'node:module';
import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The official Node.js SLS SDK has no types; this is the slice the test uses.
interface OfficialLogClient {
  createLogStore(
    project: string,
    logstore: string,
    data: { ttl: number; shardCount: number },
    options?: object,
  ): Promise<unknown>;
  listLogStore(project: string, data?: object, options?: object): Promise<{ logstores: string[]; count: number }>;
  getLogStore(project: string, logstore: string, options?: object): Promise<Record<string, unknown>>;
  postLogStoreLogs(
    project: string,
    logstore: string,
    data: {
      logs: Array<{ timestamp: number; timestampNsPart?: number; content: Record<string, string> }>;
      topic?: string;
      source?: string;
      tags?: Array<Record<string, string>>;
    },
    options?: object,
  ): Promise<unknown>;
  getLogs(project: string, logstore: string, from: Date, to: Date, data?: object, options?: object): Promise<unknown>;
  getHistograms(
    project: string,
    logstore: string,
    from: Date,
    to: Date,
    data?: object,
    options?: object,
  ): Promise<unknown>;
}
type OfficialLogClientClass = new (options: {
  accessKeyId: string;
  accessKeySecret: string;
  endpoint: string;
}) => OfficialLogClient;

const require = createRequire(import.meta.url);
const Client = require('@alicloud/log') as OfficialLogClientClass;

// Every name (`<project>.cn-hangzhou.log.aliyuncs.com`) resolves to loopback, so the SDK keeps its
// host-based addressing and the emulator reads the project from the Host header.
const lookup: AgentOptions['lookup'] = (_hostname, options, callback) => {
  const cb = callback as (err: Error | null, address: unknown, family?: number) => void;
  if ((options as { all?: boolean }).all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

const PROJECT = 'crosscheck-project';
let emu: Emulators<'sls'>;
let client: OfficialLogClient;
let agent: Agent;
const opts = () => ({ agent, timeout: 5000 });

beforeAll(async () => {
  emu = await startEmulators({ services: ['sls'] });
  emu.sls.createProject(PROJECT);
  const port = new URL(emu.sls.endpoint).port;
  agent = new Agent({ keepAlive: true, lookup });
  client = new Client({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: emu.credentials.accessKeySecret,
    endpoint: `cn-hangzhou.log.aliyuncs.com:${port}`,
  });
});
afterAll(async () => {
  agent?.destroy();
  await emu?.stop();
});

describe('@alicloud/log against the SLS emulator', () => {
  it('creates and lists logstores', async () => {
    await client.createLogStore(PROJECT, 'official', { ttl: 7, shardCount: 2 }, opts());
    const listed = await client.listLogStore(PROJECT, {}, opts());
    expect(listed).toMatchObject({ count: 1, logstores: ['official'] });
    expect(await client.getLogStore(PROJECT, 'official', opts())).toMatchObject({ logstoreName: 'official', ttl: 7 });
    await expect(client.createLogStore(PROJECT, 'official', { ttl: 7, shardCount: 2 }, opts())).rejects.toMatchObject({
      code: 'LogStoreAlreadyExist',
    });
  });

  it('writes with postLogStoreLogs and reads back with getLogs and getHistograms', async () => {
    const t = Math.floor(Date.now() / 1000) - 60;
    await client.postLogStoreLogs(
      PROJECT,
      'official',
      {
        logs: [
          { timestamp: t, content: { msg: 'hello from the official sdk', level: 'INFO', id: '1' } },
          { timestamp: t + 1, timestampNsPart: 5000, content: { msg: 'second line', level: 'ERROR', id: '2' } },
        ],
        topic: 'crosscheck',
        source: '10.0.0.1',
        tags: [{ env: 'test' }],
      },
      opts(),
    );
    const stored = emu.sls.records(PROJECT, 'official');
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ time: t + 1, timeNs: 5000, topic: 'crosscheck', tags: [['env', 'test']] });

    const from = new Date((t - 10) * 1000);
    const to = new Date((t + 10) * 1000);
    const all = await client.getLogs(PROJECT, 'official', from, to, { query: '*', line: 10, offset: 0 }, opts());
    expect(all).toEqual([
      {
        __time__: String(t),
        __source__: '10.0.0.1',
        __topic__: 'crosscheck',
        '__tag__:env': 'test',
        msg: 'hello from the official sdk',
        level: 'INFO',
        id: '1',
      },
      expect.objectContaining({ msg: 'second line', level: 'ERROR' }),
    ]);
    const errors = await client.getLogs(
      PROJECT,
      'official',
      from,
      to,
      { query: 'level: ERROR', reverse: true },
      opts(),
    );
    expect(errors).toEqual([expect.objectContaining({ id: '2' })]);
    const histogram = (await client.getHistograms(PROJECT, 'official', from, to, { query: 'sdk' }, opts())) as Array<{
      count: number;
    }>;
    expect(histogram.reduce((n, b) => n + b.count, 0)).toBe(1);
  });

  it('surfaces emulator errors as the SDK expects (JSON errorCode)', async () => {
    await expect(client.getLogs(PROJECT, 'missing', new Date(0), new Date(), {}, opts())).rejects.toMatchObject({
      code: 'LogStoreNotExist',
    });
  });
});
