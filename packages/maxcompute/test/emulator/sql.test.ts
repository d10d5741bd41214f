import { isSdkError, isServiceError } from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaxComputeClient, SqlJobState } from '../../src/index';
import { collect, mcClient, startMaxCompute } from './helpers';

let emu: Emulators<'maxcompute'>;
let mc: MaxComputeClient;

beforeAll(async () => {
  emu = await startMaxCompute();
  mc = mcClient(emu);
  await emu.maxcompute.createTable('typed', {
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'price', type: 'decimal(10,2)' },
      { name: 'name', type: 'string' },
      { name: 'ok', type: 'boolean' },
      { name: 'score', type: 'double' },
      { name: 'at', type: 'datetime' },
    ],
  });
  await emu.maxcompute.insertRows('typed', [
    [9007199254740993n, '12.50', 'alice', true, 1.5, new Date('2024-01-02T03:04:05Z')],
    [-2n, '-0.01', null, false, -2.25, null],
  ]);
});

afterAll(async () => {
  await emu?.stop();
});

const EXPECTED = [
  { id: 9007199254740993n, price: '12.50', name: 'alice', ok: true, score: 1.5, at: new Date('2024-01-02T03:04:05Z') },
  { id: -2n, price: '-0.01', name: null, ok: false, score: -2.25, at: null },
];

describe('MaxCompute SQL against the emulator', () => {
  it('runs a query and reads typed rows through the instance tunnel', async () => {
    emu.maxcompute.clearRequestCounts();
    const result = await mc.runSql('SELECT id, price, name, ok, score, at FROM typed ORDER BY id DESC');
    expect(result.instanceId).toBeTruthy();
    expect(await collect(result.rows())).toEqual(EXPECTED);
    expect(emu.maxcompute.requestCount('DownloadInstanceRecords')).toBeGreaterThan(0);
    expect(emu.maxcompute.requestCount('GetInstanceResult')).toBe(0);
  });

  it('falls back to the CSV result when the instance tunnel is turned off', async () => {
    const csv = mcClient(emu, { instanceTunnel: false });
    const result = await csv.runSql('SELECT id, price, name, ok, score, at FROM typed ORDER BY id DESC');
    expect(await collect(result.rows())).toEqual(EXPECTED);
  });

  it('falls back to the CSV result when the instance tunnel refuses the instance', async () => {
    const fault = emu.faults.inject('maxcompute', {
      status: 400,
      code: 'InstanceTypeNotSupported',
      match: { operation: 'CreateInstanceDownloadSession' },
    });
    try {
      const result = await mc.runSql('SELECT id, name FROM typed ORDER BY id');
      expect(await collect(result.rows())).toEqual([
        { id: -2n, name: null },
        { id: 9007199254740993n, name: 'alice' },
      ]);
      expect(fault.hits).toBeGreaterThan(0);
    } finally {
      fault.remove();
    }
  });

  it('reports instance id, task status, progress and the Logview URL while polling', async () => {
    emu.maxcompute.instanceRunDelayMs = 150;
    try {
      const job = await mc.beginRunSql('SELECT COUNT(*) AS n FROM typed', {
        hints: { 'odps.sql.type.system.odps2': true },
      });
      expect(job.state.instanceId).toMatch(/\S/);
      expect(job.state.logviewUrl).toMatch(/logview\/\?h=.*&p=.*&i=.*&token=/);
      const seen: SqlJobState[] = [];
      job.onProgress((s) => seen.push({ ...s }));
      const result = await job.pollUntilDone();
      expect(seen.some((s) => s.status === 'Running')).toBe(true);
      expect(seen.at(-1)).toMatchObject({ status: 'Terminated', taskStatus: 'Success', progress: 100 });
      expect(await collect(result.rows())).toEqual([{ n: 2n }]);
    } finally {
      emu.maxcompute.instanceRunDelayMs = 0;
    }
  });

  it('throws the failed task message as an SdkError', async () => {
    const error = await mc.runSql('SELECT no_such_column FROM typed').catch((e: unknown) => e);
    expect(isSdkError(error)).toBe(true);
    expect((error as { code: string }).code).toMatch(/^ODPS-\d{7}$/);
    expect((error as Error).message).toMatch(/no_such_column/);
    expect((error as { details: { instanceId: string } }).details.instanceId).toBeTruthy();
  });

  it('cancels a running job by terminating the instance', async () => {
    emu.maxcompute.instanceRunDelayMs = 60_000;
    try {
      const job = await mc.beginRunSql('SELECT * FROM typed');
      await job.cancel();
      const error = await job.pollUntilDone().catch((e: unknown) => e);
      expect(isSdkError(error)).toBe(true);
      expect((error as Error).message).toMatch(/cancel|terminat/i);
      expect(job.state.status).toBe('Terminated');
    } finally {
      emu.maxcompute.instanceRunDelayMs = 0;
    }
  });

  it('gives the text output of DDL and resumes a serialized poller', async () => {
    const job = await mc.beginRunSql('CREATE TABLE IF NOT EXISTS made_by_sql (k STRING, v BIGINT) LIFECYCLE 7');
    const resumed = mc.sqlJobPoller(job.serialize());
    const result = await resumed.pollUntilDone();
    expect(typeof (await result.text())).toBe('string');
    expect((await mc.getTable('made_by_sql')).lifecycle).toBe(7);
    const byId = await mc.sqlJobPoller(job.state.instanceId).pollUntilDone();
    expect(byId.instanceId).toBe(job.state.instanceId);
  });

  it('reads a 50,000-row result completely through the instance tunnel', async () => {
    await emu.maxcompute.createTable('big', {
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'tag', type: 'string' },
      ],
    });
    const rows = Array.from({ length: 50_000 }, (_, i) => [BigInt(i), `t${i % 7}`] as const);
    await emu.maxcompute.insertRows('big', rows as never);
    const result = await mc.runSql('SELECT id, tag FROM big');
    let count = 0;
    let sum = 0n;
    const ids = new Set<bigint>();
    for await (const row of result.rows()) {
      count++;
      sum += row.id as bigint;
      ids.add(row.id as bigint);
    }
    expect(count).toBe(50_000);
    expect(ids.size).toBe(50_000);
    expect(sum).toBe((49_999n * 50_000n) / 2n);
  });

  it('reads an instance result directly with readInstanceResult', async () => {
    const result = await mc.runSql('SELECT id FROM typed ORDER BY id');
    const rows = await collect(mc.readInstanceResult(result.instanceId, { rangeSize: 1 }));
    expect(rows).toEqual([{ id: -2n }, { id: 9007199254740993n }]);
    const missing = await collect(mc.readInstanceResult('20990101000000000gnosuchinst')).catch((e: unknown) => e);
    expect(isServiceError(missing)).toBe(true);
  });
});
