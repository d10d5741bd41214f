import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlsLogger, type SendResult } from '../../src/index';
import { createSlsPinoDestination } from '../../src/pino/index';
import { startSls } from './helpers';

type Env = Awaited<ReturnType<typeof startSls>>;
let env: Env | undefined;
afterEach(async () => {
  await env?.emu.stop();
  env = undefined;
});

function storedIds(e: Env, key = 'id'): string[] {
  return e.emu.sls.records(e.project, e.logstore).map((log) => log.contents.find(([k]) => k === key)?.[1] ?? '');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sls logger against the emulator', () => {
  it('writes structured records, then reads them back with getLogs and histograms', async () => {
    env = await startSls();
    const logger = createSlsLogger({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      topic: 'tour',
      source: '10.0.0.1',
      tags: { env: 'test' },
      level: 'debug',
      batch: { lingerMs: 20 },
      flushOnExit: false,
    });
    const child = logger.child({ requestId: 'r-1' });
    child.info('hello', { user: 'ann', n: 3 });
    child.debug('details', { obj: { a: 1 } });
    logger.warn('careful');
    const result = await logger.send({ id: 'x1', msg: 'direct' });
    expect(result.delivered).toBe(true);
    expect(result.attempts[0]?.success).toBe(true);
    await logger.flush();
    expect(logger.stats()).toMatchObject({ sentRecords: 4, failedRecords: 0, queuedRecords: 0 });

    const now = Math.floor(Date.now() / 1000);
    const rows = [];
    for await (const row of logger.getLogs({ from: now - 60, to: now + 60, query: 'requestId: r-1' })) rows.push(row);
    expect(rows.map((r) => r.fields.message).sort()).toEqual(['details', 'hello']);
    const hello = rows.find((r) => r.fields.message === 'hello');
    expect(hello?.fields).toMatchObject({ level: 'INFO', user: 'ann', n: '3', requestId: 'r-1' });
    expect(hello?.topic).toBe('tour');
    expect(hello?.source).toBe('10.0.0.1');

    const pages = [];
    for await (const page of logger.getLogs({ from: now - 60, to: now + 60 }).byPage({ maxPageSize: 3 }))
      pages.push(page);
    expect(pages.map((p) => p.entries.length)).toEqual([3, 1]);

    const histogram = await logger.getHistograms({ from: now - 60, to: now + 60, query: 'level: WARN or level: INFO' });
    expect(histogram.total).toBe(2);
    expect(histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(await logger.close()).toMatchObject({ delivered: 4, undelivered: 0, timedOut: false });
  });

  for (const compression of ['lz4', 'deflate', 'none'] as const) {
    it(`delivers with ${compression} bodies and hash-key routing`, async () => {
      env = await startSls();
      const logger = createSlsLogger({
        project: env.project,
        logstore: env.logstore,
        endpoint: env.endpoint,
        credentials: env.credentials,
        compression,
        shardHash: 'tenant-7',
        batch: { lingerMs: 20 },
        flushOnExit: false,
      });
      const results = await Promise.all(
        Array.from({ length: 500 }, (_, i) => logger.send({ id: String(i), body: 'abc'.repeat(20) })),
      );
      expect(results.every((r) => r.delivered)).toBe(true);
      expect(new Set(storedIds(env)).size).toBe(500);
      const stats = logger.stats();
      if (compression === 'none') expect(stats.wireBytes).toBe(stats.rawBytes);
      else expect(stats.wireBytes).toBeLessThan(stats.rawBytes / 2);
      await logger.close();
    });
  }

  it('loses nothing silently: 200,000 records under 30% faults and a 3 s outage', async () => {
    env = await startSls();
    const logger = createSlsLogger({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      batch: { lingerMs: 20 },
      retry: { retries: 12, baseBackoffMs: 50, maxBackoffMs: 1000 },
      flushOnExit: false,
    });
    env.emu.faults.inject('sls', {
      status: 503,
      code: 'ServerBusy',
      probability: 0.3,
      match: { operation: 'PutLogs' },
    });
    const total = 200_000;
    const results: Array<Promise<SendResult>> = [];
    for (let i = 0; i < total; i++) {
      results.push(logger.send({ id: `r${i}`, msg: 'payload' }));
      if (i === 50_000) {
        const outage = env.emu.faults.inject('sls', { resetConnection: true });
        setTimeout(() => outage.remove(), 3000);
      }
      if (i % 10_000 === 0) await sleep(0);
    }
    const settled = await Promise.all(results);
    const stored = storedIds(env);
    const counts = new Map<string, number>();
    for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
    let delivered = 0;
    let failed = 0;
    settled.forEach((r, i) => {
      const n = counts.get(`r${i}`) ?? 0;
      if (r.delivered) {
        delivered++;
        expect(n).toBe(1);
      } else {
        failed++;
        expect(r.attempts.length).toBeGreaterThan(0);
      }
    });
    expect(delivered + failed).toBe(total);
    expect(stored.length).toBe(delivered);
    expect(logger.stats().retriedBatches).toBeGreaterThan(0);
    await logger.close();
  }, 60_000);

  it("bounds memory during an outage with onBufferFull 'drop' and counts drops", async () => {
    env = await startSls();
    const e = env;
    const maxBufferBytes = 2 * 1024 * 1024;
    e.emu.faults.inject('sls', { status: 503, code: 'ServerBusy' });
    // Measured in fresh processes (with --expose-gc) so other tests' garbage does not count.
    const fixture = fileURLToPath(new URL('./fixtures/memory-child.ts', import.meta.url));
    type Outcome = {
      total: number;
      growth: number;
      retained: number;
      stats: { queuedBytes: number; queuedRecords: number; droppedRecords: number; sentRecords: number };
      report: { undelivered: number; delivered: number };
    };
    const run = (offered: number) =>
      new Promise<Outcome>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--expose-gc',
            '--import',
            'tsx',
            fixture,
            e.endpoint,
            e.project,
            e.logstore,
            e.credentials.accessKeyId,
            e.credentials.accessKeySecret,
            String(maxBufferBytes),
            String(offered),
          ],
          { stdio: ['ignore', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('../../../..', import.meta.url)) },
        );
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
        });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0
            ? resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as Outcome)
            : reject(new Error(`memory child exited with ${code}`)),
        );
      });
    const small = await run(100_000);
    const large = await run(400_000);
    for (const result of [small, large]) {
      expect(result.stats.queuedBytes).toBeLessThanOrEqual(maxBufferBytes);
      expect(result.stats.sentRecords).toBe(0);
      expect(result.stats.droppedRecords).toBe(result.total - result.stats.queuedRecords);
      expect(result.report.undelivered).toBe(result.stats.queuedRecords);
      // Heap objects weigh more than their wire size, and the runtime itself takes room.
      expect(result.growth).toBeLessThan(maxBufferBytes * 8 + 128 * 1024 * 1024);
    }
    expect(large.stats.droppedRecords).toBeGreaterThan(large.total * 0.9);
    // Bounded, not proportional: after a GC the logger holds the same whether 100k or 400k were offered.
    expect(small.retained).toBeLessThan(maxBufferBytes * 8);
    expect(Math.abs(large.retained - small.retained)).toBeLessThan(4 * 1024 * 1024);
  }, 60_000);

  it("makes senders wait with onBufferFull 'block', then delivers them", async () => {
    env = await startSls();
    const logger = createSlsLogger({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      maxBufferBytes: 64 * 1024,
      onBufferFull: 'block',
      batch: { lingerMs: 10 },
      retry: { retries: 100, baseBackoffMs: 50, maxBackoffMs: 200 },
      flushOnExit: false,
    });
    const outage = env.emu.faults.inject('sls', { status: 503, code: 'ServerBusy' });
    const pending = Array.from({ length: 3000 }, (_, i) => logger.send({ id: `b${i}`, value: 'x'.repeat(100) }));
    await sleep(300);
    const during = logger.stats();
    expect(during.blockedRecords).toBeGreaterThan(0);
    expect(during.queuedBytes).toBeLessThanOrEqual(64 * 1024);
    expect(during.droppedRecords).toBe(0);
    outage.remove();
    const results = await Promise.all(pending);
    expect(results.every((r) => r.delivered)).toBe(true);
    expect(new Set(storedIds(env)).size).toBe(3000);
    await logger.close();
  }, 30_000);

  it('close() during an outage returns within its timeout and reports what was not delivered', async () => {
    env = await startSls();
    const logger = createSlsLogger({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      batch: { lingerMs: 5000 },
      flushOnExit: false,
    });
    env.emu.faults.inject('sls', { resetConnection: true });
    const pending = Array.from({ length: 1000 }, (_, i) => logger.send({ id: `c${i}` }));
    const started = Date.now();
    const report = await logger.close({ timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(report).toMatchObject({ delivered: 0, undelivered: 1000, timedOut: true });
    const results = await Promise.all(pending);
    expect(results.every((r) => !r.delivered && r.reason === 'closed')).toBe(true);
  });

  it('close() counts records whose request is still on the wire as undelivered', async () => {
    env = await startSls();
    const logger = createSlsLogger({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      batch: { lingerMs: 1 },
      flushOnExit: false,
    });
    // The emulator holds every request for 5 s: at close() the batches are in flight, not queued.
    env.emu.faults.inject('sls', { delayMs: 5000, status: 503 });
    const pending = Array.from({ length: 300 }, (_, i) => logger.send({ id: `w${i}` }));
    await sleep(100);
    const report = await logger.close({ timeoutMs: 200 });
    expect(report).toMatchObject({ delivered: 0, undelivered: 300, timedOut: true });
    const results = await Promise.all(pending);
    expect(results.every((r) => !r.delivered && r.reason === 'closed')).toBe(true);
  });

  it('a non-retryable answer fails the records at once with the attempts', async () => {
    env = await startSls();
    const logger = createSlsLogger({
      project: env.project,
      logstore: 'missing',
      endpoint: env.endpoint,
      credentials: env.credentials,
      batch: { lingerMs: 10 },
      flushOnExit: false,
    });
    const result = await logger.send({ a: 'b' });
    expect(result.delivered).toBe(false);
    if (!result.delivered) {
      expect(result.reason).toBe('rejected');
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]?.errorCode).toBe('LogStoreNotExist');
    }
    await logger.close();
  });

  it('a child process that logs and exits normally delivers everything (exit hook)', async () => {
    env = await startSls();
    const e = env;
    const fixture = fileURLToPath(new URL('./fixtures/exit-child.ts', import.meta.url));
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fixture,
          e.endpoint,
          e.project,
          e.logstore,
          e.credentials.accessKeyId,
          e.credentials.accessKeySecret,
          '250',
        ],
        { stdio: ['ignore', 'inherit', 'inherit'], cwd: fileURLToPath(new URL('../../../..', import.meta.url)) },
      );
      child.on('error', reject);
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    expect(new Set(storedIds(e)).size).toBe(250);
  }, 30_000);

  it('pino destination maps levels and fields and flushes on demand', async () => {
    env = await startSls();
    const destination = createSlsPinoDestination({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      flushOnExit: false,
    });
    const log = pino({ base: undefined }, destination);
    log.info({ id: 'p1', user: { name: 'ann' } }, 'pino says hi');
    log.error({ id: 'p2' }, 'pino error');
    await sleep(10);
    await destination.flushLogs();
    const records = env.emu.sls.records(env.project, env.logstore);
    const first = Object.fromEntries(
      records.find((r) => r.contents.some(([k, v]) => k === 'id' && v === 'p1'))?.contents ?? [],
    );
    expect(first).toMatchObject({ level: 'INFO', message: 'pino says hi', user: '{"name":"ann"}' });
    expect(storedIds(env).sort()).toEqual(['p1', 'p2']);
    await destination.closeLogs();
  });
});
