/**
 * Connection failures that need no database: a port nobody listens on, a server that accepts and
 * never speaks, one that hangs up at once. Real sockets on 127.0.0.1, port 0.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { SdkError } from '@alikit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRdsPool, type RdsConnectErrorEvent, type RdsPool } from '../../src/index';

const servers: Server[] = [];
const pools: RdsPool[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close({ timeoutMs: 100 })));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(onConnection: (socket: Socket) => void): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  const close = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  }) as typeof server.close;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { port: address.port, accepted: () => accepted };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return address.port;
}

function pool(port: number, options: Parameters<typeof createRdsPool>[0] = {}): RdsPool {
  const p = createRdsPool({ host: '127.0.0.1', port, user: 'app', password: 'Example-Pass-123', ...options });
  pools.push(p);
  return p;
}

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected a rejection');
}

describe('when the server cannot be reached', () => {
  it('fails acquirers fast with ERR_NETWORK instead of waiting out acquireTimeoutMs', async () => {
    const p = pool(await freePort(), { acquireTimeoutMs: 5000 });
    const attempts: RdsConnectErrorEvent[] = [];
    p.on('connectError', (e) => attempts.push(e));
    const started = Date.now();
    const errors = await Promise.all([rejection(p.query('SELECT 1')), rejection(p.query('SELECT 1'))]);
    expect(Date.now() - started).toBeLessThan(1000);
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'ERR_NETWORK', service: 'rds', operation: 'acquire', retryable: true });
      expect(error.details).toMatchObject({ driverCode: 'ECONNREFUSED', endpoint: 'primary' });
      expect(error.message).toMatch(/could not connect to primary \(127\.0\.0\.1:\d+\).*next attempt is in \d+ ms/);
    }
    expect(attempts.length).toBeLessThanOrEqual(2);
    expect(p.metrics()).toMatchObject({ total: 0, pending: 0, connectErrors: attempts.length });
    expect(p.metrics().endpoints[0]?.backoffMs).toBeGreaterThan(0);
  });

  it('keeps an idempotent read waiting through the pause until its budget, then reports the cause', async () => {
    const p = pool(await freePort(), {
      acquireTimeoutMs: 400,
      connectBackoff: { initialDelayMs: 50, maxDelayMs: 100 },
      retry: { maxAttempts: 50 },
    });
    const attempts: RdsConnectErrorEvent[] = [];
    p.on('connectError', (e) => attempts.push(e));
    const started = Date.now();
    const error = await rejection(p.query('SELECT 1', [], { idempotent: true }));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('ERR_NETWORK');
    expect(elapsed).toBeGreaterThan(150);
    expect(elapsed).toBeLessThan(2000);
    // Paced: one attempt per pause, not a loop.
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(10);
    expect(p.metrics().retries).toBeGreaterThanOrEqual(1);
  });

  it('gives up on a server that accepts but never answers after connectTimeoutMs', async () => {
    const server = await listen(() => {});
    const p = pool(server.port, { connectTimeoutMs: 200, acquireTimeoutMs: 3000 });
    const started = Date.now();
    const error = await rejection(p.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', operation: 'acquire' });
    expect(error.message).toMatch(/could not connect and log in within 200 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.accepted()).toBe(1);
  });

  it('reports an acquire timeout when the deadline comes before the connect timeout', async () => {
    const server = await listen(() => {});
    const p = pool(server.port, { connectTimeoutMs: 5000, acquireTimeoutMs: 150 });
    const error = await rejection(p.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', operation: 'acquire', retryable: true });
    expect(error.message).toMatch(/no connection to primary .* within \d+ ms/);
    expect(p.metrics().timeouts).toBe(1);
  });

  it('treats a server that hangs up at once as a network failure', async () => {
    const server = await listen((socket) => socket.destroy());
    const p = pool(server.port, { acquireTimeoutMs: 2000 });
    const error = await rejection(p.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ERR_NETWORK', operation: 'acquire', retryable: true });
  });

  it('aborts a connection attempt in progress on close', async () => {
    const server = await listen(() => {});
    const p = pool(server.port, { connectTimeoutMs: 10_000, acquireTimeoutMs: 10_000 });
    const pending = rejection(p.query('SELECT 1'));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await p.close({ timeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toMatchObject({ code: 'ERR_POOL_CLOSED' });
  });

  it('reports a failing password function as ERR_CREDENTIALS without retrying it in a loop', async () => {
    let calls = 0;
    const p = pool(await freePort(), {
      password: () => {
        calls++;
        throw new Error('secrets manager unavailable');
      },
    });
    const error = await rejection(p.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ERR_CREDENTIALS', operation: 'acquire', retryable: false });
    expect(error.message).toMatch(/the password function failed/);
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(1);
  });

  it('bounds a password function that never answers by connectTimeoutMs', async () => {
    const p = pool(await freePort(), { password: () => new Promise<string>(() => {}), connectTimeoutMs: 150 });
    const error = await rejection(p.query('SELECT 1'));
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', operation: 'acquire' });
  });

  it('never opens a connection before the first call, and a fresh pool closes cleanly', async () => {
    const server = await listen(() => {});
    const p = pool(server.port, { min: 3 });
    await new Promise((r) => setTimeout(r, 50));
    expect(server.accepted()).toBe(0);
    await p.close();
    expect(p.closed).toBe(true);
  });
});
