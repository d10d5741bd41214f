import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createPagedAsyncIterable,
  createSdkError,
  type PagedAsyncIterableIterator,
  presignOssV1,
  presignOssV4,
  SdkError,
  sdkErrorCodes,
} from '@alikit/core';
import { Crc64, crc64 } from './crc64';
import { checksumError, toOssError } from './errors';
import { crcHeader, encodeTags, header, propertiesFrom, unquote, writeHeaders } from './headers';
import { buildPostPolicy } from './post-policy';
import { OssRuntime } from './runtime';
import { type CopyLargeOptions, copyLarge } from './transfer/copy';
import { type DownloadFileOptions, downloadFile } from './transfer/download';
import {
  type UploadFileOptions,
  type UploadResult,
  type UploadStreamOptions,
  uploadFile,
  uploadStream,
} from './transfer/upload';
import type {
  AppendObjectOptions,
  AppendObjectResult,
  CopyObjectOptions,
  CopyObjectResult,
  DeleteObjectsResult,
  GetObjectOptions,
  GetObjectResult,
  GetObjectStreamResult,
  HeadObjectOptions,
  ListObjectsOptions,
  ListObjectsPage,
  ObjectAcl,
  ObjectBody,
  ObjectProperties,
  ObjectSummary,
  OssCallOptions,
  PresignedPost,
  PresignedUrl,
  PresignOptions,
  PresignPostOptions,
  PutObjectOptions,
  PutObjectResult,
} from './types';
import {
  checkBucketName,
  checkDate,
  checkObjectKey,
  checkSignal,
  checkTimeoutMs,
  MAX_SINGLE_PUT_BYTES,
  rangeHeader,
} from './validate';
import { xmlText } from './xml';

const encoder = new TextEncoder();

/** ali-oss tagging calls, missing from @types/ali-oss. */
interface TaggingApi {
  putObjectTagging(name: string, tag: Record<string, string>, options: object): Promise<unknown>;
  getObjectTagging(name: string, options: object): Promise<{ tag?: Record<string, string> }>;
  deleteObjectTagging(name: string, options: object): Promise<unknown>;
}
const DELETE_BATCH = 1000;
const DEFAULT_PRESIGN_SECONDS = 900;
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

function checkCall(options: OssCallOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  checkSignal(options.signal);
  checkTimeoutMs(options.timeoutMs);
}

function conditionalHeaders(options: GetObjectOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  checkDate(options.ifModifiedSince, 'ifModifiedSince');
  checkDate(options.ifUnmodifiedSince, 'ifUnmodifiedSince');
  if (options.range !== undefined) headers.Range = rangeHeader(options.range);
  if (options.ifMatch !== undefined) headers['If-Match'] = quoteEtag(options.ifMatch);
  if (options.ifNoneMatch !== undefined) headers['If-None-Match'] = quoteEtag(options.ifNoneMatch);
  if (options.ifModifiedSince) headers['If-Modified-Since'] = options.ifModifiedSince.toUTCString();
  if (options.ifUnmodifiedSince) headers['If-Unmodified-Since'] = options.ifUnmodifiedSince.toUTCString();
  return headers;
}

function quoteEtag(etag: string): string {
  if (typeof etag !== 'string' || etag === '') throw new TypeError('an ETag condition must be a non-empty string');
  return etag === '*' || etag.startsWith('"') ? etag : `"${etag}"`;
}

function notModified(operation: string, requestId: string | undefined): SdkError {
  return new SdkError({
    code: 'NotModified',
    service: 'oss',
    operation,
    status: 304,
    requestId,
    serviceMessage: 'The object was not modified (a condition of the request was not met).',
  });
}

/** A body ready for ali-oss: bytes (with their CRC) or a Node stream. */
type PreparedBody = { kind: 'bytes'; data: Buffer; length: number } | { kind: 'stream'; stream: Readable };

function prepareBody(body: ObjectBody, contentLength: number | undefined): PreparedBody {
  if (typeof body === 'string') {
    const data = Buffer.from(encoder.encode(body));
    return { kind: 'bytes', data, length: data.length };
  }
  if (body instanceof Uint8Array) {
    const data = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return { kind: 'bytes', data, length: data.length };
  }
  if (body instanceof Readable) return { kind: 'stream', stream: body };
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    return { kind: 'stream', stream: Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) };
  }
  void contentLength;
  throw new TypeError('body must be a string, a Uint8Array, a Node Readable or a web ReadableStream');
}

/** Counts and CRCs bytes on their way through. */
class CrcTap extends Transform {
  readonly crc = new Crc64();
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.crc.update(chunk);
    done(null, chunk);
  }
}

/**
 * Object operations on one bucket: reads, writes, lists, copies, tags, ACLs and presigned URLs.
 * Get one with `OssClient.getBucketClient(name)`; it shares the client's credentials, retries
 * and connection settings. Every method checks its arguments before any I/O and throws
 * `SdkError` for service and network failures.
 */
export class OssBucketClient {
  /** The bucket name. */
  readonly name: string;
  readonly #rt: OssRuntime;

  /**
   * Not for direct use: get bucket clients from `OssClient.getBucketClient`.
   * @throws TypeError for a bucket name that breaks the OSS naming rules.
   */
  constructor(runtime: object, name: string) {
    checkBucketName(name);
    if (!(runtime instanceof OssRuntime))
      throw new TypeError('use OssClient.getBucketClient(name) to get a bucket client');
    this.name = name;
    this.#rt = runtime;
  }

  /**
   * Writes an object in one request (up to 5 GiB). Byte bodies are checked end to end with
   * CRC-64 against `x-oss-hash-crc64ecma`; streams are CRC'd as they are sent.
   *
   * @example
   * ```ts
   * await bucket.putObject('docs/a.txt', 'hello', { contentType: 'text/plain', metadata: { team: 'a' } });
   * ```
   * @throws TypeError/RangeError for a bad key, body or option, or a body over 5 GiB, before any I/O.
   * @throws SdkError for service errors (`NoSuchBucket`, `FileAlreadyExists` with `forbidOverwrite`,
   *   `AccessDenied`, ...), `ERR_NETWORK`, `ERR_TIMEOUT`, `ERR_CHECKSUM`.
   */
  async putObject(key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<PutObjectResult> {
    checkObjectKey(key);
    checkCall(options);
    const headers = writeHeaders(options);
    const { contentLength } = options;
    if (contentLength !== undefined && (!Number.isSafeInteger(contentLength) || contentLength < 0)) {
      throw new RangeError(`contentLength must be a whole number >= 0, got ${String(contentLength)}`);
    }
    const prepared = prepareBody(body, contentLength);
    const size = prepared.kind === 'bytes' ? prepared.length : contentLength;
    if (size !== undefined && size > MAX_SINGLE_PUT_BYTES) {
      throw new RangeError(
        `a single putObject takes at most 5 GiB (got ${size} bytes); use uploadFile or uploadStream`,
      );
    }
    const mime = headers['Content-Type'];
    if (prepared.kind === 'bytes') {
      const expected = crc64(prepared.data);
      const res = await this.#rt.callAli(
        {
          operation: 'PutObject',
          bucket: this.name,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
          idempotent: true,
        },
        (client, timeout) => client.put(key, prepared.data, { headers, timeout, ...(mime ? { mime } : {}) } as never),
      );
      return this.#writeResult('PutObject', res.res.headers as Record<string, string>, expected);
    }
    const tap = new CrcTap();
    prepared.stream.on('error', (error) => tap.destroy(error));
    prepared.stream.pipe(tap);
    const res = await this.#rt.callAli(
      {
        operation: 'PutObject',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
        replayable: false,
      },
      (client, timeout) =>
        client.putStream(key, tap, {
          headers,
          timeout,
          ...(mime ? { mime } : {}),
          ...(contentLength !== undefined ? { contentLength } : {}),
        } as never),
    );
    return this.#writeResult('PutObject', res.res.headers as Record<string, string>, tap.crc.digest());
  }

  #writeResult(operation: string, headers: Record<string, string>, expected: bigint | undefined): PutObjectResult {
    const crc = crcHeader(headers);
    const requestId = header(headers, 'x-oss-request-id');
    if (crc !== undefined && expected !== undefined && crc !== expected) {
      throw checksumError(operation, crc, expected, requestId);
    }
    return {
      etag: unquote(header(headers, 'etag')),
      crc64: crc,
      versionId: header(headers, 'x-oss-version-id'),
      requestId,
    };
  }

  /**
   * Reads an object (or a range of it) into memory. A whole-object read is checked with CRC-64.
   * @throws SdkError `NoSuchKey` (404), `PreconditionFailed` (412), `NotModified` (304),
   *   `InvalidRange` (416), `ERR_CHECKSUM`, network errors.
   */
  async getObject(key: string, options: GetObjectOptions = {}): Promise<GetObjectResult> {
    checkObjectKey(key);
    checkCall(options);
    const headers = conditionalHeaders(options);
    const res = await this.#rt.callAli(
      {
        operation: 'GetObject',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => client.get(key, { headers, timeout } as never),
    );
    const resHeaders = res.res.headers as Record<string, string>;
    const props = propertiesFrom(resHeaders);
    if (res.res.status === 304) throw notModified('GetObject', props.requestId);
    const content = res.content as Buffer | undefined;
    const body = content ? new Uint8Array(content.buffer, content.byteOffset, content.byteLength) : new Uint8Array(0);
    if (options.range === undefined && props.crc64 !== undefined) {
      const actual = crc64(body);
      if (actual !== props.crc64) throw checksumError('GetObject', props.crc64, actual, props.requestId);
    }
    return { ...props, contentLength: body.byteLength, body };
  }

  /**
   * Opens an object (or a range) as a Node stream; the bytes are not buffered. A whole-object
   * stream fails with `ERR_CHECKSUM` at its end if the CRC-64 does not match.
   * @throws SdkError as {@link OssBucketClient.getObject}.
   */
  async getObjectStream(key: string, options: GetObjectOptions = {}): Promise<GetObjectStreamResult> {
    checkObjectKey(key);
    checkCall(options);
    const headers = conditionalHeaders(options);
    const res = await this.#rt.callAli(
      {
        operation: 'GetObject',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => client.getStream(key, { headers, timeout } as never),
    );
    const resHeaders = res.res.headers as Record<string, string>;
    const props = propertiesFrom(resHeaders);
    const source = res.stream as Readable;
    if ((res.res as { status: number }).status === 304) {
      source.resume();
      throw notModified('GetObject', props.requestId);
    }
    const expected = options.range === undefined ? props.crc64 : undefined;
    const crc = new Crc64();
    const body = new Transform({
      transform(chunk: Buffer, _enc, done) {
        crc.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        const actual = crc.digest();
        if (expected !== undefined && actual !== expected) {
          done(checksumError('GetObject', expected, actual, props.requestId));
        } else done();
      },
    });
    source.on('error', (error) => body.destroy(toOssError(error, 'GetObject')));
    source.pipe(body);
    if (options.signal) {
      const signal = options.signal;
      const onAbort = () => {
        source.destroy();
        body.destroy(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      body.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    return { ...props, body };
  }

  /**
   * Downloads an object to a file through a temporary file that is renamed on success (so a
   * failed download never leaves a partial file under `path`). CRC-64 checked.
   * For large objects prefer `downloadFile` (parallel, resumable).
   * @throws SdkError as {@link OssBucketClient.getObject}; file-system errors as they are.
   */
  async getObjectToFile(key: string, path: string, options: GetObjectOptions = {}): Promise<ObjectProperties> {
    if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
    const { body, ...props } = await this.getObjectStream(key, options);
    const temp = `${path}.${process.pid}.${Date.now()}.part`;
    try {
      await pipeline(body, createWriteStream(temp), options.signal ? { signal: options.signal } : {});
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      if (options.signal?.aborted) throw options.signal.reason;
      throw error;
    }
    return props;
  }

  /**
   * Reads an object's properties and metadata without its bytes.
   * @throws SdkError `NoSuchKey` (404), `PreconditionFailed` (412), `NotModified` (304), network errors.
   */
  async headObject(key: string, options: HeadObjectOptions = {}): Promise<ObjectProperties> {
    checkObjectKey(key);
    checkCall(options);
    const headers = conditionalHeaders(options);
    const res = await this.#rt.callAli(
      {
        operation: 'HeadObject',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => client.head(key, { headers, timeout } as never),
    );
    const props = propertiesFrom(res.res.headers as Record<string, string>);
    if (res.status === 304) throw notModified('HeadObject', props.requestId);
    return props;
  }

  /**
   * Whether the object exists (a HEAD that maps 404 `NoSuchKey` to `false`).
   * @throws SdkError for every other failure (`NoSuchBucket`, `AccessDenied`, network errors).
   */
  async objectExists(key: string, options: OssCallOptions = {}): Promise<boolean> {
    try {
      await this.headObject(key, options);
      return true;
    } catch (error) {
      if (error instanceof SdkError && error.code === 'NoSuchKey') return false;
      throw error;
    }
  }

  /** Deletes an object; deleting a key that does not exist succeeds, as in OSS. */
  async deleteObject(key: string, options: OssCallOptions = {}): Promise<void> {
    checkObjectKey(key);
    checkCall(options);
    await this.#rt.callAli(
      {
        operation: 'DeleteObject',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => client.delete(key, { timeout } as never),
    );
  }

  /**
   * Deletes any number of objects, 1,000 per request (DeleteMultipleObjects). A batch that fails
   * puts each of its keys in `errors`; the other batches still run.
   * @throws TypeError for a key that breaks the OSS rules, before any request.
   */
  async deleteObjects(keys: readonly string[], options: OssCallOptions = {}): Promise<DeleteObjectsResult> {
    if (!Array.isArray(keys)) throw new TypeError('keys must be an array of object keys');
    for (const [i, key] of keys.entries()) checkObjectKey(key, `keys[${i}]`);
    checkCall(options);
    const result: DeleteObjectsResult = { deleted: [], errors: [] };
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      try {
        const res = await this.#rt.callAli(
          {
            operation: 'DeleteMultipleObjects',
            bucket: this.name,
            signal: options.signal,
            timeoutMs: options.timeoutMs,
            idempotent: true,
          },
          (client, timeout) => client.deleteMulti(batch, { quiet: false, timeout } as never),
        );
        const confirmed = new Set<string>();
        for (const entry of (res.deleted ?? []) as unknown[]) {
          const name = typeof entry === 'string' ? entry : (entry as { Key?: string }).Key;
          if (typeof name === 'string') confirmed.add(name);
        }
        for (const key of batch) {
          if (confirmed.has(key) || confirmed.size === 0) result.deleted.push(key);
          else
            result.errors.push({
              key,
              error: createSdkError(sdkErrorCodes.ERR_PARSE, {
                service: 'oss',
                operation: 'DeleteMultipleObjects',
                reason: 'OSS did not confirm this key as deleted',
              }),
            });
        }
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        for (const key of batch) result.errors.push({ key, error: error as Error });
      }
    }
    return result;
  }

  /**
   * Copies an object (up to 1 GiB; use `copyLarge` beyond) within or across buckets of the
   * same region. By default the source's metadata is kept; `metadataDirective: 'replace'` uses
   * the options instead. Sent with our own signer (ali-oss `copy` rewrites caller headers).
   * @throws SdkError `NoSuchKey`, `NoSuchBucket`, `PreconditionFailed`, ...
   */
  async copyObject(sourceKey: string, targetKey: string, options: CopyObjectOptions = {}): Promise<CopyObjectResult> {
    checkObjectKey(sourceKey, 'sourceKey');
    checkObjectKey(targetKey, 'targetKey');
    checkCall(options);
    const sourceBucket = options.sourceBucket ?? this.name;
    checkBucketName(sourceBucket);
    const directive = options.metadataDirective ?? 'copy';
    if (directive !== 'copy' && directive !== 'replace')
      throw new TypeError("metadataDirective must be 'copy' or 'replace'");
    const headers = writeHeaders(options);
    headers['x-oss-copy-source'] = `/${sourceBucket}/${encodeURIComponent(sourceKey)}`;
    headers['x-oss-metadata-directive'] = directive === 'copy' ? 'COPY' : 'REPLACE';
    if (options.sourceIfMatch !== undefined) headers['x-oss-copy-source-if-match'] = quoteEtag(options.sourceIfMatch);
    const res = await this.#rt.send({
      operation: 'CopyObject',
      method: 'PUT',
      bucket: this.name,
      key: targetKey,
      headers,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    const xml = res.text();
    const lastModified = xmlText(xml, 'LastModified');
    return {
      etag: unquote(xmlText(xml, 'ETag') ?? res.headers.get('etag') ?? ''),
      lastModified: lastModified ? new Date(lastModified) : undefined,
      crc64: crcHeader(res.headers),
      versionId: res.headers.get('x-oss-version-id') ?? undefined,
      requestId: res.requestId,
    };
  }

  /**
   * Appends to an appendable object (creating it at `position: 0`). Write options take effect
   * on the first append only. The returned CRC-64 covers the whole object.
   * @throws SdkError `PositionNotEqualToLength` (409; `details.nextAppendPosition` has the right
   *   value), `ObjectNotAppendable` (409), ...
   */
  async appendObject(
    key: string,
    body: string | Uint8Array,
    options: AppendObjectOptions,
  ): Promise<AppendObjectResult> {
    checkObjectKey(key);
    if (typeof options !== 'object' || options === null) throw new TypeError('appendObject needs { position }');
    checkCall(options);
    const { position } = options;
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new RangeError(`position must be a whole number >= 0, got ${String(position)}`);
    }
    const prepared = prepareBody(body, undefined);
    if (prepared.kind !== 'bytes') throw new TypeError('appendObject takes a string or a Uint8Array');
    if (position + prepared.length > MAX_SINGLE_PUT_BYTES) {
      throw new RangeError('an appendable object may grow to at most 5 GiB');
    }
    const headers = writeHeaders(options);
    const mime = headers['Content-Type'];
    const res = await this.#rt.callAli(
      // Repeating an append at the same position after an unknown outcome fails cleanly (409), never duplicates.
      {
        operation: 'AppendObject',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) =>
        client.append(key, prepared.data, {
          position: String(position),
          headers,
          timeout,
          ...(mime ? { mime } : {}),
        } as never),
    );
    const resHeaders = res.res.headers as Record<string, string>;
    return {
      nextPosition: Number(res.nextAppendPosition ?? header(resHeaders, 'x-oss-next-append-position')),
      crc64: crcHeader(resHeaders),
      etag: unquote(header(resHeaders, 'etag')),
      requestId: header(resHeaders, 'x-oss-request-id'),
    };
  }

  /**
   * Lists objects in key order (ListObjectsV2) as an async iterable; `byPage()` gives pages with
   * their common prefixes and continuation tokens.
   *
   * @example
   * ```ts
   * for await (const obj of bucket.listObjects({ prefix: 'logs/' })) console.log(obj.key, obj.size);
   * for await (const page of bucket.listObjects({ delimiter: '/' }).byPage({ maxPageSize: 100 })) {
   *   console.log(page.prefixes);
   * }
   * ```
   */
  listObjects(options: ListObjectsOptions = {}): PagedAsyncIterableIterator<ObjectSummary, ListObjectsPage> {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    checkSignal(options.signal);
    checkTimeoutMs(options.timeoutMs);
    for (const name of ['prefix', 'delimiter', 'startAfter'] as const) {
      if (options[name] !== undefined && typeof options[name] !== 'string')
        throw new TypeError(`${name} must be a string`);
    }
    return createPagedAsyncIterable<ObjectSummary, ListObjectsPage>({
      maxPageSize: 1000,
      itemsOf: (page) => page.objects,
      fetchPage: async (token, pageSize) => {
        const query: Record<string, string | number> = { 'encoding-type': 'url' };
        if (options.prefix) query.prefix = options.prefix;
        if (options.delimiter) query.delimiter = options.delimiter;
        if (options.startAfter && token === undefined) query['start-after'] = options.startAfter;
        if (pageSize !== undefined) query['max-keys'] = pageSize;
        if (token !== undefined) query['continuation-token'] = token;
        const res = await this.#rt.callAli(
          {
            operation: 'ListObjectsV2',
            bucket: this.name,
            signal: options.signal,
            timeoutMs: options.timeoutMs,
            idempotent: true,
          },
          (client, timeout) => client.listV2(query as never, { timeout } as never),
        );
        const decode = (s: string) => decodeURIComponent(s);
        const objects = ((res.objects ?? []) as unknown as Array<Record<string, unknown>>).map(
          (o): ObjectSummary => ({
            key: decode(String(o.name)),
            size: Number(o.size),
            etag: unquote(String(o.etag ?? '')),
            lastModified: new Date(String(o.lastModified)),
            storageClass: typeof o.storageClass === 'string' ? o.storageClass : undefined,
            objectType: typeof o.type === 'string' ? o.type : undefined,
          }),
        );
        const prefixes = ((res.prefixes ?? []) as string[]).map(decode);
        const next = (res as { nextContinuationToken?: string }).nextContinuationToken;
        return {
          objects,
          prefixes,
          continuationToken: (res as { isTruncated?: boolean }).isTruncated && next ? next : undefined,
        };
      },
    });
  }

  /**
   * Replaces an object's tags (at most 10; keys ≤ 128, values ≤ 256 characters).
   * @throws RangeError for too many or too long tags, before any request.
   */
  async putObjectTagging(
    key: string,
    tags: Readonly<Record<string, string>>,
    options: OssCallOptions = {},
  ): Promise<void> {
    checkObjectKey(key);
    checkCall(options);
    encodeTags(tags);
    await this.#rt.callAli(
      {
        operation: 'PutObjectTagging',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => (client as unknown as TaggingApi).putObjectTagging(key, { ...tags }, { timeout } as never),
    );
  }

  /** Reads an object's tags. */
  async getObjectTagging(key: string, options: OssCallOptions = {}): Promise<Record<string, string>> {
    checkObjectKey(key);
    checkCall(options);
    const res = await this.#rt.callAli(
      {
        operation: 'GetObjectTagging',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => (client as unknown as TaggingApi).getObjectTagging(key, { timeout } as never),
    );
    return { ...((res as { tag?: Record<string, string> }).tag ?? {}) };
  }

  /** Removes all tags of an object. */
  async deleteObjectTagging(key: string, options: OssCallOptions = {}): Promise<void> {
    checkObjectKey(key);
    checkCall(options);
    await this.#rt.callAli(
      {
        operation: 'DeleteObjectTagging',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => (client as unknown as TaggingApi).deleteObjectTagging(key, { timeout } as never),
    );
  }

  /** Sets an object's ACL (`default` = inherit the bucket's). */
  async putObjectAcl(key: string, acl: ObjectAcl, options: OssCallOptions = {}): Promise<void> {
    checkObjectKey(key);
    checkCall(options);
    writeHeaders({ acl });
    await this.#rt.callAli(
      {
        operation: 'PutObjectAcl',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => client.putACL(key, acl as never, { timeout } as never),
    );
  }

  /** Reads an object's ACL. */
  async getObjectAcl(key: string, options: OssCallOptions = {}): Promise<ObjectAcl> {
    checkObjectKey(key);
    checkCall(options);
    const res = await this.#rt.callAli(
      {
        operation: 'GetObjectAcl',
        bucket: this.name,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        idempotent: true,
      },
      (client, timeout) => client.getACL(key, { timeout } as never),
    );
    return (res as { acl: ObjectAcl }).acl;
  }

  /**
   * Builds a presigned URL (V4 by default, V1 on request) for GET, PUT, HEAD or DELETE of one
   * object. Signed locally with core's signers; no request is made. With temporary (STS)
   * credentials the validity is clamped to what is left of them.
   *
   * @example
   * ```ts
   * const { url } = await bucket.presignUrl('docs/a.txt', { expiresInSeconds: 600 });
   * const text = await (await fetch(url)).text();
   * ```
   * @throws RangeError for an expiry that is not a whole number from 1 to 604800 seconds, or
   *   credentials that have already expired.
   */
  async presignUrl(key: string, options: PresignOptions = {}): Promise<PresignedUrl> {
    checkObjectKey(key);
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    checkSignal(options.signal);
    const method = options.method ?? 'GET';
    if (!['GET', 'PUT', 'HEAD', 'DELETE'].includes(method))
      throw new TypeError('method must be GET, PUT, HEAD or DELETE');
    const version = options.signatureVersion ?? 'v4';
    if (version !== 'v1' && version !== 'v4') throw new TypeError("signatureVersion must be 'v1' or 'v4'");
    const requested = checkExpiry(options.expiresInSeconds);
    const headers: Record<string, string> = {};
    if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
    const responseQuery: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.responseHeaders ?? {})) {
      responseQuery[`response-${name.toLowerCase()}`] = value;
    }
    const creds = await this.#rt.credentials(options.signal);
    const now = new Date(Date.now() + this.#rt.http.clockOffsetMs);
    const expiresInSeconds = clampToCredentials(requested, creds.expiration, now);
    const target = this.#target(key, creds, now);
    if (version === 'v4') {
      const signed = presignOssV4({
        ...target,
        region: this.#rt.settings.region,
        method,
        expiresInSeconds,
        query: responseQuery,
        headers,
      });
      return { url: signed.url, method, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000), headers };
    }
    const signed = presignOssV1({ ...target, method, expiresInSeconds, headers, response: options.responseHeaders });
    return { url: signed.url, method, expiresAt: new Date(signed.expires * 1000), headers };
  }

  /**
   * Builds a V4 POST policy for browser form uploads: the keys must start with `keyPrefix` and
   * the size must lie in `contentLengthRange`.
   * @throws RangeError for a bad range or expiry; TypeError for a bad prefix.
   */
  async presignPost(options: PresignPostOptions): Promise<PresignedPost> {
    if (typeof options !== 'object' || options === null) throw new TypeError('presignPost needs { keyPrefix }');
    checkSignal(options.signal);
    if (typeof options.keyPrefix !== 'string') throw new TypeError('keyPrefix must be a string');
    if (options.keyPrefix.startsWith('/') || options.keyPrefix.startsWith('\\')) {
      throw new TypeError("keyPrefix must not start with '/' or '\\'");
    }
    const [min, max] = options.contentLengthRange ?? [0, MAX_SINGLE_PUT_BYTES];
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) {
      throw new RangeError('contentLengthRange must be [min, max] whole numbers with 0 <= min <= max');
    }
    const requested = checkExpiry(options.expiresInSeconds);
    const creds = await this.#rt.credentials(options.signal);
    const now = new Date(Date.now() + this.#rt.http.clockOffsetMs);
    const expiresInSeconds = clampToCredentials(requested, creds.expiration, now);
    const { endpoint } = this.#rt.settings;
    const url = this.#rt.pathStyle
      ? `${endpoint.origin}/${this.name}`
      : `${endpoint.protocol}//${this.name}.${endpoint.host}`;
    const { fields, expiresAt } = buildPostPolicy({
      bucket: this.name,
      keyPrefix: options.keyPrefix,
      min,
      max,
      credentials: creds,
      region: this.#rt.settings.region,
      now,
      expiresInSeconds,
    });
    return { url, fields, expiresAt };
  }

  /**
   * Uploads a file of any size: one PutObject when it fits in a part, else a multipart upload
   * with `concurrency` parts in flight, an automatic part size (never more than 10,000 parts),
   * byte-accurate progress, CRC-64 checked per part and for the whole object, and a checkpoint
   * so an interrupted upload (even a killed process) resumes without re-sending finished parts.
   * Aborting `signal` cancels the parts in flight, aborts the upload (unless `keepParts`) and
   * rejects with `signal.reason`. It never completes an upload with a failed part.
   *
   * @example
   * ```ts
   * await bucket.uploadFile('backups/db.tar', '/tmp/db.tar', {
   *   onProgress: ({ loadedBytes, totalBytes }) => console.log(loadedBytes, '/', totalBytes),
   * });
   * ```
   * @throws TypeError/RangeError for bad options before any I/O; SdkError for service, network
   *   and `ERR_CHECKSUM` failures.
   */
  uploadFile(key: string, path: string, options: UploadFileOptions = {}): Promise<UploadResult> {
    return uploadFile(this.#rt, this.name, (k, body, opts) => this.putObject(k, body, opts), key, path, options);
  }

  /**
   * Uploads a stream of unknown length with multipart, reading one part at a time (at most
   * `concurrency` parts in memory). Same checks, progress and abort rules as
   * {@link OssBucketClient.uploadFile}; a stream cannot be resumed, so there is no checkpoint.
   */
  uploadStream(
    key: string,
    body: Readable | ReadableStream<Uint8Array>,
    options: UploadStreamOptions = {},
  ): Promise<UploadResult> {
    return uploadStream(this.#rt, this.name, (k, data, opts) => this.putObject(k, data, opts), key, body, options);
  }

  /**
   * Downloads an object to a file with parallel ranged GETs pinned to its ETag, resumable from
   * a checkpoint, verified with CRC-64 before the file appears under `path`.
   * @throws SdkError `NoSuchKey`, `PreconditionFailed` (the object changed meanwhile),
   *   `ERR_CHECKSUM`, network errors; the signal's reason when aborted.
   */
  downloadFile(key: string, path: string, options: DownloadFileOptions = {}): Promise<ObjectProperties> {
    return downloadFile(
      {
        head: (k, signal) => this.headObject(k, { signal }),
        getRange: async (k, start, end, etag, signal, timeoutMs) =>
          (await this.getObject(k, { range: { start, end }, ifMatch: etag, signal, timeoutMs })).body,
      },
      this.name,
      key,
      path,
      options,
    );
  }

  /**
   * Copies an object of any size: CopyObject up to `multipartThreshold` (1 GiB), else
   * UploadPartCopy parts in parallel. The copy's CRC-64 is checked against the source's.
   */
  copyLarge(sourceKey: string, targetKey: string, options: CopyLargeOptions = {}): Promise<CopyObjectResult> {
    return copyLarge(
      this.#rt,
      this.name,
      {
        headSource: (bucket, key, signal) => new OssBucketClient(this.#rt, bucket).headObject(key, { signal }),
        copySmall: (source, target, opts) =>
          this.copyObject(source, target, {
            ...opts,
            metadataDirective: opts.metadata !== undefined ? 'replace' : 'copy',
          }),
      },
      sourceKey,
      targetKey,
      options,
    );
  }

  #target(
    key: string,
    creds: { accessKeyId: string; accessKeySecret: string; securityToken?: string | undefined },
    now: Date,
  ) {
    const { endpoint } = this.#rt.settings;
    return {
      host: this.#rt.pathStyle ? endpoint.host : `${this.name}.${endpoint.host}`,
      protocol: endpoint.protocol === 'https:' ? ('https' as const) : ('http' as const),
      bucket: this.name,
      key,
      pathStyle: this.#rt.pathStyle,
      credentials: creds,
      date: now,
    };
  }
}

function checkExpiry(value: number | undefined): number {
  const seconds = value ?? DEFAULT_PRESIGN_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
    throw new RangeError(
      `expiresInSeconds must be a whole number from 1 to ${MAX_PRESIGN_SECONDS}, got ${String(value)}`,
    );
  }
  return seconds;
}

/** Temporary credentials cannot sign a URL that outlives them. */
function clampToCredentials(seconds: number, expiration: Date | undefined, now: Date): number {
  if (!expiration) return seconds;
  const left = Math.floor((expiration.getTime() - now.getTime()) / 1000);
  if (left < 1) throw new RangeError('the credentials have expired; cannot presign');
  return Math.min(seconds, left);
}
