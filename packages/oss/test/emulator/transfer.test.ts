import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isSdkError } from '@alikit/core';
import { type CheckpointStore, crc64, fileCheckpointStore, type OssBucketClient } from '@alikit/oss';
import OSS from 'ali-oss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OssFixture, randomBytes, startOss } from './helpers';

const KIB = 1024;
const PART = 100 * KIB;
let fx: OssFixture;
let bucket: OssBucketClient;
let dir: string;

beforeAll(async () => {
  fx = await startOss({ retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 } });
  bucket = fx.oss.getBucketClient(fx.bucketName);
  dir = await mkdtemp(join(tmpdir(), 'alikit-oss-transfer-'));
});
afterAll(async () => {
  await fx.emu.stop();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => fx.emu.faults.clear());

async function writeData(name: string, size: number, seed: number): Promise<{ path: string; data: Uint8Array }> {
  const data = randomBytes(size, seed);
  const path = join(dir, name);
  await writeFile(path, data);
  return { path, data };
}

function uploadsOf(key: string) {
  return fx.emu.oss.multipartUploads(fx.bucketName).filter((u) => u.key === key);
}

/** Counts requests of one operation at the emulator (a 1 ms delay rule that then serves them normally). */
function countRequests(operation: string) {
  return fx.emu.faults.inject('oss', { delayMs: 1, match: { operation } });
}

describe('uploadFile', () => {
  it('uploads in parts with byte-accurate progress and the right CRC-64', async () => {
    const size = 10 * PART + 12_345;
    const { path, data } = await writeData('multi.bin', size, 3);
    const seen: number[] = [];
    const parts = countRequests('UploadPart');
    const result = await bucket.uploadFile('multi.bin', path, {
      partSize: PART,
      concurrency: 3,
      checkpoint: false,
      contentType: 'application/x-test',
      metadata: { origin: 'test' },
      onProgress: (p) => {
        expect(p.totalBytes).toBe(size);
        seen.push(p.loadedBytes);
      },
    });
    expect(result.parts).toBe(11);
    expect(parts.hits).toBe(11);
    expect(result.crc64).toBe(crc64(data));
    expect(seen.at(-1)).toBe(size);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const head = await bucket.headObject('multi.bin');
    expect(head.objectType).toBe('Multipart');
    expect(head.contentType).toBe('application/x-test');
    expect(head.metadata).toEqual({ origin: 'test' });
    expect(
      Buffer.from((await fx.emu.oss.getObjectBytes(fx.bucketName, 'multi.bin')) as Uint8Array).equals(
        Buffer.from(data),
      ),
    ).toBe(true);
  });

  it('sends a file that fits one part with a single PutObject', async () => {
    const { path, data } = await writeData('small.bin', 5000, 4);
    const result = await bucket.uploadFile('small.bin', path, { checkpoint: false });
    expect(result.parts).toBe(0);
    expect(result.crc64).toBe(crc64(data));
  });

  it('finishes with the right CRC-64 despite 503s on 20% of parts and a reset mid-part', async () => {
    const { path, data } = await writeData('faulty.bin', 12 * PART, 5);
    const unavailable = fx.emu.faults.inject('oss', {
      status: 503,
      probability: 0.2,
      match: { operation: 'UploadPart' },
    });
    const reset = fx.emu.faults.inject('oss', { resetConnection: true, times: 1, match: { operation: 'UploadPart' } });
    const result = await bucket.uploadFile('faulty.bin', path, { partSize: PART, concurrency: 4, checkpoint: false });
    expect(reset.hits).toBe(1);
    expect(unavailable.hits).toBeGreaterThanOrEqual(0);
    expect(result.crc64).toBe(crc64(data));
    expect((await bucket.headObject('faulty.bin')).crc64).toBe(crc64(data));
    expect(uploadsOf('faulty.bin')).toEqual([]);
  });

  it('aborting cancels in-flight parts, aborts the upload and rejects with the signal reason', async () => {
    const { path } = await writeData('abort.bin', 20 * PART, 6);
    fx.emu.faults.inject('oss', { delayMs: 50, match: { operation: 'UploadPart' } });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    let progressCalls = 0;
    const upload = bucket.uploadFile('abort.bin', path, {
      partSize: PART,
      concurrency: 2,
      checkpoint: false,
      signal: controller.signal,
      onProgress: (p) => {
        progressCalls++;
        if (p.loadedBytes >= 2 * PART) controller.abort(reason);
      },
    });
    await expect(upload).rejects.toBe(reason);
    expect(progressCalls).toBeGreaterThan(0);
    expect(uploadsOf('abort.bin')).toEqual([]);
    expect(await bucket.objectExists('abort.bin')).toBe(false);
  });

  it('keeps the parts when asked to', async () => {
    const { path } = await writeData('keep.bin', 6 * PART, 7);
    const controller = new AbortController();
    const upload = bucket.uploadFile('keep.bin', path, {
      partSize: PART,
      concurrency: 1,
      checkpoint: false,
      keepParts: true,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.loadedBytes >= 2 * PART) controller.abort(new Error('stop'));
      },
    });
    await expect(upload).rejects.toThrow('stop');
    const [kept] = uploadsOf('keep.bin');
    expect(kept?.parts.length).toBeGreaterThanOrEqual(2);
  });

  it('never completes after a failed part, and resumes from the checkpoint without re-sending parts', async () => {
    const { path, data } = await writeData('resume.bin', 8 * PART, 8);
    const store = fileCheckpointStore(join(dir, 'checkpoints'));
    let sent = 0;
    // The first matching rule wins: 3 part requests pass, then every one fails with a non-retryable error.
    fx.emu.faults.inject('oss', { delayMs: 1, times: 3, match: { operation: 'UploadPart' } });
    fx.emu.faults.inject('oss', { status: 403, code: 'AccessDenied', match: { operation: 'UploadPart' } });
    const first = bucket.uploadFile('resume.bin', path, { partSize: PART, concurrency: 1, checkpoint: store });
    await expect(first).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(await bucket.objectExists('resume.bin')).toBe(false);
    const [pending] = uploadsOf('resume.bin');
    sent = pending?.parts.length ?? 0;
    expect(sent).toBe(3);
    fx.emu.faults.clear();
    const again = countRequests('UploadPart');
    const seen: number[] = [];
    const result = await bucket.uploadFile('resume.bin', path, {
      partSize: PART,
      concurrency: 2,
      checkpoint: store,
      onProgress: (p) => seen.push(p.loadedBytes),
    });
    expect(again.hits).toBe(8 - sent);
    expect(seen[0]).toBe(sent * PART);
    expect(result.crc64).toBe(crc64(data));
    expect(uploadsOf('resume.bin')).toEqual([]);
  });

  it('starts over when the checkpointed upload no longer exists', async () => {
    const { path, data } = await writeData('stale.bin', 3 * PART, 9);
    const saved = new Map<string, unknown>();
    const store: CheckpointStore = {
      load: async (id) => saved.get(id),
      save: async (id, cp) => {
        saved.set(id, structuredClone(cp));
      },
      delete: async (id) => {
        saved.delete(id);
      },
    };
    const controller = new AbortController();
    await expect(
      bucket.uploadFile('stale.bin', path, {
        partSize: PART,
        concurrency: 1,
        checkpoint: store,
        keepParts: true,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.loadedBytes >= PART) controller.abort(new Error('pause'));
        },
      }),
    ).rejects.toThrow('pause');
    const [upload] = uploadsOf('stale.bin');
    expect(upload).toBeDefined();
    // Someone aborts the upload behind our back.
    const raw = new OSS({
      accessKeyId: fx.emu.credentials.accessKeyId,
      accessKeySecret: fx.emu.credentials.accessKeySecret,
      endpoint: fx.emu.oss.endpoint,
      region: `oss-${fx.emu.oss.region}`,
      bucket: fx.bucketName,
    });
    await raw.abortMultipartUpload('stale.bin', upload?.uploadId as string);
    const result = await bucket.uploadFile('stale.bin', path, { partSize: PART, checkpoint: store });
    expect(result.crc64).toBe(crc64(data));
    expect(saved.size).toBe(0);
  });
});

describe('uploadStream', () => {
  it('uploads a stream of unknown length in parts', async () => {
    const data = randomBytes(5 * PART + 77, 10);
    const chunks = Array.from({ length: 40 }, (_, i) =>
      data.subarray(Math.floor((i * data.length) / 40), Math.floor(((i + 1) * data.length) / 40)),
    );
    const seen: number[] = [];
    const result = await bucket.uploadStream('stream.bin', Readable.from(chunks), {
      partSize: PART,
      onProgress: (p) => seen.push(p.loadedBytes),
    });
    expect(result.parts).toBe(6);
    expect(result.size).toBe(data.length);
    expect(result.crc64).toBe(crc64(data));
    expect(seen.at(-1)).toBe(data.length);
  });

  it('sends a short web stream as one PutObject', async () => {
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('short'));
        c.close();
      },
    });
    const result = await bucket.uploadStream('short.txt', web);
    expect(result.parts).toBe(0);
    expect(result.crc64).toBe(crc64('short'));
  });

  it('aborts the upload when the stream fails', async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.from(randomBytes(3 * PART, 11)));
    setTimeout(() => source.destroy(new Error('disk gone')), 50);
    await expect(bucket.uploadStream('broken.bin', source, { partSize: PART })).rejects.toThrow('disk gone');
    expect(uploadsOf('broken.bin')).toEqual([]);
  });
});

describe('downloadFile and copyLarge', () => {
  it('downloads in parallel ranges, verified, and resumes after an interruption', async () => {
    const data = randomBytes(7 * PART + 3, 12);
    await fx.emu.oss.putObject(fx.bucketName, 'down.bin', data);
    const target = join(dir, 'down.out');
    const store = fileCheckpointStore(join(dir, 'dl-checkpoints'));
    const controller = new AbortController();
    await expect(
      bucket.downloadFile('down.bin', target, {
        partSize: PART,
        concurrency: 1,
        checkpoint: store,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.loadedBytes >= 3 * PART) controller.abort(new Error('pause'));
        },
      }),
    ).rejects.toThrow('pause');
    const gets = countRequests('GetObject');
    const seen: number[] = [];
    const props = await bucket.downloadFile('down.bin', target, {
      partSize: PART,
      concurrency: 3,
      checkpoint: store,
      onProgress: (p) => seen.push(p.loadedBytes),
    });
    expect(seen[0]).toBeGreaterThanOrEqual(3 * PART);
    expect(gets.hits).toBeLessThanOrEqual(5);
    expect(props.crc64).toBe(crc64(data));
    expect(Buffer.from(await readFile(target)).equals(Buffer.from(data))).toBe(true);
  });

  it('copies above the threshold with UploadPartCopy and checks the CRC-64', async () => {
    const data = randomBytes(3 * PART + 10, 13);
    await bucket.putObject('big-src.bin', data, { metadata: { m: '1' }, contentType: 'application/x-src' });
    const partCopies = countRequests('UploadPartCopy');
    const result = await bucket.copyLarge('big-src.bin', 'big-dst.bin', { multipartThreshold: PART, partSize: PART });
    expect(partCopies.hits).toBe(4);
    expect(result.crc64).toBe(crc64(data));
    const head = await bucket.headObject('big-dst.bin');
    expect(head.metadata).toEqual({ m: '1' });
    expect(head.contentType).toBe('application/x-src');
    const small = await bucket.copyLarge('big-src.bin', 'small-dst.bin');
    expect(small.etag).toBe((await bucket.headObject('big-src.bin')).etag);
  });

  it('reports a missing source as NoSuchKey', async () => {
    const error = await bucket.copyLarge('nope.bin', 'x.bin').catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('NoSuchKey');
  });
});
