import { describe, expect, it } from 'vitest';
import { leadingLabel } from './virtual-host';

const bare = (host: string) => /^oss-[a-z0-9-]+\.aliyuncs\.com$/.test(host);

describe('leadingLabel', () => {
  it('takes the first label of a virtual-hosted name', () => {
    expect(leadingLabel('bucket.oss-cn-hangzhou.aliyuncs.com', bare)).toBe('bucket');
    expect(leadingLabel('proj.localhost', bare)).toBe('proj');
    expect(leadingLabel('proj.emulator.test', bare)).toBe('proj');
  });

  it('finds no resource in IPs, localhost, bare endpoints, dotless or leading-dot names', () => {
    for (const host of [
      '127.0.0.1',
      '::1',
      'localhost',
      'oss-cn-hangzhou.aliyuncs.com',
      'emulator',
      '',
      '.oss-cn-hangzhou.aliyuncs.com',
    ]) {
      expect(leadingLabel(host, bare)).toBeUndefined();
    }
  });
});
