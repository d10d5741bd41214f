import { parseQueryPairs, percentEncode } from '@alikit/core';
import type { RequestContext } from '../shared/request-context';
import type { ServiceError } from '../shared/service-error';
import { ossError } from './errors';
import type { ObjectAttributes, StoredObject } from './object-store';

/** Largest single PutObject, AppendObject result, or part (5 GiB). */
export const MAX_OBJECT_SIZE = 5 * 1024 ** 3;
/** Smallest non-last part at CompleteMultipartUpload (100 KiB). */
export const MIN_PART_SIZE = 100 * 1024;
/** Largest part number. */
export const MAX_PART_NUMBER = 10_000;

/** The storage classes `x-oss-storage-class` accepts. */
export const STORAGE_CLASSES = ['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'] as const;
/** The values `x-oss-object-acl` accepts. */
export const OBJECT_ACLS = ['default', 'private', 'public-read', 'public-read-write'] as const;
const ARCHIVE_CLASSES = new Set(['Archive', 'ColdArchive', 'DeepColdArchive']);
const STANDARD_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'];
const ENCRYPTION_HEADERS = [
  'x-oss-server-side-encryption',
  'x-oss-server-side-data-encryption',
  'x-oss-server-side-encryption-key-id',
  'x-oss-server-side-encryption-customer-algorithm',
  'x-oss-server-side-encryption-customer-key-md5',
];
const ENCRYPTION_ALGORITHMS = new Set(['AES256', 'KMS', 'SM4']);

/** InvalidArgument naming the offending argument, as OSS words it. */
export function invalidArgument(name: string, value: string, message: string): ServiceError {
  return ossError('InvalidArgument', {
    message,
    fields: [
      ['ArgumentName', name],
      ['ArgumentValue', value],
    ],
  });
}

/** Quoted upper-case hex of a raw digest, as OSS writes ETags. */
export function quotedHex(digest: Buffer): string {
  return `"${digest.toString('hex').toUpperCase()}"`;
}

/** `encoding-type=url` rendering: every byte but `A-Za-z0-9-_.~` percent-encoded. */
export function urlEncoder(ctx: RequestContext): (value: string) => string {
  const encoding = ctx.queryParam('encoding-type');
  if (encoding === undefined || encoding === null || encoding === '') return (v) => v;
  if (encoding !== 'url') throw invalidArgument('encoding-type', encoding, 'Argument encoding-type must be url.');
  return (v) => percentEncode(v);
}

/** Parses `x-oss-tagging` (`k1=v1&k2=v2`, URL-encoded). */
export function parseTaggingHeader(value: string): Array<[string, string]> {
  const tags = parseQueryPairs(value, false).map(([k, v]): [string, string] => [k, v ?? '']);
  validateTags(tags, 'x-oss-tagging', value);
  return tags;
}

/**
 * Checks tags against the OSS limits: at most 10, unique keys of 1–128 characters, values of at
 * most 256.
 * @throws ServiceError InvalidArgument.
 */
export function validateTags(tags: ReadonlyArray<readonly [string, string]>, argument: string, raw: string): void {
  if (tags.length > 10) throw invalidArgument(argument, raw, 'An object can have at most 10 tags.');
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if (k.length < 1 || k.length > 128) {
      throw invalidArgument(argument, raw, 'A tag key must have 1 to 128 characters.');
    }
    if (v.length > 256) throw invalidArgument(argument, raw, 'A tag value must have at most 256 characters.');
    if (seen.has(k)) throw invalidArgument(argument, raw, `The tag key ${k} appears more than once.`);
    seen.add(k);
  }
}

/** Checks an `x-oss-object-acl` value. */
export function parseAcl(value: string): string {
  if (!(OBJECT_ACLS as readonly string[]).includes(value)) {
    throw invalidArgument('x-oss-object-acl', value, `The ACL must be one of ${OBJECT_ACLS.join(', ')}.`);
  }
  return value;
}

/** The object attributes a PutObject/Initiate/Append/Copy(REPLACE) request sets. */
export function attributesFromRequest(ctx: RequestContext, defaultContentType: string): ObjectAttributes {
  const raw = ctx.received.rawHeaders;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    pairs.push([(raw[i] as string).toLowerCase(), (raw[i + 1] as string).trim()]);
  return attributesFrom(pairs, defaultContentType);
}

/**
 * The object attributes named by header-like pairs (lower-cased names): request headers, or the
 * fields of a PostObject form. The first value of a name wins.
 */
export function attributesFrom(
  pairs: ReadonlyArray<readonly [string, string]>,
  defaultContentType: string,
): ObjectAttributes {
  const first = new Map<string, string>();
  for (const [name, value] of pairs) if (!first.has(name)) first.set(name, value);
  const standardHeaders: Record<string, string> = {};
  for (const name of STANDARD_HEADERS) {
    const value = first.get(name);
    if (value !== undefined) standardHeaders[name] = value;
  }
  const meta: Record<string, string> = {};
  const encryption: Record<string, string> = {};
  for (const [name, value] of first) {
    if (name.startsWith('x-oss-meta-') && name.length > 'x-oss-meta-'.length) {
      meta[name.slice('x-oss-meta-'.length)] = value;
    }
    if (ENCRYPTION_HEADERS.includes(name)) encryption[name] = value;
  }
  const algorithm = encryption['x-oss-server-side-encryption'];
  if (algorithm !== undefined && !ENCRYPTION_ALGORITHMS.has(algorithm)) {
    throw invalidArgument(
      'x-oss-server-side-encryption',
      algorithm,
      'The server-side encryption must be AES256, KMS or SM4.',
    );
  }
  const storageClass = first.get('x-oss-storage-class') ?? 'Standard';
  if (!(STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
    throw invalidArgument(
      'x-oss-storage-class',
      storageClass,
      `The storage class must be one of ${STORAGE_CLASSES.join(', ')}.`,
    );
  }
  const acl = first.get('x-oss-object-acl');
  const tagging = first.get('x-oss-tagging');
  return {
    contentType: first.get('content-type') || defaultContentType,
    standardHeaders,
    meta,
    encryption,
    storageClass,
    acl: acl === undefined ? 'default' : parseAcl(acl),
    tags: tagging === undefined ? [] : parseTaggingHeader(tagging),
  };
}

const RESPONSE_OVERRIDES: ReadonlyArray<readonly [string, string]> = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
];

/** The headers GET and HEAD describe an object with, after any `response-*` overrides. */
export function objectHeaders(object: StoredObject, ctx: RequestContext | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    ...object.standardHeaders,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'x-oss-object-type': object.type,
    'x-oss-storage-class': object.storageClass,
    'x-oss-hash-crc64ecma': object.crc64.toString(),
    ...object.encryption,
  };
  if (object.contentMd5 !== undefined) headers['content-md5'] = object.contentMd5;
  for (const [name, value] of Object.entries(object.meta)) headers[`x-oss-meta-${name}`] = value;
  if (object.tags.length > 0) headers['x-oss-tagging-count'] = String(object.tags.length);
  if (object.type === 'Appendable') headers['x-oss-next-append-position'] = String(object.size);
  if (object.restoredUntil !== undefined) {
    headers['x-oss-restore'] = `ongoing-request="false", expiry-date="${object.restoredUntil.toUTCString()}"`;
  }
  if (ctx) {
    for (const [param, header] of RESPONSE_OVERRIDES) {
      const value = ctx.queryParam(param);
      if (typeof value === 'string') headers[header] = value;
    }
  }
  return headers;
}

/** Whether the object is in an archive storage class (GET needs a restore first). */
export function isArchived(object: StoredObject): boolean {
  return ARCHIVE_CLASSES.has(object.storageClass);
}

/** Whether GET of the object is refused: archived and not restored (or the restore expired). */
export function needsRestore(object: StoredObject, now: Date): boolean {
  return isArchived(object) && !(object.restoredUntil !== undefined && object.restoredUntil > now);
}

function stripQuotes(etag: string): string {
  const t = etag.trim();
  return (t.startsWith('W/') ? t.slice(2) : t).replace(/^"|"$/g, '').toUpperCase();
}

/** Whether an ETag list (`"a", "b"` or `*`) names the object's ETag. */
function etagListMatches(list: string, etag: string): boolean {
  const want = stripQuotes(etag);
  return list.split(',').some((item) => item.trim() === '*' || stripQuotes(item) === want);
}

function httpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Evaluates conditional headers (`If-Match`, ... or, with a prefix, `x-oss-copy-source-if-match`,
 * ...) in the documented order: If-Match and If-Unmodified-Since fail with 412 PreconditionFailed;
 * If-None-Match and If-Modified-Since answer 304 (`'not-modified'`).
 * @throws ServiceError PreconditionFailed.
 */
export function checkConditions(
  ctx: RequestContext,
  object: StoredObject,
  prefix: '' | 'x-oss-copy-source-',
): 'ok' | 'not-modified' {
  const modified = Math.floor(object.lastModified.getTime() / 1000) * 1000;
  const failed = (condition: string) =>
    ossError('PreconditionFailed', {
      message: 'At least one of the pre-conditions you specified did not hold.',
      fields: [['Condition', condition]],
    });
  const ifMatch = ctx.header(`${prefix}if-match`);
  if (ifMatch !== undefined && !etagListMatches(ifMatch, object.etag)) throw failed(`${prefix}If-Match`);
  const unmodifiedSince = httpDate(ctx.header(`${prefix}if-unmodified-since`));
  if (ifMatch === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince) {
    throw failed(`${prefix}If-Unmodified-Since`);
  }
  const ifNoneMatch = ctx.header(`${prefix}if-none-match`);
  if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, object.etag)) return 'not-modified';
  const modifiedSince = httpDate(ctx.header(`${prefix}if-modified-since`));
  if (ifNoneMatch === undefined && modifiedSince !== undefined && modified <= modifiedSince) return 'not-modified';
  return 'ok';
}

/** A byte range to serve: `[start, end)`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against an object size (oss.md §5.2). Without
 * `x-oss-range-behavior: standard` an unsatisfiable or out-of-bounds range is ignored (the whole
 * object, 200); with it, the end is clamped and a start past the end is 416 InvalidRange.
 * Malformed headers and multi-range requests are ignored.
 * @returns the range, or `undefined` for the whole object.
 * @throws ServiceError InvalidRange (standard behaviour only).
 */
export function resolveRange(ctx: RequestContext, size: number): ByteRange | undefined {
  const header = ctx.header('range');
  if (header === undefined) return undefined;
  const standard = ctx.header('x-oss-range-behavior')?.trim().toLowerCase() === 'standard';
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const invalid = () => {
    if (!standard) return undefined;
    throw ossError('InvalidRange', {
      message: 'The requested range cannot be satisfied.',
      fields: [
        ['RangeRequested', header],
        ['ActualObjectSize', String(size)],
      ],
    });
  };
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return invalid();
    if (suffix > size) return standard ? { start: 0, end: size } : undefined;
    return { start: size - suffix, end: size };
  }
  const start = Number(m[1]);
  if (start >= size) return invalid();
  if (m[2] === '') return { start, end: size };
  const last = Number(m[2]);
  if (last < start) return undefined;
  if (last >= size) return standard ? { start, end: size } : undefined;
  return { start, end: last + 1 };
}

/** Parses `x-oss-copy-source: /<bucket>/<url-encoded key>[?versionId=...]`. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const [path] = value.split('?', 1) as [string];
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  const slash = trimmed.indexOf('/');
  let key: string;
  let bucket: string;
  try {
    bucket = decodeURIComponent(slash < 0 ? trimmed : trimmed.slice(0, slash));
    key = slash < 0 ? '' : decodeURIComponent(trimmed.slice(slash + 1));
  } catch {
    throw invalidArgument('x-oss-copy-source', value, 'The copy source is not correctly URL-encoded.');
  }
  if (bucket === '' || key === '') {
    throw invalidArgument('x-oss-copy-source', value, 'The copy source must be /<bucket>/<object>.');
  }
  return { bucket, key };
}

/** The MIME type for a key by its extension, as OSS defaults it when no Content-Type is sent. */
export function defaultContentType(key: string): string {
  const dot = key.lastIndexOf('.');
  const ext = dot >= 0 ? key.slice(dot + 1).toLowerCase() : '';
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}

const MIME_TYPES: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  csv: 'text/csv',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  mp4: 'video/mp4',
};
