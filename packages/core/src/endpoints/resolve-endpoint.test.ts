import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKnownRegion, knownRegions } from './known-regions';
import {
  cmsEndpoint,
  dtsEndpoint,
  maxComputeEndpoint,
  maxComputeTunnelEndpoint,
  ossEndpoint,
  paiDlcEndpoint,
  paiEndpoint,
  slsEndpoint,
  stsEndpoint,
  tablestoreEndpoint,
} from './product-endpoints';
import { PRODUCT_RULES } from './product-rules';
import { assertRegion, REGION_ID_PATTERN, resolveEndpoint } from './resolve-endpoint';
import type { EndpointNetwork, EndpointProduct, ResolveEndpointOptions } from './types';

const PRODUCTS = Object.keys(PRODUCT_RULES) as EndpointProduct[];

interface Row {
  product: EndpointProduct;
  region: string;
  network?: EndpointNetwork;
  instanceName?: string;
  url: string;
  signingRegion?: string;
}

const rows: Row[] = [
  // oss (spec oss.md 1.1)
  { product: 'oss', region: 'cn-hangzhou', url: 'https://oss-cn-hangzhou.aliyuncs.com' },
  { product: 'oss', region: 'cn-hangzhou', network: 'internal', url: 'https://oss-cn-hangzhou-internal.aliyuncs.com' },
  { product: 'oss', region: 'cn-hangzhou', network: 'dualstack', url: 'https://cn-hangzhou.oss.aliyuncs.com' },
  { product: 'oss', region: 'ap-southeast-1', network: 'accelerate', url: 'https://oss-accelerate.aliyuncs.com' },
  {
    product: 'oss',
    region: 'eu-central-1',
    network: 'accelerate-overseas',
    url: 'https://oss-accelerate-overseas.aliyuncs.com',
  },
  { product: 'oss', region: 'us-west-1', url: 'https://oss-us-west-1.aliyuncs.com' },
  // sls (spec sls.md 1)
  { product: 'sls', region: 'cn-hangzhou', url: 'https://cn-hangzhou.log.aliyuncs.com' },
  { product: 'sls', region: 'cn-shanghai', network: 'internal', url: 'https://cn-shanghai-intranet.log.aliyuncs.com' },
  { product: 'sls', region: 'ap-southeast-1', network: 'accelerate', url: 'https://log-global.aliyuncs.com' },
  // tablestore (spec tablestore.md 1)
  {
    product: 'tablestore',
    region: 'cn-hangzhou',
    instanceName: 'my-inst',
    url: 'https://my-inst.cn-hangzhou.ots.aliyuncs.com',
  },
  {
    product: 'tablestore',
    region: 'cn-hangzhou',
    network: 'internal',
    instanceName: 'my-inst',
    url: 'https://my-inst.cn-hangzhou.ots-internal.aliyuncs.com',
  },
  {
    product: 'tablestore',
    region: 'cn-beijing',
    network: 'vpc',
    instanceName: 'Orders01',
    url: 'https://orders01.cn-beijing.vpc.tablestore.aliyuncs.com',
  },
  // cms (spec pop.md 3)
  { product: 'cms', region: 'cn-hangzhou', url: 'https://metrics.cn-hangzhou.aliyuncs.com' },
  { product: 'cms', region: 'ap-southeast-5', url: 'https://metrics.ap-southeast-5.aliyuncs.com' },
  // sts (spec credentials.md 8; VPC-only regions from the official STS SDK map)
  { product: 'sts', region: 'cn-shanghai', url: 'https://sts.cn-shanghai.aliyuncs.com' },
  { product: 'sts', region: 'cn-shanghai', network: 'vpc', url: 'https://sts-vpc.cn-shanghai.aliyuncs.com' },
  { product: 'sts', region: 'cn-north-2-gov-1', url: 'https://sts-vpc.cn-north-2-gov-1.aliyuncs.com' },
  { product: 'sts', region: 'cn-shenzhen-finance-1', url: 'https://sts-vpc.cn-shenzhen-finance-1.aliyuncs.com' },
  // pai studio (spec pop.md 3: the Hangzhou exception)
  { product: 'pai', region: 'cn-hangzhou', url: 'https://pai.cn-hangzhou.data.aliyun.com' },
  { product: 'pai', region: 'cn-shanghai', url: 'https://pai.cn-shanghai.aliyuncs.com' },
  { product: 'pai', region: 'ap-southeast-1', url: 'https://pai.ap-southeast-1.aliyuncs.com' },
  // pai-dlc: regional in main regions, central elsewhere
  { product: 'pai-dlc', region: 'cn-hangzhou', url: 'https://pai-dlc.cn-hangzhou.aliyuncs.com' },
  { product: 'pai-dlc', region: 'cn-qingdao', url: 'https://pai-dlc.aliyuncs.com' },
  // dts (spec pop.md 3): central for most, regional for the listed newer regions
  { product: 'dts', region: 'cn-hangzhou', url: 'https://dts.aliyuncs.com', signingRegion: 'cn-hangzhou' },
  { product: 'dts', region: 'ap-southeast-1', url: 'https://dts.aliyuncs.com', signingRegion: 'ap-southeast-1' },
  { product: 'dts', region: 'ap-northeast-1', url: 'https://dts.ap-northeast-1.aliyuncs.com' },
  { product: 'dts', region: 'cn-guangzhou', url: 'https://dts.cn-guangzhou.aliyuncs.com' },
  { product: 'dts', region: 'me-central-1', url: 'https://dts.me-central-1.aliyuncs.com' },
  // maxcompute (spec maxcompute.md 1.1)
  { product: 'maxcompute', region: 'cn-hangzhou', url: 'https://service.cn-hangzhou.maxcompute.aliyun.com/api' },
  {
    product: 'maxcompute',
    region: 'cn-shanghai',
    network: 'vpc',
    url: 'https://service.cn-shanghai-vpc.maxcompute.aliyun-inc.com/api',
  },
  { product: 'maxcompute-tunnel', region: 'cn-hangzhou', url: 'https://dt.cn-hangzhou.maxcompute.aliyun.com' },
  {
    product: 'maxcompute-tunnel',
    region: 'ap-southeast-1',
    network: 'vpc',
    url: 'https://dt.ap-southeast-1-vpc.maxcompute.aliyun-inc.com',
  },
];

describe('resolveEndpoint', () => {
  it.each(rows)('$product $region $network → $url', (row) => {
    const options: ResolveEndpointOptions = { product: row.product, region: row.region };
    if (row.network !== undefined) options.network = row.network;
    if (row.instanceName !== undefined) options.instanceName = row.instanceName;
    const resolved = resolveEndpoint(options);
    expect(resolved.url).toBe(row.url);
    expect(resolved.host).toBe(new URL(row.url).hostname);
    expect(resolved.signingRegion).toBe(row.signingRegion ?? row.region);
  });

  it('keeps the bucket region as the signing region of the acceleration endpoints', () => {
    expect(resolveEndpoint({ product: 'oss', region: 'cn-beijing', network: 'accelerate' }).signingRegion).toBe(
      'cn-beijing',
    );
    expect(resolveEndpoint({ product: 'sls', region: 'cn-beijing', network: 'accelerate' }).signingRegion).toBe(
      'cn-beijing',
    );
  });

  it('refuses http unless allowInsecureConnection is set, and names the option', () => {
    expect(() => resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', scheme: 'http' })).toThrow(TypeError);
    expect(() => resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', scheme: 'http' })).toThrow(
      /allowInsecureConnection/,
    );
    expect(
      resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', scheme: 'http', allowInsecureConnection: true }).url,
    ).toBe('http://oss-cn-hangzhou.aliyuncs.com');
    expect(() =>
      resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', scheme: 'ftp' as unknown as 'https' }),
    ).toThrow(/scheme must be 'https' or 'http'/);
  });

  it('names the region, some known regions and the `endpoint` escape hatch for an unknown region', () => {
    let error: unknown;
    try {
      resolveEndpoint({ product: 'oss', region: 'xx-nowhere-9' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    const message = (error as Error).message;
    expect(message).toContain("unknown oss region 'xx-nowhere-9'");
    expect(message).toContain('cn-hangzhou');
    expect(message).toMatch(/and \d+ more, see knownRegions\('oss'\)/);
    expect(message).toContain('pass `endpoint` explicitly');
  });

  it('suggests the closest known region', () => {
    expect(() => resolveEndpoint({ product: 'sls', region: 'cn-hangzou' })).toThrow(/did you mean 'cn-hangzhou'\?/);
    expect(() => resolveEndpoint({ product: 'oss', region: 'oss-cn-hangzhou' })).toThrow(
      /did you mean 'cn-hangzhou'\?/,
    );
    expect(() => resolveEndpoint({ product: 'cms', region: 'CN-BEIJING' })).toThrow(/did you mean 'cn-beijing'\?/);
    expect(() => resolveEndpoint({ product: 'cms', region: 'zz-qqqqqq-77' })).not.toThrow(/did you mean/);
  });

  it('rejects a malformed region id with a RangeError that says what a region id looks like', () => {
    for (const region of ['', 'cnhangzhou', 'cn_hangzhou', 'cn-hangzhou-', '-cn-hangzhou', 'cn--hangzhou', ' ']) {
      expect(() => resolveEndpoint({ product: 'oss', region })).toThrow(RangeError);
      expect(() => resolveEndpoint({ product: 'oss', region })).toThrow(/is not a region id/);
    }
  });

  it('checks a region known for one product against the list of another', () => {
    // cn-zhongwei has Tablestore but no OSS.
    expect(resolveEndpoint({ product: 'tablestore', region: 'cn-zhongwei', instanceName: 'abc' }).host).toBe(
      'abc.cn-zhongwei.ots.aliyuncs.com',
    );
    expect(() => resolveEndpoint({ product: 'oss', region: 'cn-zhongwei' })).toThrow(/unknown oss region/);
  });

  it('throws TypeError for arguments of the wrong type', () => {
    expect(() => resolveEndpoint(undefined as unknown as ResolveEndpointOptions)).toThrow(TypeError);
    expect(() => resolveEndpoint({ product: 'ecs' as EndpointProduct, region: 'cn-hangzhou' })).toThrow(
      /unknown product "ecs"; expected one of oss, sls/,
    );
    expect(() => resolveEndpoint({ product: 'oss', region: 42 as unknown as string })).toThrow(TypeError);
    expect(() => resolveEndpoint({ product: 'toString' as EndpointProduct, region: 'cn-hangzhou' })).toThrow(TypeError);
  });

  describe('networks', () => {
    it('explains an unsupported network and lists the supported ones', () => {
      expect(() => resolveEndpoint({ product: 'cms', region: 'cn-hangzhou', network: 'vpc' })).toThrow(
        "cms has no 'vpc' endpoint; supported networks: public.",
      );
      expect(() => resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', network: 'vpc' })).toThrow(
        /oss has no 'vpc' endpoint; supported networks: public, internal, dualstack, accelerate, accelerate-overseas \(use network 'internal'/,
      );
      expect(() => resolveEndpoint({ product: 'sls', region: 'cn-hangzhou', network: 'vpc' })).toThrow(
        /use network 'internal'/,
      );
      expect(() => resolveEndpoint({ product: 'maxcompute', region: 'cn-hangzhou', network: 'internal' })).toThrow(
        RangeError,
      );
      expect(() =>
        resolveEndpoint({ product: 'sls', region: 'cn-hangzhou', network: 'intranet' as EndpointNetwork }),
      ).toThrow('sls has no network "intranet"; supported networks: public, internal, accelerate.');
      expect(() =>
        resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', network: '__proto__' as EndpointNetwork }),
      ).toThrow(
        'oss has no network "__proto__"; supported networks: public, internal, dualstack, accelerate, accelerate-overseas.',
      );
    });

    it('encodes regions where a network is missing', () => {
      expect(() => resolveEndpoint({ product: 'oss', region: 'cn-nanjing', network: 'dualstack' })).toThrow(
        "oss has no 'dualstack' endpoint in region 'cn-nanjing'",
      );
      expect(resolveEndpoint({ product: 'oss', region: 'cn-nanjing', network: 'internal' }).host).toBe(
        'oss-cn-nanjing-internal.aliyuncs.com',
      );
    });
  });

  describe('tablestore instance names', () => {
    it('requires an instance for tablestore and refuses one elsewhere', () => {
      expect(() => resolveEndpoint({ product: 'tablestore', region: 'cn-hangzhou' })).toThrow(/need instanceName/);
      expect(() => resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', instanceName: 'abc' })).toThrow(
        'instanceName applies to tablestore only, not to oss',
      );
    });

    it.each(['ab', 'a-', '1abc', 'abc.def', 'abc_def', 'a'.repeat(17), 'ab c'])('refuses %j', (instanceName) => {
      expect(() => resolveEndpoint({ product: 'tablestore', region: 'cn-hangzhou', instanceName })).toThrow(TypeError);
    });

    it.each(['abc', 'a1-b2', 'A'.repeat(16), 'MyInstance'])('accepts %j', (instanceName) => {
      const { host } = resolveEndpoint({ product: 'tablestore', region: 'cn-hangzhou', instanceName });
      expect(host).toBe(`${instanceName.toLowerCase()}.cn-hangzhou.ots.aliyuncs.com`);
    });
  });

  describe('every known region resolves to a valid URL on every network its product has', () => {
    const combos: [EndpointProduct, string, EndpointNetwork][] = [];
    for (const product of PRODUCTS) {
      const rule = PRODUCT_RULES[product];
      for (const region of knownRegions(product)) {
        for (const network of rule.networks) {
          if (rule.unavailable?.[network]?.includes(region)) continue;
          combos.push([product, region, network]);
        }
      }
    }

    it('enumerates all combinations', () => {
      expect(combos.length).toBeGreaterThan(300);
      for (const [product, region, network] of combos) {
        const options: ResolveEndpointOptions = { product, region, network };
        if (product === 'tablestore') options.instanceName = 'inst-1';
        expectValidEndpoint(resolveEndpoint(options), region);
      }
    });

    it('holds for random instance names and http', () => {
      const instanceName = fc
        .tuple(
          fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
          fc.string({ unit: fc.constantFrom(...'abcxyzABCXYZ0189-'), minLength: 1, maxLength: 14 }),
          fc.constantFrom(...'az09AZ'),
        )
        .map(([first, middle, last]) => first + middle + last);
      fc.assert(
        fc.property(
          fc.constantFrom(...combos),
          instanceName,
          fc.boolean(),
          ([product, region, network], name, http) => {
            const options: ResolveEndpointOptions = { product, region, network };
            if (product === 'tablestore') options.instanceName = name;
            if (http) Object.assign(options, { scheme: 'http', allowInsecureConnection: true });
            const resolved = resolveEndpoint(options);
            expectValidEndpoint(resolved, region, http ? 'http:' : 'https:');
            if (product === 'tablestore') expect(resolved.host.startsWith(`${name.toLowerCase()}.`)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('throws only RangeError or TypeError for any region that is not known', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRODUCTS),
        fc.oneof(fc.string(), fc.stringMatching(/^[a-z]{2,4}-[a-z0-9]{1,8}(-[a-z0-9]{1,3})?$/)),
        (product, region) => {
          fc.pre(!isKnownRegion(product, region));
          const options: ResolveEndpointOptions = { product, region };
          if (product === 'tablestore') options.instanceName = 'abc';
          let thrown: unknown;
          try {
            resolveEndpoint(options);
          } catch (e) {
            thrown = e;
          }
          expect(thrown).toBeInstanceOf(RangeError);
          expect((thrown as Error).message).toContain('pass `endpoint` explicitly');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('known regions', () => {
  it('are well-formed, unique and include the regions the specs name', () => {
    for (const product of PRODUCTS) {
      const regions = knownRegions(product);
      expect(new Set(regions).size).toBe(regions.length);
      for (const region of regions) expect(region).toMatch(REGION_ID_PATTERN);
      expect(() => assertRegion(product, 'cn-hangzhou')).not.toThrow();
    }
    for (const region of ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1']) {
      expect(isKnownRegion('maxcompute', region)).toBe(true);
    }
    for (const region of [
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-southeast-6',
      'ap-southeast-7',
      'cn-guangzhou',
      'cn-heyuan',
      'cn-wuhan-lr',
      'cn-zhengzhou-jva',
      'me-central-1',
    ]) {
      expect(dtsEndpoint(region).host).toBe(`dts.${region}.aliyuncs.com`);
    }
  });
});

describe('per-product helpers', () => {
  it('match resolveEndpoint', () => {
    expect(ossEndpoint('cn-hangzhou', { network: 'internal' })).toEqual(
      resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', network: 'internal' }),
    );
    expect(slsEndpoint('cn-hangzhou').url).toBe('https://cn-hangzhou.log.aliyuncs.com');
    expect(tablestoreEndpoint('cn-hangzhou', 'inst', { network: 'vpc' }).url).toBe(
      'https://inst.cn-hangzhou.vpc.tablestore.aliyuncs.com',
    );
    expect(cmsEndpoint('cn-shanghai').host).toBe('metrics.cn-shanghai.aliyuncs.com');
    expect(paiEndpoint('cn-hangzhou').host).toBe('pai.cn-hangzhou.data.aliyun.com');
    expect(paiDlcEndpoint('cn-beijing').host).toBe('pai-dlc.cn-beijing.aliyuncs.com');
    expect(dtsEndpoint('cn-shanghai').host).toBe('dts.aliyuncs.com');
    expect(maxComputeEndpoint('cn-beijing', { network: 'vpc' }).url).toBe(
      'https://service.cn-beijing-vpc.maxcompute.aliyun-inc.com/api',
    );
    expect(maxComputeTunnelEndpoint('cn-beijing').url).toBe('https://dt.cn-beijing.maxcompute.aliyun.com');
  });

  it('stsEndpoint follows the credentials spec: region → regional, VPC flag → sts-vpc, none → central', () => {
    expect(stsEndpoint({ region: 'cn-shanghai', network: 'vpc' }).host).toBe('sts-vpc.cn-shanghai.aliyuncs.com');
    expect(stsEndpoint({ region: 'cn-shanghai' }).host).toBe('sts.cn-shanghai.aliyuncs.com');
    expect(stsEndpoint()).toEqual({
      url: 'https://sts.aliyuncs.com',
      host: 'sts.aliyuncs.com',
      signingRegion: 'cn-hangzhou',
    });
    // Without a region the VPC flag is ignored.
    expect(stsEndpoint({ network: 'vpc' }).host).toBe('sts.aliyuncs.com');
    expect(() => stsEndpoint({ scheme: 'http' })).toThrow(/allowInsecureConnection/);
    expect(() => stsEndpoint({ region: 'mars-north-1' })).toThrow(/unknown sts region 'mars-north-1'/);
  });
});

function expectValidEndpoint(
  resolved: { url: string; host: string; signingRegion: string },
  region: string,
  protocol = 'https:',
): void {
  const url = new URL(resolved.url);
  expect(url.protocol).toBe(protocol);
  expect(url.hostname).toBe(resolved.host);
  expect(url.port).toBe('');
  expect(url.search + url.hash).toBe('');
  expect(resolved.url.endsWith('/')).toBe(false);
  expect(resolved.host.length).toBeLessThanOrEqual(253);
  for (const label of resolved.host.split('.')) {
    expect(label).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
  }
  expect(resolved.signingRegion).toBe(region);
}
