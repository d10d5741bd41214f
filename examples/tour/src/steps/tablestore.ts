import { isSdkError } from '@alikit/core';
import { defineTable, TablestoreClient } from '@alikit/tablestore';
import type { CheckResult, StepContext, TourStep } from '../step';

/** The table the tour creates: orders per customer, keyed by a sequence number. */
export const TOUR_ORDERS = defineTable({
  name: 'tour_orders',
  primaryKey: { customer: 'string', seq: 'integer' },
  attributes: { total: 'double', items: 'integer', paid: 'boolean' },
});
/** Customers the tour writes orders for. */
export const TOUR_CUSTOMERS = ['ann', 'bob', 'cai', 'dee'] as const;
/** Orders written per customer with the batch writer. */
export const ORDERS_PER_CUSTOMER = 100;

/** Order `seq` of a customer: deterministic, so the scan can check every value. */
export function tourOrder(customer: string, seq: number) {
  return { customer, seq: BigInt(seq), total: seq + 0.5, items: BigInt((seq % 5) + 1), paid: seq % 3 !== 0 };
}

function failed(base: Omit<CheckResult, 'ok' | 'outcome'>, error: unknown): CheckResult {
  return {
    ...base,
    ok: false,
    outcome: isSdkError(error) ? error.code : 'error',
    status: isSdkError(error) ? error.status : undefined,
    requestId: isSdkError(error) ? error.requestId : undefined,
    errorMessage: error instanceof Error ? error.message : String(error),
  };
}

/** The Tablestore step: create a table, write 400 rows with the batch writer under throttling, scan them. */
export const tablestoreStep: TourStep = {
  name: 'tablestore',
  title: 'Tablestore: TablestoreClient from @alikit/tablestore, batch writer under OTSServerBusy, range scan',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { tablestore } = emulators;
    const client = new TablestoreClient({
      endpoint: tablestore.endpoint,
      instanceName: tablestore.instanceName,
      credentials: { ...emulators.credentials, source: 'emulator' },
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
    });
    log(`  endpoint ${client.endpoint}, instance ${client.instanceName}`);

    const create = { subject: `table ${TOUR_ORDERS.name}`, action: 'createTable → describeTable', expected: 'active' };
    try {
      if ((await client.listTables()).includes(TOUR_ORDERS.name)) await client.deleteTable(TOUR_ORDERS.name);
      await client.createTable(TOUR_ORDERS, { maxVersions: 1, definedColumns: ['total'] });
      const description = await client.describeTable(TOUR_ORDERS.name);
      const keys = description.primaryKey.map((c) => `${c.name}:${c.type}`).join(', ');
      record({ ...create, ok: description.status === 'active', outcome: description.status, summary: `key ${keys}` });
    } catch (error) {
      record(failed(create, error));
      return;
    }

    const total = TOUR_CUSTOMERS.length * ORDERS_PER_CUSTOMER;
    const write = {
      subject: 'batch writer',
      action: `${total} rows, OTSServerBusy on 20% of calls and rows`,
      expected: `${total} written once`,
    };
    const callFault = emulators.faults.inject('tablestore', {
      status: 503,
      code: 'OTSServerBusy',
      probability: 0.2,
      match: { operation: 'BatchWriteRow' },
    });
    const rowFault = tablestore.failRows({ code: 'OTSServerBusy', probability: 0.2 });
    const writer = client.createBatchWriter(TOUR_ORDERS, { concurrency: 4, flushIntervalMs: 20, maxAttempts: 30 });
    try {
      const pending = [];
      for (let seq = 0; seq < ORDERS_PER_CUSTOMER; seq++) {
        for (const customer of TOUR_CUSTOMERS) pending.push(await writer.put(tourOrder(customer, seq)));
      }
      await writer.close();
      const results = await Promise.all(pending.map((p) => p.result));
      const stats = writer.stats();
      const stored = tablestore.rowCount(TOUR_ORDERS.name);
      const ok = results.every((r) => r.ok) && stored === total;
      record({
        ...write,
        ok,
        outcome: ok ? `${total} written once` : `${stats.succeeded} written, ${stats.failed} failed, ${stored} stored`,
        summary: 'every row has its own result',
      });
      log(
        `  ${stats.requests} BatchWriteRow requests, ${stats.retried} row sends repeated ` +
          `(${callFault.hits} throttled calls, ${rowFault.hits} throttled rows)`,
      );
    } catch (error) {
      record(failed(write, error));
      return;
    } finally {
      callFault.remove();
      rowFault.remove();
    }

    const scan = {
      subject: 'getRange',
      action: `scan bob's orders, pages of 40`,
      expected: `${ORDERS_PER_CUSTOMER} rows in key order`,
    };
    try {
      let rows = 0;
      let pages = 0;
      let inOrder = true;
      for await (const page of client
        .table(TOUR_ORDERS)
        .getRange({ start: { customer: 'bob' }, end: { customer: 'cai' } })
        .byPage({ maxPageSize: 40 })) {
        pages++;
        for (const row of page.items) {
          const expected = tourOrder('bob', rows);
          if (row.customer !== 'bob' || row.seq !== expected.seq || row.total !== expected.total) inOrder = false;
          rows++;
        }
      }
      const ok = inOrder && rows === ORDERS_PER_CUSTOMER;
      record({
        ...scan,
        ok,
        outcome: ok ? scan.expected : `${rows} rows${inOrder ? '' : ', out of order'}`,
        summary: `${pages} pages`,
      });
    } catch (error) {
      record(failed(scan, error));
    }

    const conditional = {
      subject: 'putRow',
      action: "rowExistence 'expectNotExist' on an existing order",
      expected: 'OTSConditionCheckFail',
    };
    try {
      await client.table(TOUR_ORDERS).putRow(tourOrder('ann', 0), { rowExistence: 'expectNotExist' });
      record({ ...conditional, ok: false, outcome: 'accepted' });
    } catch (error) {
      const code = isSdkError(error) ? error.code : 'error';
      record({
        ...conditional,
        ok: code === 'OTSConditionCheckFail',
        outcome: code,
        status: isSdkError(error) ? error.status : undefined,
        requestId: isSdkError(error) ? error.requestId : undefined,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
    }
  },
};
