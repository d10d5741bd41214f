// @alikit/tablestore: declare a table, create it, write and read a row, load 200 rows with the
// batch writer, count them with a range scan, and see a failed row condition — against the Tablestore emulator.
// Run: npx tsx examples/programs/src/tablestore.ts
import { pathToFileURL } from 'node:url';
import { isSdkError } from '@alikit/core';
import { startEmulators } from '@alikit/emulators';
import { defineTable, INF_MAX, INF_MIN, TablestoreClient } from '@alikit/tablestore';

/** Sensor readings: one row per device and time; INTEGER columns are bigint both ways. */
const readings = defineTable({
  name: 'readings',
  primaryKey: { device: 'string', ts: 'integer' },
  attributes: { celsius: 'double', status: 'string', alarm: 'boolean' },
});
const ROWS = 200;

/** Creates a table, writes rows one by one and in bulk, scans them, and trips a condition. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['tablestore'] });
  try {
    // Against the real service: new TablestoreClient({ region: 'cn-hangzhou', instanceName: 'my-instance' }).
    const client = new TablestoreClient({
      endpoint: emu.tablestore.endpoint,
      instanceName: emu.tablestore.instanceName,
      credentials: { ...emu.credentials, source: 'emulator' },
    });
    await client.createTable(readings, { maxVersions: 1 });
    const description = await client.describeTable(readings.name);
    const keys = description.primaryKey.map((c) => `${c.name} ${c.type}`).join(', ');
    out(`created ${readings.name} (${description.status}): primary key ${keys}`);
    const table = client.table(readings);

    await table.putRow({ device: 'boiler-1', ts: 0n, celsius: 61.5, status: 'ok', alarm: false });
    const { row } = await table.getRow({ device: 'boiler-1', ts: 0n });
    out(`getRow: ${row?.device} ts=${row?.ts} ${row?.celsius} °C ${row?.status}`);
    if (row?.ts !== 0n || row.celsius !== 61.5 || row.alarm !== false) throw new Error('the row read back differs');

    // Rows are buffered and sent as BatchWriteRow requests; every row gets its own result.
    const writer = client.createBatchWriter(readings, { flushIntervalMs: 20 });
    const pending = [];
    for (let i = 1; i <= ROWS; i++) {
      pending.push(await writer.put({ device: 'sensor-7', ts: BigInt(i), celsius: 20 + (i % 10) / 10, status: 'ok' }));
    }
    await writer.close(); // flushes what is left
    const results = await Promise.all(pending.map((p) => p.result));
    const stats = writer.stats();
    out(`batch writer: ${stats.succeeded} written, ${stats.failed} failed, ${stats.requests} request(s)`);
    if (results.some((r) => !r.ok) || stats.succeeded !== ROWS) throw new Error(`not every row was written`);

    // A range scan follows the service's pages; INF_MIN/INF_MAX bound the ts column.
    let count = 0;
    let previous = 0n;
    for await (const r of table.getRange({
      start: { device: 'sensor-7', ts: INF_MIN },
      end: { device: 'sensor-7', ts: INF_MAX },
    })) {
      if (r.ts <= previous) throw new Error(`rows out of key order at ts=${r.ts}`);
      previous = r.ts;
      count++;
    }
    out(`getRange sensor-7: ${count} rows, ts 1..${previous}`);
    if (count !== ROWS) throw new Error(`expected ${ROWS} rows in the scan, got ${count}`);

    // rowExistence 'expectNotExist' makes putRow an insert: writing an existing row fails.
    const error = await table
      .putRow({ device: 'boiler-1', ts: 0n, celsius: 99, status: 'overwritten?' }, { rowExistence: 'expectNotExist' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (!isSdkError(error) || error.code !== 'OTSConditionCheckFail') {
      throw new Error(`expected OTSConditionCheckFail, got ${String(error)}`);
    }
    out(`insert over an existing row: ${error.code} (${error.status}), retryable ${error.retryable}`);
    const kept = await table.getRow({ device: 'boiler-1', ts: 0n });
    if (kept.row?.celsius !== 61.5) throw new Error('the failed insert changed the row');
    out(`boiler-1 unchanged: ${kept.row.celsius} °C`);
  } finally {
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
