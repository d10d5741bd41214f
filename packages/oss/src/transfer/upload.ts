import { open, stat } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { Readable } from 'node:stream';
import { SdkError } from '@alikit/core';
import { crc64Combine } from '../crc64';
import { crc64Offloaded } from '../crc64-worker';
import { checksumError } from '../errors';
import { writeHeaders } from '../headers';
import type { OssRuntime } from '../runtime';
import type { PutObjectResult, WriteObjectOptions } from '../types';
import { checkObjectKey, checkSignal } from '../validate';
import { type CheckpointStore, CheckpointWriter, fileCheckpointStore } from './checkpoint';
import { MultipartApi, type PartRecord } from './multipart';

/** Progress of a transfer, in bytes. */
export interface TransferProgress {
  /** Bytes confirmed by OSS (uploads) or written to disk (downloads) so far, resumed bytes included. */
  loadedBytes: number;
  /** Total bytes, when known (unknown for a stream of unknown length). */
  totalBytes: number | undefined;
}

/** Settings shared by multipart transfers. */
export interface TransferOptions {
  /** Part size in bytes; raised automatically so no transfer needs more than 10,000 parts. @defaultValue 8 MiB */
  partSize?: number | undefined;
  /** Parts in flight at once. @defaultValue 4 */
  concurrency?: number | undefined;
  /** Called after every finished part (and once at the start with resumed bytes). @defaultValue none */
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  /** Cancels the transfer: in-flight parts are cancelled and the call rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit for each part request attempt, in ms. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** Options of `uploadFile`. */
export interface UploadFileOptions extends TransferOptions, Omit<WriteObjectOptions, 'signal' | 'timeoutMs'> {
  /**
   * Where progress is kept so an interrupted upload resumes (after a crash, too): a
   * {@link CheckpointStore}, or `false` for none. On resume the saved parts are reconciled with
   * ListParts and only missing parts are sent.
   * @defaultValue a {@link fileCheckpointStore} in the OS temp folder
   */
  checkpoint?: CheckpointStore | false | undefined;
  /**
   * On abort (and on failure without a checkpoint store) the multipart upload is aborted so no
   * parts are left behind; `true` keeps the parts (and the checkpoint) to resume later.
   * @defaultValue false
   */
  keepParts?: boolean | undefined;
}

/** Options of `uploadStream`. */
export interface UploadStreamOptions extends TransferOptions, Omit<WriteObjectOptions, 'signal' | 'timeoutMs'> {
  /** Expected size, to pick the part size up front. @defaultValue unknown: `partSize` is used as is */
  sizeHint?: number | undefined;
  /** Keep the uploaded parts when aborted or failed instead of aborting the upload. @defaultValue false */
  keepParts?: boolean | undefined;
}

/** What an upload returned. */
export interface UploadResult extends PutObjectResult {
  /** Bytes uploaded in all. */
  size: number;
  /** Parts the object was uploaded in (0 for a single PutObject). */
  parts: number;
}

export const MIN_PART_SIZE = 100 * 1024;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const DEFAULT_CONCURRENCY = 4;

/** Checks the shared transfer options. @throws TypeError/RangeError */
export function checkTransferOptions(options: TransferOptions): { partSize: number | undefined; concurrency: number } {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  checkSignal(options.signal);
  const { partSize } = options;
  if (
    partSize !== undefined &&
    (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE)
  ) {
    throw new RangeError(
      `partSize must be a whole number of bytes from 102400 (100 KiB) to 5 GiB, got ${String(partSize)}`,
    );
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new RangeError(`concurrency must be a whole number from 1 to 100, got ${String(options.concurrency)}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new TypeError('onProgress must be a function');
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0))
    throw new RangeError('timeoutMs must be a positive number');
  return { partSize, concurrency };
}

/** The part size for `size` bytes: the requested one, raised so there are at most 10,000 parts. */
export function choosePartSize(size: number, requested: number | undefined): number {
  const minimum = Math.ceil(size / MAX_PARTS);
  const chosen = Math.max(requested ?? DEFAULT_PART_SIZE, minimum, MIN_PART_SIZE);
  if (chosen > MAX_PART_SIZE) throw new RangeError(`${size} bytes is more than OSS allows in one object`);
  return chosen;
}

/** Runs `worker` on items from `next()` with at most `limit` at once; stops handing out work after the first failure. */
async function pool<T>(
  limit: number,
  next: () => Promise<T | undefined>,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure) {
      let item: T | undefined;
      try {
        item = await next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (item === undefined) return;
      try {
        await worker(item);
      } catch (error) {
        failure ??= { error };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  if (failure) throw failure.error;
}

interface FileCheckpoint {
  version: 1;
  kind: 'upload';
  bucket: string;
  key: string;
  file: string;
  size: number;
  mtimeMs: number;
  partSize: number;
  uploadId: string;
  parts: PartRecord[];
}

function isFileCheckpoint(value: unknown): value is FileCheckpoint {
  const v = value as Partial<FileCheckpoint> | undefined;
  return !!v && v.version === 1 && v.kind === 'upload' && typeof v.uploadId === 'string' && Array.isArray(v.parts);
}

/** A part about to be sent. */
interface PartJob {
  partNumber: number;
  data: Uint8Array;
}

/**
 * The state and rules shared by file and stream uploads: sending parts with CRC checks, progress,
 * abort, and completing only when every part succeeded.
 */
class PartUploader {
  readonly parts = new Map<number, PartRecord>();
  loaded = 0;
  readonly #api: MultipartApi;
  readonly #key: string;
  readonly #uploadId: string;
  readonly #options: TransferOptions;
  readonly #total: number | undefined;
  readonly #controller = new AbortController();
  readonly #onPart: () => Promise<void>;

  constructor(
    api: MultipartApi,
    key: string,
    uploadId: string,
    options: TransferOptions,
    total: number | undefined,
    onPart: () => Promise<void>,
  ) {
    this.#api = api;
    this.#key = key;
    this.#uploadId = uploadId;
    this.#options = options;
    this.#total = total;
    this.#onPart = onPart;
    const user = options.signal;
    if (user) {
      if (user.aborted) this.#controller.abort(user.reason);
      else user.addEventListener('abort', () => this.#controller.abort(user.reason), { once: true });
    }
  }

  /** Aborts in-flight parts (after a failure elsewhere). */
  cancel(reason: unknown): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  progress(): void {
    this.#options.onProgress?.({ loadedBytes: this.loaded, totalBytes: this.#total });
  }

  async send(job: PartJob): Promise<void> {
    // The part's CRC is computed on a worker thread while the part is being sent.
    const crcPromise = crc64Offloaded(job.data);
    // A part whose CRC comes back wrong was corrupted on the way: send it again (twice at most).
    for (let attempt = 1; ; attempt++) {
      const res = await this.#api.uploadPart(
        this.#key,
        this.#uploadId,
        job.partNumber,
        job.data,
        this.signal,
        this.#options.timeoutMs,
      );
      const crc = await crcPromise;
      if (res.crc64 !== undefined && res.crc64 !== crc) {
        if (attempt < 3) continue;
        throw checksumError('UploadPart', res.crc64, crc, res.requestId);
      }
      this.parts.set(job.partNumber, {
        partNumber: job.partNumber,
        etag: res.etag,
        size: job.data.byteLength,
        crc64: crc.toString(),
      });
      this.loaded += job.data.byteLength;
      await this.#onPart();
      this.progress();
      return;
    }
  }

  /** The whole object's CRC from the part CRCs, in part order. */
  combinedCrc(): bigint {
    let crc = 0n;
    for (const part of [...this.parts.values()].sort((a, b) => a.partNumber - b.partNumber)) {
      crc = crc64Combine(crc, BigInt(part.crc64), part.size);
    }
    return crc;
  }

  async complete(): Promise<PutObjectResult> {
    const sorted = [...this.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
    sorted.forEach((p, i) => {
      if (p.partNumber !== i + 1) throw new Error(`internal: part ${i + 1} is missing`);
    });
    const res = await this.#api.complete(this.#key, this.#uploadId, sorted, this.#options.signal);
    const expected = this.combinedCrc();
    if (res.crc64 !== undefined && res.crc64 !== expected) {
      throw checksumError('CompleteMultipartUpload', res.crc64, expected, res.requestId);
    }
    return { etag: res.etag, crc64: res.crc64 ?? expected, versionId: res.versionId, requestId: res.requestId };
  }
}

/**
 * Reusable part buffers in shared memory: a finished part's buffer serves the next one (so memory
 * stays at `concurrency` parts instead of growing until the next GC), and the CRC worker reads it
 * without a copy.
 */
class BufferPool {
  readonly #free: Buffer[] = [];
  readonly #size: number;

  constructor(size: number) {
    this.#size = size;
  }

  acquire(): Buffer {
    return this.#free.pop() ?? Buffer.from(new SharedArrayBuffer(this.#size));
  }

  release(buffer: Uint8Array): void {
    const whole = Buffer.from(buffer.buffer, 0, this.#size);
    if (buffer.buffer.byteLength === this.#size && this.#free.length < 64) this.#free.push(whole);
  }
}

async function readExactly(
  handle: import('node:fs/promises').FileHandle,
  position: number,
  length: number,
  into?: Buffer,
): Promise<Uint8Array> {
  const buffer = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`the file ended early (changed while uploading?) at byte ${position + done}`);
    done += bytesRead;
  }
  return buffer;
}

/**
 * Uploads a file with multipart (or one PutObject when it fits in one part). Never holds more
 * than `concurrency` parts in memory.
 */
export async function uploadFile(
  runtime: OssRuntime,
  bucket: string,
  putSmall: (key: string, body: Uint8Array, options: WriteObjectOptions) => Promise<PutObjectResult>,
  key: string,
  path: string,
  options: UploadFileOptions,
): Promise<UploadResult> {
  checkObjectKey(key);
  if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
  const { partSize: requested, concurrency } = checkTransferOptions(options);
  const headers = writeHeaders(options);
  if (options.checkpoint !== undefined && options.checkpoint !== false) {
    const cp = options.checkpoint as Partial<CheckpointStore>;
    if (typeof cp.load !== 'function' || typeof cp.save !== 'function' || typeof cp.delete !== 'function') {
      throw new TypeError('checkpoint must be a CheckpointStore ({ load, save, delete }) or false');
    }
  }
  const file = resolvePath(path);
  const info = await stat(file);
  if (!info.isFile()) throw new TypeError(`${path} is not a file`);
  const size = info.size;
  const partSize = choosePartSize(size, requested);
  const signal = options.signal;
  if (signal?.aborted) throw signal.reason;

  if (size <= partSize) {
    // One part's worth (at most partSize bytes) is read whole, so the put can be retried.
    const handle = await open(file, 'r');
    let data: Uint8Array;
    try {
      data = await readExactly(handle, 0, size);
    } finally {
      await handle.close();
    }
    const result = await putSmall(key, data, { ...options, signal, timeoutMs: options.timeoutMs });
    options.onProgress?.({ loadedBytes: size, totalBytes: size });
    return { ...result, size, parts: 0 };
  }

  const api = new MultipartApi(runtime, bucket);
  const store = options.checkpoint === false ? undefined : (options.checkpoint ?? fileCheckpointStore());
  const writer = new CheckpointWriter(store, `upload\n${bucket}\n${key}\n${file}`);
  let uploadId: string | undefined;
  let resumed: PartRecord[] = [];
  const saved = await writer.load();
  if (
    isFileCheckpoint(saved) &&
    saved.bucket === bucket &&
    saved.key === key &&
    saved.size === size &&
    saved.mtimeMs === info.mtimeMs &&
    saved.partSize === partSize
  ) {
    try {
      const listed = new Map((await api.listParts(key, saved.uploadId, signal)).map((p) => [p.partNumber, p]));
      uploadId = saved.uploadId;
      // Trust a part only when OSS holds it with the ETag and size we recorded.
      resumed = saved.parts.filter((p) => {
        const l = listed.get(p.partNumber);
        return l !== undefined && l.etag.toUpperCase() === p.etag.toUpperCase() && l.size === p.size;
      });
    } catch (error) {
      if (!(error instanceof SdkError && error.code === 'NoSuchUpload')) throw error;
    }
  }
  uploadId ??= await api.initiate(key, headers, signal);
  const partCount = Math.ceil(size / partSize);
  const snapshot = (): FileCheckpoint => ({
    version: 1,
    kind: 'upload',
    bucket,
    key,
    file,
    size,
    mtimeMs: info.mtimeMs,
    partSize,
    uploadId: uploadId as string,
    parts: [...uploader.parts.values()],
  });
  const uploader: PartUploader = new PartUploader(api, key, uploadId, options, size, () => writer.save(snapshot()));
  for (const part of resumed) {
    uploader.parts.set(part.partNumber, part);
    uploader.loaded += part.size;
  }
  await writer.save(snapshot());
  uploader.progress();

  const handle = await open(file, 'r');
  const buffers = new BufferPool(partSize);
  let nextPart = 1;
  try {
    await pool(
      concurrency,
      async () => {
        while (nextPart <= partCount && uploader.parts.has(nextPart)) nextPart++;
        if (nextPart > partCount) return undefined;
        const partNumber = nextPart++;
        const start = (partNumber - 1) * partSize;
        const data = await readExactly(handle, start, Math.min(partSize, size - start), buffers.acquire());
        return { partNumber, data };
      },
      async (job) => {
        try {
          await uploader.send(job);
        } catch (error) {
          uploader.cancel(error);
          throw error;
        }
        // Sent and answered: nothing holds the bytes any more.
        buffers.release(job.data);
      },
    );
  } catch (error) {
    await handle.close();
    if (signal?.aborted) {
      if (!options.keepParts) {
        await api.abort(key, uploadId).catch(() => undefined);
        await writer.delete().catch(() => undefined);
      }
      throw signal.reason;
    }
    if (!writer.enabled && !options.keepParts) await api.abort(key, uploadId).catch(() => undefined);
    throw error;
  }
  await handle.close();
  const result = await uploader.complete();
  await writer.delete();
  return { ...result, size, parts: partCount };
}

/**
 * Uploads a stream of unknown length with multipart, reading one part at a time and keeping at
 * most `concurrency` parts in memory. A stream that fits in one part is sent with PutObject.
 */
export async function uploadStream(
  runtime: OssRuntime,
  bucket: string,
  putSmall: (key: string, body: Uint8Array, options: WriteObjectOptions) => Promise<PutObjectResult>,
  key: string,
  body: Readable | ReadableStream<Uint8Array>,
  options: UploadStreamOptions,
): Promise<UploadResult> {
  checkObjectKey(key);
  const { partSize: requested, concurrency } = checkTransferOptions(options);
  const headers = writeHeaders(options);
  let source: Readable;
  if (body instanceof Readable) source = body;
  else if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  } else throw new TypeError('body must be a Node Readable or a web ReadableStream');
  const hint = options.sizeHint;
  if (hint !== undefined && (!Number.isSafeInteger(hint) || hint < 0))
    throw new RangeError('sizeHint must be a whole number >= 0');
  const partSize = hint !== undefined ? choosePartSize(hint, requested) : (requested ?? DEFAULT_PART_SIZE);
  const signal = options.signal;
  if (signal?.aborted) throw signal.reason;

  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | Uint8Array | string>;
  let pending: Buffer | undefined;
  let ended = false;
  /** Reads the next part (exactly partSize bytes unless the stream ends). */
  const readPart = async (): Promise<Uint8Array | undefined> => {
    if (ended && !pending) return undefined;
    const buffer = Buffer.allocUnsafe(partSize);
    let filled = 0;
    while (filled < partSize) {
      if (!pending) {
        if (ended) break;
        const step = await iterator.next();
        if (step.done) {
          ended = true;
          break;
        }
        const value = step.value as Buffer | Uint8Array | string;
        pending =
          typeof value === 'string'
            ? Buffer.from(value)
            : Buffer.isBuffer(value)
              ? value
              : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        if (pending.length === 0) {
          pending = undefined;
          continue;
        }
      }
      const take = Math.min(partSize - filled, pending.length);
      pending.copy(buffer, filled, 0, take);
      filled += take;
      pending = take === pending.length ? undefined : pending.subarray(take);
    }
    return filled === 0 ? undefined : buffer.subarray(0, filled);
  };

  const first = await readPart();
  if (first === undefined || (first.byteLength < partSize && ended && !pending)) {
    const data = first ?? new Uint8Array(0);
    const result = await putSmall(key, data, { ...options, signal });
    options.onProgress?.({ loadedBytes: data.byteLength, totalBytes: data.byteLength });
    return { ...result, size: data.byteLength, parts: 0 };
  }

  const api = new MultipartApi(runtime, bucket);
  const uploadId = await api.initiate(key, headers, signal);
  const uploader = new PartUploader(api, key, uploadId, options, hint, async () => undefined);
  let partNumber = 0;
  let firstPart: Uint8Array | undefined = first;
  let total = 0;
  // Lanes ask for parts concurrently; reading the stream must happen one part at a time.
  let reading: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = reading.then(task);
    reading = run.catch(() => undefined);
    return run;
  };
  try {
    await pool(
      concurrency,
      () =>
        serial(async () => {
          const data = firstPart ?? (await readPart());
          firstPart = undefined;
          if (data === undefined) return undefined;
          partNumber++;
          if (partNumber > MAX_PARTS)
            throw new RangeError(
              `the stream needs more than 10,000 parts of ${partSize} bytes; set a larger partSize or sizeHint`,
            );
          total += data.byteLength;
          return { partNumber, data };
        }),
      async (job) => {
        try {
          await uploader.send(job);
        } catch (error) {
          uploader.cancel(error);
          throw error;
        }
      },
    );
  } catch (error) {
    source.destroy();
    if (!options.keepParts) await api.abort(key, uploadId).catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
  const result = await uploader.complete();
  return { ...result, size: total, parts: partNumber };
}
