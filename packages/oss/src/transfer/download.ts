import { open, rename, rm, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { createSdkError, sdkErrorCodes } from '@alikit/core';
import { Crc64, crc64Combine } from '../crc64';
import { checksumError } from '../errors';
import type { ObjectProperties } from '../types';
import { checkObjectKey } from '../validate';
import { type CheckpointStore, CheckpointWriter, fileCheckpointStore } from './checkpoint';
import { checkTransferOptions, type TransferOptions } from './upload';

/** Options of `downloadFile`. */
export interface DownloadFileOptions extends TransferOptions {
  /**
   * Where progress is kept so an interrupted download resumes; `false` for none.
   * @defaultValue a {@link fileCheckpointStore} in the OS temp folder
   */
  checkpoint?: CheckpointStore | false | undefined;
}

interface DownloadCheckpoint {
  version: 1;
  kind: 'download';
  etag: string;
  size: number;
  partSize: number;
  /** Finished ranges: index → CRC-64 (decimal). */
  done: Record<string, string>;
}

/** What the download needs from the bucket client. */
export interface RangeReader {
  head(key: string, signal: AbortSignal | undefined): Promise<ObjectProperties>;
  getRange(
    key: string,
    start: number,
    end: number,
    etag: string,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ): Promise<Uint8Array>;
}

const DEFAULT_DOWNLOAD_PART = 8 * 1024 * 1024;

/**
 * Downloads an object with parallel ranged GETs (each pinned to the object's ETag with
 * `If-Match`) into `<path>.download`, renamed to `path` once the whole object's CRC-64 matches.
 */
export async function downloadFile(
  reader: RangeReader,
  bucket: string,
  key: string,
  path: string,
  options: DownloadFileOptions,
): Promise<ObjectProperties> {
  checkObjectKey(key);
  if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
  const { partSize: requested, concurrency } = checkTransferOptions(options);
  const signal = options.signal;
  const file = resolvePath(path);
  const temp = `${file}.download`;
  const props = await reader.head(key, signal);
  const size = props.contentLength;
  const partSize = requested ?? Math.max(DEFAULT_DOWNLOAD_PART, Math.ceil(size / 10_000));
  const store = options.checkpoint === false ? undefined : (options.checkpoint ?? fileCheckpointStore());
  const writer = new CheckpointWriter(store, `download\n${bucket}\n${key}\n${file}`);
  const saved = (await writer.load()) as Partial<DownloadCheckpoint> | undefined;
  let done: Record<string, string> = {};
  const tempExists = await stat(temp).then(
    (s) => s.size === size,
    () => false,
  );
  if (
    saved?.kind === 'download' &&
    saved.etag === props.etag &&
    saved.size === size &&
    saved.partSize === partSize &&
    tempExists
  ) {
    done = { ...(saved.done ?? {}) };
  }
  const parts = Math.max(1, Math.ceil(size / partSize));
  const handle = await open(temp, tempExists ? 'r+' : 'w');
  try {
    if (!tempExists) await handle.truncate(size);
    let loaded = Object.keys(done).reduce((n, i) => n + Math.min(partSize, size - Number(i) * partSize), 0);
    options.onProgress?.({ loadedBytes: loaded, totalBytes: size });
    const snapshot = (): DownloadCheckpoint => ({
      version: 1,
      kind: 'download',
      etag: props.etag,
      size,
      partSize,
      done: { ...done },
    });
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let next = 0;
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      while (!failure && size > 0) {
        while (next < parts && done[String(next)] !== undefined) next++;
        if (next >= parts) return;
        const index = next++;
        const start = index * partSize;
        const end = Math.min(size, start + partSize) - 1;
        try {
          const data = await reader.getRange(key, start, end, props.etag, controller.signal, options.timeoutMs);
          if (data.byteLength !== end - start + 1) {
            throw createSdkError(sdkErrorCodes.ERR_CHECKSUM, {
              service: 'oss',
              operation: 'GetObject',
              reason: `range ${start}-${end} returned ${data.byteLength} bytes`,
            });
          }
          await handle.write(data, 0, data.byteLength, start);
          done[String(index)] = new Crc64().update(data).digest().toString();
          loaded += data.byteLength;
          await writer.save(snapshot());
          options.onProgress?.({ loadedBytes: loaded, totalBytes: size });
        } catch (error) {
          failure ??= { error };
          controller.abort(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, parts) }, lane));
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) throw signal.reason;
    if (failure) throw failure.error;
  } finally {
    await handle.close();
  }
  let crc = 0n;
  for (let i = 0; i < parts && size > 0; i++) {
    crc = crc64Combine(crc, BigInt(done[String(i)] as string), Math.min(partSize, size - i * partSize));
  }
  if (props.crc64 !== undefined && crc !== props.crc64) {
    await rm(temp, { force: true });
    await writer.delete();
    throw checksumError('GetObject', props.crc64, crc, props.requestId);
  }
  await rename(temp, file);
  await writer.delete();
  return props;
}
