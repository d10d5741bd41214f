import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  ACCESS_KEY_ID_ENV,
  ACCESS_KEY_SECRET_ENV,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
} from '@alikit/emulators';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main as cmsMetrics } from '../src/cms-metrics';
import { main as core } from '../src/core';
import { main as dts } from '../src/dts';
import { main as emulators } from '../src/emulators';
import { main as maxcompute } from '../src/maxcompute';
import { main as oss } from '../src/oss';
import { main as pai } from '../src/pai';
import { main as ramPolicy } from '../src/ram-policy';
import { main as rdsPool } from '../src/rds-pool';
import { PROGRAMS, runAll } from '../src/run-all';
import { main as slsLogger } from '../src/sls-logger';
import { main as tablestore } from '../src/tablestore';

/** The emulators' default account, as startEmulators picks it. */
const ACCESS_KEY_ID = process.env[ACCESS_KEY_ID_ENV] ?? DEFAULT_ACCESS_KEY_ID;
const ACCESS_KEY_SECRET = process.env[ACCESS_KEY_SECRET_ENV] ?? DEFAULT_ACCESS_KEY_SECRET;

/** Runs a program's main with a capturing `out` and returns what it printed. */
async function run(main: (out: (line: string) => void) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  await main((line) => lines.push(line));
  // No program prints the account's secret, whatever it does.
  expect(lines.join('\n')).not.toContain(ACCESS_KEY_SECRET);
  return lines;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('example programs', () => {
  it('core: resolves the static key through the chain and makes a signed POP call the emulator records', async () => {
    const lines = await run(core);
    expect(lines).toEqual([
      `credentials: static_ak, access key id ${ACCESS_KEY_ID}`,
      expect.stringMatching(/^DescribeRegions: cn-hangzhou, cn-shanghai, cn-beijing \(request id [0-9A-F-]{36}\)$/),
      `signed rpc-v1, version 2014-05-26, key ${ACCESS_KEY_ID}`,
    ]);
  });

  it('emulators: retries through two injected 503s, surfaces an injected 403, and stops', async () => {
    const lines = await run(emulators);
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^oss emulator at http://127\\.0\\.0\\.1:\\d+, key ${ACCESS_KEY_ID}$`)),
      '503 ×2 injected: GetObject succeeded on attempt 3, read "hello from the emulator"',
      '403 injected: AccessDenied (403), retryable false, not retried',
      'faults cleared: GetObject answers 200 at the first attempt',
      'emulators stopped',
    ]);
  });

  it('rds-pool: commits a transaction on MariaDB and reads the rows back', async () => {
    const lines = await run(rdsPool);
    expect(lines[0]).toMatch(/^connected to mysql:\/\/.+: server \d+\.\d+\.\d+/);
    expect(lines[1]).toBe('transaction committed; read back: tea×2, coffee×1');
    expect(lines[2]).toMatch(/^pool: \d+ open, \d+ acquires, wait p99 \d+\.\d ms$/);
  });

  it('rds-pool: prints a note and returns normally when no server answers, without the password', async () => {
    vi.stubEnv('ALIKIT_MYSQL_URL', 'mysql://app:NotARealDbPassw0rd@127.0.0.1:1/shop');
    const lines = await run(rdsPool);
    expect(lines).toEqual([
      'no MySQL server answers at mysql://app@127.0.0.1:1/shop (ERR_NETWORK); set ALIKIT_MYSQL_URL to run this example',
    ]);
  });

  it('sls-logger: flushes three records and finds the error among them', async () => {
    const lines = await run(slsLogger);
    expect(lines).toEqual([
      'flushed: 3 records in 1 request(s), 0 failed',
      'found: ERROR payment declined requestId=req-7f3a',
      'closed: 3 delivered, 0 undelivered',
    ]);
  });

  it('cms-metrics: flushes a counter and a histogram and reads their statistics back', async () => {
    const lines = await run(cmsMetrics);
    expect(lines).toEqual([
      'flush: 2 entries in 1 request(s), 0 pending',
      'orders: Sum 3, SampleCount 2, Min 1, Max 2',
      'latency_ms: Sum 300, SampleCount 3, Min 80, Max 120',
    ]);
  });

  it('pai: follows the training job to Succeed and reads its log', async () => {
    const lines = await run(pai);
    expect(lines[0]).toMatch(/^submitted train\w+ \(Creating\)$/);
    expect(lines).toContain('  status Succeed');
    expect(lines).toContain(
      'Succeed: Creating → Initializing → Running → Succeed; model at oss://example-bucket/models/mnist/',
    );
    expect(lines.at(-1)).toMatch(/^log: \d+ lines, last: .*training finished/);
  });

  it('dts: follows the migration to Finished, never printing the database passwords', async () => {
    const lines = await run(dts);
    expect(lines[0]).toMatch(/^created \w+ on instance dts\w+$/);
    expect(lines).toContain('  finished (Finished)');
    expect(lines.at(-1)).toMatch(/^Finished: full data 100% after .*finished$/);
    expect(lines.join('\n')).not.toMatch(/Passw0rd/);
  });

  it('ram-policy: lints clean and reaches the expected decisions', async () => {
    const lines = await run(ramPolicy);
    expect(JSON.parse(lines[0]?.replace(/^policy: /, '') ?? '')).toMatchObject({ Version: '1' });
    expect(lines.slice(1)).toEqual([
      'lint: 0 findings',
      'lint of Action * on *: full-access (warning)',
      'allow        ecs:StartInstance on instance/i-prod (Environment=Production)',
      'implicitDeny ecs:StopInstance on instance/i-test (Environment=Staging)',
      'allow        oss:GetObject on example-bucket/reports/q3.csv',
      'implicitDeny oss:PutObject on example-bucket/tmp/upload.bin',
    ]);
  });

  it('oss: lists a prefix, uploads 3 MB in parts, downloads it verified and reads a presigned URL', async () => {
    const lines = await run(oss);
    expect(lines).toEqual([
      'listObjects notes/: notes/hello.txt (21 B), notes/todo.txt (13 B)',
      'uploadFile: 3150049 bytes in 7 parts (Multipart), progress 3150049/3150049',
      expect.stringMatching(/^downloadFile: 3150049 identical bytes, CRC-64 \d+ as uploaded$/),
      'presigned OSS4-HMAC-SHA256 GET: 200 "hello, object storage"',
    ]);
  });

  it('tablestore: round-trips a row, batch-writes and scans 200 rows, and hits OTSConditionCheckFail', async () => {
    const lines = await run(tablestore);
    expect(lines).toEqual([
      'created readings (active): primary key device string, ts integer',
      'getRow: boiler-1 ts=0 61.5 °C ok',
      expect.stringMatching(/^batch writer: 200 written, 0 failed, \d+ request\(s\)$/),
      'getRange sensor-7: 200 rows, ts 1..200',
      'insert over an existing row: OTSConditionCheckFail (403), retryable false',
      'boiler-1 unchanged: 61.5 °C',
    ]);
  });

  it('maxcompute: creates user_behavior, inserts a day, and counts users and events per behaviour', async () => {
    const lines = await run(maxcompute);
    expect(lines).toEqual([
      'created user_behavior: 4 columns, partitioned by dt, lifecycle 30',
      'inserted 9 events into dt=20240101',
      expect.stringMatching(/^submitted instance \w+$/),
      'job Terminated/Success',
      '  20240101 buy: 2 users, 2 events',
      '  20240101 cart: 1 users, 1 events',
      '  20240101 fav: 1 users, 1 events',
      '  20240101 pv: 4 users, 5 events',
      '4 rows read through the instance tunnel, counts as expected',
    ]);
  });
});

describe('runAll', () => {
  it('lists every program under src/, in a fixed order', async () => {
    const dir = fileURLToPath(new URL('../src/', import.meta.url));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts');
    expect(PROGRAMS.map((p) => `${p.name}.ts`).sort()).toEqual(files.sort());
    expect(PROGRAMS.map((p) => p.name)).toEqual([
      'core',
      'emulators',
      'rds-pool',
      'sls-logger',
      'cms-metrics',
      'pai',
      'dts',
      'ram-policy',
      'oss',
      'tablestore',
      'maxcompute',
    ]);
  });

  it('keeps going after a failing program, prints a line per program, and reports the failure', async () => {
    const lines: string[] = [];
    const results = await runAll(
      (line) => lines.push(line),
      [
        { name: 'first', main: async (out) => out('hello') },
        {
          name: 'broken',
          main: async () => {
            throw new Error('the object read back differs');
          },
        },
        { name: 'last', main: async () => undefined },
      ],
    );
    expect(results.map((r) => [r.name, r.ok, r.error])).toEqual([
      ['first', true, undefined],
      ['broken', false, 'the object read back differs'],
      ['last', true, undefined],
    ]);
    expect(lines).toEqual([
      '▶ first',
      '  hello',
      expect.stringMatching(/^✔ first \(\d+ ms\)$/),
      '▶ broken',
      '✘ broken: the object read back differs',
      '▶ last',
      expect.stringMatching(/^✔ last \(\d+ ms\)$/),
      '1 failed: broken',
    ]);
  });
});
