import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Crc64 } from '@alikit/oss';

/** One immutable file of object data on disk, deleted once nothing refers to it. */
export interface Blob {
  readonly path: string;
  readonly size: number;
  /** Objects, parts and open reads that use the file. */
  refs: number;
}

/** A byte range of a blob; objects are lists of segments, so copies and completes move no data. */
export interface Segment {
  readonly blob: Blob;
  readonly start: number;
  readonly length: number;
}

/** What writing a body produced. */
export interface WrittenBody {
  readonly segments: Segment[];
  readonly size: number;
  /** Raw MD5 of the bytes. */
  readonly md5: Buffer;
  readonly crc64: bigint;
  /** Hex SHA-256 of the bytes, when asked for. */
  readonly sha256?: string | undefined;
}

/** Thrown by {@link BlobStore.write} when a body is longer than allowed. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * Object data in a temporary directory (created on first use, removed by `close`), so large
 * uploads never sit in memory: bodies stream to disk while MD5 and CRC-64 are computed, and reads
 * stream back from the files.
 */
export class BlobStore {
  #dir: Promise<string> | undefined;
  #counter = 0;
  #closed = false;
  readonly #blobs = new Set<Blob>();

  /** The temporary directory, once something was written. */
  directory: string | undefined;

  #directory(): Promise<string> {
    this.#dir ??= mkdtemp(join(tmpdir(), 'alikit-oss-emulator-')).then((dir) => {
      this.directory = dir;
      return dir;
    });
    return this.#dir;
  }

  /**
   * Writes a body to a new blob, computing its MD5 and CRC-64 on the way.
   * @throws BodyTooLargeError when more than `maxBytes` arrive (the partial file is removed).
   */
  async write(
    source: Readable | Uint8Array,
    maxBytes: number,
    options: { sha256?: boolean | undefined } = {},
  ): Promise<WrittenBody> {
    if (this.#closed) throw new Error('the OSS emulator is stopped');
    const md5 = createHash('md5');
    const sha = options.sha256 ? createHash('sha256') : undefined;
    const crc = new Crc64();
    const empty = () => ({ segments: [], size: 0, md5: md5.digest(), crc64: 0n, sha256: sha?.digest('hex') });
    if (!(source instanceof Readable) && source.byteLength === 0) return empty();
    const dir = await this.#directory();
    const path = join(dir, `blob-${++this.#counter}`);
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          callback(new BodyTooLargeError(`the body is longer than ${maxBytes} bytes`));
          return;
        }
        md5.update(chunk);
        sha?.update(chunk);
        crc.update(chunk);
        callback(null, chunk);
      },
    });
    const input = source instanceof Readable ? source : Readable.from([Buffer.from(source)]);
    try {
      await pipeline(input, meter, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    if (size === 0) {
      await rm(path, { force: true });
      return empty();
    }
    const blob: Blob = { path, size, refs: 0 };
    this.#blobs.add(blob);
    return {
      segments: [{ blob, start: 0, length: size }],
      size,
      md5: md5.digest(),
      crc64: crc.digest(),
      sha256: sha?.digest('hex'),
    };
  }

  /** Marks segments as used by one more holder. */
  retain(segments: readonly Segment[]): void {
    for (const s of segments) s.blob.refs++;
  }

  /** Drops one holder of each segment; blobs nobody holds are deleted. */
  release(segments: readonly Segment[]): void {
    for (const s of segments) {
      s.blob.refs--;
      if (s.blob.refs <= 0 && this.#blobs.delete(s.blob)) void rm(s.blob.path, { force: true });
    }
  }

  /**
   * Streams bytes `[start, end)` of the data the segments make up. The blobs stay alive until
   * the stream ends or is destroyed.
   */
  read(segments: readonly Segment[], start: number, end: number): Readable {
    const pieces = slice(segments, start, end);
    this.retain(pieces);
    const release = () => this.release(pieces);
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        for (const piece of pieces) {
          const stream = createReadStream(piece.blob.path, {
            start: piece.start,
            end: piece.start + piece.length - 1,
            highWaterMark: 256 * 1024,
          });
          for await (const chunk of stream) yield chunk as Buffer;
        }
      } finally {
        release();
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** Reads bytes `[start, end)` into memory (small objects and tests only). */
  async readBytes(segments: readonly Segment[], start: number, end: number): Promise<Buffer> {
    const out = Buffer.alloc(end - start);
    let offset = 0;
    for (const piece of slice(segments, start, end)) {
      const handle = await open(piece.blob.path, 'r');
      try {
        await handle.read(out, offset, piece.length, piece.start);
      } finally {
        await handle.close();
      }
      offset += piece.length;
    }
    return out;
  }

  /** MD5 and CRC-64 of bytes `[start, end)`, read from disk. */
  async digest(segments: readonly Segment[], start: number, end: number): Promise<{ md5: Buffer; crc64: bigint }> {
    const md5 = createHash('md5');
    const crc = new Crc64();
    for await (const chunk of this.read(segments, start, end)) {
      md5.update(chunk as Buffer);
      crc.update(chunk as Buffer);
    }
    return { md5: md5.digest(), crc64: crc.digest() };
  }

  /** Deletes every file and the directory; later writes fail. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#blobs.clear();
    const dir = this.#dir ? await this.#dir.catch(() => undefined) : undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** The segments covering bytes `[start, end)` of the data `segments` make up. */
export function slice(segments: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let offset = 0;
  for (const s of segments) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + s.length);
    if (from < to) out.push({ blob: s.blob, start: s.start + (from - offset), length: to - from });
    offset += s.length;
    if (offset >= end) break;
  }
  return out;
}
