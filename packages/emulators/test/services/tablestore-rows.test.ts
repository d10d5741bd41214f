import {
  decodeDeleteRowResponse,
  decodeDescribeTableResponse,
  decodeFilter,
  decodeGetRowResponse,
  decodeListTableResponse,
  decodePutRowResponse,
  decodeUpdateRowResponse,
  decodeUpdateTableResponse,
  encodeColumnPaginationFilter,
  encodeCompositeColumnValueFilter,
  encodeDeleteRowRequest,
  encodeDeleteTableRequest,
  encodeDescribeTableRequest,
  encodeFilter,
  encodeGetRowRequest,
  encodeListTableRequest,
  encodePutRowRequest,
  encodeRow,
  encodeUpdateRowRequest,
  encodeUpdateTableRequest,
  type GetRowRequest,
  type PutRowRequest,
  type UpdateRowRequest,
} from '@alikit/tablestore/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import {
  attributeValue,
  createTableBody,
  keyBytes,
  ots,
  otsOk,
  pk,
  putBytes,
  rowOf,
  singleFilter,
  variant,
} from './tablestore-support';

let emu: Emulators<'tablestore'>;
// The emulators' clock: tests move it forward (TTL) and sign with it.
let clockMs = Date.now();
const now = () => new Date(clockMs);

beforeAll(async () => {
  emu = await startEmulators({ services: ['tablestore'], now });
  await otsOk(
    emu,
    'CreateTable',
    createTableBody(
      'users',
      [
        { name: 'tenant', type: 'string' },
        { name: 'id', type: 'integer' },
      ],
      { tableOptions: { timeToLive: -1, maxVersions: 3 } },
    ),
    (b) => b,
  );
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.tablestore.clearRowFaults();
});

const call = (operation: string, body: Uint8Array) => ots(emu, operation, body, { date: now() });
const ok = <T>(operation: string, body: Uint8Array, decode: (b: Uint8Array) => T) =>
  otsOk(emu, operation, body, decode, { date: now() });

const put = (request: Omit<PutRowRequest, 'condition'> & Partial<Pick<PutRowRequest, 'condition'>>) =>
  encodePutRowRequest({ condition: { rowExistence: 'ignore' }, ...request });
const get = (request: Omit<GetRowRequest, 'maxVersions'> & { maxVersions?: number }) =>
  encodeGetRowRequest({ maxVersions: 1, ...request });
const update = (request: Omit<UpdateRowRequest, 'condition'> & Partial<Pick<UpdateRowRequest, 'condition'>>) =>
  encodeUpdateRowRequest({ condition: { rowExistence: 'ignore' }, ...request });

async function getRow(tenant: string, id: bigint, extra: Partial<GetRowRequest> = {}) {
  const res = await ok(
    'GetRow',
    get({ tableName: 'users', primaryKey: keyBytes(['tenant', tenant], ['id', id]), ...extra }),
    decodeGetRowResponse,
  );
  return rowOf(res.row);
}

describe('tablestore emulator: tables', () => {
  it('describes a table with its schema, options with defaults, reserved throughput and indexes', async () => {
    await ok(
      'CreateTable',
      createTableBody('indexed', [{ name: 'k', type: 'string' }], {
        definedColumn: [{ name: 'city', type: 'string' }],
        reservedThroughput: { capacityUnit: { read: 5, write: 2 } },
        tableOptions: { maxVersions: 2 },
        indexMetas: [{ name: 'by_city', primaryKey: ['city'], indexUpdateMode: 'sync', indexType: 'global' }],
      }),
      (b) => b,
    );
    const described = await ok(
      'DescribeTable',
      encodeDescribeTableRequest({ tableName: 'indexed' }),
      decodeDescribeTableResponse,
    );
    expect(described.tableMeta.primaryKey).toEqual([{ name: 'k', type: 'string' }]);
    expect(described.tableMeta.definedColumn).toEqual([{ name: 'city', type: 'string' }]);
    expect(described.tableOptions).toMatchObject({ timeToLive: -1, maxVersions: 2, allowUpdate: true });
    expect(described.reservedThroughputDetails.capacityUnit).toEqual({ read: 5, write: 2 });
    expect(described.reservedThroughputDetails.lastIncreaseTime).toBe(BigInt(Math.floor(clockMs / 1000)));
    expect(described.tableStatus).toBe('active');
    expect(described.indexMetas?.map((m) => [m.name, m.primaryKey, m.indexType])).toEqual([
      ['by_city', ['city'], 'global'],
    ]);

    const updated = await ok(
      'UpdateTable',
      encodeUpdateTableRequest({
        tableName: 'indexed',
        reservedThroughput: { capacityUnit: { read: 1 } },
        tableOptions: { maxVersions: 5 },
      }),
      decodeUpdateTableResponse,
    );
    expect(updated.reservedThroughputDetails.capacityUnit).toEqual({ read: 1, write: 2 });
    expect(updated.tableOptions.maxVersions).toBe(5);

    const listed = await ok('ListTable', encodeListTableRequest(), decodeListTableResponse);
    expect(listed.tableNames).toEqual(['indexed', 'users']);
    await ok('DeleteTable', encodeDeleteTableRequest({ tableName: 'indexed' }), (b) => b);
    expect(emu.tablestore.tableNames()).toEqual(['users']);
  });

  it('refuses a duplicate table (409), a bad schema and bad options with OTSParameterInvalid', async () => {
    const duplicate = await call('CreateTable', createTableBody('users', [{ name: 'x', type: 'string' }]));
    expect([duplicate.status, duplicate.error?.code]).toEqual([409, 'OTSObjectAlreadyExist']);

    const cases: [Uint8Array, string][] = [
      [createTableBody('t1', []), 'The number of primary key columns must be in range: [1, 4]'],
      [
        createTableBody(
          't1',
          ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, type: 'string' as const })),
        ),
        'The number of primary key columns must be in range: [1, 4]',
      ],
      [createTableBody('1bad', [{ name: 'k', type: 'string' }]), "Invalid table name: '1bad'"],
      [
        createTableBody('t1', [{ name: 'k', type: 'integer', option: 'autoIncrement' }]),
        "The first primary key column 'k' can not be auto increment",
      ],
      [
        createTableBody('t1', [
          { name: 'k', type: 'string' },
          { name: 'n', type: 'string', option: 'autoIncrement' },
        ]),
        "Auto increment primary key column 'n' must be INTEGER",
      ],
      [
        createTableBody('t1', [{ name: 'k', type: 'string' }], { tableOptions: { timeToLive: 60 } }),
        'time_to_live must be -1 or at least 86400 seconds',
      ],
      [
        createTableBody('t1', [{ name: 'k', type: 'string' }], {
          indexMetas: [{ name: 'i', primaryKey: ['nope'], indexUpdateMode: 'sync', indexType: 'global' }],
        }),
        "Column 'nope' of index 'i'",
      ],
    ];
    for (const [body, message] of cases) {
      const res = await call('CreateTable', body);
      expect([res.status, res.error?.code]).toEqual([400, 'OTSParameterInvalid']);
      expect(res.error?.message).toContain(message);
    }
  });

  it('keeps the tables of each instance apart', async () => {
    const other = { date: now(), instanceName: 'second-instance' };
    const created = await ots(emu, 'CreateTable', createTableBody('users', [{ name: 'k', type: 'binary' }]), other);
    expect(created.status).toBe(200);
    expect(emu.tablestore.tableNames('second-instance')).toEqual(['users']);
    const described = await ots(emu, 'DescribeTable', encodeDescribeTableRequest({ tableName: 'users' }), other);
    expect(decodeDescribeTableResponse(described.body).tableMeta.primaryKey).toEqual([{ name: 'k', type: 'binary' }]);
    expect(emu.tablestore.rowCount('users', 'second-instance')).toBe(0);
  });

  it('answers 404 OTSObjectNotExist for every operation on a missing table', async () => {
    for (const [operation, body] of [
      ['DescribeTable', encodeDescribeTableRequest({ tableName: 'ghost' })],
      ['DeleteTable', encodeDeleteTableRequest({ tableName: 'ghost' })],
      ['GetRow', get({ tableName: 'ghost', primaryKey: keyBytes(['k', 'a']) })],
      ['PutRow', put({ tableName: 'ghost', row: putBytes([['k', 'a']], [['v', 'x']]) })],
    ] as const) {
      const res = await call(operation, body);
      expect([res.status, res.error?.code, res.error?.message]).toEqual([
        404,
        'OTSObjectNotExist',
        'Requested table does not exist.',
      ]);
    }
  });
});

describe('tablestore emulator: PutRow / GetRow', () => {
  it('stores a row and reads it back with server timestamps, versions and columns to get', async () => {
    const before = clockMs;
    const res = await ok(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'a'],
            ['id', 1n],
          ],
          [
            ['name', 'Ada'],
            ['age', { type: 'integer', value: 36 }],
            ['score', { type: 'double', value: 1.5 }],
            ['admin', true],
            ['blob', new Uint8Array([1, 2])],
          ],
        ),
      }),
      decodePutRowResponse,
    );
    expect(res.consumed.capacityUnit.write).toBe(1);
    expect(res.row).toBeUndefined();

    const row = await getRow('a', 1n);
    expect(row?.primaryKey).toEqual([
      { name: 'tenant', value: { type: 'string', value: 'a' } },
      { name: 'id', value: { type: 'integer', value: 1n } },
    ]);
    // Attribute columns come back sorted by name, each with a timestamp.
    expect(row?.attributes.map((a) => a.name)).toEqual(['admin', 'age', 'blob', 'name', 'score']);
    expect(row?.attributes.every((a) => a.timestamp === before)).toBe(true);
    expect(attributeValue(row, 'age')).toBe(36n);
    expect(attributeValue(row, 'blob')).toEqual(new Uint8Array([1, 2]));

    const some = await getRow('a', 1n, { columnsToGet: ['name', 'missing'] });
    expect(some?.attributes.map((a) => a.name)).toEqual(['name']);
    expect(await getRow('a', 1n, { columnsToGet: ['missing'] })).toBeUndefined();
    expect((await getRow('a', 1n, { columnsToGet: ['id'] }))?.attributes).toEqual([]);
    const sliced = await getRow('a', 1n, { startColumn: 'age', endColumn: 'name' });
    expect(sliced?.attributes.map((a) => a.name)).toEqual(['age', 'blob']);
  });

  it('keeps max_versions versions, returns them newest first, and selects by time range', async () => {
    const t = clockMs - 10_000; // written versions must be within the deviation from the server clock
    for (const offset of [1000, 2000, 3000, 4000]) {
      await ok(
        'UpdateRow',
        update({
          tableName: 'users',
          rowChange: putBytes(
            [
              ['tenant', 'v'],
              ['id', 1n],
            ],
            [['c', `at${offset}`, t + offset]],
          ),
        }),
        decodeUpdateRowResponse,
      );
    }
    const all = await getRow('v', 1n, { maxVersions: 10 });
    expect(all?.attributes.map((a) => [a.timestamp, a.value?.value])).toEqual([
      [t + 4000, 'at4000'],
      [t + 3000, 'at3000'],
      [t + 2000, 'at2000'],
    ]);
    const latest = await getRow('v', 1n);
    expect(latest?.attributes.map((a) => a.timestamp)).toEqual([t + 4000]);
    const ranged = await ok(
      'GetRow',
      encodeGetRowRequest({
        tableName: 'users',
        primaryKey: keyBytes(['tenant', 'v'], ['id', 1n]),
        timeRange: { startTime: BigInt(t + 2000), endTime: BigInt(t + 4000) },
      }),
      decodeGetRowResponse,
    );
    expect(rowOf(ranged.row)?.attributes.map((a) => a.timestamp)).toEqual([t + 3000, t + 2000]);
    const specific = await getRow('v', 1n, { timeRange: { specificTime: BigInt(t + 3000) } });
    expect(specific?.attributes.map((a) => a.value?.value)).toEqual(['at3000']);

    const tooOld = await call(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'v'],
            ['id', 2n],
          ],
          [['c', 'x', clockMs - 86_400_001]],
        ),
      }),
    );
    expect([tooOld.status, tooOld.error?.code]).toEqual([400, 'OTSParameterInvalid']);
    expect(tooOld.error?.message).toContain('deviates from the server time by more than 86400 seconds');
  });

  it('replaces the whole row on PutRow and answers an empty row for a missing key', async () => {
    await ok(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'r'],
            ['id', 1n],
          ],
          [
            ['a', '1'],
            ['b', '2'],
          ],
        ),
      }),
      decodePutRowResponse,
    );
    await ok(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'r'],
            ['id', 1n],
          ],
          [['c', '3']],
        ),
      }),
      decodePutRowResponse,
    );
    expect((await getRow('r', 1n))?.attributes.map((a) => a.name)).toEqual(['c']);
    const missing = await ok(
      'GetRow',
      get({ tableName: 'users', primaryKey: keyBytes(['tenant', 'r'], ['id', 2n]) }),
      decodeGetRowResponse,
    );
    expect(missing.row.byteLength).toBe(0);
    expect(missing.consumed.capacityUnit.read).toBe(1);
  });

  it('checks primary keys against the schema with the service messages', async () => {
    const cases: [Uint8Array, string][] = [
      [keyBytes(['tenant', 'a']), 'Validate PK size fail. Input: 1, Meta: 2.'],
      [keyBytes(['tenant', 'a'], ['nope', 1n]), 'Validate PK name fail. Input: nope, Meta: id.'],
      [keyBytes(['tenant', 'a'], ['id', 'x']), 'Validate PK type fail. Input: VT_STRING, Meta: VT_INTEGER'],
      [keyBytes(['tenant', { type: 'infMin' }], ['id', 1n]), 'can not be VT_INF_MIN'],
      [keyBytes(['tenant', 'x'.repeat(1025)], ['id', 1n]), 'exceeds the MaxLength: 1024 bytes'],
    ];
    for (const [key, message] of cases) {
      const res = await call('GetRow', get({ tableName: 'users', primaryKey: key }));
      expect([res.status, res.error?.code]).toEqual([400, 'OTSParameterInvalid']);
      expect(res.error?.message).toContain(message);
    }
    const noVersions = await call(
      'GetRow',
      encodeGetRowRequest({ tableName: 'users', primaryKey: keyBytes(['tenant', 'a'], ['id', 1n]) }),
    );
    expect(noVersions.error?.message).toBe('Neither max versions nor time range is set.');
  });

  it('refuses a PlainBuffer with a bad CRC-8 with OTSParameterInvalid and stores nothing', async () => {
    const row = putBytes(
      [
        ['tenant', 'crc'],
        ['id', 1n],
      ],
      [['v', 'x']],
    );
    const corrupt = new Uint8Array(row);
    corrupt[corrupt.length - 1] = ((corrupt[corrupt.length - 1] as number) + 1) & 0xff; // the row checksum
    const res = await call('PutRow', put({ tableName: 'users', row: corrupt }));
    expect([res.status, res.error?.code]).toEqual([400, 'OTSParameterInvalid']);
    expect(res.error?.message).toContain('Checksum mismatch in PlainBuffer of row');

    const cellCorrupt = new Uint8Array(row);
    const nameAt = Buffer.from(cellCorrupt).indexOf('crc');
    cellCorrupt[nameAt] = 'C'.charCodeAt(0); // changes the cell, not its stored checksum
    const cell = await call('PutRow', put({ tableName: 'users', row: cellCorrupt }));
    expect(cell.error?.message).toContain('cell checksum mismatch');
    expect(await getRow('crc', 1n)).toBeUndefined();

    const garbage = await call('PutRow', new Uint8Array([0x0a, 0x05, 0x75]));
    expect([garbage.status, garbage.error?.code]).toEqual([400, 'OTSParameterInvalid']);
  });

  it('refuses bad attribute columns', async () => {
    const cases: [Uint8Array, string][] = [
      [
        putBytes(
          [
            ['tenant', 'b'],
            ['id', 1n],
          ],
          [['1st', 'x']],
        ),
        "Invalid column name: '1st'",
      ],
      [
        putBytes(
          [
            ['tenant', 'b'],
            ['id', 1n],
          ],
          [['id', 'x']],
        ),
        'has the name of a primary key column',
      ],
      [
        putBytes(
          [
            ['tenant', 'b'],
            ['id', 1n],
          ],
          [['big', 'x'.repeat(2 * 1024 * 1024 + 1)]],
        ),
        "The length of attribute column: 'big' exceeded the MaxLength:2097152",
      ],
    ];
    for (const [row, message] of cases) {
      const res = await call('PutRow', put({ tableName: 'users', row }));
      expect([res.status, res.error?.code]).toEqual([400, 'OTSParameterInvalid']);
      expect(res.error?.message).toContain(message);
    }
  });
});

describe('tablestore emulator: conditions', () => {
  const key = (): [string, bigint | string][] => [
    ['tenant', 'cond'],
    ['id', 1n],
  ];

  it('checks row existence: EXPECT_NOT_EXIST, EXPECT_EXIST, IGNORE', async () => {
    const first = await call(
      'PutRow',
      put({ tableName: 'users', row: putBytes(key(), [['n', 'v1']]), condition: { rowExistence: 'expectNotExist' } }),
    );
    expect(first.status).toBe(200);
    const again = await call(
      'PutRow',
      put({ tableName: 'users', row: putBytes(key(), [['n', 'v2']]), condition: { rowExistence: 'expectNotExist' } }),
    );
    expect([again.status, again.error?.code, again.error?.message]).toEqual([
      403,
      'OTSConditionCheckFail',
      'Condition check failed.',
    ]);
    const missing = await call(
      'UpdateRow',
      update({
        tableName: 'users',
        rowChange: putBytes(
          [
            ['tenant', 'cond'],
            ['id', 2n],
          ],
          [['n', 'x']],
        ),
        condition: { rowExistence: 'expectExist' },
      }),
    );
    expect([missing.status, missing.error?.code]).toEqual([403, 'OTSConditionCheckFail']);
    expect(await getRow('cond', 2n)).toBeUndefined();
  });

  it('checks single and composite column conditions, honouring filter_if_missing', async () => {
    await ok(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(key(), [
          ['n', 'v1'],
          ['count', 5n],
        ]),
      }),
      decodePutRowResponse,
    );
    const attempt = (columnCondition: Uint8Array) =>
      call(
        'UpdateRow',
        update({
          tableName: 'users',
          rowChange: putBytes(key(), [['touched', true]]),
          condition: { rowExistence: 'expectExist', columnCondition },
        }),
      );

    expect((await attempt(singleFilter('n', 'equal', variant.string('v1')))).status).toBe(200);
    expect((await attempt(singleFilter('n', 'equal', variant.string('other')))).error?.code).toBe(
      'OTSConditionCheckFail',
    );
    expect((await attempt(singleFilter('count', 'greaterThan', variant.integer(4n)))).status).toBe(200);
    expect((await attempt(singleFilter('count', 'lessThan', variant.integer(5n)))).error?.code).toBe(
      'OTSConditionCheckFail',
    );
    // A missing column passes unless filter_if_missing is set.
    expect((await attempt(singleFilter('absent', 'equal', variant.string('x')))).status).toBe(200);
    expect(
      (await attempt(singleFilter('absent', 'equal', variant.string('x'), { filterIfMissing: true }))).error?.code,
    ).toBe('OTSConditionCheckFail');

    const composite = (combinator: 'and' | 'or' | 'not', ...subFilters: Uint8Array[]) =>
      encodeFilter({
        type: 'compositeColumnValue',
        filter: encodeCompositeColumnValueFilter({
          combinator,
          subFilters: subFilters.map((f) => ({ type: 'singleColumnValue' as const, filter: decodeInner(f) })),
        }),
      });
    const yes = singleFilter('n', 'equal', variant.string('v1'));
    const no = singleFilter('n', 'equal', variant.string('nope'));
    expect((await attempt(composite('and', yes, yes))).status).toBe(200);
    expect((await attempt(composite('and', yes, no))).error?.code).toBe('OTSConditionCheckFail');
    expect((await attempt(composite('or', no, yes))).status).toBe(200);
    expect((await attempt(composite('not', no))).status).toBe(200);
    expect((await attempt(composite('not', yes))).error?.code).toBe('OTSConditionCheckFail');
    const badNot = await attempt(composite('not', yes, no));
    expect(badNot.error?.message).toContain('NOT requires exactly one sub filter');
  });
});

/** The inner SingleColumnValueFilter bytes of a serialized Filter. */
function decodeInner(filter: Uint8Array): Uint8Array {
  return decodeFilter(filter).filter;
}

describe('tablestore emulator: UpdateRow / DeleteRow / auto-increment', () => {
  it('applies put, delete-one-version, delete-all and increment, and returns columns after modify', async () => {
    const key = pk(['tenant', 'u'], ['id', 1n]);
    await ok(
      'PutRow',
      put({
        tableName: 'users',
        row: encodeRow({
          primaryKey: key,
          attributes: [
            { name: 'hits', value: 10n },
            { name: 'old', value: 'x' },
            { name: 'v', value: 'a', timestamp: clockMs - 200 },
          ],
        }),
      }),
      decodePutRowResponse,
    );
    await ok(
      'UpdateRow',
      update({
        tableName: 'users',
        rowChange: encodeRow({ primaryKey: key, attributes: [{ name: 'v', value: 'b', timestamp: clockMs - 100 }] }),
      }),
      decodeUpdateRowResponse,
    );
    const res = await ok(
      'UpdateRow',
      update({
        tableName: 'users',
        rowChange: encodeRow({
          primaryKey: key,
          attributes: [
            { name: 'hits', value: 5n, updateType: 'increment' },
            { name: 'old', updateType: 'deleteAll' },
            { name: 'v', updateType: 'delete', timestamp: clockMs - 100 },
            { name: 'fresh', value: 'new' },
          ],
        }),
        returnContent: { returnType: 'afterModify', returnColumnNames: ['hits'] },
      }),
      decodeUpdateRowResponse,
    );
    expect(rowOf(res.row)?.attributes.map((a) => [a.name, a.value?.value])).toEqual([['hits', 15n]]);
    const row = await getRow('u', 1n);
    expect(row?.attributes.map((a) => [a.name, a.value?.value])).toEqual([
      ['fresh', 'new'],
      ['hits', 15n],
      ['v', 'a'],
    ]);

    const badIncrement = await call(
      'UpdateRow',
      update({
        tableName: 'users',
        rowChange: encodeRow({ primaryKey: key, attributes: [{ name: 'fresh', value: 1n, updateType: 'increment' }] }),
      }),
    );
    expect([badIncrement.status, badIncrement.error?.code]).toEqual([400, 'OTSParameterInvalid']);
    expect(badIncrement.error?.message).toContain("'fresh' holds a string value");

    // Deleting every column removes the row.
    await ok(
      'UpdateRow',
      update({
        tableName: 'users',
        rowChange: encodeRow({
          primaryKey: key,
          attributes: ['fresh', 'hits', 'v'].map((name) => ({ name, updateType: 'deleteAll' as const })),
        }),
      }),
      decodeUpdateRowResponse,
    );
    expect(await getRow('u', 1n)).toBeUndefined();
  });

  it('deletes rows, with conditions and RT_PK', async () => {
    await ok(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'd'],
            ['id', 1n],
          ],
          [['v', 'x']],
        ),
      }),
      decodePutRowResponse,
    );
    const deleteBody = (condition: 'ignore' | 'expectExist') =>
      encodeDeleteRowRequest({
        tableName: 'users',
        primaryKey: encodeRow({ primaryKey: pk(['tenant', 'd'], ['id', 1n]), deleteMarker: true }),
        condition: { rowExistence: condition },
        returnContent: { returnType: 'primaryKey' },
      });
    const res = await ok('DeleteRow', deleteBody('expectExist'), decodeDeleteRowResponse);
    expect(rowOf(res.row)?.primaryKey.map((c) => c.value.type)).toEqual(['string', 'integer']);
    expect(await getRow('d', 1n)).toBeUndefined();
    expect((await call('DeleteRow', deleteBody('expectExist'))).error?.code).toBe('OTSConditionCheckFail');
    expect((await call('DeleteRow', deleteBody('ignore'))).status).toBe(200);
  });

  it('generates increasing auto-increment values, returned with RT_PK', async () => {
    await ok(
      'CreateTable',
      createTableBody('events', [
        { name: 'stream', type: 'string' },
        { name: 'seq', type: 'integer', option: 'autoIncrement' },
      ]),
      (b) => b,
    );
    const seqs: bigint[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await ok(
        'PutRow',
        put({
          tableName: 'events',
          row: putBytes(
            [
              ['stream', 's'],
              ['seq', { type: 'autoIncrement' }],
            ],
            [['i', BigInt(i)]],
          ),
          returnContent: { returnType: 'primaryKey' },
        }),
        decodePutRowResponse,
      );
      const value = rowOf(res.row)?.primaryKey[1]?.value;
      expect(value?.type).toBe('integer');
      seqs.push((value as { value: bigint }).value);
    }
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(new Set(seqs).size).toBe(3);
    expect(emu.tablestore.rowCount('events')).toBe(3);

    const conditional = await call(
      'PutRow',
      put({
        tableName: 'events',
        row: putBytes(
          [
            ['stream', 's'],
            ['seq', { type: 'autoIncrement' }],
          ],
          [['i', 9n]],
        ),
        condition: { rowExistence: 'expectNotExist' },
      }),
    );
    expect(conditional.error?.message).toContain('must be IGNORE');
    const onPlainColumn = await call(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'x'],
            ['id', { type: 'autoIncrement' }],
          ],
          [['v', 'x']],
        ),
      }),
    );
    expect(onPlainColumn.error?.message).toContain("'id' is not an auto-increment column");
  });
});

describe('tablestore emulator: table options on writes', () => {
  it('refuses UpdateRow on a table with allow_update false, and a pagination filter as a condition', async () => {
    await ok(
      'CreateTable',
      createTableBody('frozen', [{ name: 'k', type: 'string' }], {
        tableOptions: { maxVersions: 1, allowUpdate: false },
      }),
      (b) => b,
    );
    await ok('PutRow', put({ tableName: 'frozen', row: putBytes([['k', 'a']], [['v', 'x']]) }), decodePutRowResponse);
    const res = await call(
      'UpdateRow',
      update({ tableName: 'frozen', rowChange: putBytes([['k', 'a']], [['v', 'y']]) }),
    );
    expect([res.status, res.error?.code]).toEqual([400, 'OTSParameterInvalid']);
    expect(res.error?.message).toContain('allow_update is false');

    const pagination = encodeFilter({
      type: 'columnPagination',
      filter: encodeColumnPaginationFilter({ offset: 0, limit: 1 }),
    });
    const condition = await call(
      'PutRow',
      put({
        tableName: 'frozen',
        row: putBytes([['k', 'a']], [['v', 'z']]),
        condition: { rowExistence: 'ignore', columnCondition: pagination },
      }),
    );
    expect(condition.error?.message).toBe('ColumnPaginationFilter is only allowed as a read filter.');
  });
});

describe('tablestore emulator: TTL, faults and view helpers', () => {
  it('hides cells older than the time to live', async () => {
    await ok(
      'CreateTable',
      createTableBody('ttl', [{ name: 'k', type: 'string' }], { tableOptions: { timeToLive: 86_400, maxVersions: 1 } }),
      (b) => b,
    );
    const read = async () => {
      const res = await ok('GetRow', get({ tableName: 'ttl', primaryKey: keyBytes(['k', 'a']) }), decodeGetRowResponse);
      return rowOf(res.row)?.attributes.map((a) => a.name) ?? [];
    };
    const start = clockMs;
    try {
      await ok('PutRow', put({ tableName: 'ttl', row: putBytes([['k', 'a']], [['old', 'x']]) }), decodePutRowResponse);
      clockMs = start + 43_200_000; // half a day later
      await ok(
        'UpdateRow',
        update({ tableName: 'ttl', rowChange: putBytes([['k', 'a']], [['new', 'y']]) }),
        decodeUpdateRowResponse,
      );
      expect(await read()).toEqual(['new', 'old']);
      clockMs = start + 86_400_000 + 1000; // 'old' has outlived the day, 'new' has not
      expect(await read()).toEqual(['new']);
      clockMs = start + 2 * 86_400_000;
      expect(await read()).toEqual([]);
    } finally {
      clockMs = start;
    }
  });

  it('renders injected faults as protobuf errors: 503 → OTSServerBusy, or the code the rule names', async () => {
    emu.faults.inject('tablestore', { status: 503, times: 1, match: { operation: 'PutRow' } });
    const busy = await call(
      'PutRow',
      put({
        tableName: 'users',
        row: putBytes(
          [
            ['tenant', 'f'],
            ['id', 1n],
          ],
          [['v', 'x']],
        ),
      }),
    );
    expect([busy.status, busy.error?.code, busy.error?.message]).toEqual([503, 'OTSServerBusy', 'Server is busy.']);
    emu.faults.inject('tablestore', {
      status: 503,
      code: 'OTSPartitionUnavailable',
      times: 1,
      match: { operation: 'GetRow' },
    });
    const partition = await call(
      'GetRow',
      get({ tableName: 'users', primaryKey: keyBytes(['tenant', 'f'], ['id', 1n]) }),
    );
    expect([partition.status, partition.error?.code]).toEqual([503, 'OTSPartitionUnavailable']);
    expect(await getRow('f', 1n)).toBeUndefined();
  });

  it('counts requests per operation and rows per table', async () => {
    emu.tablestore.resetRequestCounts();
    await getRow('nobody', 1n);
    await getRow('nobody', 2n);
    expect(emu.tablestore.requestCount('GetRow')).toBe(2);
    expect(emu.tablestore.requestCount()).toBe(2);
    expect(emu.tablestore.rowCount('users')).toBe(emu.tablestore.rows('users').length);
    expect(() => emu.tablestore.rowCount('ghost')).toThrow(RangeError);
    expect(() => emu.tablestore.failRows({ probability: 2 })).toThrow(RangeError);
  });
});
