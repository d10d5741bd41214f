import { createHash } from 'node:crypto';
import {
  formatHttpDate,
  ossSignatureVersionOf,
  percentDecode,
  percentEncodePath,
  type ReceivedRequest,
  type VerificationResult,
  verifyOssV1,
  verifyOssV4,
} from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import type { EmulatorResponse } from '../shared/http-server';
import { RequestContext } from '../shared/request-context';
import { hexRequestId } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { leadingLabel } from '../shared/virtual-host';
import { renderXml, type XmlElement } from '../shared/xml';
import { BlobStore } from './blob-store';
import { isValidBucketName, type OssBucket, OssBucketStore } from './bucket-store';
import { ossCodeForStatus, ossError, renderOssError } from './errors';
import { listObjects, listObjectsV2 } from './list-ops';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  listMultipartUploads,
  listParts,
  type OssMultipartLimits,
  uploadPart,
  uploadPartCopy,
} from './multipart-ops';
import { defaultContentType, MAX_OBJECT_SIZE, MIN_PART_SIZE, quotedHex, STORAGE_CLASSES } from './object-common';
import {
  appendObject,
  copyObject,
  deleteMultipleObjects,
  deleteObject,
  deleteObjectTagging,
  getObject,
  getObjectAcl,
  getObjectMeta,
  getObjectTagging,
  headObject,
  OWNER_ID,
  putObject,
  putObjectAcl,
  putObjectTagging,
  restoreObject,
} from './object-ops';
import { BucketContents, compareKeys, type StoredObject } from './object-store';
import { type OssCall, xmlResponse } from './oss-call';
import { isFormUpload, postObject } from './post-object';
import { childTextOf, parseXmlInput } from './xml-input';

/** What the emulator knows about a stored object (see {@link OssEmulator.objectInfo}). */
export interface OssObjectInfo {
  /** The object key. */
  readonly key: string;
  /** Object size in bytes. */
  readonly size: number;
  /** Quoted, as in the `ETag` header. */
  readonly etag: string;
  /** `x-oss-hash-crc64ecma`: the CRC-64 as an unsigned decimal string. */
  readonly crc64: string;
  /**
   * How the object was written: PutObject or PostObject (`Normal`), multipart upload (`Multipart`) or
   * AppendObject (`Appendable`). A copy keeps its source's type, except that a copied appendable object is `Normal`.
   */
  readonly type: 'Normal' | 'Multipart' | 'Appendable';
  /** The object's storage class, e.g. `Standard`. */
  readonly storageClass: string;
  /** The stored `Content-Type` (guessed from the key's extension when the upload sent none). */
  readonly contentType: string;
  /** User metadata, names lower-cased without `x-oss-meta-`. */
  readonly meta: Readonly<Record<string, string>>;
  /** Server-side encryption headers as stored. */
  readonly encryption: Readonly<Record<string, string>>;
  /** Object tags as `[key, value]` pairs (empty when untagged). */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  /** The object ACL: `default` (inherits the bucket's), `private`, `public-read` or `public-read-write`. */
  readonly acl: string;
  /** When the object was last written. */
  readonly lastModified: Date;
}

/** A multipart upload in progress (see {@link OssEmulator.multipartUploads}). */
export interface OssUploadInfo {
  /** The upload id that InitiateMultipartUpload returned. */
  readonly uploadId: string;
  /** The object key the upload will create. */
  readonly key: string;
  /** When the upload was initiated. */
  readonly initiated: Date;
  /** Uploaded parts in part-number order. */
  readonly parts: ReadonlyArray<{
    /** The part number, 1–10000. */
    partNumber: number;
    /** Part size in bytes. */
    size: number;
    /** The part's ETag, quoted, as UploadPart returned it. */
    etag: string;
    /** CRC-64/ECMA of the part as an unsigned decimal string. */
    crc64: string;
  }>;
}

/** The OSS emulator as tests and users see it. */
export interface OssEmulator {
  /** `http://127.0.0.1:<port>`; buckets are addressed path-style or virtual-hosted (see the README). */
  readonly endpoint: string;
  /** The region the emulator reports for its buckets (without `oss-`). */
  readonly region: string;
  /**
   * Creates a bucket (or returns the existing one of that name).
   * @throws TypeError when the name breaks the OSS naming rules.
   */
  createBucket(name: string, options?: { storageClass?: string }): OssBucket;
  /**
   * Whether a request to a bucket that does not exist creates it instead of failing with
   * NoSuchBucket. @defaultValue false
   */
  autoCreateBuckets: boolean;
  /** Limits tests may lower: `minPartSize` is the smallest non-last part CompleteMultipartUpload accepts. */
  readonly limits: OssMultipartLimits;
  /** Keys of a bucket's objects in listing order (empty for an unknown bucket). */
  objectKeys(bucket: string): string[];
  /** What is stored under a key, or `undefined`. */
  objectInfo(bucket: string, key: string): OssObjectInfo | undefined;
  /** An object's bytes, read from disk, or `undefined` when there is no such object. */
  getObjectBytes(bucket: string, key: string): Promise<Uint8Array | undefined>;
  /**
   * Stores an object directly (no request), creating the bucket if needed.
   * @throws TypeError when the bucket name breaks the OSS naming rules.
   */
  putObject(bucket: string, key: string, data: Uint8Array | string, options?: { contentType?: string }): Promise<void>;
  /** A bucket's multipart uploads in progress, with their parts (empty for an unknown bucket). */
  multipartUploads(bucket: string): OssUploadInfo[];
  /** The temporary directory object data lives in, once anything was stored; removed on stop. */
  readonly storageDirectory: string | undefined;
}

/** Builds the {@link OssEmulator} view of a running OSS service. */
export function ossEmulatorView(oss: OssService, endpoint: string): OssEmulator {
  return {
    endpoint,
    region: oss.region,
    createBucket: (name, options) => oss.createBucket(name, options),
    get autoCreateBuckets() {
      return oss.autoCreateBuckets;
    },
    set autoCreateBuckets(value: boolean) {
      oss.autoCreateBuckets = value;
    },
    limits: oss.limits,
    objectKeys: (bucket) => [...(oss.contents.get(bucket)?.objects.keys() ?? [])].sort(compareKeys),
    objectInfo: (bucket, key) => {
      const o = oss.contents.get(bucket)?.objects.get(key);
      if (!o) return undefined;
      return {
        key: o.key,
        size: o.size,
        etag: o.etag,
        crc64: o.crc64.toString(),
        type: o.type,
        storageClass: o.storageClass,
        contentType: o.contentType,
        meta: { ...o.meta },
        encryption: { ...o.encryption },
        tags: o.tags.map(([k, v]) => [k, v] as const),
        acl: o.acl,
        lastModified: o.lastModified,
      };
    },
    getObjectBytes: async (bucket, key) => {
      const o = oss.contents.get(bucket)?.objects.get(key);
      return o ? oss.blobs.readBytes(o.segments, 0, o.size) : undefined;
    },
    putObject: (bucket, key, data, options) => oss.putObjectDirect(bucket, key, data, options?.contentType),
    multipartUploads: (bucket) =>
      [...(oss.contents.get(bucket)?.uploads.values() ?? [])].map((u) => ({
        uploadId: u.uploadId,
        key: u.key,
        initiated: u.initiated,
        parts: [...u.parts.values()]
          .sort((a, b) => a.partNumber - b.partNumber)
          .map((p) => ({ partNumber: p.partNumber, size: p.size, etag: p.etag, crc64: p.crc64.toString() })),
      })),
    get storageDirectory() {
      return oss.blobs.directory;
    },
  };
}

/** The bucket and key a request addresses; both absent for service-level requests. */
interface OssAddress {
  bucket: string | undefined;
  key: string | undefined;
}

/** Bare OSS endpoints carry no bucket: `oss-<region>[-internal].aliyuncs.com`, `<region>.oss.aliyuncs.com`, ... */
function isBareOssEndpoint(host: string): boolean {
  return /^(?:oss-[a-z0-9-]+|vpc100-oss-[a-z0-9-]+|[a-z0-9-]+\.oss|[a-z0-9-]+\.[a-z0-9-]+\.oss-cloudbox(?:-control)?)\.aliyuncs\.com$/.test(
    host,
  );
}

/**
 * Finds bucket and key (oss.md §1.2): a host `<bucket>.<anything>` other than an IP, `localhost` or
 * a bare OSS endpoint is virtual-hosted (the whole path is the key); otherwise the first path
 * segment is the bucket. ali-oss with an IP endpoint sends `Host: .<region>.aliyuncs.com` for
 * service-level calls, whose empty first label means "no bucket".
 */
export function resolveOssRequestAddress(host: string, rawPath: string): OssAddress {
  const path = rawPath.replace(/^\//, '');
  const virtual = leadingLabel(host, isBareOssEndpoint);
  if (virtual !== undefined) {
    const key = percentDecode(path);
    return { bucket: virtual, key: key === '' ? undefined : key };
  }
  if (path === '') return { bucket: undefined, key: undefined };
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: percentDecode(path), key: undefined };
  const key = percentDecode(path.slice(slash + 1));
  return { bucket: percentDecode(path.slice(0, slash)), key: key === '' ? undefined : key };
}

/** The operations whose body streams to disk instead of being read into memory. */
const STREAMED_OPERATIONS = new Set(['PutObject', 'UploadPart', 'AppendObject']);

/** The OSS operation a request names, from its method, address, query and copy-source header. */
export function ossOperationOf(ctx: RequestContext, address: OssAddress): string | undefined {
  const q = (name: string) => ctx.hasQuery(name);
  const { method } = ctx;
  if (address.bucket === undefined) return method === 'GET' ? 'ListBuckets' : undefined;
  if (address.key === undefined) {
    switch (method) {
      case 'PUT':
        return q('acl') ? 'PutBucketAcl' : 'PutBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'POST':
        if (q('delete')) return 'DeleteMultipleObjects';
        return isFormUpload(ctx.header('content-type')) ? 'PostObject' : undefined;
      case 'GET':
        if (q('bucketInfo')) return 'GetBucketInfo';
        if (q('location')) return 'GetBucketLocation';
        if (q('acl')) return 'GetBucketAcl';
        if (q('uploads')) return 'ListMultipartUploads';
        return ctx.queryParam('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      case 'HEAD':
        return 'GetBucketInfo';
      default:
        return undefined;
    }
  }
  const copy = ctx.header('x-oss-copy-source') !== undefined;
  switch (method) {
    case 'PUT':
      if (q('tagging')) return 'PutObjectTagging';
      if (q('acl')) return 'PutObjectACL';
      if (q('partNumber') || q('uploadId')) return copy ? 'UploadPartCopy' : 'UploadPart';
      return copy ? 'CopyObject' : 'PutObject';
    case 'GET':
      if (q('tagging')) return 'GetObjectTagging';
      if (q('acl')) return 'GetObjectACL';
      if (q('uploadId')) return 'ListParts';
      return 'GetObject';
    case 'HEAD':
      return q('objectMeta') ? 'GetObjectMeta' : 'HeadObject';
    case 'DELETE':
      if (q('tagging')) return 'DeleteObjectTagging';
      if (q('uploadId')) return 'AbortMultipartUpload';
      return 'DeleteObject';
    case 'POST':
      if (q('uploads')) return 'InitiateMultipartUpload';
      if (q('uploadId')) return 'CompleteMultipartUpload';
      if (q('append')) return 'AppendObject';
      if (q('restore')) return 'RestoreObject';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The OSS service module: V1/V4 (header and presigned) verification, XML errors, buckets, objects
 * (data in a temporary directory), multipart uploads, listing, tagging and ACLs.
 */
export class OssService implements ServiceModule {
  readonly service = 'oss' as const;
  readonly requestIdHeader = 'x-oss-request-id';
  readonly buckets = new OssBucketStore();
  /** Objects and uploads per bucket name. */
  readonly contents = new Map<string, BucketContents>();
  readonly blobs = new BlobStore();
  readonly limits: OssMultipartLimits = { minPartSize: MIN_PART_SIZE };
  readonly region: string;
  /** See {@link OssEmulator.autoCreateBuckets}. */
  autoCreateBuckets = false;
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, region = 'cn-hangzhou') {
    this.#accounts = accounts;
    this.#now = now;
    this.region = region;
  }

  /** Creates a bucket dated by the emulator clock (see {@link OssEmulator.createBucket}). */
  createBucket(name: string, options?: { storageClass?: string }): OssBucket {
    const bucket = this.buckets.create(name, options, this.#now());
    if (!this.contents.has(name)) this.contents.set(name, new BucketContents());
    return bucket;
  }

  /** Stores an object without a request (see {@link OssEmulator.putObject}). */
  async putObjectDirect(bucket: string, key: string, data: Uint8Array | string, contentType?: string): Promise<void> {
    if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
    this.createBucket(bucket);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const body = await this.blobs.write(bytes, MAX_OBJECT_SIZE);
    const contents = this.contents.get(bucket) as BucketContents;
    const object: StoredObject = {
      contentType: contentType ?? defaultContentType(key),
      standardHeaders: {},
      meta: {},
      encryption: {},
      storageClass: 'Standard',
      acl: 'default',
      tags: [],
      key,
      type: 'Normal',
      size: body.size,
      etag: quotedHex(body.md5),
      contentMd5: body.md5.toString('base64'),
      crc64: body.crc64,
      lastModified: this.#now(),
      segments: body.segments,
    };
    const old = contents.objects.get(key);
    this.blobs.retain(object.segments);
    contents.objects.set(key, object);
    if (old) this.blobs.release(old.segments);
  }

  newRequestId(): string {
    return hexRequestId();
  }

  route(ctx: RequestContext): void {
    ctx.operation = ossOperationOf(ctx, resolveOssRequestAddress(ctx.host, ctx.rawPath));
  }

  streamsBody(request: Omit<ReceivedRequest, 'body'>): boolean {
    const ctx = new RequestContext(request, '', new Date(0));
    const operation = ossOperationOf(ctx, resolveOssRequestAddress(ctx.host, ctx.rawPath));
    return operation !== undefined && STREAMED_OPERATIONS.has(operation);
  }

  async handle(ctx: RequestContext): Promise<EmulatorResponse> {
    const address = resolveOssRequestAddress(ctx.host, ctx.rawPath);
    if (address.bucket !== undefined && !isValidBucketName(address.bucket)) {
      throw ossError('InvalidBucketName', { fields: [['BucketName', address.bucket]] });
    }
    if (ctx.operation === 'PostObject' && address.bucket !== undefined) {
      // A form upload carries its signature in the form (a signed policy), not in the headers.
      const call = this.#call(ctx, address.bucket, '', 'PostObject');
      return postObject(call, { accounts: this.#accounts, securityTokenError: ossSecurityTokenError });
    }
    this.#authenticate(ctx, address);
    checkBufferedDigest(ctx);
    const operation = ctx.operation;
    if (operation === 'ListBuckets') return this.#listBuckets(ctx);
    if (operation === undefined || address.bucket === undefined) {
      throw ossError('MethodNotAllowed', {
        fields: [
          ['Method', ctx.method],
          ['ResourceType', address.key === undefined ? 'Bucket' : 'Object'],
        ],
      });
    }
    const bucket = address.bucket;
    const key = address.key ?? '';
    if (key !== '') checkKey(key);
    if (operation === 'PutBucket') return this.#putBucket(ctx, bucket);
    return this.#dispatch(operation, this.#call(ctx, bucket, key, operation));
  }

  /** The call of an operation on an existing bucket (created first with `autoCreateBuckets`). */
  #call(ctx: RequestContext, bucket: string, key: string, operation: string): OssCall {
    if (!this.buckets.get(bucket)) {
      if (!this.autoCreateBuckets || operation === 'DeleteBucket') {
        throw ossError('NoSuchBucket', { fields: [['BucketName', bucket]] });
      }
      this.createBucket(bucket);
    }
    return {
      ctx,
      bucket,
      key,
      contents: this.#contentsOf(bucket),
      blobs: this.blobs,
      now: ctx.receivedAt,
      contentsOf: (name) => {
        if (!this.buckets.get(name)) throw ossError('NoSuchBucket', { fields: [['BucketName', name]] });
        return this.#contentsOf(name);
      },
      location: locationOf(ctx, bucket, key),
    };
  }

  #dispatch(operation: string, call: OssCall): EmulatorResponse | Promise<EmulatorResponse> {
    switch (operation) {
      case 'DeleteBucket':
        return this.#deleteBucket(call);
      case 'GetBucketInfo':
        return this.#getBucketInfo(call);
      case 'GetBucketLocation':
        return xmlResponse(renderXml(['LocationConstraint', `oss-${this.region}`]));
      case 'GetBucketAcl':
      case 'PutBucketAcl':
        return operation === 'PutBucketAcl' ? { status: 200 } : this.#getBucketAcl();
      case 'ListObjects':
        return listObjects(call);
      case 'ListObjectsV2':
        return listObjectsV2(call);
      case 'ListMultipartUploads':
        return listMultipartUploads(call);
      case 'DeleteMultipleObjects':
        return deleteMultipleObjects(call);
      case 'PutObject':
        return putObject(call);
      case 'GetObject':
        return getObject(call);
      case 'HeadObject':
        return headObject(call);
      case 'GetObjectMeta':
        return getObjectMeta(call);
      case 'DeleteObject':
        return deleteObject(call);
      case 'CopyObject':
        return copyObject(call);
      case 'AppendObject':
        return appendObject(call);
      case 'RestoreObject':
        return restoreObject(call);
      case 'PutObjectTagging':
        return putObjectTagging(call);
      case 'GetObjectTagging':
        return getObjectTagging(call);
      case 'DeleteObjectTagging':
        return deleteObjectTagging(call);
      case 'PutObjectACL':
        return putObjectAcl(call);
      case 'GetObjectACL':
        return getObjectAcl(call);
      case 'InitiateMultipartUpload':
        return initiateMultipartUpload(call);
      case 'UploadPart':
        return uploadPart(call);
      case 'UploadPartCopy':
        return uploadPartCopy(call);
      case 'CompleteMultipartUpload':
        return completeMultipartUpload(call, this.limits);
      case 'AbortMultipartUpload':
        return abortMultipartUpload(call);
      case 'ListParts':
        return listParts(call);
      default:
        throw ossError('NotImplemented', { message: `The emulator does not implement ${operation}.` });
    }
  }

  renderError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
    return renderOssError(error, ctx, ctx.host || `oss-${this.region}.aliyuncs.com`);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return ossError(code ?? ossCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return ossError('InternalError', {
      message: `The emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  finishResponse(response: EmulatorResponse): EmulatorResponse {
    return { ...response, headers: { server: 'AliyunOSS', ...response.headers } };
  }

  /** Deletes the temporary directory holding object data. */
  close(): Promise<void> {
    return this.blobs.close();
  }

  #contentsOf(bucket: string): BucketContents {
    let contents = this.contents.get(bucket);
    if (!contents) {
      contents = new BucketContents();
      this.contents.set(bucket, contents);
    }
    return contents;
  }

  #authenticate(ctx: RequestContext, address: OssAddress): void {
    const options = { now: this.#now, bucket: address.bucket ?? null, key: address.key ?? null };
    const result: VerificationResult =
      ossSignatureVersionOf(ctx.received) === 'v4'
        ? verifyOssV4(ctx.received, this.#accounts.lookup, options)
        : verifyOssV1(ctx.received, this.#accounts.lookup, options);
    acceptVerification(ctx, result, this.#accounts, {
      verification: (failure) => ossVerificationError(failure, ctx, this.#now()),
      securityToken: ossSecurityTokenError,
    });
  }

  #putBucket(ctx: RequestContext, name: string): EmulatorResponse {
    if (this.buckets.get(name)) throw ossError('BucketAlreadyExists', { fields: [['BucketName', name]] });
    let storageClass = 'Standard';
    const text = ctx.bodyText().trim();
    if (text !== '') {
      const root = parseXmlInput(text);
      if (root?.name !== 'CreateBucketConfiguration') throw ossError('MalformedXML');
      storageClass = childTextOf(root, 'StorageClass')?.trim() || 'Standard';
      if (!(STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
        throw ossError('InvalidArgument', { message: `The storage class ${storageClass} is not valid.` });
      }
    }
    this.createBucket(name, { storageClass });
    return { status: 200, headers: { location: `/${name}` } };
  }

  #deleteBucket(call: OssCall): EmulatorResponse {
    if (call.contents.objects.size > 0 || call.contents.uploads.size > 0) {
      throw ossError('BucketNotEmpty', { fields: [['BucketName', call.bucket]] });
    }
    this.buckets.delete(call.bucket);
    this.contents.delete(call.bucket);
    return { status: 204 };
  }

  #getBucketInfo(call: OssCall): EmulatorResponse {
    const bucket = this.buckets.get(call.bucket) as OssBucket;
    if (call.ctx.method === 'HEAD') return { status: 200 };
    return xmlResponse(
      renderXml([
        'BucketInfo',
        [
          [
            'Bucket',
            [
              ['CreationDate', bucket.creationDate.toISOString()],
              ['ExtranetEndpoint', `oss-${this.region}.aliyuncs.com`],
              ['IntranetEndpoint', `oss-${this.region}-internal.aliyuncs.com`],
              ['Location', `oss-${this.region}`],
              ['Name', bucket.name],
              ['Region', this.region],
              ['StorageClass', bucket.storageClass],
              [
                'Owner',
                [
                  ['ID', OWNER_ID],
                  ['DisplayName', OWNER_ID],
                ],
              ],
              ['AccessControlList', [['Grant', 'private']]],
            ],
          ],
        ],
      ]),
    );
  }

  #getBucketAcl(): EmulatorResponse {
    return xmlResponse(
      renderXml([
        'AccessControlPolicy',
        [
          [
            'Owner',
            [
              ['ID', OWNER_ID],
              ['DisplayName', OWNER_ID],
            ],
          ],
          ['AccessControlList', [['Grant', 'private']]],
        ],
      ]),
    );
  }

  #listBuckets(ctx: RequestContext): EmulatorResponse {
    const prefix = ctx.queryParam('prefix') ?? undefined;
    const marker = ctx.queryParam('marker') ?? undefined;
    const maxKeysText = ctx.queryParam('max-keys') ?? undefined;
    const maxKeys = maxKeysText === undefined ? 100 : Number(maxKeysText);
    if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000) {
      throw ossError('InvalidArgument', {
        message: 'Argument max-keys must be an integer from 1 to 1000.',
        fields: [
          ['ArgumentName', 'max-keys'],
          ['ArgumentValue', maxKeysText ?? ''],
        ],
      });
    }
    const matching = this.buckets
      .list()
      .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (marker === undefined || b.name > marker));
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const paging: XmlElement[] = [];
    if (prefix !== undefined || marker !== undefined || maxKeysText !== undefined) {
      paging.push(['Prefix', prefix ?? ''], ['Marker', marker ?? ''], ['MaxKeys', maxKeys], ['IsTruncated', truncated]);
      if (truncated) paging.push(['NextMarker', (page[page.length - 1] as OssBucket).name]);
    }
    const body = renderXml([
      'ListAllMyBucketsResult',
      [
        ...paging,
        [
          'Owner',
          [
            ['ID', OWNER_ID],
            ['DisplayName', OWNER_ID],
          ],
        ],
        ['Buckets', page.map((b) => this.#bucketXml(b))],
      ],
    ]);
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  }

  #bucketXml(bucket: OssBucket): XmlElement {
    return [
      'Bucket',
      [
        ['CreationDate', bucket.creationDate.toISOString()],
        ['ExtranetEndpoint', `oss-${this.region}.aliyuncs.com`],
        ['IntranetEndpoint', `oss-${this.region}-internal.aliyuncs.com`],
        ['Location', `oss-${this.region}`],
        ['Name', bucket.name],
        ['Region', this.region],
        ['StorageClass', bucket.storageClass],
      ],
    ];
  }
}

/**
 * KeyTooLong for keys over 1023 UTF-8 bytes; InvalidObjectName for keys starting with `/` or `\\`.
 * @throws ServiceError
 */
function checkKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > 1023) throw ossError('KeyTooLong', { fields: [['Key', key.slice(0, 64)]] });
  if (key.startsWith('/') || key.startsWith('\\')) throw ossError('InvalidObjectName', { fields: [['Key', key]] });
}

/**
 * InvalidDigest when a body read whole does not match its `Content-MD5` (V1 verification checks
 * this too; V4 does not). Streamed bodies are checked as they are written.
 */
function checkBufferedDigest(ctx: RequestContext): void {
  const md5 = ctx.header('content-md5')?.trim();
  const body = ctx.received.body;
  if (md5 === undefined || body === undefined || ctx.bodyStream !== undefined) return;
  if (createHash('md5').update(body).digest('base64') !== md5) throw ossError('InvalidDigest');
}

/** Where a completed object lives, as CompleteMultipartUpload's `<Location>` reports it. */
function locationOf(ctx: RequestContext, bucket: string, key: string): string {
  const hostHeader = ctx.header('host') ?? `${bucket}.oss-cn-hangzhou.aliyuncs.com`;
  const encodedKey = percentEncodePath(key);
  return leadingLabel(ctx.host, isBareOssEndpoint) === undefined
    ? `http://${hostHeader}/${bucket}/${encodedKey}`
    : `http://${hostHeader}/${encodedKey}`;
}

/** Hex bytes of the UTF-8 string to sign, as OSS puts them in `<StringToSignBytes>`. */
function hexBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function ossVerificationError(failure: VerificationFailed, ctx: RequestContext, now: Date): ServiceError {
  const accessKeyId = failure.accessKeyId ?? '';
  switch (failure.reason) {
    case 'MissingSignature':
      return ossError('AccessDenied', { message: 'Anonymous access is forbidden for this operation.' });
    case 'InvalidAuthorization':
      return ossError('InvalidArgument', { message: `Authorization header is invalid. ${failure.message}` });
    case 'InvalidAccessKeyId':
      return ossError('InvalidAccessKeyId', { fields: [['OSSAccessKeyId', accessKeyId]] });
    case 'RequestTimeTooSkewed':
      return ossError('RequestTimeTooSkewed', {
        fields: [
          ['RequestTime', ctx.header('x-oss-date') ?? ctx.header('date') ?? ''],
          ['ServerTime', formatHttpDate(now)],
          ['MaxAllowedSkewMilliseconds', '900000'],
        ],
      });
    case 'RequestExpired':
      return ossError('AccessDenied', {
        message: 'Request has expired.',
        fields: [
          ['Expires', ctx.queryParam('Expires') ?? ctx.queryParam('x-oss-expires') ?? ''],
          ['ServerTime', now.toISOString()],
        ],
      });
    case 'ContentDigestMismatch':
      return ossError('InvalidDigest');
    case 'SignatureDoesNotMatch': {
      const fields: Array<[string, string]> = [['OSSAccessKeyId', accessKeyId]];
      const provided = providedSignature(ctx);
      if (provided !== undefined) fields.push(['SignatureProvided', provided]);
      if (failure.expectedStringToSign !== undefined) {
        fields.push(['StringToSign', failure.expectedStringToSign]);
        fields.push(['StringToSignBytes', hexBytes(failure.expectedStringToSign)]);
      }
      return ossError('SignatureDoesNotMatch', { fields });
    }
  }
}

/** The signature the caller sent (OSS echoes it back so the caller can compare). */
function providedSignature(ctx: RequestContext): string | undefined {
  const auth = ctx.header('authorization')?.trim();
  if (auth?.startsWith('OSS ')) return auth.slice(auth.lastIndexOf(':') + 1);
  if (auth?.startsWith('OSS4-HMAC-SHA256')) return /Signature=([0-9a-f]+)/.exec(auth)?.[1];
  return ctx.queryParam('Signature') ?? ctx.queryParam('x-oss-signature') ?? undefined;
}

function ossSecurityTokenError(problem: SecurityTokenProblem, accessKeyId: string): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      // A temporary key does not exist without its token.
      return ossError('InvalidAccessKeyId', { fields: [['OSSAccessKeyId', accessKeyId]] });
    case 'InvalidSecurityToken':
      return ossError('InvalidSecurityToken');
    case 'SecurityTokenExpired':
      return ossError('SecurityTokenExpired');
  }
}
