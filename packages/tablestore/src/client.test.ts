import { describe, expect, it } from 'vitest';
import { TablestoreClient } from './client';
import { defineTable } from './schema';

const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'static' };

describe('TablestoreClient construction', () => {
  it('derives the endpoint from region and instance name', () => {
    const client = new TablestoreClient({ region: 'cn-hangzhou', instanceName: 'my-inst', credentials });
    expect(client.endpoint).toBe('https://my-inst.cn-hangzhou.ots.aliyuncs.com');
    const vpc = new TablestoreClient({ region: 'cn-hangzhou', instanceName: 'my-inst', network: 'vpc', credentials });
    expect(vpc.endpoint).toBe('https://my-inst.cn-hangzhou.vpc.tablestore.aliyuncs.com');
  });

  it('takes an explicit endpoint', () => {
    const client = new TablestoreClient({ endpoint: 'http://127.0.0.1:1234/', instanceName: 'inst', credentials });
    expect(client.endpoint).toBe('http://127.0.0.1:1234');
  });

  it('refuses missing or bad settings with a TypeError naming the option', () => {
    // @ts-expect-error: instanceName is required
    expect(() => new TablestoreClient({ region: 'cn-hangzhou' })).toThrow(/instanceName/);
    expect(() => new TablestoreClient({ instanceName: 'inst' })).toThrow(/endpoint, or region/);
    expect(() => new TablestoreClient({ instanceName: 'inst', endpoint: 'ftp://x' })).toThrow(/endpoint must be/);
    expect(() => new TablestoreClient({ instanceName: 'inst', region: 'nowhere-1' })).toThrow(RangeError);
    expect(
      () => new TablestoreClient({ instanceName: 'inst', region: 'cn-hangzhou', retry: { maxAttempts: 0 } }),
    ).toThrow(RangeError);
  });

  it('refuses a plain http endpoint that is not loopback at the first call', async () => {
    const client = new TablestoreClient({ endpoint: 'http://example.com', instanceName: 'inst', credentials });
    await expect(client.listTables()).rejects.toThrow(/http/);
  });

  it('table() wants a definition from defineTable', () => {
    const client = new TablestoreClient({ region: 'cn-hangzhou', instanceName: 'inst', credentials });
    // @ts-expect-error: not a definition
    expect(() => client.table({ name: 'x' })).toThrow(/defineTable/);
    expect(client.table(defineTable({ name: 'x', primaryKey: { id: 'string' } })).name).toBe('x');
  });
});
