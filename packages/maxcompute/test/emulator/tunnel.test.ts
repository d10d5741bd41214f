import { isSdkError, isServiceError } from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaxComputeClient } from '../../src/index';
import { collect, mcClient, startMaxCompute } from './helpers';

let emu: Emulators<'maxcompute'>;
let mc: MaxComputeClient;

const ROWS = 2_500;

beforeAll(async () => {
  emu = await startMaxCompute();
  mc = mcClient(emu);
  await emu.maxcompute.createTable('events', {
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'name', type: 'string' },
    ],
    partitionKeys: [{ name: 'dt', type: 'string' }],
  });
  await emu.maxcompute.insertRows(
    'events',
    Array.from({ length: ROWS }, (_, i) => [BigInt(i), `event-${i}`]),
    { partition: { dt: '20240101' } },
  );
});

afterAll(async () => {
  await emu?.stop();
});

function expectExactlyOnce(rows: readonly Record<string, unknown>[]): void {
  expect(rows).toHaveLength(ROWS);
  rows.forEach((row, i) => {
    expect(row.id).toBe(BigInt(i));
  });
}

describe('MaxCompute table tunnel against the emulator', () => {
  it('downloads a partition in parallel ranges, in order, with the partition values added', async () => {
    emu.maxcompute.clearRequestCounts();
    const rows = await collect(
      mc.downloadTable('events', { partition: { dt: '20240101' }, rangeSize: 300, concurrency: 3 }),
    );
    expectExactlyOnce(rows);
    expect(rows[7]).toEqual({ id: 7n, name: 'event-7', dt: '20240101' });
    expect(emu.maxcompute.requestCount('DownloadTableRecords')).toBe(Math.ceil(ROWS / 300));
    expect(emu.maxcompute.requestCount('GetTunnelEndpoint')).toBeLessThanOrEqual(1);
  });

  it('downloads a subset of columns in the order asked for', async () => {
    const rows = await collect(
      mc.downloadTable('events', { partition: "dt='20240101'", columns: ['name', 'id'], rangeSize: 1000 }),
    );
    expect(rows[2]).toEqual({ name: 'event-2', id: 2n, dt: '20240101' });
    expect(Object.keys(rows[2] ?? {})).toEqual(['name', 'id', 'dt']);
  });

  it('resumes after connections reset mid-body, without duplicate or missing rows', async () => {
    // One attempt per request: the resume comes from the client re-reading from the first missing row.
    const fragile = mcClient(emu, { retry: { maxAttempts: 1 }, tunnelEndpoint: emu.maxcompute.tunnelEndpoint });
    emu.maxcompute.interruptDownloads(2_000, { times: 3, operation: 'DownloadTableRecords' });
    emu.maxcompute.clearRequestCounts();
    const rows = await collect(
      fragile.downloadTable('events', { partition: { dt: '20240101' }, rangeSize: 1_000, concurrency: 1 }),
    );
    expectExactlyOnce(rows);
    expect(emu.maxcompute.requestCount('DownloadTableRecords')).toBe(3 + 3);
  });

  it('re-requests the rest of a range whose body ends early (truncated stream)', async () => {
    let cut = 0;
    const truncating: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (cut < 2 && String(input instanceof Request ? input.url : input).includes('rowrange')) {
        cut++;
        const bytes = new Uint8Array(await res.arrayBuffer());
        return new Response(bytes.slice(0, Math.floor(bytes.length / 2)), { status: res.status, headers: res.headers });
      }
      return res;
    };
    const client = mcClient(emu, { fetch: truncating });
    const rows = await collect(client.downloadTable('events', { partition: { dt: '20240101' }, rangeSize: 1_000 }));
    expectExactlyOnce(rows);
    expect(cut).toBe(2);
  });

  it('fails with ERR_CHECKSUM when a range stays truncated after maxResumes', async () => {
    const alwaysShort: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).includes('rowrange')) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      return new Response(bytes.slice(0, bytes.length >> 1), { status: res.status, headers: res.headers });
    };
    const client = mcClient(emu, { fetch: alwaysShort });
    const error = await collect(client.downloadTable('events', { partition: { dt: '20240101' }, maxResumes: 1 })).catch(
      (e: unknown) => e,
    );
    expect(isSdkError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_CHECKSUM');
    expect((error as Error).message).toMatch(/truncated|footer|ends/i);
  });

  it('fails with ERR_CHECKSUM naming the record when a body stays corrupted', async () => {
    const corrupting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).includes('rowrange')) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      // The first record is "08 <id> 12 <len> event-…": change a letter of its name.
      const at = bytes.indexOf(0x65);
      bytes[at] = 0x45;
      return new Response(bytes, { status: res.status, headers: res.headers });
    };
    const client = mcClient(emu, { fetch: corrupting });
    const error = await collect(client.downloadTable('events', { partition: { dt: '20240101' }, maxResumes: 2 })).catch(
      (e: unknown) => e,
    );
    expect(isSdkError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('ERR_CHECKSUM');
    expect((error as Error).message).toMatch(/record 0: record checksum mismatch/);
  });

  it('reports a missing partition spec or partition with the tunnel error code', async () => {
    const missing = await collect(mc.downloadTable('events')).catch((e: unknown) => e);
    expect(isServiceError(missing)).toBe(true);
    const noSuch = await collect(mc.downloadTable('events', { partition: { dt: '19990101' } })).catch(
      (e: unknown) => e,
    );
    expect(isServiceError(noSuch)).toBe(true);
    expect((noSuch as { code: string }).code).toMatch(/NoSuchPartition/);
  });

  it('uploads rows from an async iterable into a new partition in several blocks, then reads them back', async () => {
    async function* source() {
      for (let i = 0; i < 1_200; i++) yield { id: BigInt(i), name: `up-${i}` };
    }
    const result = await mc.uploadTable('events', source(), { partition: { dt: '20240202' }, blockBytes: 4_096 });
    expect(result.recordCount).toBe(1_200);
    expect(result.blockCount).toBeGreaterThan(2);
    const back = await collect(mc.downloadTable('events', { partition: { dt: '20240202' } }));
    expect(back).toHaveLength(1_200);
    expect(back[1_199]).toEqual({ id: 1_199n, name: 'up-1199', dt: '20240202' });
  });

  it('retries a failed block and overwrites a partition', async () => {
    const fault = emu.faults.inject('maxcompute', { status: 503, times: 1, match: { operation: 'UploadBlock' } });
    const client = mcClient(emu, { retry: { maxAttempts: 3, baseDelayMs: 1 } as never });
    const first = await client.uploadTable(
      'events',
      [
        [1n, 'a'],
        [2n, 'b'],
      ],
      { partition: { dt: '20240303' } },
    );
    expect(first.recordCount).toBe(2);
    expect(fault.hits).toBe(1);
    await client.uploadTable('events', [[3n, 'c']], { partition: { dt: '20240303' }, overwrite: true });
    const back = await collect(client.downloadTable('events', { partition: { dt: '20240303' } }));
    expect(back).toEqual([{ id: 3n, name: 'c', dt: '20240303' }]);
  });

  it('round-trips every mapped type: bigint, decimal text, dates, binary, arrays, maps and structs', async () => {
    await emu.maxcompute.createTable('all_types', {
      columns: [
        { name: 'b', type: 'bigint' },
        { name: 'd', type: 'decimal(20,4)' },
        { name: 'dt', type: 'datetime' },
        { name: 'day', type: 'date' },
        { name: 'ts', type: 'timestamp' },
        { name: 'bin', type: 'binary' },
        { name: 'arr', type: 'array<bigint>' },
        { name: 'm', type: 'map<string,double>' },
        { name: 's', type: 'struct<x:int,y:string>' },
        { name: 'i', type: 'int' },
      ],
    });
    const row = {
      b: -9223372036854775807n,
      d: '123456.7890',
      dt: new Date('1999-12-31T23:59:59.999Z'),
      day: new Date('2024-02-29T00:00:00Z'),
      ts: new Date('2024-01-01T00:00:00.123Z'),
      bin: new Uint8Array([0, 255, 10]),
      arr: [1n, null, 3n],
      m: new Map<string, number | null>([
        ['k', 1.5],
        ['n', null],
      ]),
      s: { x: 7, y: 'why' },
      i: -5,
    };
    await mc.uploadTable('all_types', [row, {}]);
    const back = await collect(mc.downloadTable('all_types'));
    expect(back).toHaveLength(2);
    expect(back[0]).toEqual(row);
    expect(back[1]).toEqual(Object.fromEntries(Object.keys(row).map((k) => [k, null])));
  });

  it('names the row and column of a value that does not fit, before writing a block', async () => {
    const error = await mc
      .uploadTable('events', [{ id: 'x', name: 'a' }], { partition: { dt: '20240404' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/row 0.*id/);
  });
});
