import { checkScheme, resolveEndpoint } from './resolve-endpoint';
import type { EndpointNetwork, ResolvedEndpoint } from './types';

/** Options shared by the per-product endpoint helpers; `N` is the networks the product has. */
export interface ProductEndpointOptions<N extends EndpointNetwork = EndpointNetwork> {
  /** The network to reach the service over. @defaultValue `'public'` */
  network?: N | undefined;
  /** The URL scheme; `http` needs `allowInsecureConnection: true`. @defaultValue `'https'` */
  scheme?: 'https' | 'http' | undefined;
  /** Allow `scheme: 'http'`. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
}

/**
 * The OSS endpoint of a region: `oss-<region>.aliyuncs.com`, `oss-<region>-internal…`,
 * dual-stack `<region>.oss.aliyuncs.com`, or the region-less acceleration hosts (whose
 * `signingRegion` stays the bucket's region). `region` is the plain id (`cn-hangzhou`), not
 * ali-oss's `oss-cn-hangzhou`.
 * @throws RangeError for an unknown region or a network OSS lacks.
 */
export function ossEndpoint(
  region: string,
  options: ProductEndpointOptions<'public' | 'internal' | 'dualstack' | 'accelerate' | 'accelerate-overseas'> = {},
): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'oss', region });
}

/**
 * The Simple Log Service endpoint of a region: `<region>.log.aliyuncs.com`, internal
 * `<region>-intranet.log.aliyuncs.com`, or the acceleration host `log-global.aliyuncs.com`.
 * Requests then go to `<project>.<host>`.
 * @throws RangeError for an unknown region or a network SLS lacks.
 */
export function slsEndpoint(
  region: string,
  options: ProductEndpointOptions<'public' | 'internal' | 'accelerate'> = {},
): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'sls', region });
}

/**
 * The endpoint of a Tablestore instance: `<instance>.<region>.ots.aliyuncs.com`, classic
 * internal `…ots-internal.aliyuncs.com`, or VPC `<instance>.<region>.vpc.tablestore.aliyuncs.com`.
 * @throws TypeError for a malformed instance name.
 * @throws RangeError for an unknown region or a network Tablestore lacks.
 */
export function tablestoreEndpoint(
  region: string,
  instanceName: string,
  options: ProductEndpointOptions<'public' | 'internal' | 'vpc'> = {},
): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'tablestore', region, instanceName });
}

/**
 * The CloudMonitor API endpoint of a region, `metrics.<region>.aliyuncs.com`.
 * @throws RangeError for an unknown region.
 */
export function cmsEndpoint(region: string, options: ProductEndpointOptions<'public'> = {}): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'cms', region });
}

/** Options of {@link stsEndpoint}. */
export interface StsEndpointOptions extends ProductEndpointOptions<'public' | 'vpc'> {
  /** The STS region; without one the central endpoint is used. @defaultValue none */
  region?: string | undefined;
}

/**
 * The STS endpoint the credential providers call: `sts.<region>.aliyuncs.com`, or
 * `sts-vpc.<region>.aliyuncs.com` on the VPC network, or the central `sts.aliyuncs.com` when
 * no region is given (the network is then ignored, as the official credentials SDK does).
 * @throws RangeError for an unknown region.
 */
export function stsEndpoint(options: StsEndpointOptions = {}): ResolvedEndpoint {
  const { region, ...rest } = options;
  if (region === undefined || region === '') {
    const host = 'sts.aliyuncs.com';
    // The central endpoint is served from Hangzhou, hence its signing region.
    return { url: `${checkScheme('sts', rest)}://${host}`, host, signingRegion: 'cn-hangzhou' };
  }
  return resolveEndpoint({ ...rest, product: 'sts', region });
}

/**
 * The PAI Studio (training jobs) endpoint: `pai.<region>.aliyuncs.com`, except
 * `pai.cn-hangzhou.data.aliyun.com` in Hangzhou.
 * @throws RangeError for an unknown region.
 */
export function paiEndpoint(region: string, options: ProductEndpointOptions<'public'> = {}): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'pai', region });
}

/**
 * The PAI-DLC endpoint: `pai-dlc.<region>.aliyuncs.com` in the main regions, the central
 * `pai-dlc.aliyuncs.com` elsewhere.
 * @throws RangeError for an unknown region.
 */
export function paiDlcEndpoint(region: string, options: ProductEndpointOptions<'public'> = {}): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'pai-dlc', region });
}

/**
 * The DTS endpoint: the central `dts.aliyuncs.com` for most regions, `dts.<region>.aliyuncs.com`
 * for the newer ones. Requests still carry `RegionId`.
 * @throws RangeError for an unknown region.
 */
export function dtsEndpoint(region: string, options: ProductEndpointOptions<'public'> = {}): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'dts', region });
}

/**
 * The MaxCompute service endpoint, ending in `/api`:
 * `https://service.<region>.maxcompute.aliyun.com/api`, or on the VPC network
 * `https://service.<region>-vpc.maxcompute.aliyun-inc.com/api`.
 * @throws RangeError for an unknown region.
 */
export function maxComputeEndpoint(
  region: string,
  options: ProductEndpointOptions<'public' | 'vpc'> = {},
): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'maxcompute', region });
}

/**
 * The MaxCompute tunnel endpoint (no path): `https://dt.<region>.maxcompute.aliyun.com`, or
 * `https://dt.<region>-vpc.maxcompute.aliyun-inc.com`. Clients normally discover it per project;
 * this is the default when they cannot.
 * @throws RangeError for an unknown region.
 */
export function maxComputeTunnelEndpoint(
  region: string,
  options: ProductEndpointOptions<'public' | 'vpc'> = {},
): ResolvedEndpoint {
  return resolveEndpoint({ ...options, product: 'maxcompute-tunnel', region });
}
