import type { Readable } from 'node:stream';
import type { ByteRange } from './validate';

/** Options every call takes. */
export interface OssCallOptions {
  /** Cancels the call; it then rejects with `signal.reason`, unchanged. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit for each attempt, in ms. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** Object ACL: `default` inherits the bucket's. */
export type ObjectAcl = 'default' | 'private' | 'public-read' | 'public-read-write';

/** OSS storage classes. */
export type StorageClass = 'Standard' | 'IA' | 'Archive' | 'ColdArchive' | 'DeepColdArchive';

/** Server-side encryption algorithms OSS accepts. */
export type ServerSideEncryption = 'AES256' | 'KMS' | 'SM4';

/** What can be uploaded in one request. */
export type ObjectBody = string | Uint8Array | Readable | ReadableStream<Uint8Array>;

/** Headers and settings an object is written with (PutObject, AppendObject, multipart, copy with `replace`). */
export interface WriteObjectOptions extends OssCallOptions {
  /** `Content-Type`. @defaultValue guessed from the key's extension, else `application/octet-stream` */
  contentType?: string | undefined;
  /** `Cache-Control`. @defaultValue none */
  cacheControl?: string | undefined;
  /** `Content-Disposition`. @defaultValue none */
  contentDisposition?: string | undefined;
  /** `Content-Encoding`. @defaultValue none */
  contentEncoding?: string | undefined;
  /** User metadata (`x-oss-meta-*`); names are stored lower-case. @defaultValue none */
  metadata?: Readonly<Record<string, string>> | undefined;
  /** Object tags (`x-oss-tagging`). @defaultValue none */
  tags?: Readonly<Record<string, string>> | undefined;
  /** Object ACL. @defaultValue `'default'` (the bucket's) */
  acl?: ObjectAcl | undefined;
  /** Storage class. @defaultValue the bucket's */
  storageClass?: StorageClass | undefined;
  /** Server-side encryption. @defaultValue the bucket's setting */
  serverSideEncryption?: ServerSideEncryption | undefined;
  /** KMS key id, with `serverSideEncryption: 'KMS'`. @defaultValue none */
  serverSideEncryptionKeyId?: string | undefined;
  /** Refuse to replace an existing object (`x-oss-forbid-overwrite`). @defaultValue false */
  forbidOverwrite?: boolean | undefined;
  /** More request headers, sent as given. @defaultValue none */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** Options of `putObject`. */
export interface PutObjectOptions extends WriteObjectOptions {
  /**
   * Size of a stream body in bytes: sent as `Content-Length` (otherwise the stream is sent
   * chunked) and checked against the 5 GiB single-put limit before any I/O.
   * @defaultValue unknown for streams
   */
  contentLength?: number | undefined;
}

/** What a write returned. */
export interface PutObjectResult {
  /** The object's ETag, quotes removed. */
  etag: string;
  /** CRC-64/ECMA of the whole object as OSS computed it (checked against the data sent). */
  crc64: bigint | undefined;
  /** Version id when the bucket keeps versions. */
  versionId: string | undefined;
  /** The OSS request id. */
  requestId: string | undefined;
}

/** Conditions and range for reads. */
export interface GetObjectOptions extends OssCallOptions {
  /** Read only these bytes (status 206). @defaultValue the whole object */
  range?: ByteRange | undefined;
  /** Only if the ETag matches, else `PreconditionFailed` (412). @defaultValue none */
  ifMatch?: string | undefined;
  /** Only if the ETag differs, else `NotModified` (304). @defaultValue none */
  ifNoneMatch?: string | undefined;
  /** Only if changed since, else `NotModified` (304). @defaultValue none */
  ifModifiedSince?: Date | undefined;
  /** Only if not changed since, else `PreconditionFailed` (412). @defaultValue none */
  ifUnmodifiedSince?: Date | undefined;
}

/** Options of `headObject`. */
export type HeadObjectOptions = Omit<GetObjectOptions, 'range'>;

/** An object's properties, from its response headers. */
export interface ObjectProperties {
  /** Bytes in this response (the range for a ranged read). */
  contentLength: number;
  /** `Content-Type` of the object; `undefined` when the response had none. */
  contentType: string | undefined;
  /** ETag, quotes removed. */
  etag: string;
  /** When the object was last written (`Last-Modified`); `undefined` when absent or unparsable. */
  lastModified: Date | undefined;
  /** CRC-64/ECMA of the whole object. */
  crc64: bigint | undefined;
  /** User metadata, names lower-case. */
  metadata: Record<string, string>;
  /** `x-oss-storage-class`, e.g. `Standard` or `IA`; `undefined` when not reported. */
  storageClass: string | undefined;
  /** `Normal`, `Multipart`, `Appendable` or `Symlink`. */
  objectType: string | undefined;
  /** `x-oss-server-side-encryption` (`AES256`, `KMS` or `SM4`); `undefined` when unencrypted. */
  serverSideEncryption: string | undefined;
  /** KMS key id the object is encrypted with; only with `KMS` encryption. */
  serverSideEncryptionKeyId: string | undefined;
  /** Number of tags on the object. */
  tagCount: number;
  /** `Cache-Control` stored with the object; `undefined` when none was set. */
  cacheControl: string | undefined;
  /**
   * `Content-Disposition` stored with the object (or a `response-content-disposition` override); `undefined` when none.
   */
  contentDisposition: string | undefined;
  /** `Content-Encoding` stored with the object; `undefined` when none was set. */
  contentEncoding: string | undefined;
  /** `x-oss-version-id`; `undefined` when the bucket does not keep versions. */
  versionId: string | undefined;
  /** For an appendable object: the position the next append must use. */
  nextAppendPosition: number | undefined;
  /** `bytes a-b/total` for a ranged read. */
  contentRange: string | undefined;
  /** The OSS request id (`x-oss-request-id`), for support tickets. */
  requestId: string | undefined;
}

/** `getObject`: the properties and the bytes. */
export interface GetObjectResult extends ObjectProperties {
  /** The object's bytes (only the requested range for a ranged read). */
  body: Uint8Array;
}

/** `getObjectStream`: the properties and a stream of the bytes. */
export interface GetObjectStreamResult extends ObjectProperties {
  /** A stream of the object's bytes (only the requested range for a ranged read); consume or destroy it. */
  body: Readable;
}

/** An entry of `listObjects`. */
export interface ObjectSummary {
  /** The object key. */
  key: string;
  /** Object size in bytes. */
  size: number;
  /** ETag, quotes removed. */
  etag: string;
  /** When the object was last written. */
  lastModified: Date;
  /** Storage class, e.g. `Standard` or `IA`; `undefined` when not listed. */
  storageClass: string | undefined;
  /** `Normal`, `Multipart`, `Appendable` or `Symlink`; `undefined` when not listed. */
  objectType: string | undefined;
}

/** Options of `listObjects`. */
export interface ListObjectsOptions extends Omit<OssCallOptions, 'timeoutMs'> {
  /** Only keys starting with this. @defaultValue all keys */
  prefix?: string | undefined;
  /** Group keys up to the next occurrence of this (usually `/`) into `prefixes`. @defaultValue none */
  delimiter?: string | undefined;
  /** Start after this key. @defaultValue the first key */
  startAfter?: string | undefined;
  /** Limit for each page request, in ms. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** One page of `listObjects().byPage()`. */
export interface ListObjectsPage {
  /** Objects on this page, in key order. */
  objects: ObjectSummary[];
  /** Common prefixes on this page (with a `delimiter`). */
  prefixes: string[];
  /** Pass to `byPage({ continuationToken })` to continue; `undefined` on the last page. */
  continuationToken: string | undefined;
}

/** Per-key outcome of `deleteObjects`. */
export interface DeleteObjectsResult {
  /** Keys OSS confirmed deleted (deleting a missing key counts as deleted). */
  deleted: string[];
  /** Keys whose batch failed, with the error. */
  errors: Array<{
    /** The key that may not have been deleted. */
    key: string;
    /** Why: the failed request's error (an `SdkError`), or a parse error when OSS did not confirm the key. */
    error: Error;
  }>;
}

/** Options of `copyObject`. */
export interface CopyObjectOptions extends WriteObjectOptions {
  /** The source bucket. @defaultValue this bucket */
  sourceBucket?: string | undefined;
  /**
   * `copy` keeps the source's metadata (and ignores the metadata options), `replace` uses the
   * options. @defaultValue `'copy'`
   */
  metadataDirective?: 'copy' | 'replace' | undefined;
  /** Copy only if the source ETag matches. @defaultValue none */
  sourceIfMatch?: string | undefined;
}

/** What `copyObject` returned. */
export interface CopyObjectResult {
  /** ETag of the new object, quotes removed. */
  etag: string;
  /** When the new object was written; `undefined` when OSS did not say. */
  lastModified: Date | undefined;
  /** CRC-64/ECMA of the new object; `undefined` when OSS did not send one. */
  crc64: bigint | undefined;
  /** Version id of the new object when the bucket keeps versions. */
  versionId: string | undefined;
  /** The OSS request id. */
  requestId: string | undefined;
}

/** Options of `appendObject`. */
export interface AppendObjectOptions extends WriteObjectOptions {
  /** Where the data goes: 0 for the first append, then the previous `nextPosition`. */
  position: number;
}

/** What `appendObject` returned. */
export interface AppendObjectResult {
  /** Position for the next append (the object's new length). */
  nextPosition: number;
  /** CRC-64 of the whole object after the append. */
  crc64: bigint | undefined;
  /** ETag of the object after the append, quotes removed. */
  etag: string;
  /** The OSS request id. */
  requestId: string | undefined;
}

/** Options of `presignUrl`. */
export interface PresignOptions {
  /** `GET` to download, `PUT` to upload, `HEAD`/`DELETE` likewise. @defaultValue `'GET'` */
  method?: 'GET' | 'PUT' | 'HEAD' | 'DELETE' | undefined;
  /**
   * Validity in seconds; clamped to what is left of temporary (STS) credentials.
   * @defaultValue 900
   */
  expiresInSeconds?: number | undefined;
  /** `v4` (OSS4-HMAC-SHA256) or `v1`. @defaultValue `'v4'` */
  signatureVersion?: 'v1' | 'v4' | undefined;
  /** For PUT: the `Content-Type` the uploader will send (it is signed). @defaultValue none */
  contentType?: string | undefined;
  /** Response header overrides (`response-content-disposition`, ...), for GET. @defaultValue none */
  responseHeaders?: Readonly<Record<string, string>> | undefined;
  /** Stops waiting for credentials. @defaultValue none */
  signal?: AbortSignal | undefined;
}

/** A presigned URL and when it stops working. */
export interface PresignedUrl {
  /** The signed URL; anyone holding it can make the request until `expiresAt`. */
  url: string;
  /** The HTTP method the signature covers (`GET`, `PUT`, `HEAD` or `DELETE`). */
  method: string;
  /** When the URL stops working (possibly earlier than asked, with temporary credentials). */
  expiresAt: Date;
  /** Headers the request must carry for the signature to match. */
  headers: Record<string, string>;
}

/** Options of `presignPost`. */
export interface PresignPostOptions {
  /** Keys the form may upload: exact key, or a prefix with `keyPrefix`. */
  keyPrefix: string;
  /** Smallest and largest size the upload may have, in bytes. @defaultValue `[0, 5 GiB]` */
  contentLengthRange?: readonly [number, number] | undefined;
  /** Validity in seconds, clamped like {@link PresignOptions.expiresInSeconds}. @defaultValue 900 */
  expiresInSeconds?: number | undefined;
  /** Stops waiting for credentials. @defaultValue none */
  signal?: AbortSignal | undefined;
}

/** A V4 POST policy: the form fields to send with the file to `url`. */
export interface PresignedPost {
  /** The bucket URL to POST the form to. */
  url: string;
  /** Form fields (`policy`, `x-oss-signature`, ...); add `key` and then `file` last. */
  fields: Record<string, string>;
  /** When the policy stops working (possibly earlier than asked, with temporary credentials). */
  expiresAt: Date;
}
