import type { EmulatorResponse } from '../shared/http-server';
import { renderXml, type XmlElement } from '../shared/xml';
import { invalidArgument, urlEncoder } from './object-common';
import { OWNER_ID } from './object-ops';
import { compareKeys, type StoredObject } from './object-store';
import { type OssCall, xmlResponse } from './oss-call';

interface ListPage {
  objects: StoredObject[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned. */
  last: string | undefined;
}

/**
 * One page of keys after `marker` (exclusive): keys sharing a common prefix (up to the first
 * delimiter after `prefix`) collapse into it, and a common prefix counts against `maxKeys` like a key.
 */
function listPage(call: OssCall, prefix: string, delimiter: string, marker: string, maxKeys: number): ListPage {
  const keys = [...call.contents.objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
  const commonPrefixOf = (key: string): string | undefined => {
    if (delimiter === '') return undefined;
    const at = key.indexOf(delimiter, prefix.length);
    return at < 0 ? undefined : key.slice(0, at + delimiter.length);
  };
  const page: ListPage = { objects: [], prefixes: [], truncated: false, last: undefined };
  let count = 0;
  for (const key of keys) {
    const common = commonPrefixOf(key);
    if (marker !== '' && (compareKeys(key, marker) <= 0 || common === marker)) continue;
    if (common !== undefined && common === page.last) continue;
    if (count === maxKeys) {
      page.truncated = true;
      break;
    }
    count++;
    if (common !== undefined) {
      page.prefixes.push(common);
      page.last = common;
    } else {
      page.objects.push(call.contents.objects.get(key) as StoredObject);
      page.last = key;
    }
  }
  return page;
}

function maxKeysOf(call: OssCall): number {
  const text = call.ctx.queryParam('max-keys');
  if (text === undefined || text === null || text === '') return 100;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= 1000)) {
    throw invalidArgument('max-keys', text, 'Argument max-keys must be an integer from 1 to 1000.');
  }
  return n;
}

function contentsXml(object: StoredObject, encode: (v: string) => string, withOwner: boolean): XmlElement {
  const children: XmlElement[] = [
    ['Key', encode(object.key)],
    ['LastModified', object.lastModified.toISOString()],
    ['ETag', object.etag],
    ['Type', object.type],
    ['Size', object.size],
    ['StorageClass', object.storageClass],
  ];
  if (withOwner) {
    children.push([
      'Owner',
      [
        ['ID', OWNER_ID],
        ['DisplayName', OWNER_ID],
      ],
    ]);
  }
  return ['Contents', children];
}

/** ListObjects (v1): `prefix`, `delimiter`, `marker`, `max-keys`, `encoding-type`. */
export function listObjects(call: OssCall): EmulatorResponse {
  const { ctx } = call;
  const encode = urlEncoder(ctx);
  const prefix = ctx.queryParam('prefix') ?? '';
  const delimiter = ctx.queryParam('delimiter') ?? '';
  const marker = ctx.queryParam('marker') ?? '';
  const maxKeys = maxKeysOf(call);
  const page = listPage(call, prefix, delimiter, marker, maxKeys);
  const children: XmlElement[] = [
    ['Name', call.bucket],
    ['Prefix', encode(prefix)],
    ['Marker', encode(marker)],
    ['MaxKeys', maxKeys],
    ['Delimiter', encode(delimiter)],
  ];
  if (ctx.queryParam('encoding-type') === 'url') children.push(['EncodingType', 'url']);
  children.push(['IsTruncated', page.truncated]);
  if (page.truncated && page.last !== undefined) children.push(['NextMarker', encode(page.last)]);
  children.push(...page.objects.map((o) => contentsXml(o, encode, true)));
  children.push(...page.prefixes.map((p): XmlElement => ['CommonPrefixes', [['Prefix', encode(p)]]]));
  return xmlResponse(renderXml(['ListBucketResult', children]));
}

/** An opaque continuation token: base64url of the last key or prefix returned. */
function encodeToken(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (decoded === '' || encodeToken(decoded) !== token) {
    throw invalidArgument('continuation-token', token, 'The continuation token is not valid.');
  }
  return decoded;
}

/**
 * ListObjectsV2 (`list-type=2`): `prefix`, `delimiter`, `start-after`, `continuation-token`,
 * `max-keys`, `fetch-owner`, `encoding-type=url`.
 */
export function listObjectsV2(call: OssCall): EmulatorResponse {
  const { ctx } = call;
  const encode = urlEncoder(ctx);
  const prefix = ctx.queryParam('prefix') ?? '';
  const delimiter = ctx.queryParam('delimiter') ?? '';
  const startAfter = ctx.queryParam('start-after');
  const token = ctx.queryParam('continuation-token');
  const fetchOwner = ctx.queryParam('fetch-owner') === 'true';
  const maxKeys = maxKeysOf(call);
  const marker = token ? decodeToken(token) : (startAfter ?? '');
  const page = listPage(call, prefix, delimiter, marker, maxKeys);
  const children: XmlElement[] = [
    ['Name', call.bucket],
    ['Prefix', encode(prefix)],
  ];
  if (typeof startAfter === 'string') children.push(['StartAfter', encode(startAfter)]);
  if (typeof token === 'string') children.push(['ContinuationToken', token]);
  children.push(['MaxKeys', maxKeys], ['Delimiter', encode(delimiter)]);
  if (ctx.queryParam('encoding-type') === 'url') children.push(['EncodingType', 'url']);
  children.push(['IsTruncated', page.truncated]);
  if (page.truncated && page.last !== undefined) children.push(['NextContinuationToken', encodeToken(page.last)]);
  children.push(['KeyCount', page.objects.length + page.prefixes.length]);
  children.push(...page.objects.map((o) => contentsXml(o, encode, fetchOwner)));
  children.push(...page.prefixes.map((p): XmlElement => ['CommonPrefixes', [['Prefix', encode(p)]]]));
  return xmlResponse(renderXml(['ListBucketResult', children]));
}
