/**
 * Pieces both OSS signature versions share (spec: signing.md §5, oss.md §1–2): request
 * parameters, the V1 signed sub-resource rule, the V1 canonical resource, the wire URL, the
 * Content-Type guess ali-oss makes from an object name, and how a server finds the bucket and key.
 */
import { posix } from 'node:path';
import { compareCodeUnits } from './compare';
import { percentDecode, querystringEscape } from './encoding';
import { getHeader, parseQueryPairs, splitTarget } from './received';
import type { ReceivedRequest } from './types';

/** A query or sub-resource value as callers give it; `undefined` leaves the name out. */
export type OssParamValue = string | number | boolean | null | undefined;

/**
 * Query parameters or sub-resources: an object (values `null` or `''` mean a name without a
 * value, an array repeats the name) or decoded pairs in wire order (`null` = no value).
 */
export type OssParams =
  | Readonly<Record<string, OssParamValue | readonly OssParamValue[]>>
  | ReadonlyArray<readonly [string, string | null]>;

/** Sub-resources as ali-oss accepts them: one name, a list of names, or parameters. */
export type OssSubresources = OssParams | string | readonly string[];

/** A decoded parameter; `null` is a name without a value. */
export type OssParamPair = [name: string, value: string | null];

function scalar(value: OssParamValue): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === false) return null;
  if (typeof value === 'string') return value;
  return String(value);
}

/**
 * Turns {@link OssParams} into decoded pairs in order. Numbers and `true` become text, `false`
 * and `null` a name without a value; `undefined` is dropped.
 * @throws TypeError for a value of another type.
 */
export function normalizeOssParams(params: OssParams | undefined): OssParamPair[] {
  if (!params) return [];
  const out: OssParamPair[] = [];
  if (Array.isArray(params)) {
    for (const pair of params as ReadonlyArray<readonly [string, string | null]>) {
      const [name, value] = pair;
      if (typeof name !== 'string' || (value !== null && typeof value !== 'string')) {
        throw new TypeError('parameter pairs must be [name, string | null]');
      }
      out.push([name, value]);
    }
    return out;
  }
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v !== null && v !== undefined && !['string', 'number', 'boolean'].includes(typeof v)) {
        throw new TypeError(`parameter ${name} must be a string, number, boolean or null`);
      }
      const text = scalar(v as OssParamValue);
      if (text !== undefined) out.push([name, text]);
    }
  }
  return out;
}

/**
 * Sub-resources as ali-oss takes them (`subres`): a single name (blank means none), a list of
 * names, or parameters. Empty values become `null` (signed as the bare name).
 */
export function normalizeOssSubresources(subresources: OssSubresources | undefined): OssParamPair[] {
  if (subresources === undefined || subresources === null) return [];
  if (typeof subresources === 'string') return subresources.trim() === '' ? [] : [[subresources, null]];
  if (Array.isArray(subresources) && subresources.every((s) => typeof s === 'string')) {
    return (subresources as readonly string[]).map((name) => [name, null]);
  }
  return normalizeOssParams(subresources as OssParams).map(([name, value]) => [name, value === '' ? null : value]);
}

/**
 * Lays `over` onto `base` the way ali-oss merges its query objects: a name already present
 * keeps its position and takes the new value, other names are appended.
 */
export function mergeOssParams(base: readonly OssParamPair[], over: readonly OssParamPair[]): OssParamPair[] {
  const out = base.map(([k, v]): OssParamPair => [k, v]);
  const inBase = new Set(base.map(([k]) => k));
  const replaced = new Set<string>();
  for (const [name, value] of over) {
    const seen = inBase.has(name) && !replaced.has(name) ? out.find(([k]) => k === name) : undefined;
    if (seen) {
      seen[1] = value;
      replaced.add(name);
    } else {
      out.push([name, value]);
    }
  }
  return out;
}

/**
 * Query parameters the OSS Go SDK v2 always signs in V1 (`requiredSignedParametersMap`,
 * spec: signing.md §5.2). Together with every `x-oss-*` name this is the documented rule.
 */
export const OSS_SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'acl',
  'bucketInfo',
  'location',
  'stat',
  'delete',
  'append',
  'tagging',
  'objectMeta',
  'uploads',
  'uploadId',
  'partNumber',
  'security-token',
  'position',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'restore',
  'callback',
  'callback-var',
  'versions',
  'versioning',
  'versionId',
  'sequential',
  'continuation-token',
  'regionList',
  'cloudboxes',
  'symlink',
]);

/**
 * Sub-resource names that individual operations declare on top of the fixed list: the bucket
 * configuration names of the OSS Go SDK v2 operations and the per-call `subres` names of
 * ali-oss 6.x (live channels, async fetch, WORM, inventory, ...).
 */
export const OSS_OPERATION_SUBRESOURCES: ReadonlySet<string> = new Set([
  // OSS Go SDK v2 operations (signer.SubResource)
  'accessPoint',
  'accessPointConfigForObjectProcess',
  'accessPointForObjectProcess',
  'accessPointPolicy',
  'accessPointPolicyForObjectProcess',
  'bucketArchiveDirectRead',
  'cleanRestoredObject',
  'cname',
  'comp',
  'cors',
  'encryption',
  'httpsConfig',
  'inventory',
  'inventoryId',
  'legalHold',
  'lifecycle',
  'logging',
  'metaQuery',
  'objectWorm',
  'overwriteConfig',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'redundancyTransition',
  'referer',
  'regions',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'requestPayment',
  'resourceGroup',
  'retention',
  'rtc',
  'seal',
  'style',
  'styleName',
  'transferAcceleration',
  'userDefinedLogFieldsConfig',
  'website',
  'worm',
  'wormExtend',
  'wormId',
  // ali-oss 6.x per-call subres not listed above
  'asyncFetch',
  'live',
  'status',
  'vod',
  'startTime',
  'endTime',
]);

/**
 * Whether a query parameter is a signed sub-resource in OSS V1: the documented fixed list,
 * every `x-oss-*` and `response-*` name, the names operations declare
 * ({@link OSS_OPERATION_SUBRESOURCES}), plus `extra` names the caller's operation declares.
 * Clients use it to split a query into signed and unsigned parts; servers to rebuild the resource.
 */
export function isOssSignedSubresource(name: string, extra?: Iterable<string>): boolean {
  if (OSS_SIGNED_SUBRESOURCES.has(name) || OSS_OPERATION_SUBRESOURCES.has(name)) return true;
  if (name.startsWith('x-oss-') || name.startsWith('response-')) return true;
  if (extra) for (const e of extra) if (e === name) return true;
  return false;
}

/**
 * The V1 canonicalized resource: `/bucket/key` with the key raw (not encoded), then `?` and the
 * sub-resources sorted by name (code units), each `name` or `name=value` with the value raw.
 */
export function ossV1CanonicalResource(
  bucket: string | undefined,
  key: string | undefined,
  subresources: ReadonlyArray<readonly [string, string | null]>,
): string {
  const path = `/${bucket ? `${bucket}/` : ''}${key ?? ''}`;
  if (subresources.length === 0) return path;
  const items = [...subresources]
    .sort((a, b) => compareCodeUnits(a[0], b[0]))
    .map(([name, value]) => (value === null || value === '' ? name : `${name}=${value}`));
  return `${path}?${items.join('&')}`;
}

/**
 * Object key as it goes into the URL path: `encodeURIComponent` per segment, `/` kept. ali-oss
 * passes presigned URLs through `url.parse`, which also escapes `'`; `escapeApostrophe` does that.
 */
export function ossObjectUrlPath(key: string, escapeApostrophe = false): string {
  const path = querystringEscape(key).replace(/%2F/g, '/');
  return escapeApostrophe ? path.replace(/'/g, '%27') : path;
}

/** Where a signed OSS request goes; bucket and key name the resource. */
export interface OssUrlParts {
  /** @defaultValue `'https'` */
  protocol?: 'https' | 'http' | undefined;
  /** Host (and port) of the URL: `<bucket>.<endpoint>` for virtual-hosted requests. */
  host: string;
  /** The bucket name; leave out for service-level requests such as ListBuckets. */
  bucket?: string | undefined;
  /** The object key, raw (not encoded); leave out for bucket- and service-level requests. */
  key?: string | undefined;
  /** Put the bucket in the path (`/<bucket>/<key>`) instead of the host name. @defaultValue false */
  pathStyle?: boolean | undefined;
}

/**
 * The request URL with the query in Node `querystring` encoding (`null` values as `name=`);
 * `presigned` escapes `'` in the path as ali-oss's presigned URLs do.
 */
export function ossRequestUrl(
  parts: OssUrlParts,
  query: ReadonlyArray<readonly [string, string | null]>,
  presigned = false,
): string {
  let path = '/';
  if (parts.pathStyle && parts.bucket) path += `${parts.bucket}/`;
  if (parts.key) path += ossObjectUrlPath(parts.key, presigned);
  const search = query.map(([k, v]) => `${querystringEscape(k)}=${querystringEscape(v ?? '')}`).join('&');
  return `${parts.protocol ?? 'https'}://${parts.host}${path}${search ? `?${search}` : ''}`;
}

/** Decoded query pairs as they appear on the wire: `null` values are sent as `name=`. */
export function ossWirePairs(pairs: readonly OssParamPair[]): Array<[string, string]> {
  return pairs.map(([k, v]) => [k, v ?? '']);
}

// MIME types ali-oss 6.x (package `mime` 2.x) gives common extensions; extensions it does not
// know get no Content-Type at all, so the table only lists known ones.
const MIME_BY_TYPE: ReadonlyArray<readonly [string, string]> = [
  ['text/plain', 'txt text log conf ini'],
  ['text/html', 'html htm shtml'],
  ['application/xhtml+xml', 'xhtml'],
  ['application/json', 'json map'],
  ['application/ld+json', 'jsonld'],
  ['application/xml', 'xml xsl xsd'],
  ['application/javascript', 'js mjs'],
  ['application/node', 'cjs'],
  ['text/jsx', 'jsx'],
  ['text/css', 'css'],
  ['text/x-scss', 'scss'],
  ['text/less', 'less'],
  ['text/markdown', 'md markdown'],
  ['text/csv', 'csv'],
  ['text/tab-separated-values', 'tsv'],
  ['text/yaml', 'yaml yml'],
  ['application/toml', 'toml'],
  ['application/rtf', 'rtf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg jpeg jpe'],
  ['image/gif', 'gif'],
  ['image/svg+xml', 'svg svgz'],
  ['image/webp', 'webp'],
  ['image/vnd.microsoft.icon', 'ico'],
  ['image/bmp', 'bmp'],
  ['image/tiff', 'tif tiff'],
  ['image/avif', 'avif'],
  ['image/heic', 'heic'],
  ['image/heif', 'heif'],
  ['image/apng', 'apng'],
  ['image/vnd.adobe.photoshop', 'psd'],
  ['application/pdf', 'pdf'],
  ['application/zip', 'zip'],
  ['application/gzip', 'gz'],
  ['application/x-tar', 'tar'],
  ['application/x-bzip2', 'bz2'],
  ['application/x-xz', 'xz'],
  ['application/x-7z-compressed', '7z'],
  ['application/vnd.rar', 'rar'],
  ['application/java-archive', 'jar war'],
  ['application/vnd.android.package-archive', 'apk'],
  ['application/x-redhat-package-manager', 'rpm'],
  ['application/octet-stream', 'bin dmg iso img exe dll so deb msi'],
  ['application/wasm', 'wasm'],
  ['video/mp4', 'mp4'],
  ['video/x-m4v', 'm4v'],
  ['video/quicktime', 'mov'],
  ['video/x-msvideo', 'avi'],
  ['video/x-matroska', 'mkv'],
  ['video/webm', 'webm'],
  ['video/x-flv', 'flv'],
  ['video/x-ms-wmv', 'wmv'],
  ['video/mpeg', 'mpeg mpg'],
  ['video/mp2t', 'ts'],
  ['video/3gpp', '3gp'],
  ['video/ogg', 'ogv'],
  ['application/vnd.apple.mpegurl', 'm3u8'],
  ['audio/mpeg', 'mp3'],
  ['audio/mp4', 'm4a'],
  ['audio/x-aac', 'aac'],
  ['audio/wav', 'wav'],
  ['audio/ogg', 'ogg oga opus'],
  ['audio/x-flac', 'flac'],
  ['audio/midi', 'mid midi'],
  ['audio/webm', 'weba'],
  ['font/woff', 'woff'],
  ['font/woff2', 'woff2'],
  ['font/ttf', 'ttf'],
  ['font/otf', 'otf'],
  ['application/vnd.ms-fontobject', 'eot'],
  ['application/msword', 'doc'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.ms-excel', 'xls'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
  ['application/vnd.ms-powerpoint', 'ppt'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/vnd.oasis.opendocument.text', 'odt'],
  ['application/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['application/vnd.oasis.opendocument.presentation', 'odp'],
  ['application/epub+zip', 'epub'],
  ['application/x-shockwave-flash', 'swf'],
  ['application/x-sh', 'sh'],
  ['text/x-java-source', 'java'],
  ['text/x-c', 'c cpp h'],
  ['application/x-httpd-php', 'php'],
  ['application/x-perl', 'pl'],
  ['application/x-sql', 'sql'],
  ['application/x-x509-ca-cert', 'crt pem der'],
  ['application/x-pkcs12', 'p12 pfx'],
  ['message/rfc822', 'eml'],
  ['text/calendar', 'ics'],
  ['text/x-vcard', 'vcf'],
  ['application/atom+xml', 'atom'],
  ['application/rss+xml', 'rss'],
  ['application/gpx+xml', 'gpx'],
  ['application/vnd.google-earth.kml+xml', 'kml'],
  ['application/vnd.google-earth.kmz', 'kmz'],
];

const MIME_BY_EXTENSION: ReadonlyMap<string, string> = new Map(
  MIME_BY_TYPE.flatMap(([type, exts]) => exts.split(' ').map((ext): [string, string] => [ext, type])),
);

/**
 * MIME type of a file name, path or bare extension (`'a/b.TXT'`, `'.png'`, `'png'`), the way the
 * `mime` package's `getType` reads it; `undefined` when the extension is not in the table.
 */
export function mimeTypeOf(nameOrExtension: string): string | undefined {
  const last = nameOrExtension.replace(/^.*[/\\]/, '').toLowerCase();
  const ext = last.replace(/^.*\./, '');
  const hasPath = last.length < nameOrExtension.length;
  const hasDot = ext.length < last.length - 1;
  return hasDot || !hasPath ? MIME_BY_EXTENSION.get(ext) : undefined;
}

/**
 * The Content-Type ali-oss sends when the caller gave none (spec: signing.md §5.1 step 5): `mime`
 * itself when it looks like a type (`text/plain`), else the type of `mime` read as an extension,
 * else the type of the object name's extension; `undefined` means no Content-Type header.
 */
export function ossDefaultContentType(key: string | undefined, mime?: string | null): string | undefined {
  if (mime && mime.indexOf('/') > 0) return mime;
  return mimeTypeOf(mime || posix.extname(key ?? ''));
}

/** Bucket and object key a request addresses; `bucket` is undefined for service-level requests. */
export interface OssAddress {
  /** The bucket name; `undefined` for a service-level request (ListBuckets). */
  bucket?: string | undefined;
  /** The object key, decoded; `undefined` for a bucket- or service-level request. */
  key?: string | undefined;
}

/** How to read the bucket from a request. */
export interface OssAddressOptions {
  /**
   * Host suffixes that carry the bucket as their first label besides the public OSS endpoints
   * (`oss-<region>.aliyuncs.com`, `<region>.oss.aliyuncs.com`, CloudBox and acceleration hosts).
   * @defaultValue `[]`
   */
  virtualHostSuffixes?: readonly string[] | undefined;
}

const OSS_ENDPOINT_HOST =
  /^(?:oss-[a-z0-9-]+|vpc100-oss-[a-z0-9-]+|[a-z0-9-]+\.oss|[a-z0-9-]+\.[a-z0-9-]+\.oss-cloudbox(?:-control)?)\.aliyuncs\.com$/;

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

/**
 * Finds the bucket and key of a request (oss.md §1.2): a `Host` of the form `<bucket>.<OSS
 * endpoint>` (or a configured suffix) is virtual-hosted and the whole path is the key; any other
 * host (an IP, `localhost`, a bare endpoint) is path-style: `/<bucket>/<key>`.
 */
export function resolveOssAddress(host: string | undefined, rawPath: string, options?: OssAddressOptions): OssAddress {
  const hostname = stripPort((host ?? '').trim().toLowerCase());
  const dot = hostname.indexOf('.');
  if (dot > 0) {
    const rest = hostname.slice(dot + 1);
    const suffixes = options?.virtualHostSuffixes ?? [];
    if (OSS_ENDPOINT_HOST.test(rest) || suffixes.some((s) => rest === s.toLowerCase().replace(/^\./, ''))) {
      const key = percentDecode(rawPath.replace(/^\//, ''));
      return { bucket: hostname.slice(0, dot), key: key === '' ? undefined : key };
    }
  }
  const path = rawPath.replace(/^\//, '');
  if (path === '') return {};
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: percentDecode(path) };
  const key = percentDecode(path.slice(slash + 1));
  return { bucket: percentDecode(path.slice(0, slash)), key: key === '' ? undefined : key };
}

/**
 * Which OSS signature a request carries: `'v4'` for `OSS4-HMAC-SHA256` (header or
 * `x-oss-signature-version`), `'v1'` for `OSS AK:sig` or `OSSAccessKeyId`/`Signature`
 * parameters, `undefined` for an anonymous request.
 */
export function ossSignatureVersionOf(req: ReceivedRequest): 'v1' | 'v4' | undefined {
  const auth = getHeader(req, 'authorization')?.trim();
  if (auth?.startsWith('OSS4-HMAC-SHA256')) return 'v4';
  if (auth?.startsWith('OSS ')) return 'v1';
  const names = new Set(parseQueryPairs(splitTarget(req.url).rawQuery).map(([k]) => k));
  if (names.has('x-oss-signature-version') || names.has('x-oss-signature')) return 'v4';
  if (names.has('OSSAccessKeyId') || names.has('Signature')) return 'v1';
  return undefined;
}

/**
 * Header pairs with lower-cased names; repeated names (in any case) are joined with `,` after
 * trimming each value, as the OSS Go SDK does, so a server reads what a client signed.
 */
export function ossLowerHeaders(pairs: Iterable<readonly [string, string]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    const prev = out.get(lower);
    out.set(lower, prev === undefined ? value : `${prev.trim()},${value.trim()}`);
  }
  return out;
}
