import type { ObjectProperties, WriteObjectOptions } from './types';

const ACLS = new Set(['default', 'private', 'public-read', 'public-read-write']);
const STORAGE_CLASSES = new Set(['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive']);
const SSE = new Set(['AES256', 'KMS', 'SM4']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeaderValue(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  if (/[\r\n\0]/.test(value)) throw new TypeError(`${what} must not contain CR, LF or NUL`);
  return value;
}

/** Encodes tags for `x-oss-tagging` (URL query form). */
export function encodeTags(tags: Readonly<Record<string, string>>, what = 'tags'): string {
  if (typeof tags !== 'object' || tags === null) throw new TypeError(`${what} must be an object of strings`);
  const entries = Object.entries(tags);
  if (entries.length > 10)
    throw new RangeError(`${what}: OSS allows at most 10 tags per object, got ${entries.length}`);
  for (const [k, v] of entries) {
    if (typeof v !== 'string') throw new TypeError(`${what}.${k} must be a string`);
    if (k.length === 0 || k.length > 128) throw new RangeError(`${what}: tag keys must be 1-128 characters`);
    if (v.length > 256) throw new RangeError(`${what}.${k}: tag values must be at most 256 characters`);
  }
  return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * Builds the request headers of a write from its options, checking them first.
 * @throws TypeError or RangeError for an option OSS would refuse.
 */
export function writeHeaders(options: WriteObjectOptions, forMultipartPart = false): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.contentType !== undefined) headers['Content-Type'] = checkHeaderValue(options.contentType, 'contentType');
  if (options.cacheControl !== undefined)
    headers['Cache-Control'] = checkHeaderValue(options.cacheControl, 'cacheControl');
  if (options.contentDisposition !== undefined) {
    headers['Content-Disposition'] = checkHeaderValue(options.contentDisposition, 'contentDisposition');
  }
  if (options.contentEncoding !== undefined) {
    headers['Content-Encoding'] = checkHeaderValue(options.contentEncoding, 'contentEncoding');
  }
  if (options.metadata !== undefined) {
    if (typeof options.metadata !== 'object' || options.metadata === null) {
      throw new TypeError('metadata must be an object of strings');
    }
    let size = 0;
    for (const [name, value] of Object.entries(options.metadata)) {
      if (!HEADER_NAME.test(name))
        throw new TypeError(`metadata name ${JSON.stringify(name)} is not a valid header name`);
      checkHeaderValue(value, `metadata.${name}`);
      if (/[^\x20-\x7e]/.test(value)) {
        throw new TypeError(
          `metadata.${name} must be printable ASCII (encode other text, e.g. with encodeURIComponent)`,
        );
      }
      size += name.length + value.length;
      headers[`x-oss-meta-${name.toLowerCase()}`] = value;
    }
    if (size > 8192) throw new RangeError(`metadata is ${size} bytes; OSS allows at most 8 KiB`);
  }
  if (forMultipartPart) return headers;
  if (options.tags !== undefined) headers['x-oss-tagging'] = encodeTags(options.tags);
  if (options.acl !== undefined) {
    if (!ACLS.has(options.acl)) throw new TypeError(`acl must be one of ${[...ACLS].join(', ')}`);
    headers['x-oss-object-acl'] = options.acl;
  }
  if (options.storageClass !== undefined) {
    if (!STORAGE_CLASSES.has(options.storageClass)) {
      throw new TypeError(`storageClass must be one of ${[...STORAGE_CLASSES].join(', ')}`);
    }
    headers['x-oss-storage-class'] = options.storageClass;
  }
  if (options.serverSideEncryption !== undefined) {
    if (!SSE.has(options.serverSideEncryption))
      throw new TypeError(`serverSideEncryption must be one of ${[...SSE].join(', ')}`);
    headers['x-oss-server-side-encryption'] = options.serverSideEncryption;
  }
  if (options.serverSideEncryptionKeyId !== undefined) {
    headers['x-oss-server-side-encryption-key-id'] = checkHeaderValue(
      options.serverSideEncryptionKeyId,
      'serverSideEncryptionKeyId',
    );
  }
  if (options.forbidOverwrite !== undefined)
    headers['x-oss-forbid-overwrite'] = options.forbidOverwrite ? 'true' : 'false';
  if (options.headers !== undefined) {
    for (const [name, value] of Object.entries(options.headers)) {
      if (!HEADER_NAME.test(name)) throw new TypeError(`header name ${JSON.stringify(name)} is invalid`);
      headers[name] = checkHeaderValue(value, `headers.${name}`);
    }
  }
  return headers;
}

/** Reads a header from ali-oss's plain object or a fetch `Headers`. */
export type HeaderSource = Headers | Readonly<Record<string, string | string[] | undefined>>;

export function header(source: HeaderSource, name: string): string | undefined {
  if (typeof (source as Headers).get === 'function') return (source as Headers).get(name) ?? undefined;
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Removes the quotes OSS puts around ETags. */
export function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** Parses `x-oss-hash-crc64ecma`. */
export function crcHeader(source: HeaderSource): bigint | undefined {
  const value = header(source, 'x-oss-hash-crc64ecma');
  return value && /^\d{1,20}$/.test(value.trim()) ? BigInt(value.trim()) : undefined;
}

function optionalNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Object properties from GET/HEAD response headers. */
export function propertiesFrom(source: HeaderSource): ObjectProperties {
  const metadata: Record<string, string> = {};
  const names: string[] = [];
  if (typeof (source as Headers).get === 'function')
    (source as Headers).forEach((_v, k) => {
      names.push(k);
    });
  else names.push(...Object.keys(source as object));
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-oss-meta-')) metadata[lower.slice(11)] = header(source, name) ?? '';
  }
  const lastModified = header(source, 'last-modified');
  const date = lastModified ? new Date(lastModified) : undefined;
  return {
    contentLength: optionalNumber(header(source, 'content-length')) ?? 0,
    contentType: header(source, 'content-type'),
    etag: unquote(header(source, 'etag')),
    lastModified: date && !Number.isNaN(date.getTime()) ? date : undefined,
    crc64: crcHeader(source),
    metadata,
    storageClass: header(source, 'x-oss-storage-class'),
    objectType: header(source, 'x-oss-object-type'),
    serverSideEncryption: header(source, 'x-oss-server-side-encryption'),
    serverSideEncryptionKeyId: header(source, 'x-oss-server-side-encryption-key-id'),
    tagCount: optionalNumber(header(source, 'x-oss-tagging-count')) ?? 0,
    cacheControl: header(source, 'cache-control'),
    contentDisposition: header(source, 'content-disposition'),
    contentEncoding: header(source, 'content-encoding'),
    versionId: header(source, 'x-oss-version-id'),
    nextAppendPosition: optionalNumber(header(source, 'x-oss-next-append-position')),
    contentRange: header(source, 'content-range'),
    requestId: header(source, 'x-oss-request-id'),
  };
}
