import type { EndpointNetwork, EndpointProduct } from './types';

/** How one product turns (region, network) into a host; the region is already validated. */
export interface ProductRule {
  /** Networks the product has endpoints for, in the order error messages list them. */
  readonly networks: readonly EndpointNetwork[];
  /** Hint appended when a caller asks for a network the product lacks. */
  readonly networkHints?: Partial<Record<EndpointNetwork, string>>;
  /** Whether the host carries an instance name (Tablestore). */
  readonly needsInstance?: boolean;
  /** A path the base URL ends in (MaxCompute's `/api`). */
  readonly path?: string;
  /** Regions where a network the product otherwise has is missing. */
  readonly unavailable?: Partial<Record<EndpointNetwork, readonly string[]>>;
  host(region: string, network: EndpointNetwork, instanceName: string): string;
}

// DTS serves most regions from one central host; these have their own (official DTS SDK map).
const DTS_REGIONAL = new Set([
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-6',
  'ap-southeast-7',
  'cn-guangzhou',
  'cn-heyuan',
  'cn-wuhan-lr',
  'cn-zhengzhou-jva',
  'me-central-1',
]);

// PAI-DLC: regional hosts only in these regions, the central host elsewhere (official SDK map).
const PAI_DLC_REGIONAL = new Set([
  'cn-hangzhou',
  'cn-shanghai',
  'cn-shanghai-finance-1',
  'cn-beijing',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-guangzhou',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-southeast-8',
  'us-west-1',
  'us-east-1',
  'us-southeast-1',
  'eu-central-1',
]);

// The official STS SDK's endpoint map sends these regions to their VPC host even for public use.
const STS_VPC_ONLY = new Set(['cn-north-2-gov-1', 'cn-shenzhen-finance-1']);

const INTERNAL_NOT_VPC = "use network 'internal': it serves both VPC and classic-network clients";

/** The endpoint rule of every product alikit knows. */
export const PRODUCT_RULES: Readonly<Record<EndpointProduct, ProductRule>> = {
  oss: {
    networks: ['public', 'internal', 'dualstack', 'accelerate', 'accelerate-overseas'],
    networkHints: { vpc: INTERNAL_NOT_VPC },
    unavailable: { dualstack: ['cn-nanjing'] },
    host(region, network) {
      switch (network) {
        case 'internal':
          return `oss-${region}-internal.aliyuncs.com`;
        case 'dualstack':
          return `${region}.oss.aliyuncs.com`;
        case 'accelerate':
          return 'oss-accelerate.aliyuncs.com';
        case 'accelerate-overseas':
          return 'oss-accelerate-overseas.aliyuncs.com';
        default:
          return `oss-${region}.aliyuncs.com`;
      }
    },
  },
  sls: {
    networks: ['public', 'internal', 'accelerate'],
    networkHints: { vpc: INTERNAL_NOT_VPC },
    host(region, network) {
      if (network === 'internal') return `${region}-intranet.log.aliyuncs.com`;
      if (network === 'accelerate') return 'log-global.aliyuncs.com';
      return `${region}.log.aliyuncs.com`;
    },
  },
  tablestore: {
    networks: ['public', 'internal', 'vpc'],
    needsInstance: true,
    host(region, network, instance) {
      if (network === 'internal') return `${instance}.${region}.ots-internal.aliyuncs.com`;
      if (network === 'vpc') return `${instance}.${region}.vpc.tablestore.aliyuncs.com`;
      return `${instance}.${region}.ots.aliyuncs.com`;
    },
  },
  cms: {
    networks: ['public'],
    host: (region) => `metrics.${region}.aliyuncs.com`,
  },
  sts: {
    networks: ['public', 'vpc'],
    host(region, network) {
      return network === 'vpc' || STS_VPC_ONLY.has(region)
        ? `sts-vpc.${region}.aliyuncs.com`
        : `sts.${region}.aliyuncs.com`;
    },
  },
  pai: {
    networks: ['public'],
    // PAI Studio's Hangzhou API lives on a different domain (official SDK endpoint map).
    host: (region) => (region === 'cn-hangzhou' ? 'pai.cn-hangzhou.data.aliyun.com' : `pai.${region}.aliyuncs.com`),
  },
  'pai-dlc': {
    networks: ['public'],
    host: (region) => (PAI_DLC_REGIONAL.has(region) ? `pai-dlc.${region}.aliyuncs.com` : 'pai-dlc.aliyuncs.com'),
  },
  dts: {
    networks: ['public'],
    host: (region) => (DTS_REGIONAL.has(region) ? `dts.${region}.aliyuncs.com` : 'dts.aliyuncs.com'),
  },
  maxcompute: {
    networks: ['public', 'vpc'],
    path: '/api',
    host: (region, network) =>
      network === 'vpc' ? `service.${region}-vpc.maxcompute.aliyun-inc.com` : `service.${region}.maxcompute.aliyun.com`,
  },
  'maxcompute-tunnel': {
    networks: ['public', 'vpc'],
    host: (region, network) =>
      network === 'vpc' ? `dt.${region}-vpc.maxcompute.aliyun-inc.com` : `dt.${region}.maxcompute.aliyun.com`,
  },
};
