import type { Segment } from './blob-store';

/** `Normal` (simple put or copy), `Multipart` (completed upload) or `Appendable`. */
export type OssObjectType = 'Normal' | 'Multipart' | 'Appendable';

/** Everything OSS keeps about an object besides its data. */
export interface ObjectAttributes {
  contentType: string;
  /** `cache-control`, `content-disposition`, `content-encoding`, `content-language`, `expires`. */
  standardHeaders: Record<string, string>;
  /** User metadata, names lower-cased without `x-oss-meta-`. */
  meta: Record<string, string>;
  /** Server-side encryption headers as sent (`x-oss-server-side-encryption`, ...). */
  encryption: Record<string, string>;
  storageClass: string;
  acl: string;
  tags: Array<[string, string]>;
}

/** A stored object. */
export interface StoredObject extends ObjectAttributes {
  readonly key: string;
  readonly type: OssObjectType;
  readonly size: number;
  /** Quoted, as sent in `ETag`. */
  readonly etag: string;
  /** base64 MD5 of the data, for Normal objects. */
  readonly contentMd5: string | undefined;
  readonly crc64: bigint;
  readonly lastModified: Date;
  readonly segments: Segment[];
  /** Until when an archived object is readable after RestoreObject. */
  restoredUntil?: Date | undefined;
}

/** One uploaded part of a multipart upload. */
export interface StoredPart {
  readonly partNumber: number;
  readonly size: number;
  readonly etag: string;
  readonly md5: Buffer;
  readonly crc64: bigint;
  readonly lastModified: Date;
  readonly segments: Segment[];
}

/** A multipart upload in progress. */
export interface MultipartUpload {
  readonly uploadId: string;
  readonly key: string;
  readonly initiated: Date;
  /** Attributes fixed at InitiateMultipartUpload. */
  readonly attributes: ObjectAttributes;
  readonly parts: Map<number, StoredPart>;
}

/** The objects and uploads of one bucket. */
export class BucketContents {
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, MultipartUpload>();
}

/** Compares keys in UTF-8 byte order, the order OSS lists them in. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
