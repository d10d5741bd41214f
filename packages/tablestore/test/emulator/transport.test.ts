import { createServer } from 'node:net';
import { createNodeHttpFetch } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTable, TablestoreClient } from '../../src/index';
import { startTablestore } from './helpers';

let ctx: Awaited<ReturnType<typeof startTablestore>>;
const nodeHttpFetch = createNodeHttpFetch();
beforeAll(async () => {
  ctx = await startTablestore();
});
afterAll(() => ctx.emu.stop());

describe('the default node:http transport', () => {
  it('retries a reset connection for reads and gives ERR_NETWORK when it persists', async () => {
    ctx.emu.faults.inject('tablestore', { resetConnection: true, times: 1, match: { operation: 'ListTable' } });
    await expect(ctx.client.listTables()).resolves.toBeInstanceOf(Array);
    ctx.emu.faults.inject('tablestore', { resetConnection: true, times: 3, match: { operation: 'ListTable' } });
    await expect(ctx.client.listTables()).rejects.toMatchObject({ code: 'ERR_NETWORK', retryable: true });
    ctx.emu.faults.clear();
  });

  it('gives ERR_TIMEOUT when an attempt runs over timeoutMs, and retries it', async () => {
    // Generous margins: an undelayed answer arrives in milliseconds, a delayed one never in time.
    ctx.emu.faults.inject('tablestore', { delayMs: 3000, times: 1, match: { operation: 'ListTable' } });
    await expect(ctx.client.listTables({ timeoutMs: 500 })).resolves.toBeInstanceOf(Array);
    ctx.emu.faults.inject('tablestore', { delayMs: 3000, times: 3, match: { operation: 'ListTable' } });
    await expect(ctx.client.listTables({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    ctx.emu.faults.clear();
  });

  it('rejects with the abort reason while waiting for an answer', async () => {
    ctx.emu.faults.inject('tablestore', { delayMs: 1000, times: 1, match: { operation: 'ListTable' } });
    const reason = new Error('user gave up');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    await expect(ctx.client.listTables({ signal: controller.signal })).rejects.toBe(reason);
    ctx.emu.faults.clear();
  });

  it('reports a refused connection as ERR_NETWORK, even for a write', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new TablestoreClient({
      endpoint: `http://127.0.0.1:${port}`,
      instanceName: 'inst',
      credentials: { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'static' },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const table = client.table(defineTable({ name: 't', primaryKey: { id: 'string' } }));
    await expect(table.putRow({ id: 'a' })).rejects.toMatchObject({ code: 'ERR_NETWORK' });
  });

  it('passes headers given as a Headers object reads an error answer whole', async () => {
    const res = await nodeHttpFetch(`${ctx.emu.tablestore.endpoint}/ListTable`, {
      method: 'POST',
      headers: new Headers({ 'x-test': '1' }),
      body: new Uint8Array(0),
    });
    // Unsigned: the emulator answers with a protobuf error and the request id header.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get('x-ots-requestid')).toBeTruthy();
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('hands out the body once, as bytes of its own', async () => {
    const res = await nodeHttpFetch(`${ctx.emu.tablestore.endpoint}/ListTable`, {
      method: 'POST',
      body: new Uint8Array(0),
    });
    expect(res.ok).toBe(false);
    expect(res.bodyUsed).toBe(false);
    const bytes = await res.arrayBuffer();
    expect(bytes.byteLength).toBeGreaterThan(0);
    // Not a view into a larger pooled buffer.
    expect(new Uint8Array(bytes).byteLength).toBe(bytes.byteLength);
    expect(res.bodyUsed).toBe(true);
    await expect(res.arrayBuffer()).rejects.toBeInstanceOf(TypeError);
  });
});
