import { isServiceError } from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaxComputeClient } from '../../src/index';
import { collect, mcClient, startMaxCompute } from './helpers';

let emu: Emulators<'maxcompute'>;
let mc: MaxComputeClient;

beforeAll(async () => {
  emu = await startMaxCompute();
  mc = mcClient(emu);
  await emu.maxcompute.createTable('sales', {
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'amount', type: 'decimal(18,2)' },
    ],
    partitionKeys: [{ name: 'ds', type: 'string' }],
    comment: 'daily sales',
    lifecycle: 30,
  });
  await emu.maxcompute.createTable('sales_archive', { columns: [{ name: 'id', type: 'bigint' }] });
  await emu.maxcompute.createTable('users', { columns: [{ name: 'name', type: 'string' }] });
  for (const ds of ['20240101', '20240102', '20240103']) {
    await emu.maxcompute.insertRows(
      'sales',
      [
        [1n, '1.50'],
        [2n, '2.25'],
      ],
      { partition: { ds } },
    );
  }
});

afterAll(async () => {
  await emu?.stop();
});

describe('MaxCompute metadata against the emulator', () => {
  it('lists projects', async () => {
    emu.maxcompute.createProject('second_project');
    const names = (await collect(mc.listProjects())).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([emu.maxcompute.project, 'second_project']));
    const first = (await collect(mc.listProjects())).find((p) => p.name === emu.maxcompute.project);
    expect(first?.creationTime).toBeInstanceOf(Date);
  });

  it('lists tables by prefix, page by page', async () => {
    const pages = await collect(mc.listTables({ prefix: 'sales' }).byPage({ maxPageSize: 1 }));
    expect(pages.map((p) => p.items.map((t) => t.name))).toEqual([['sales'], ['sales_archive']]);
    expect(pages[0]?.continuationToken).toBeTruthy();
    const all = (await collect(mc.listTables())).map((t) => t.name);
    expect(all).toEqual(['sales', 'sales_archive', 'users']);
  });

  it('gets a table with its schema, partition keys, size and lifecycle', async () => {
    const table = await mc.getTable('sales');
    expect(table.name).toBe('sales');
    expect(table.project).toBe(emu.maxcompute.project);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'bigint'],
      ['amount', 'decimal(18,2)'],
    ]);
    expect(table.partitionKeys.map((c) => c.name)).toEqual(['ds']);
    expect(table.lifecycle).toBe(30);
    expect(table.comment).toBe('daily sales');
    expect(typeof table.size).toBe('number');
    expect(table.creationTime).toBeInstanceOf(Date);
    expect((await mc.getTable('users')).lifecycle).toBeUndefined();
  });

  it('says whether a table exists and names the missing table in the error', async () => {
    expect(await mc.tableExists('sales')).toBe(true);
    expect(await mc.tableExists('no_such_table')).toBe(false);
    const error = await mc.getTable('no_such_table').catch((e: unknown) => e);
    expect(isServiceError(error, 'NoSuchObject')).toBe(true);
    expect(String((error as Error).message)).toMatch(/no_such_table/);
    expect((error as { requestId?: string }).requestId).toBeTruthy();
  });

  it('lists partitions with their specs and record counts', async () => {
    const partitions = await collect(mc.listPartitions('sales'));
    expect(partitions.map((p) => p.spec)).toEqual([{ ds: '20240101' }, { ds: '20240102' }, { ds: '20240103' }]);
    expect(partitions[0]?.recordCount).toBe(2);
    const one = await collect(mc.listPartitions('sales', { partition: { ds: '20240102' } }));
    expect(one.map((p) => p.spec.ds)).toEqual(['20240102']);
    const pages = await collect(mc.listPartitions('sales').byPage({ maxPageSize: 2 }));
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
  });

  it('rejects a wrong secret with the service error, without leaking the secret', async () => {
    const bad = mcClient(emu, {
      credentials: { accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'WrongExampleSecret', source: 'test' },
      retry: { maxAttempts: 1 },
    });
    const error = await bad.getTable('sales').catch((e: unknown) => e);
    expect(isServiceError(error)).toBe(true);
    expect((error as { code: string }).code).toMatch(/SignatureNotMatch|Unauthorized/);
    expect(JSON.stringify(error)).not.toContain('WrongExampleSecret');
  });
});
