/**
 * The Alibaba Cloud products whose endpoints alikit can derive from a region id.
 *
 * `cms` is CloudMonitor (host `metrics.<region>`), `pai` is PAI Studio (`paistudio` 2022-01-12),
 * `pai-dlc` is PAI Deep Learning Containers, `maxcompute` is the MaxCompute REST service and
 * `maxcompute-tunnel` its data tunnel.
 */
export type EndpointProduct =
  | 'oss'
  | 'sls'
  | 'tablestore'
  | 'cms'
  | 'sts'
  | 'pai'
  | 'pai-dlc'
  | 'dts'
  | 'maxcompute'
  | 'maxcompute-tunnel';

/**
 * The network a client reaches the service over.
 *
 * - `public`: the internet endpoint.
 * - `internal`: the same-region internal endpoint for ECS and classic network (OSS `-internal`,
 *   SLS `-intranet`, Tablestore `ots-internal`).
 * - `vpc`: the VPC-only endpoint (STS `sts-vpc`, Tablestore `vpc.tablestore`, MaxCompute `-vpc`).
 * - `dualstack`: the IPv4/IPv6 endpoint (OSS).
 * - `accelerate`: the global acceleration endpoint (OSS `oss-accelerate`, SLS `log-global`).
 * - `accelerate-overseas`: acceleration for regions outside the Chinese mainland (OSS).
 */
export type EndpointNetwork = 'public' | 'internal' | 'vpc' | 'dualstack' | 'accelerate' | 'accelerate-overseas';

/** What {@link resolveEndpoint} needs to derive an endpoint. */
export interface ResolveEndpointOptions {
  /** The product to reach. */
  product: EndpointProduct;
  /** The region id, e.g. `cn-hangzhou`; checked against the regions known for the product. */
  region: string;
  /** The network to reach the service over. @defaultValue `'public'` */
  network?: EndpointNetwork | undefined;
  /** The Tablestore instance; required for `tablestore`, refused for every other product. */
  instanceName?: string | undefined;
  /** The URL scheme. `http` needs `allowInsecureConnection: true`. @defaultValue `'https'` */
  scheme?: 'https' | 'http' | undefined;
  /** Allow `scheme: 'http'` towards a non-loopback host. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
}

/** A derived endpoint. */
export interface ResolvedEndpoint {
  /**
   * The base URL without a trailing slash, e.g. `https://oss-cn-hangzhou.aliyuncs.com` or
   * `https://service.cn-hangzhou.maxcompute.aliyun.com/api`; request paths are appended to it.
   */
  url: string;
  /** The host name (never a port), e.g. `oss-cn-hangzhou.aliyuncs.com`. */
  host: string;
  /** The region id to put in V4 / ACS3 signatures (the bucket's region for OSS acceleration). */
  signingRegion: string;
}
