import {
  decodeBatchGetRowResponse,
  decodeBatchWriteRowResponse,
  decodeGetRangeResponse,
  encodeBatchGetRowRequest,
  encodeBatchWriteRowRequest,
  encodeColumnPaginationFilter,
  encodeDeleteTableRequest,
  encodeFilter,
  encodeGetRangeRequest,
  encodePutRowRequest,
  encodeRow,
  type GetRangeRequest,
  ProtobufWriter,
  type RowInBatchWriteRowRequest,
  wireTypes,
} from '@alikit/tablestore/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { defaultTablestoreLimits } from '../../src/tablestore/tablestore-service';
import {
  createTableBody,
  keyBytes,
  ots,
  otsOk,
  pk,
  putBytes,
  rowOf,
  rowsOf,
  singleFilter,
  variant,
} from './tablestore-support';

let emu: Emulators<'tablestore'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['tablestore'] });
  await otsOk(
    emu,
    'CreateTable',
    createTableBody('items', [
      { name: 'shard', type: 'string' },
      { name: 'n', type: 'integer' },
    ]),
    (b) => b,
  );
  await otsOk(emu, 'CreateTable', createTableBody('other', [{ name: 'k', type: 'binary' }]), (b) => b);
});
afterAll(() => emu.stop());
afterEach(() => {
  emu.faults.clear();
  emu.tablestore.clearRowFaults();
  Object.assign(emu.tablestore.limits, defaultTablestoreLimits());
});

const putRow = (shard: string, n: number, attributes: [string, string | bigint | boolean][] = [['v', `v${n}`]]) =>
  ({
    type: 'put',
    rowChange: putBytes(
      [
        ['shard', shard],
        ['n', BigInt(n)],
      ],
      attributes,
    ),
    condition: { rowExistence: 'ignore' },
  }) satisfies RowInBatchWriteRowRequest;

async function writeRows(rows: RowInBatchWriteRowRequest[], tableName = 'items') {
  return otsOk(
    emu,
    'BatchWriteRow',
    encodeBatchWriteRowRequest({ tables: [{ tableName, rows }] }),
    decodeBatchWriteRowResponse,
  );
}

async function fill(shard: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 200) {
    const rows = Array.from({ length: Math.min(200, count - start) }, (_, i) => putRow(shard, start + i));
    const res = await writeRows(rows);
    expect(res.tables?.[0]?.rows?.every((r) => r.isOk)).toBe(true);
  }
}

const range = (request: Partial<GetRangeRequest> & { shard: string }) => {
  const { shard, ...rest } = request;
  return encodeGetRangeRequest({
    tableName: 'items',
    direction: 'forward',
    maxVersions: 1,
    inclusiveStartPrimaryKey: keyBytes(['shard', shard], ['n', { type: 'infMin' }]),
    exclusiveEndPrimaryKey: keyBytes(['shard', shard], ['n', { type: 'infMax' }]),
    ...rest,
  });
};
/** The `n` key of every row in a GetRange block. */
const ns = (rows: Uint8Array) =>
  rowsOf(rows).map((r) => {
    const value = r.primaryKey[1]?.value;
    if (value?.type !== 'integer') throw new Error('row has no integer n column');
    return Number(value.value);
  });

describe('tablestore emulator: BatchWriteRow', () => {
  it('writes put, update and delete rows with per-row results in request order', async () => {
    await fill('bw', 3);
    const res = await writeRows([
      putRow('bw', 10),
      {
        type: 'update',
        rowChange: encodeRow({
          primaryKey: pk(['shard', 'bw'], ['n', 1n]),
          attributes: [{ name: 'extra', value: 'e' }],
        }),
        condition: { rowExistence: 'expectExist' },
        returnContent: { returnType: 'primaryKey' },
      },
      {
        type: 'delete',
        rowChange: encodeRow({ primaryKey: pk(['shard', 'bw'], ['n', 2n]), deleteMarker: true }),
        condition: { rowExistence: 'ignore' },
      },
      { ...putRow('bw', 0), condition: { rowExistence: 'expectNotExist' } },
      { ...putRow('bw', 11), rowChange: putBytes([['shard', 'bw']], [['v', 'x']]) },
    ]);
    const rows = res.tables?.[0]?.rows ?? [];
    expect(res.tables?.[0]?.tableName).toBe('items');
    expect(rows.map((r) => r.isOk)).toEqual([true, true, true, false, false]);
    expect(rows[0]?.consumed?.capacityUnit.write).toBe(1);
    expect(rowOf(rows[1]?.row)?.primaryKey[1]?.value).toEqual({ type: 'integer', value: 1n });
    expect(rows[3]?.error).toEqual({ code: 'OTSConditionCheckFail', message: 'Condition check failed.' });
    expect(rows[4]?.error?.code).toBe('OTSParameterInvalid');
    expect(rows[4]?.error?.message).toContain('Validate PK size fail');
    expect(
      emu.tablestore
        .rows('items')
        .filter((r) => r.primaryKey['shard'] === 'bw')
        .map((r) => [r.primaryKey['n'], r.attributes]),
    ).toEqual([
      [0n, { v: 'v0' }],
      [1n, { extra: 'e', v: 'v1' }],
      [10n, { v: 'v10' }],
    ]);
  });

  it('reports a missing table per row and spans several tables', async () => {
    const res = await otsOk(
      emu,
      'BatchWriteRow',
      encodeBatchWriteRowRequest({
        tables: [
          { tableName: 'ghost', rows: [putRow('g', 1)] },
          {
            tableName: 'other',
            rows: [
              {
                type: 'put',
                rowChange: putBytes([['k', new Uint8Array([7])]], [['v', 'x']]),
                condition: { rowExistence: 'ignore' },
              },
            ],
          },
        ],
      }),
      decodeBatchWriteRowResponse,
    );
    expect(res.tables?.map((t) => [t.tableName, t.rows?.map((r) => r.isOk)])).toEqual([
      ['ghost', [false]],
      ['other', [true]],
    ]);
    expect(res.tables?.[0]?.rows?.[0]?.error?.code).toBe('OTSObjectNotExist');
  });

  it('accepts rows without a condition, as the npm client sends them', async () => {
    // RowInBatchWriteRowRequest { type = PUT, row_change } with the required condition left out.
    const row = new ProtobufWriter()
      .tag(1, wireTypes.varint)
      .int32(1)
      .tag(2, wireTypes.lengthDelimited)
      .bytes(putRow('nc', 1).rowChange)
      .finish();
    const table = new ProtobufWriter()
      .tag(1, wireTypes.lengthDelimited)
      .string('items')
      .tag(2, wireTypes.lengthDelimited)
      .bytes(row)
      .finish();
    const body = new ProtobufWriter().tag(1, wireTypes.lengthDelimited).bytes(table).finish();
    const res = await otsOk(emu, 'BatchWriteRow', body, decodeBatchWriteRowResponse);
    expect(res.tables?.[0]?.rows?.[0]?.isOk).toBe(true);
  });

  it('refuses more than 200 rows, more than 4 MB and duplicate keys with OTSParameterInvalid', async () => {
    const tooMany = await ots(
      emu,
      'BatchWriteRow',
      encodeBatchWriteRowRequest({
        tables: [{ tableName: 'items', rows: Array.from({ length: 201 }, (_, i) => putRow('lim', i)) }],
      }),
    );
    expect([tooMany.status, tooMany.error?.code, tooMany.error?.message]).toEqual([
      400,
      'OTSParameterInvalid',
      'Rows count exceeds the upper limit: 200 (got 201).',
    ]);
    emu.tablestore.limits.batchWriteRowMaxBytes = 1000;
    const tooBig = await ots(
      emu,
      'BatchWriteRow',
      encodeBatchWriteRowRequest({
        tables: [{ tableName: 'items', rows: [putRow('lim', 1, [['v', 'x'.repeat(1000)]])] }],
      }),
    );
    expect(tooBig.error?.message).toContain('exceeds the limit: 1000 bytes');
    const duplicate = await ots(
      emu,
      'BatchWriteRow',
      encodeBatchWriteRowRequest({ tables: [{ tableName: 'items', rows: [putRow('lim', 1), putRow('lim', 1)] }] }),
    );
    expect(duplicate.error?.message).toContain('duplicated primary key');
    expect(emu.tablestore.rows('items').some((r) => r.primaryKey['shard'] === 'lim')).toBe(false);
  });

  it('fails chosen rows with OTSServerBusy through failRows, writing only the others', async () => {
    const handle = emu.tablestore.failRows({ times: 2 });
    const res = await writeRows([putRow('busy', 1), putRow('busy', 2), putRow('busy', 3)]);
    expect(res.tables?.[0]?.rows?.map((r) => r.error?.code ?? 'ok')).toEqual(['OTSServerBusy', 'OTSServerBusy', 'ok']);
    expect(res.tables?.[0]?.rows?.[0]?.error?.message).toBe('Server is busy.');
    expect(handle.hits).toBe(2);
    expect(handle.active).toBe(false);
    expect(
      emu.tablestore
        .rows('items')
        .filter((r) => r.primaryKey['shard'] === 'busy')
        .map((r) => r.primaryKey['n']),
    ).toEqual([3n]);
  });

  it('fails a share of rows with probability, and a whole call through the fault injector', async () => {
    emu.tablestore.failRows({ probability: 0.5, code: 'OTSRowOperationConflict' });
    const res = await writeRows(Array.from({ length: 200 }, (_, i) => putRow('p', i)));
    const failed = res.tables?.[0]?.rows?.filter((r) => !r.isOk) ?? [];
    // 200 draws at p = 0.5: outside 40..160 has probability < 1e-17.
    expect(failed.length).toBeGreaterThan(40);
    expect(failed.length).toBeLessThan(160);
    expect(failed.every((r) => r.error?.code === 'OTSRowOperationConflict')).toBe(true);
    emu.tablestore.clearRowFaults();

    emu.faults.inject('tablestore', { status: 503, times: 1, match: { operation: 'BatchWriteRow' } });
    const busy = await ots(
      emu,
      'BatchWriteRow',
      encodeBatchWriteRowRequest({ tables: [{ tableName: 'items', rows: [putRow('p', 999)] }] }),
    );
    expect([busy.status, busy.error?.code]).toEqual([503, 'OTSServerBusy']);
  });
});

describe('tablestore emulator: BatchGetRow', () => {
  it('answers every key in request order, with per-row errors for a missing table and bad keys', async () => {
    await fill('bg', 5);
    const res = await otsOk(
      emu,
      'BatchGetRow',
      encodeBatchGetRowRequest({
        tables: [
          {
            tableName: 'items',
            maxVersions: 1,
            columnsToGet: ['v'],
            primaryKey: [
              keyBytes(['shard', 'bg'], ['n', 3n]),
              keyBytes(['shard', 'bg'], ['n', 99n]),
              keyBytes(['shard', 'bg'], ['n', 'x']),
              keyBytes(['shard', 'bg'], ['n', 0n]),
            ],
          },
          { tableName: 'ghost', maxVersions: 1, primaryKey: [keyBytes(['k', 'a'])] },
        ],
      }),
      decodeBatchGetRowResponse,
    );
    const [items, ghost] = res.tables ?? [];
    expect(items?.rows?.map((r) => r.isOk)).toEqual([true, true, false, true]);
    expect(rowOf(items?.rows?.[0]?.row)?.attributes.map((a) => a.value?.value)).toEqual(['v3']);
    expect(items?.rows?.[1]?.row?.byteLength).toBe(0);
    expect(items?.rows?.[2]?.error?.message).toContain('Validate PK type fail');
    expect(rowOf(items?.rows?.[3]?.row)?.attributes.map((a) => a.value?.value)).toEqual(['v0']);
    expect(ghost?.rows?.[0]?.error?.code).toBe('OTSObjectNotExist');
  });

  it('refuses more than 100 keys and duplicate keys, and fails rows through failRows', async () => {
    const keys = Array.from({ length: 101 }, (_, i) => keyBytes(['shard', 'bg'], ['n', BigInt(i)]));
    const tooMany = await ots(
      emu,
      'BatchGetRow',
      encodeBatchGetRowRequest({ tables: [{ tableName: 'items', maxVersions: 1, primaryKey: keys }] }),
    );
    expect([tooMany.status, tooMany.error?.message]).toEqual([
      400,
      'Rows count exceeds the upper limit: 100 (got 101).',
    ]);
    const dup = await ots(
      emu,
      'BatchGetRow',
      encodeBatchGetRowRequest({
        tables: [{ tableName: 'items', maxVersions: 1, primaryKey: [keys[0] as Uint8Array, keys[0] as Uint8Array] }],
      }),
    );
    expect(dup.error?.message).toContain('duplicated primary key');

    emu.tablestore.failRows({ operation: 'BatchGetRow', times: 1 });
    const res = await otsOk(
      emu,
      'BatchGetRow',
      encodeBatchGetRowRequest({ tables: [{ tableName: 'items', maxVersions: 1, primaryKey: keys.slice(0, 2) }] }),
      decodeBatchGetRowResponse,
    );
    expect(res.tables?.[0]?.rows?.map((r) => r.error?.code ?? 'ok')).toEqual(['OTSServerBusy', 'ok']);
  });
});

describe('tablestore emulator: GetRange', () => {
  beforeAll(() => fill('r', 30));

  it('scans forward and backward between INF_MIN / INF_MAX and concrete bounds', async () => {
    const all = await otsOk(emu, 'GetRange', range({ shard: 'r' }), decodeGetRangeResponse);
    expect(ns(all.rows)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(all.nextStartPrimaryKey).toBeUndefined();

    const middle = await otsOk(
      emu,
      'GetRange',
      range({
        shard: 'r',
        inclusiveStartPrimaryKey: keyBytes(['shard', 'r'], ['n', 5n]),
        exclusiveEndPrimaryKey: keyBytes(['shard', 'r'], ['n', 9n]),
      }),
      decodeGetRangeResponse,
    );
    expect(ns(middle.rows)).toEqual([5, 6, 7, 8]);

    const backward = await otsOk(
      emu,
      'GetRange',
      range({
        shard: 'r',
        direction: 'backward',
        inclusiveStartPrimaryKey: keyBytes(['shard', 'r'], ['n', 9n]),
        exclusiveEndPrimaryKey: keyBytes(['shard', 'r'], ['n', 5n]),
      }),
      decodeGetRangeResponse,
    );
    expect(ns(backward.rows)).toEqual([9, 8, 7, 6]);

    const empty = await otsOk(emu, 'GetRange', range({ shard: 'nothing-here' }), decodeGetRangeResponse);
    expect(empty.rows.byteLength).toBe(0);
    expect(empty.nextStartPrimaryKey).toBeUndefined();
  });

  it('stops at the limit with next_start_primary_key and pages to the end, in both directions', async () => {
    for (const direction of ['forward', 'backward'] as const) {
      const seen: number[] = [];
      let start = keyBytes(['shard', 'r'], ['n', { type: direction === 'forward' ? 'infMin' : 'infMax' }]);
      const end = keyBytes(['shard', 'r'], ['n', { type: direction === 'forward' ? 'infMax' : 'infMin' }]);
      for (let page = 0; page < 20; page++) {
        const res = await otsOk(
          emu,
          'GetRange',
          range({ shard: 'r', direction, limit: 7, inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: end }),
          decodeGetRangeResponse,
        );
        const got = ns(res.rows);
        expect(got.length).toBeLessThanOrEqual(7);
        seen.push(...got);
        if (!res.nextStartPrimaryKey) break;
        start = res.nextStartPrimaryKey;
      }
      const expected = Array.from({ length: 30 }, (_, i) => i);
      expect(seen).toEqual(direction === 'forward' ? expected : expected.reverse());
    }
  });

  it('caps a response at 5000 rows and at the byte limit', async () => {
    await fill('big', 5001);
    const res = await otsOk(emu, 'GetRange', range({ shard: 'big' }), decodeGetRangeResponse);
    expect(ns(res.rows)).toHaveLength(5000);
    expect(rowOf(res.nextStartPrimaryKey)?.primaryKey[1]?.value).toEqual({ type: 'integer', value: 5000n });

    emu.tablestore.limits.getRangeMaxBytes = 200;
    const small = await otsOk(emu, 'GetRange', range({ shard: 'r' }), decodeGetRangeResponse);
    const got = ns(small.rows);
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(30);
    expect(rowOf(small.nextStartPrimaryKey)?.primaryKey[1]?.value).toEqual({
      type: 'integer',
      value: BigInt(got.length),
    });
  });

  it('applies column filters, columns to get and column pagination', async () => {
    await writeRows([
      putRow('f', 1, [
        ['kind', 'a'],
        ['x', 1n],
      ]),
      putRow('f', 2, [
        ['kind', 'b'],
        ['x', 2n],
      ]),
      putRow('f', 3, [
        ['kind', 'a'],
        ['x', 3n],
      ]),
    ]);
    const filtered = await otsOk(
      emu,
      'GetRange',
      range({ shard: 'f', filter: singleFilter('kind', 'equal', variant.string('a')) }),
      decodeGetRangeResponse,
    );
    expect(ns(filtered.rows)).toEqual([1, 3]);
    const columns = await otsOk(emu, 'GetRange', range({ shard: 'f', columnsToGet: ['x'] }), decodeGetRangeResponse);
    expect(rowsOf(columns.rows).map((r) => r.attributes.map((a) => a.name))).toEqual([['x'], ['x'], ['x']]);
    const page = encodeFilter({
      type: 'columnPagination',
      filter: encodeColumnPaginationFilter({ offset: 1, limit: 1 }),
    });
    const paged = await otsOk(emu, 'GetRange', range({ shard: 'f', filter: page }), decodeGetRangeResponse);
    expect(rowsOf(paged.rows).map((r) => r.attributes.map((a) => a.name))).toEqual([['x'], ['x'], ['x']]);
  });

  it('refuses bounds in the wrong order, bad limits and keys that do not match the schema', async () => {
    const wrongOrder = await ots(emu, 'GetRange', range({ shard: 'r', direction: 'backward' }));
    expect([wrongOrder.status, wrongOrder.error?.message]).toEqual([
      400,
      'Begin key must more than end key in BACKWARD.',
    ]);
    const forward = await ots(
      emu,
      'GetRange',
      range({
        shard: 'r',
        inclusiveStartPrimaryKey: keyBytes(['shard', 'r'], ['n', 5n]),
        exclusiveEndPrimaryKey: keyBytes(['shard', 'r'], ['n', 5n]),
      }),
    );
    expect(forward.error?.message).toBe('Begin key must less than end key in FORWARD.');
    expect((await ots(emu, 'GetRange', range({ shard: 'r', limit: 0 }))).error?.message).toContain(
      'limit must be greater than 0',
    );
    const badKey = await ots(
      emu,
      'GetRange',
      range({ shard: 'r', inclusiveStartPrimaryKey: keyBytes(['shard', 'r']) }),
    );
    expect(badKey.error?.message).toContain('Validate PK size fail');
  });
});

describe('tablestore emulator: secondary indexes', () => {
  it('keeps a global index table in step with puts, updates and deletes, readable by GetRange and GetRow', async () => {
    await otsOk(
      emu,
      'CreateTable',
      createTableBody('people', [{ name: 'id', type: 'string' }], {
        definedColumn: [
          { name: 'city', type: 'string' },
          { name: 'age', type: 'integer' },
        ],
        indexMetas: [
          {
            name: 'people_by_city',
            primaryKey: ['city'],
            definedColumn: ['age'],
            indexUpdateMode: 'sync',
            indexType: 'global',
          },
        ],
      }),
      (b) => b,
    );
    const write = (rows: RowInBatchWriteRowRequest[]) =>
      otsOk(
        emu,
        'BatchWriteRow',
        encodeBatchWriteRowRequest({ tables: [{ tableName: 'people', rows }] }),
        decodeBatchWriteRowResponse,
      );
    const person = (id: string, attributes: [string, string | bigint][]) =>
      ({ type: 'put', rowChange: putBytes([['id', id]], attributes), condition: { rowExistence: 'ignore' } }) as const;
    await write([
      person('p1', [
        ['city', 'hz'],
        ['age', 30n],
      ]),
      person('p2', [
        ['city', 'bj'],
        ['age', 40n],
      ]),
      person('p3', [['age', 50n]]), // no city: not indexed
    ]);
    expect(emu.tablestore.rows('people_by_city').map((r) => [r.primaryKey, r.attributes])).toEqual([
      [{ city: 'bj', id: 'p2' }, { age: 40n }],
      [{ city: 'hz', id: 'p1' }, { age: 30n }],
    ]);

    await write([
      {
        type: 'update',
        rowChange: putBytes([['id', 'p2']], [['city', 'sh']]),
        condition: { rowExistence: 'expectExist' },
      },
      {
        type: 'delete',
        rowChange: encodeRow({ primaryKey: pk(['id', 'p1']), deleteMarker: true }),
        condition: { rowExistence: 'ignore' },
      },
    ]);
    const scan = await otsOk(
      emu,
      'GetRange',
      encodeGetRangeRequest({
        tableName: 'people_by_city',
        direction: 'forward',
        maxVersions: 1,
        inclusiveStartPrimaryKey: keyBytes(['city', { type: 'infMin' }], ['id', { type: 'infMin' }]),
        exclusiveEndPrimaryKey: keyBytes(['city', { type: 'infMax' }], ['id', { type: 'infMax' }]),
      }),
      decodeGetRangeResponse,
    );
    expect(
      rowsOf(scan.rows).map((r) => [
        r.primaryKey.map((c) => c.value.type === 'string' && c.value.value),
        r.attributes.map((a) => a.value?.value),
      ]),
    ).toEqual([[['sh', 'p2'], [40n]]]);

    const direct = await ots(
      emu,
      'PutRow',
      encodePutRowRequest({
        tableName: 'people_by_city',
        row: putBytes(
          [
            ['city', 'x'],
            ['id', 'y'],
          ],
          [['age', 1n]],
        ),
        condition: { rowExistence: 'ignore' },
      }),
    );
    expect([direct.status, direct.error?.code]).toEqual([400, 'OTSParameterInvalid']);
    expect(direct.error?.message).toContain('is an index table');

    const badIndex = await ots(
      emu,
      'CreateTable',
      createTableBody('t2', [{ name: 'id', type: 'string' }], {
        definedColumn: [{ name: 'score', type: 'double' }],
        indexMetas: [{ name: 'by_score', primaryKey: ['score'], indexUpdateMode: 'sync', indexType: 'global' }],
      }),
    );
    expect(badIndex.error?.message).toContain(
      "primary key column 'score' of index 'by_score' must be INTEGER, STRING or BINARY",
    );

    await otsOk(emu, 'DeleteTable', encodeDeleteTableRequest({ tableName: 'people' }), (b) => b);
    expect(() => emu.tablestore.rowCount('people_by_city')).toThrow(RangeError);
  });
});
