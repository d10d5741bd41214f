import { normalizeEndpoint } from '../endpoints/normalize-endpoint';
import { cmsEndpoint, dtsEndpoint, paiDlcEndpoint, paiEndpoint, stsEndpoint } from '../endpoints/product-endpoints';
import { REGION_ID_PATTERN } from '../endpoints/resolve-endpoint';

/** Where a POP client sends its requests. */
export interface PopEndpointInput {
  endpoint?: string | undefined;
  product?: string | undefined;
  region?: string | undefined;
  allowInsecureConnection?: boolean | undefined;
}

// Products whose hosts do not follow `<product>.<region>.aliyuncs.com`; their rules live in core's endpoint tables.
const KNOWN_PRODUCTS: Readonly<Record<string, (region: string) => string>> = {
  cms: (region) => cmsEndpoint(region).url,
  metrics: (region) => cmsEndpoint(region).url,
  sts: (region) => stsEndpoint({ region }).url,
  pai: (region) => paiEndpoint(region).url,
  paistudio: (region) => paiEndpoint(region).url,
  'pai-dlc': (region) => paiDlcEndpoint(region).url,
  dts: (region) => dtsEndpoint(region).url,
};

const PRODUCT_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The origin (`https://host[:port]`, no path) of a POP product: the explicit `endpoint`, else the
 * product's rule for the region (CloudMonitor `metrics.<region>`, STS, PAI, PAI-DLC, DTS as core's
 * endpoint helpers know them), else the regional convention `<product>.<region>.aliyuncs.com`.
 *
 * @throws TypeError when neither an endpoint nor product and region are given, for a malformed
 *   product, region or endpoint, for an endpoint with a path (POP signatures cover the path from
 *   `/`), and for `http:` to a non-loopback host without `allowInsecureConnection`.
 * @throws RangeError for a region core's tables do not know for a product it has rules for.
 */
export function resolvePopEndpoint(input: PopEndpointInput): URL {
  const { endpoint, product, region } = input;
  if (endpoint !== undefined) {
    const url = normalizeEndpoint(endpoint, { allowInsecureConnection: input.allowInsecureConnection });
    if (url.pathname !== '' && url.pathname !== '/') {
      throw new TypeError(
        `endpoint must be a bare host or origin, without a path (got path ${JSON.stringify(url.pathname)}): ` +
          'POP signs request paths from "/"',
      );
    }
    return new URL(url.origin);
  }
  if (product === undefined || region === undefined) {
    throw new TypeError(
      "createPopClient needs an endpoint, or a product and a region (e.g. { product: 'ecs', region: 'cn-hangzhou' })",
    );
  }
  if (typeof product !== 'string' || !PRODUCT_PATTERN.test(product)) {
    throw new TypeError(
      `product must be a lower-case product code such as 'ecs' or 'cms', got ${JSON.stringify(product)}`,
    );
  }
  if (typeof region !== 'string' || !REGION_ID_PATTERN.test(region)) {
    throw new TypeError(`region must be a region id such as 'cn-hangzhou', got ${JSON.stringify(region)}`);
  }
  const rule = Object.hasOwn(KNOWN_PRODUCTS, product) ? KNOWN_PRODUCTS[product] : undefined;
  return new URL(rule ? rule(region) : `https://${product}.${region}.aliyuncs.com`);
}
