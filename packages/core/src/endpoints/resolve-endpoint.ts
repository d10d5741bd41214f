import { isKnownRegion, knownRegions } from './known-regions';
import { PRODUCT_RULES } from './product-rules';
import type { EndpointNetwork, EndpointProduct, ResolvedEndpoint, ResolveEndpointOptions } from './types';

/** The shape of a region id: lower-case words joined by single hyphens, e.g. `cn-hangzhou`, `ap-southeast-1`. */
export const REGION_ID_PATTERN = /^[a-z]{2,}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Tablestore instance names: 3-16 letters, digits and hyphens, starting with a letter, not ending with a hyphen.
const INSTANCE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]$/;

const NETWORKS: readonly EndpointNetwork[] = [
  'public',
  'internal',
  'vpc',
  'dualstack',
  'accelerate',
  'accelerate-overseas',
];

/**
 * Derives the endpoint of an Alibaba Cloud product from a region id, the way the official SDKs
 * do, including the product-specific exceptions (PAI Studio in `cn-hangzhou`, DTS's and PAI-DLC's
 * central hosts, STS's VPC-only regions).
 *
 * @example
 * ```ts
 * resolveEndpoint({ product: 'oss', region: 'cn-hangzhou', network: 'internal' }).url;
 * // 'https://oss-cn-hangzhou-internal.aliyuncs.com'
 * resolveEndpoint({ product: 'tablestore', region: 'cn-beijing', instanceName: 'orders', network: 'vpc' }).host;
 * // 'orders.cn-beijing.vpc.tablestore.aliyuncs.com'
 * ```
 * @throws TypeError for a missing or malformed argument (unknown product, bad instance name,
 *   `http` without `allowInsecureConnection`).
 * @throws RangeError when the region is not known for the product, or the product has no
 *   endpoint on the requested network; the message says to pass `endpoint` explicitly instead.
 */
export function resolveEndpoint(options: ResolveEndpointOptions): ResolvedEndpoint {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('resolveEndpoint needs an options object: { product, region, network? }');
  }
  const { product, region } = options;
  const rule = Object.hasOwn(PRODUCT_RULES, product) ? PRODUCT_RULES[product] : undefined;
  if (rule === undefined) {
    throw new TypeError(
      `unknown product ${JSON.stringify(product)}; expected one of ${Object.keys(PRODUCT_RULES).join(', ')}`,
    );
  }
  assertRegion(product, region);

  const network = options.network ?? 'public';
  if (!rule.networks.includes(network)) {
    const what = NETWORKS.includes(network)
      ? `has no '${network}' endpoint`
      : `has no network ${JSON.stringify(network)}`;
    const hints = rule.networkHints ?? {};
    const hint = Object.hasOwn(hints, network) ? hints[network] : undefined;
    throw new RangeError(
      `${product} ${what}; supported networks: ${rule.networks.join(', ')}` +
        (hint === undefined ? '' : ` (${hint})`) +
        '. For any other host pass `endpoint` explicitly.',
    );
  }
  if (rule.unavailable?.[network]?.includes(region)) {
    throw new RangeError(
      `${product} has no '${network}' endpoint in region '${region}'; use another network or pass \`endpoint\` explicitly.`,
    );
  }

  let instance = '';
  if (rule.needsInstance) {
    instance = checkInstanceName(options.instanceName);
  } else if (options.instanceName !== undefined) {
    throw new TypeError(`instanceName applies to tablestore only, not to ${product}`);
  }

  const scheme = checkScheme(product, options);
  const host = rule.host(region, network, instance);
  return { url: `${scheme}://${host}${rule.path ?? ''}`, host, signingRegion: region };
}

/**
 * Checks that `region` is a well-formed region id known for `product`.
 *
 * @throws TypeError when `region` is not a string.
 * @throws RangeError when it is malformed or not known; the message names the region, lists
 *   some known ones and says to pass `endpoint` explicitly.
 */
export function assertRegion(product: EndpointProduct, region: string): void {
  if (typeof region !== 'string') {
    throw new TypeError(`region must be a string such as 'cn-hangzhou', got ${typeof region}`);
  }
  if (isKnownRegion(product, region)) return;
  const known = knownRegions(product);
  const sample = known.slice(0, 5).join(', ');
  const more = known.length > 5 ? ` and ${known.length - 5} more, see knownRegions('${product}')` : '';
  let message = REGION_ID_PATTERN.test(region)
    ? `unknown ${product} region '${region}'`
    : `${JSON.stringify(region)} is not a region id (expected something like 'cn-hangzhou')`;
  const suggestion = suggestRegion(product, region);
  if (suggestion !== undefined) message += `; did you mean '${suggestion}'?`;
  throw new RangeError(
    `${message}. Known ${product} regions: ${sample}${more}. ` +
      'If the region is new or special (finance, gov), pass `endpoint` explicitly instead.',
  );
}

/**
 * The scheme a derived endpoint uses; shared with the helpers that build hosts themselves.
 * @internal
 */
export function checkScheme(
  product: EndpointProduct,
  options: Pick<ResolveEndpointOptions, 'scheme' | 'allowInsecureConnection'>,
): 'https' | 'http' {
  const scheme = options.scheme ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') {
    throw new TypeError(`scheme must be 'https' or 'http', got ${JSON.stringify(scheme)}`);
  }
  if (scheme === 'http' && options.allowInsecureConnection !== true) {
    throw new TypeError(
      `scheme 'http' would send signed requests to ${product} unencrypted; ` +
        'set `allowInsecureConnection: true` if you accept that',
    );
  }
  return scheme;
}

function checkInstanceName(name: string | undefined): string {
  if (name === undefined || name === '') {
    throw new TypeError('tablestore endpoints need instanceName (the Tablestore instance, e.g. "my-instance")');
  }
  if (typeof name !== 'string' || !INSTANCE_NAME_PATTERN.test(name)) {
    throw new TypeError(
      `instanceName ${JSON.stringify(name)} is not a Tablestore instance name ` +
        '(3-16 letters, digits or hyphens, starting with a letter, not ending with a hyphen)',
    );
  }
  // Host names are case-insensitive; lower case matches what URL parsing would produce.
  return name.toLowerCase();
}

function suggestRegion(product: EndpointProduct, region: string): string | undefined {
  const lower = region.trim().toLowerCase();
  // ali-oss users write the region with its `oss-` prefix ('oss-cn-hangzhou').
  const stripped = product === 'oss' && lower.startsWith('oss-') ? lower.slice(4) : lower;
  if (stripped !== region && isKnownRegion(product, stripped)) return stripped;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of knownRegions(product)) {
    const d = editDistance(stripped, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once every path is at least `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit, limit);
}
