import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc64 } from '@alikit/oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OssFixture, randomBytes, startOss } from './helpers';

const PART = 100 * 1024;
const PARTS = 10;
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/upload-child.ts', import.meta.url));
let fx: OssFixture;
let dir: string;

beforeAll(async () => {
  fx = await startOss();
  dir = await mkdtemp(join(tmpdir(), 'alikit-oss-resume-'));
});
afterAll(async () => {
  await fx.emu.stop();
  await rm(dir, { recursive: true, force: true });
});

function run(
  settings: object,
  onLine: (line: string, proc: ChildProcess) => void,
): Promise<{ code: number | null; signal: string | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(settings)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    let buffered = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 1);
        lines.push(line);
        onLine(line, proc);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => resolve({ code, signal, lines }));
  });
}

describe('uploadFile across a killed process', () => {
  it('resumes from the checkpoint file without re-sending finished parts', async () => {
    const data = randomBytes(PARTS * PART, 21);
    const file = join(dir, 'big.bin');
    await writeFile(file, data);
    const settings = {
      endpoint: fx.emu.oss.endpoint,
      region: fx.emu.oss.region,
      accessKeyId: fx.emu.credentials.accessKeyId,
      accessKeySecret: fx.emu.credentials.accessKeySecret,
      bucket: fx.bucketName,
      key: 'killed.bin',
      file,
      checkpointDir: join(dir, 'checkpoints'),
      partSize: PART,
    };
    // Slow the parts down so the kill lands mid-upload.
    const firstRun = fx.emu.faults.inject('oss', { delayMs: 40, match: { operation: 'UploadPart' } });
    const killed = await run(settings, (line, proc) => {
      if (line === `progress ${3 * PART}`) proc.kill('SIGKILL');
    });
    expect(killed.signal).toBe('SIGKILL');
    const before = firstRun.hits;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(PARTS);
    const onServer = fx.emu.oss.multipartUploads(fx.bucketName).find((u) => u.key === 'killed.bin');
    expect(onServer?.parts.length).toBeGreaterThanOrEqual(3);
    fx.emu.faults.clear();

    const secondRun = fx.emu.faults.inject('oss', { delayMs: 1, match: { operation: 'UploadPart' } });
    const finished = await run(settings, () => undefined);
    expect(finished.code).toBe(0);
    expect(finished.lines[0]).toMatch(/^progress \d+$/);
    const resumedBytes = Number(finished.lines[0]?.split(' ')[1]);
    expect(resumedBytes).toBeGreaterThanOrEqual(3 * PART);
    // Only the parts the checkpoint did not have are sent again.
    expect(secondRun.hits).toBe(PARTS - resumedBytes / PART);
    expect(finished.lines.at(-1)).toBe(`done ${crc64(data)}`);
    expect(fx.emu.oss.multipartUploads(fx.bucketName).filter((u) => u.key === 'killed.bin')).toEqual([]);
  }, 20_000);
});
