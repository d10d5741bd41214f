import { createHash } from 'node:crypto';
import type { RequestContext } from '../shared/request-context';
import { type BlobStore, BodyTooLargeError, type WrittenBody } from './blob-store';
import { ossError } from './errors';
import type { BucketContents, StoredObject } from './object-store';

/** What an operation handler works with: the request, its bucket's contents and the blob store. */
export interface OssCall {
  readonly ctx: RequestContext;
  readonly bucket: string;
  /** The object key; `''` for bucket-level operations. */
  readonly key: string;
  readonly contents: BucketContents;
  readonly blobs: BlobStore;
  /** The emulator clock at the start of the request. */
  readonly now: Date;
  /** The contents of another bucket (copy sources). @throws ServiceError NoSuchBucket */
  contentsOf(bucket: string): BucketContents;
  /** `http://<bucket>.<endpoint>/<key>`, as CompleteMultipartUpload reports it. */
  readonly location: string;
}

/** XML response with the OSS content type. */
export function xmlResponse(body: string, headers: Record<string, string> = {}) {
  return { status: 200, headers: { 'content-type': 'application/xml', ...headers }, body };
}

/**
 * Writes the request body to disk (streamed when the route asked for it), enforcing a size limit
 * and checking `Content-MD5`.
 * @throws ServiceError EntityTooLarge, InvalidDigest.
 */
export async function receiveBody(call: OssCall, maxBytes: number): Promise<WrittenBody> {
  const { ctx, blobs } = call;
  const declared = ctx.header('content-length');
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw ossError('EntityTooLarge', {
      fields: [
        ['MaxSizeAllowed', String(maxBytes)],
        ['ProposedSize', declared.trim()],
      ],
    });
  }
  // A V4 request may sign the payload hash instead of UNSIGNED-PAYLOAD; a streamed body is checked after it arrived.
  const declaredSha256 = ctx.header('x-oss-content-sha256')?.trim().toLowerCase();
  const checkSha256 = declaredSha256 !== undefined && declaredSha256 !== 'unsigned-payload';
  let written: WrittenBody;
  try {
    written = await blobs.write(ctx.bodyStream ?? ctx.received.body ?? new Uint8Array(0), maxBytes, {
      sha256: checkSha256,
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw ossError('EntityTooLarge', { fields: [['MaxSizeAllowed', String(maxBytes)]] });
    }
    throw error;
  }
  if (checkSha256 && written.sha256 !== declaredSha256) {
    discard(blobs, written);
    throw ossError('InvalidArgument', {
      message: 'The x-oss-content-sha256 you specified did not match what we received.',
      fields: [
        ['ArgumentName', 'x-oss-content-sha256'],
        ['ArgumentValue', declaredSha256 ?? ''],
      ],
    });
  }
  const md5 = ctx.header('content-md5')?.trim();
  if (md5 !== undefined && md5 !== written.md5.toString('base64')) {
    discard(blobs, written);
    throw ossError('InvalidDigest', {
      fields: [
        ['ExpectedContentMD5', md5],
        ['CalculatedContentMD5', written.md5.toString('base64')],
      ],
    });
  }
  return written;
}

/** Deletes the files of a body nothing will keep. */
export function discard(blobs: BlobStore, written: WrittenBody): void {
  blobs.retain(written.segments);
  blobs.release(written.segments);
}

/** Stores an object under its key, releasing the data of the object it replaces. */
export function storeObject(call: OssCall, object: StoredObject): void {
  const old = call.contents.objects.get(object.key);
  call.blobs.retain(object.segments);
  call.contents.objects.set(object.key, object);
  if (old) call.blobs.release(old.segments);
}

/** Removes an object and releases its data; `false` when there was none. */
export function removeObject(call: Pick<OssCall, 'contents' | 'blobs'>, key: string): boolean {
  const old = call.contents.objects.get(key);
  if (!old) return false;
  call.contents.objects.delete(key);
  call.blobs.release(old.segments);
  return true;
}

/** FileAlreadyExists when `x-oss-forbid-overwrite: true` and the key is taken. */
export function checkForbidOverwrite(call: OssCall, key: string): void {
  if (call.ctx.header('x-oss-forbid-overwrite')?.trim().toLowerCase() === 'true' && call.contents.objects.has(key)) {
    throw ossError('FileAlreadyExists');
  }
}

/** An opaque quoted ETag for data whose MD5 is not known (appendable objects). */
export function opaqueEtag(crc: bigint, size: number): string {
  return `"${createHash('md5').update(`${crc}:${size}`).digest('hex').toUpperCase()}"`;
}
