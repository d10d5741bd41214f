// Cross-check: the hosts we derive equal the ones the official Node SDKs build from the same
// region, for the products whose SDK derives endpoints itself (ali-oss, @alicloud/log).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { knownRegions } from './known-regions';
import { ossEndpoint, slsEndpoint } from './product-endpoints';

const require = createRequire(import.meta.url);

interface AliOssClient {
  options: { endpoint: { host: string; protocol: string } };
}
type AliOssConstructor = new (options: Record<string, unknown>) => AliOssClient;
interface SlsClient {
  endpoint: string;
}
type SlsConstructor = new (options: Record<string, unknown>) => SlsClient;

const AliOss = require('ali-oss') as AliOssConstructor;
const SlsClientCtor = require('@alicloud/log') as SlsConstructor;
const fakeKeys = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' };

describe('agreement with the official SDKs', () => {
  it.each(knownRegions('oss'))('ali-oss builds the same public and internal host for %s', (region) => {
    for (const internal of [false, true]) {
      // ali-oss takes the region with its `oss-` prefix.
      const client = new AliOss({ ...fakeKeys, region: `oss-${region}`, internal, secure: true });
      const ours = ossEndpoint(region, { network: internal ? 'internal' : 'public' });
      expect(ours.host).toBe(client.options.endpoint.host);
      expect(new URL(ours.url).protocol).toBe(client.options.endpoint.protocol);
    }
  });

  it.each(knownRegions('sls'))('@alicloud/log builds the same public and intranet host for %s', (region) => {
    expect(slsEndpoint(region).host).toBe(new SlsClientCtor({ ...fakeKeys, region }).endpoint);
    expect(slsEndpoint(region, { network: 'internal' }).host).toBe(
      new SlsClientCtor({ ...fakeKeys, region, net: 'intranet' }).endpoint,
    );
  });
});
