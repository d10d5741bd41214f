import { checksumError } from '../errors';
import { writeHeaders } from '../headers';
import type { OssRuntime } from '../runtime';
import type { CopyObjectResult, ObjectProperties, WriteObjectOptions } from '../types';
import { checkBucketName, checkObjectKey } from '../validate';
import { MultipartApi, type PartRecord } from './multipart';
import { checkTransferOptions, choosePartSize, type TransferOptions } from './upload';

/** Options of `copyLarge`. */
export interface CopyLargeOptions extends TransferOptions, Omit<WriteObjectOptions, 'signal' | 'timeoutMs'> {
  /** The source bucket. @defaultValue this bucket */
  sourceBucket?: string | undefined;
  /**
   * Objects up to this size are copied with one CopyObject; larger ones with UploadPartCopy.
   * @defaultValue 1 GiB (the CopyObject limit)
   */
  multipartThreshold?: number | undefined;
}

const ONE_GIB = 1024 ** 3;

/**
 * Copies an object of any size: CopyObject up to the threshold, else a multipart upload whose
 * parts are UploadPartCopy ranges of the source (pinned to its ETag). The result's CRC-64 must
 * equal the source's.
 */
export async function copyLarge(
  runtime: OssRuntime,
  bucket: string,
  ops: {
    headSource: (bucket: string, key: string, signal: AbortSignal | undefined) => Promise<ObjectProperties>;
    copySmall: (sourceKey: string, targetKey: string, options: CopyLargeOptions) => Promise<CopyObjectResult>;
  },
  sourceKey: string,
  targetKey: string,
  options: CopyLargeOptions,
): Promise<CopyObjectResult> {
  checkObjectKey(sourceKey, 'sourceKey');
  checkObjectKey(targetKey, 'targetKey');
  const { partSize: requested, concurrency } = checkTransferOptions(options);
  const sourceBucket = options.sourceBucket ?? bucket;
  checkBucketName(sourceBucket);
  const threshold = options.multipartThreshold ?? ONE_GIB;
  if (!Number.isSafeInteger(threshold) || threshold < 0 || threshold > 5 * ONE_GIB) {
    throw new RangeError('multipartThreshold must be a whole number of bytes from 0 to 5 GiB');
  }
  const headers = writeHeaders(options);
  const signal = options.signal;
  const source = await ops.headSource(sourceBucket, sourceKey, signal);
  const size = source.contentLength;
  if (size <= threshold) return ops.copySmall(sourceKey, targetKey, options);

  const partSize = choosePartSize(size, requested);
  const api = new MultipartApi(runtime, bucket);
  if (!headers['Content-Type'] && source.contentType) headers['Content-Type'] = source.contentType;
  if (options.metadata === undefined) {
    for (const [name, value] of Object.entries(source.metadata)) headers[`x-oss-meta-${name}`] = value;
  }
  const uploadId = await api.initiate(targetKey, headers, signal);
  const parts: PartRecord[] = [];
  const count = Math.ceil(size / partSize);
  let next = 1;
  let loaded = 0;
  let failure: { error: unknown } | undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const lane = async () => {
    while (!failure && next <= count) {
      const partNumber = next++;
      const start = (partNumber - 1) * partSize;
      const end = Math.min(size, start + partSize) - 1;
      try {
        const res = await api.uploadPartCopy(
          targetKey,
          uploadId,
          partNumber,
          { bucket: sourceBucket, key: sourceKey, start, end, ifMatch: source.etag },
          controller.signal,
        );
        parts.push({ partNumber, etag: res.etag, size: end - start + 1, crc64: '' });
        loaded += end - start + 1;
        options.onProgress?.({ loadedBytes: loaded, totalBytes: size });
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  signal?.removeEventListener('abort', onAbort);
  if (failure || signal?.aborted) {
    await api.abort(targetKey, uploadId).catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    throw (failure as { error: unknown }).error;
  }
  const done = await api.complete(targetKey, uploadId, parts, signal);
  if (done.crc64 !== undefined && source.crc64 !== undefined && done.crc64 !== source.crc64) {
    throw checksumError('CompleteMultipartUpload', done.crc64, source.crc64, done.requestId);
  }
  return {
    etag: done.etag,
    lastModified: undefined,
    crc64: done.crc64,
    versionId: done.versionId,
    requestId: done.requestId,
  };
}
