// @alikit/oss: put an object, list a prefix, upload a 3 MB file in parts with progress, download it
// back verified by CRC-64, and read it through a V4 presigned URL with plain fetch — against the OSS emulator.
// Run: npx tsx examples/programs/src/oss.ts
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulators } from '@alikit/emulators';
import { crc64, OssClient, type TransferProgress } from '@alikit/oss';

const BUCKET = 'example-bucket';
const PART_SIZE = 512 * 1024; // small parts, so this 3 MB file goes up as a multipart upload
const FILE_BYTES = 3 * 1024 * 1024 + 4321; // six full parts and a short seventh

/** Writes, lists, uploads, downloads and presigns, checking every answer. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['oss'] });
  const dir = await mkdtemp(join(tmpdir(), 'alikit-example-oss-'));
  try {
    emu.oss.createBucket(BUCKET);
    // Against the real service: new OssClient({ region: 'cn-hangzhou' }) and the default credentials.
    const oss = new OssClient({
      region: emu.oss.region,
      endpoint: emu.oss.endpoint,
      credentials: { ...emu.credentials, source: 'emulator' },
    });
    const bucket = oss.getBucketClient(BUCKET);

    await bucket.putObject('notes/hello.txt', 'hello, object storage', { contentType: 'text/plain' });
    await bucket.putObject('notes/todo.txt', 'read the docs');
    await bucket.putObject('other/skip.txt', 'not under notes/');
    const listed = [];
    for await (const obj of bucket.listObjects({ prefix: 'notes/' })) listed.push(`${obj.key} (${obj.size} B)`);
    out(`listObjects notes/: ${listed.join(', ')}`);
    if (listed.length !== 2) throw new Error(`expected 2 objects under notes/, got ${listed.length}`);

    const data = randomBytes(FILE_BYTES);
    const source = join(dir, 'backup.bin');
    await writeFile(source, data);
    let last: TransferProgress = { loadedBytes: 0, totalBytes: undefined };
    const upload = await bucket.uploadFile('backups/backup.bin', source, {
      partSize: PART_SIZE,
      concurrency: 3,
      checkpoint: false, // by default a checkpoint in the temp folder lets a rerun resume
      onProgress: (progress) => {
        last = progress;
      },
    });
    const stored = emu.oss.objectInfo(BUCKET, 'backups/backup.bin'); // what the emulator holds
    out(
      `uploadFile: ${upload.size} bytes in ${upload.parts} parts (${stored?.type}), progress ${last.loadedBytes}/${last.totalBytes}`,
    );
    if (stored?.type !== 'Multipart' || last.loadedBytes !== FILE_BYTES || upload.crc64 !== crc64(data)) {
      throw new Error(`unexpected upload: ${upload.parts} parts, CRC-64 ${upload.crc64}`);
    }

    // Parallel ranged reads into backup.copy.bin.download, renamed once the whole CRC-64 matches.
    const target = join(dir, 'backup.copy.bin');
    const props = await bucket.downloadFile('backups/backup.bin', target, { partSize: PART_SIZE, checkpoint: false });
    const copy = await readFile(target);
    if (!copy.equals(data) || props.crc64 !== upload.crc64 || crc64(copy) !== upload.crc64)
      throw new Error('the downloaded file differs');
    out(`downloadFile: ${copy.length} identical bytes, CRC-64 ${props.crc64} as uploaded`);

    // Anyone holding the URL can read the object until it expires; no SDK or key needed.
    const presigned = await bucket.presignUrl('notes/hello.txt', { expiresInSeconds: 300 });
    const response = await fetch(presigned.url);
    const text = await response.text();
    const signed = new URL(presigned.url).searchParams.get('x-oss-signature-version');
    out(`presigned ${signed} GET: ${response.status} "${text}"`);
    if (response.status !== 200 || text !== 'hello, object storage') throw new Error('presigned GET failed');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
