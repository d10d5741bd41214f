import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSdkError } from '@alikit/core';
import { crc64, OssClient, type TransferProgress } from '@alikit/oss';
import type { StepContext, TourStep } from '../step';

/** The bucket the tour uploads to. */
export const TOUR_BUCKET = 'tour-media';
/** The key of the uploaded file. */
export const TOUR_OBJECT_KEY = 'uploads/report.bin';
/** Part size of the tour's multipart upload. */
export const TOUR_PART_BYTES = 256 * 1024;
/** Size of the file the tour uploads: six full parts and a short last one. */
export const TOUR_FILE_BYTES = 6 * TOUR_PART_BYTES + 12_345;

/** Deterministic file contents, so the report is the same on every run. */
export function tourFileContents(): Uint8Array {
  const data = new Uint8Array(TOUR_FILE_BYTES);
  let x = 0x9e3779b9;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x & 0xff;
  }
  return data;
}

/** A 20-character progress bar: `[#########...........]  45%`. */
export function progressBar({ loadedBytes, totalBytes }: TransferProgress): string {
  const total = totalBytes ?? loadedBytes;
  const fraction = total === 0 ? 1 : loadedBytes / total;
  const filled = Math.round(fraction * 20);
  return `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

/** Object Storage: a multipart upload with a progress bar, a listing, a verified download and a presigned URL. */
export const ossStep: TourStep = {
  name: 'oss',
  title: 'Object Storage: uploadFile with progress, listObjects, downloadFile verified by CRC-64, presignUrl',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const emu = emulators.oss;
    emu.createBucket(TOUR_BUCKET);
    const bucket = new OssClient({
      region: emu.region,
      endpoint: emu.endpoint,
      credentials: { ...emulators.credentials, source: 'emulator' },
    }).getBucketClient(TOUR_BUCKET);
    const dir = await mkdtemp(join(tmpdir(), 'alikit-tour-oss-'));
    try {
      const data = tourFileContents();
      const expectedCrc = crc64(data);
      const source = join(dir, 'report.bin');
      await writeFile(source, data);

      const subject = 'OSS object';
      try {
        const upload = await bucket.uploadFile(TOUR_OBJECT_KEY, source, {
          partSize: TOUR_PART_BYTES,
          concurrency: 3,
          checkpoint: false,
          onProgress: (progress) => log(`    ${progressBar(progress)}`),
        });
        record({
          subject,
          action: `uploadFile ${TOUR_OBJECT_KEY}`,
          expected: 'accepted',
          ok: upload.crc64 === expectedCrc && upload.parts === 7,
          outcome: 'accepted',
          requestId: upload.requestId,
          summary: `${upload.size} bytes in ${upload.parts} parts, CRC-64 ${upload.crc64}`,
        });

        const listed = [];
        for await (const obj of bucket.listObjects({ prefix: 'uploads/' })) listed.push(obj);
        const found = listed.find((obj) => obj.key === TOUR_OBJECT_KEY);
        record({
          subject,
          action: "listObjects({ prefix: 'uploads/' })",
          expected: 'accepted',
          ok: found?.size === TOUR_FILE_BYTES,
          outcome: 'accepted',
          summary: `${listed.length} object, ${found?.size ?? 0} bytes`,
        });

        const target = join(dir, 'report.copy.bin');
        const props = await bucket.downloadFile(TOUR_OBJECT_KEY, target, {
          partSize: TOUR_PART_BYTES,
          concurrency: 3,
          checkpoint: false,
        });
        const copy = await readFile(target);
        const same = copy.length === data.length && crc64(copy) === expectedCrc && props.crc64 === expectedCrc;
        record({
          subject,
          action: 'downloadFile, CRC-64 compared',
          expected: 'accepted',
          ok: same,
          outcome: 'accepted',
          requestId: props.requestId,
          summary: same ? 'identical bytes' : 'bytes differ',
        });

        const presigned = await bucket.presignUrl(TOUR_OBJECT_KEY, { expiresInSeconds: 300 });
        const res = await fetch(presigned.url, { headers: { Range: 'bytes=0-15' } });
        const head = new Uint8Array(await res.arrayBuffer());
        record({
          subject,
          action: 'presignUrl (V4) fetched with plain fetch',
          expected: 'accepted',
          ok: res.status === 206 && Buffer.from(head).equals(Buffer.from(data.subarray(0, 16))),
          outcome: 'accepted',
          status: res.status,
          summary: `${head.length} bytes`,
        });
      } catch (error) {
        if (!isSdkError(error)) throw error;
        record({
          subject,
          action: error.operation,
          expected: 'accepted',
          ok: false,
          outcome: error.code,
          status: error.status,
          requestId: error.requestId,
          errorMessage: error.message,
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
