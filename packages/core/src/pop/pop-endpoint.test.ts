import { describe, expect, it } from 'vitest';
import { resolvePopEndpoint } from './pop-endpoint';

describe('resolvePopEndpoint', () => {
  it('uses the rules core knows for CloudMonitor, STS, PAI, PAI-DLC and DTS', () => {
    expect(resolvePopEndpoint({ product: 'cms', region: 'cn-hangzhou' }).href).toBe(
      'https://metrics.cn-hangzhou.aliyuncs.com/',
    );
    expect(resolvePopEndpoint({ product: 'sts', region: 'cn-shanghai' }).host).toBe('sts.cn-shanghai.aliyuncs.com');
    expect(resolvePopEndpoint({ product: 'pai', region: 'cn-hangzhou' }).host).toBe('pai.cn-hangzhou.data.aliyun.com');
    expect(resolvePopEndpoint({ product: 'pai', region: 'cn-beijing' }).host).toBe('pai.cn-beijing.aliyuncs.com');
    expect(resolvePopEndpoint({ product: 'dts', region: 'cn-hangzhou' }).host).toBe('dts.aliyuncs.com');
    expect(resolvePopEndpoint({ product: 'pai-dlc', region: 'cn-shanghai' }).host).toMatch(/^pai-dlc\./);
  });

  it('falls back to <product>.<region>.aliyuncs.com for other products', () => {
    expect(resolvePopEndpoint({ product: 'ecs', region: 'cn-hangzhou' }).href).toBe(
      'https://ecs.cn-hangzhou.aliyuncs.com/',
    );
    expect(resolvePopEndpoint({ product: 'slb', region: 'ap-southeast-1' }).host).toBe(
      'slb.ap-southeast-1.aliyuncs.com',
    );
  });

  it('prefers an explicit endpoint, bare host or origin, and allows http: only to loopback', () => {
    expect(
      resolvePopEndpoint({ endpoint: 'ecs.cn-beijing.aliyuncs.com', product: 'ecs', region: 'cn-hangzhou' }).origin,
    ).toBe('https://ecs.cn-beijing.aliyuncs.com');
    expect(resolvePopEndpoint({ endpoint: 'http://127.0.0.1:8080/' }).origin).toBe('http://127.0.0.1:8080');
    expect(() => resolvePopEndpoint({ endpoint: 'http://ecs.example.com' })).toThrow(/http:/);
    expect(resolvePopEndpoint({ endpoint: 'http://ecs.example.com', allowInsecureConnection: true }).protocol).toBe(
      'http:',
    );
  });

  it('refuses an endpoint with a path, and malformed products or regions', () => {
    expect(() => resolvePopEndpoint({ endpoint: 'https://ecs.aliyuncs.com/api' })).toThrow(/without a path/);
    expect(() => resolvePopEndpoint({ product: 'ecs' })).toThrow(TypeError);
    expect(() => resolvePopEndpoint({ product: 'ECS', region: 'cn-hangzhou' })).toThrow(/product/);
    expect(() => resolvePopEndpoint({ product: 'ecs', region: 'cn_hangzhou' })).toThrow(/region/);
    expect(() => resolvePopEndpoint({ product: 'cms', region: 'xx-nowhere-9' })).toThrow(RangeError);
  });
});
