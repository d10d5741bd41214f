/**
 * Tablestore benchmarks against the in-process Tablestore emulator: putRow and getRow ops/s of our
 * client vs the raw `tablestore` 5.6.5 client (8 calls in flight each), the batch writer's rows/s
 * vs sequential putRow, and getRange rows/s (ours vs the raw client paging by hand).
 *
 * Both clients talk to the same emulator in the same process, so the emulator's own cost is in
 * both figures alike; the ratio shows the client-side difference.
 */
import { createRequire } from 'node:module';
import { defineTable, TablestoreClient } from '@alikit/tablestore';
import { startEmulators } from '../../packages/emulators/src/index';
import { compareAsync, type Row } from '../harness';

export const title = 'Tablestore into the emulator: ops/s and rows/s, ours vs tablestore 5.6.5';

// biome-ignore lint/suspicious/noExplicitAny: the package ships no types
const TableStore = createRequire(import.meta.url)('tablestore') as any;
const BASELINE = 'tablestore 5.6.5';
const CONCURRENCY = 8;
const RANGE_ROWS = 5000;
const WRITER_ROWS = 20_000;

function row(name: string, ours: number, baseline: number, baselineName: string): Row {
  return { name, baseline: baselineName, oursOpsPerSec: ours, baselineOpsPerSec: baseline, ratio: ours / baseline };
}

export async function run(): Promise<Row[]> {
  const emu = await startEmulators({ services: ['tablestore'] });
  try {
    const credentials = { ...emu.credentials, source: 'static' };
    const client = new TablestoreClient({
      endpoint: emu.tablestore.endpoint,
      instanceName: emu.tablestore.instanceName,
      credentials,
    });
    const raw = new TableStore.Client({
      accessKeyId: emu.credentials.accessKeyId,
      secretAccessKey: emu.credentials.accessKeySecret,
      endpoint: emu.tablestore.endpoint,
      instancename: emu.tablestore.instanceName,
    });
    const rawCall = <T>(method: string, params: object): Promise<T> =>
      new Promise((resolve, reject) => raw[method](params, (e: unknown, d: T) => (e ? reject(e) : resolve(d))));

    const items = defineTable({
      name: 'bench_items',
      primaryKey: { id: 'string', seq: 'integer' },
      attributes: { name: 'string', price: 'double', qty: 'integer' },
    });
    await client.createTable(items);
    const table = client.table(items);
    const ignore = new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
    let i = 0;
    const rows: Row[] = [];

    rows.push(
      await compareAsync({
        name: `putRow, ${CONCURRENCY} in flight`,
        baselineName: BASELINE,
        concurrency: CONCURRENCY,
        ours: () => table.putRow({ id: 'ours', seq: BigInt(i++ % 1000), name: 'widget', price: 9.5, qty: 3n }),
        baseline: () =>
          rawCall('putRow', {
            tableName: items.name,
            condition: ignore,
            primaryKey: [{ id: 'raw' }, { seq: TableStore.Long.fromNumber(i++ % 1000) }],
            attributeColumns: [{ name: 'widget' }, { price: 9.5 }, { qty: TableStore.Long.fromNumber(3) }],
          }),
      }),
    );
    rows.push(
      await compareAsync({
        name: `getRow, ${CONCURRENCY} in flight`,
        baselineName: BASELINE,
        concurrency: CONCURRENCY,
        ours: () => table.getRow({ id: 'ours', seq: BigInt(i++ % 1000) }),
        baseline: () =>
          rawCall('getRow', {
            tableName: items.name,
            primaryKey: [{ id: 'raw' }, { seq: TableStore.Long.fromNumber(i++ % 1000) }],
            maxVersions: 1,
          }),
      }),
    );

    // Batch writer vs sequential putRow (both ours): rows per second.
    const writer = client.createBatchWriter(items, { concurrency: 4 });
    let start = performance.now();
    for (let n = 0; n < WRITER_ROWS; n++) await writer.put({ id: 'writer', seq: BigInt(n), name: 'w', qty: BigInt(n) });
    await writer.close();
    const writerRate = (WRITER_ROWS * 1000) / (performance.now() - start);
    start = performance.now();
    let sequential = 0;
    while (performance.now() - start < 2000) {
      await table.putRow({ id: 'sequential', seq: BigInt(sequential), name: 's', qty: 1n });
      sequential++;
    }
    const sequentialRate = (sequential * 1000) / (performance.now() - start);
    rows.push(row('batch writer rows/s vs sequential putRow', writerRate, sequentialRate, 'ours, sequential putRow'));

    // getRange: scan RANGE_ROWS rows (the service's page limit is 5000 rows).
    await table.batchWrite(
      Array.from({ length: RANGE_ROWS }, (_, n) => ({
        type: 'put' as const,
        row: { id: 'range', seq: BigInt(n), name: `r${n}`, price: n / 2 },
      })),
    );
    const scanOurs = async () => {
      let count = 0;
      for await (const _ of table.getRange({ start: { id: 'range' }, end: { id: 'range_' } })) count++;
      return count;
    };
    const scanRaw = async () => {
      let count = 0;
      let next: unknown = [{ id: 'range' }, { seq: TableStore.INF_MIN }];
      while (next) {
        const res = await rawCall<{ rows: unknown[]; nextStartPrimaryKey: { name: string; value: unknown }[] | null }>(
          'getRange',
          {
            tableName: items.name,
            direction: TableStore.Direction.FORWARD,
            inclusiveStartPrimaryKey: next,
            exclusiveEndPrimaryKey: [{ id: 'range_' }, { seq: TableStore.INF_MIN }],
            maxVersions: 1,
          },
        );
        count += res.rows.length;
        next = res.nextStartPrimaryKey ? res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value })) : null;
      }
      return count;
    };
    if ((await scanOurs()) !== RANGE_ROWS || (await scanRaw()) !== RANGE_ROWS) throw new Error('range scan miscounted');
    const scans = await compareAsync(
      { name: 'getRange scan', baselineName: BASELINE, ours: scanOurs, baseline: scanRaw },
      { rounds: 7, roundMs: 1000 },
    );
    rows.push(
      row(
        `getRange rows/s (${RANGE_ROWS}-row scans)`,
        scans.oursOpsPerSec * RANGE_ROWS,
        scans.baselineOpsPerSec * RANGE_ROWS,
        BASELINE,
      ),
    );
    return rows;
  } finally {
    await emu.stop();
  }
}
