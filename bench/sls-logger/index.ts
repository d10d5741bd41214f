/**
 * SLS logger benchmarks against the in-process SLS emulator: sustained records/s of our logger vs
 * `@alicloud/log` `postLogStoreLogs` with one record per call and with batches of 100 (16 calls in
 * flight, keep-alive agent whose lookup answers 127.0.0.1), peak RSS during our run, and body bytes
 * per record on the wire with lz4 vs none.
 *
 * The official client never compresses, and the emulator decompresses lz4 in this same process, so
 * the like-for-like row is "ours, compression none" vs batches of 100: both sides send uncompressed
 * protobuf and the emulator does the same decoding work per record. The lz4 rows add the cost of
 * compressing (ours) and decompressing (the emulator's, in this process) and show what the default
 * setting gives.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { createSlsLogger, type SendResult } from '@alikit/sls-logger';
import { startEmulators } from '../../packages/emulators/src/index';
import type { Row } from '../harness';

export const title = 'SLS logger into the emulator: records/s, ours vs @alicloud/log 1.2.6 postLogStoreLogs';

const require = createRequire(import.meta.url);
const SlsClient = require('@alicloud/log') as new (
  options: Record<string, unknown>,
) => {
  postLogStoreLogs(p: string, l: string, d: unknown, o: unknown): Promise<unknown>;
  createLogStore(p: string, l: string, d: unknown, o: unknown): Promise<unknown>;
};

const BASELINE = '@alicloud/log 1.2.6 postLogStoreLogs';
const OURS_RECORDS = 100_000;
const BASELINE_MS = 2000;
const CONCURRENCY = 16;

function record(i: number): Record<string, string> {
  return {
    level: 'INFO',
    message: `request handled in ${i % 500} ms`,
    requestId: `req-${i}`,
    path: '/api/orders',
    status: '200',
  };
}

function row(name: string, ours: number, baseline: number, baselineName: string): Row {
  return { name, baseline: baselineName, oursOpsPerSec: ours, baselineOpsPerSec: baseline, ratio: ours / baseline };
}

export async function run(): Promise<Row[]> {
  const emu = await startEmulators({ services: ['sls'] });
  try {
    const project = 'bench-project';
    emu.sls.createProject(project);
    const port = new URL(emu.sls.endpoint).port;
    const agent = new http.Agent({
      keepAlive: true,
      maxSockets: CONCURRENCY,
      lookup: (_host, options, cb) => {
        if ((options as { all?: boolean }).all)
          (cb as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
            { address: '127.0.0.1', family: 4 },
          ]);
        else cb(null, '127.0.0.1', 4);
      },
    });
    const client = new SlsClient({ ...emu.credentials, endpoint: `cn-hangzhou.log.aliyuncs.com:${port}` });
    for (const ls of ['ours-lz4', 'ours-none', 'theirs-1', 'theirs-100']) {
      await client.createLogStore(project, ls, { ttl: 1, shardCount: 2 }, { agent });
    }

    const runOurs = async (logstore: string, compression: 'lz4' | 'none') => {
      const logger = createSlsLogger({
        project,
        logstore,
        endpoint: emu.sls.endpoint,
        credentials: { ...emu.credentials, source: 'static' },
        compression,
        batch: { lingerMs: 50 },
        maxInflight: CONCURRENCY,
        flushOnExit: false,
      });
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const start = performance.now();
      const pending: Array<Promise<SendResult>> = [];
      for (let i = 0; i < OURS_RECORDS; i++) {
        pending.push(logger.send(record(i)));
        if (i % 10_000 === 0) {
          peak = Math.max(peak, process.memoryUsage().rss);
          await new Promise((r) => setImmediate(r));
        }
      }
      // A program that is done logging flushes instead of waiting out the linger of the last batch.
      await logger.flush();
      await Promise.all(pending);
      peak = Math.max(peak, process.memoryUsage().rss);
      const perSec = (OURS_RECORDS * 1000) / (performance.now() - start);
      const stats = logger.stats();
      await logger.close();
      return {
        perSec,
        peakRssMb: peak / 1048576,
        wirePerRecord: stats.wireBytes / OURS_RECORDS,
        rawPerRecord: stats.rawBytes / OURS_RECORDS,
      };
    };

    const runTheirs = async (logstore: string, perCall: number) => {
      let records = 0;
      let next = 0;
      const start = performance.now();
      const end = start + BASELINE_MS;
      const loop = async () => {
        while (performance.now() < end) {
          const logs = Array.from({ length: perCall }, () => ({
            timestamp: Math.floor(Date.now() / 1000),
            content: record(next++),
          }));
          await client.postLogStoreLogs(project, logstore, { logs, topic: '', source: '127.0.0.1' }, { agent });
          records += perCall;
        }
      };
      const rssBefore = process.memoryUsage().rss;
      await Promise.all(Array.from({ length: CONCURRENCY }, loop));
      return {
        perSec: (records * 1000) / (performance.now() - start),
        rss: Math.max(rssBefore, process.memoryUsage().rss) / 1048576,
      };
    };

    const oursLz4 = await runOurs('ours-lz4', 'lz4');
    const oursNone = await runOurs('ours-none', 'none');
    const theirs1 = await runTheirs('theirs-1', 1);
    const theirs100 = await runTheirs('theirs-100', 100);
    agent.destroy();
    return [
      row(
        'records/s, LIKE-FOR-LIKE: ours (compression none, batched) vs batches of 100',
        oursNone.perSec,
        theirs100.perSec,
        `${BASELINE}, 100/call, uncompressed, ${CONCURRENCY} in flight`,
      ),
      row(
        'records/s, ours (lz4 default; emulator also decodes lz4 in-process) vs batches of 100',
        oursLz4.perSec,
        theirs100.perSec,
        `${BASELINE}, 100/call, uncompressed, ${CONCURRENCY} in flight`,
      ),
      row(
        'records/s, ours (lz4, batched) vs 1 record per call',
        oursLz4.perSec,
        theirs1.perSec,
        `${BASELINE}, 1/call, uncompressed, ${CONCURRENCY} in flight`,
      ),
      row(
        'peak RSS MB during our 100k-record run (lz4) [not ops/s]',
        oursLz4.peakRssMb,
        theirs100.rss,
        'process RSS MB after the baseline runs',
      ),
      row(
        'body bytes per record on the wire, lz4 [not ops/s]',
        oursLz4.wirePerRecord,
        oursNone.wirePerRecord,
        'ours with compression none',
      ),
    ];
  } finally {
    await emu.stop();
  }
}
