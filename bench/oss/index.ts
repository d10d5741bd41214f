/**
 * OSS benchmarks against the in-process OSS emulator:
 * - put + get of 4 KiB objects, interleaved, ops/s of our client vs raw `ali-oss` 6.23.0 (8 in flight);
 * - multipart upload of a large file (1 GiB; `ALIKIT_BENCH_OSS_MB` sets another size in MiB), MB/s of
 *   `uploadFile` vs ali-oss `multipartUpload` with the same part size and parallelism (after a
 *   warm-up, interleaved), and the peak RSS of a child process doing only our upload;
 * - cold `import` time of `@alikit/oss` (built `dist`) vs `ali-oss`, each in fresh child processes.
 *
 * Both clients talk to the same emulator in the same process, so its cost is in both figures.
 * Ours verifies CRC-64 end to end (every part and the whole object); ali-oss checks nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OssClient } from '@alikit/oss';
import { startEmulators } from '../../packages/emulators/src/index';
import { compareAsync, type Row } from '../harness';

export const title = 'OSS into the emulator: ours vs ali-oss 6.23.0';

/** The slice of ali-oss the benchmark uses (the bench package has no @types/ali-oss). */
interface AliOss {
  put(name: string, body: Buffer): Promise<unknown>;
  get(name: string): Promise<{ content: Buffer }>;
  multipartUpload(name: string, file: string, options: { partSize: number; parallel: number }): Promise<unknown>;
}
const OSS = createRequire(import.meta.url)('ali-oss') as new (options: Record<string, unknown>) => AliOss;

const BASELINE = 'ali-oss 6.23.0';
const CONCURRENCY = 8;
const PART_SIZE = 8 * 1024 * 1024;
const PARALLEL = 4;
const MiB = 1024 * 1024;

function row(name: string, ours: number, baseline: number, baselineName: string): Row {
  return { name, baseline: baselineName, oursOpsPerSec: ours, baselineOpsPerSec: baseline, ratio: ours / baseline };
}

async function writeFileOf(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  const chunk = Buffer.alloc(4 * MiB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 131 + 7) & 0xff;
  try {
    for (let written = 0; written < bytes; written += chunk.length) {
      chunk.writeUInt32LE(written >>> 0, 0);
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** Milliseconds a fresh `node` takes to import the module (median of 5, interleaved by the caller). */
function coldImportMs(specifier: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(specifier)});process.stdout.write(String(performance.now()-t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

export async function run(): Promise<Row[]> {
  const emu = await startEmulators({ services: ['oss'] });
  const dir = await mkdtemp(join(tmpdir(), 'alikit-bench-oss-'));
  const rows: Row[] = [];
  try {
    emu.oss.createBucket('bench');
    const ours = new OssClient({
      region: emu.oss.region,
      endpoint: emu.oss.endpoint,
      credentials: { ...emu.credentials, source: 'static' },
    }).getBucketClient('bench');
    const raw = new OSS({
      accessKeyId: emu.credentials.accessKeyId,
      accessKeySecret: emu.credentials.accessKeySecret,
      endpoint: emu.oss.endpoint,
      region: `oss-${emu.oss.region}`,
      bucket: 'bench',
    });

    const payload = Buffer.alloc(4096, 7);
    let i = 0;
    // Warm both sides up (ours loads ali-oss lazily on first use; JIT; keep-alive sockets).
    for (let w = 0; w < 200; w++) {
      await ours.putObject(`warm/${w}`, payload);
      await ours.getObject(`warm/${w}`);
      await raw.put(`warm/${w}`, payload);
      await raw.get(`warm/${w}`);
    }
    const small = await compareAsync(
      {
        name: `put + get of a 4 KiB object, ${CONCURRENCY} in flight`,
        baselineName: BASELINE,
        concurrency: CONCURRENCY,
        ours: async () => {
          const key = `ours/${i++ % 500}`;
          await ours.putObject(key, payload);
          return (await ours.getObject(key)).body;
        },
        baseline: async () => {
          const key = `raw/${i++ % 500}`;
          await raw.put(key, payload);
          return (await raw.get(key)).content;
        },
      },
      { rounds: 7, roundMs: 400 },
    );
    rows.push(small);

    const sizeMb = Number(process.env.ALIKIT_BENCH_OSS_MB ?? 1024);
    const bytes = Math.round(sizeMb * MiB);
    const file = join(dir, 'large.bin');
    await writeFileOf(file, bytes);
    const uploadOurs = async () => {
      const t0 = performance.now();
      await ours.uploadFile('large-ours.bin', file, { partSize: PART_SIZE, concurrency: PARALLEL, checkpoint: false });
      return bytes / MiB / ((performance.now() - t0) / 1000);
    };
    const uploadRaw = async () => {
      const t1 = performance.now();
      await raw.multipartUpload('large-raw.bin', file, { partSize: PART_SIZE, parallel: PARALLEL });
      return bytes / MiB / ((performance.now() - t1) / 1000);
    };
    // One warm-up upload of 64 MiB per side (JIT, worker thread, sockets), as compareAsync does.
    const warmFile = join(dir, 'warm.bin');
    await writeFileOf(warmFile, 64 * MiB);
    await ours.uploadFile('warm-ours.bin', warmFile, { partSize: PART_SIZE, concurrency: PARALLEL, checkpoint: false });
    await raw.multipartUpload('warm-raw.bin', warmFile, { partSize: PART_SIZE, parallel: PARALLEL });
    // Interleaved (ours, theirs, theirs, ours) so disk cache and emulator state favour neither side.
    const oursRuns = [await uploadOurs()];
    const rawRuns = [await uploadRaw(), await uploadRaw()];
    oursRuns.push(await uploadOurs());
    const oursMbps = (oursRuns[0] as number) / 2 + (oursRuns[1] as number) / 2;
    const rawMbps = (rawRuns[0] as number) / 2 + (rawRuns[1] as number) / 2;
    rows.push(
      row(
        `multipart upload of ${sizeMb} MiB, MB/s, mean of 2 interleaved runs (8 MiB parts, ${PARALLEL} in flight, ours CRC-64 checked)`,
        oursMbps,
        rawMbps,
        `${BASELINE} multipartUpload`,
      ),
    );
    // Our peak RSS measured alone: the same upload from a child process (the emulator stays here).
    const child = await new Promise<{ maxRssBytes: number; seconds: number }>((resolve, reject) => {
      const script = fileURLToPath(new URL('./upload-child.ts', import.meta.url));
      const root = fileURLToPath(new URL('../../', import.meta.url));
      const args = [emu.oss.endpoint, emu.oss.region, emu.credentials.accessKeyId, emu.credentials.accessKeySecret];
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', script, ...args, file, String(PART_SIZE), String(PARALLEL)],
        { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      proc.on('error', reject);
      proc.on('exit', (code) =>
        code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`upload child exited ${code}`)),
      );
    });
    rows.push(
      row(
        `peak RSS MiB of a process doing only our ${sizeMb} MiB upload (${(bytes / MiB / child.seconds).toFixed(0)} MB/s there) [not ops/s]`,
        child.maxRssBytes / MiB,
        200,
        'goal: under 200 MiB',
      ),
    );

    const dist = fileURLToPath(new URL('../../packages/oss/dist/index.js', import.meta.url));
    const aliOss = createRequire(import.meta.url).resolve('ali-oss');
    if (existsSync(dist)) {
      const oursMs: number[] = [];
      const theirsMs: number[] = [];
      for (let r = 0; r < 5; r++) {
        oursMs.push(coldImportMs(dist));
        theirsMs.push(coldImportMs(aliOss));
      }
      // Faster is better, so the ratio is theirs / ours (as for ops/s).
      rows.push({
        name: 'cold import, imports/s (1000 / ms; ali-oss is loaded lazily by ours) [median ms in name]',
        baseline: `${BASELINE} (${median(theirsMs).toFixed(1)} ms) vs ours (${median(oursMs).toFixed(1)} ms)`,
        oursOpsPerSec: 1000 / median(oursMs),
        baselineOpsPerSec: 1000 / median(theirsMs),
        ratio: median(theirsMs) / median(oursMs),
      });
    } else {
      rows.push(
        row('cold import (run `pnpm build` first: packages/oss/dist is missing)', Number.NaN, Number.NaN, BASELINE),
      );
    }
    return rows;
  } finally {
    await emu.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
