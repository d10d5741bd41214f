import { registerSecret } from '@alikit/core';
import { type Connection, type ConnectionOptions, createConnection } from 'mysql2';
import { PasswordProviderError, StatementTimeoutError } from './errors';
import type { RdsDriverOptions, ResolvedEndpoint } from './options';
import { PooledConnection } from './pooled-connection';

/** What opening one connection needs. */
export interface OpenConnectionInput {
  endpoint: ResolvedEndpoint;
  driverOptions: RdsDriverOptions;
  sessionInit: readonly string[];
  /** The whole budget: TCP, TLS, login, the server-variable read and `sessionInit`. */
  connectTimeoutMs: number;
  /** `maxLifetimeMs` (0 = none); the connection gets up to 2.5 % less, at random. */
  maxLifetimeMs: number;
  generation: number;
  random: () => number;
  /** Aborts the attempt (the pool is closing). */
  signal: AbortSignal;
}

/** Hikari's spread: lifetimes vary by up to 2.5 % so that connections do not all retire together. */
const LIFETIME_JITTER = 0.025;

/**
 * Opens, logs in and prepares one connection: resolves the password (calling the function, if it
 * is one), connects through mysql2 (a fresh DNS lookup each time, so a switched-over endpoint is
 * found), reads `wait_timeout` and `read_only`, and runs `sessionInit`. Everything runs under one
 * deadline; on any failure the socket is closed before the promise rejects.
 */
export async function openConnection(input: OpenConnectionInput): Promise<PooledConnection> {
  if (input.signal.aborted) throw new Error('the pool is closing');
  let stop: (reason: unknown) => void = ignore;
  // mysql2 never calls back once a connection is destroyed mid-handshake, and a password function
  // may hang; the deadline and the pool's abort settle the attempt themselves.
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(ignore);
  const deadline = setTimeout(
    () =>
      stop(
        new StatementTimeoutError(
          input.connectTimeoutMs,
          `could not connect and log in within ${input.connectTimeoutMs} ms`,
        ),
      ),
    input.connectTimeoutMs,
  );
  const onAbort = (): void => stop(new Error('the pool is closing'));
  input.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await connect(input, stopped);
  } finally {
    clearTimeout(deadline);
    input.signal.removeEventListener('abort', onAbort);
  }
}

async function connect(input: OpenConnectionInput, stopped: Promise<never>): Promise<PooledConnection> {
  const password = await Promise.race([resolvePassword(input.endpoint.password), stopped]);
  const { endpoint } = input;
  const config: ConnectionOptions = {
    supportBigNumbers: true,
    ...input.driverOptions,
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password,
    database: endpoint.database,
    // Our own deadline covers the password, login and sessionInit too, and says so; mysql2's is a backstop.
    connectTimeout: input.connectTimeoutMs + 1000,
    // mysql2 writes defaults into the object it is given; give it a copy.
    ssl: endpoint.ssl === undefined ? undefined : endpoint.ssl === 'required' ? {} : { ...endpoint.ssl },
  };
  const raw = createConnection(config);
  // A connection without an 'error' listener would crash the process on a late socket error; the
  // PooledConnection adds its own once it exists.
  raw.on('error', ignore);
  try {
    const setUp = (async () => {
      await new Promise<void>((resolve, reject) =>
        raw.connect((error: unknown) => (error ? reject(error) : resolve())),
      );
      const rows = (await run(raw, 'SELECT @@session.wait_timeout AS waitTimeout, @@global.read_only AS readOnly')) as {
        waitTimeout?: unknown;
        readOnly?: unknown;
      }[];
      for (const statement of input.sessionInit) await run(raw, statement);
      return rows[0];
    })();
    setUp.catch(ignore);
    const vars = await Promise.race([setUp, stopped]);
    const waitTimeout = Number(vars?.waitTimeout);
    const lifetimeMs =
      input.maxLifetimeMs > 0 ? input.maxLifetimeMs * (1 - LIFETIME_JITTER * input.random()) : Number.POSITIVE_INFINITY;
    return new PooledConnection(raw, {
      generation: input.generation,
      lifetimeMs,
      serverWaitTimeoutMs: Number.isFinite(waitTimeout) && waitTimeout > 0 ? waitTimeout * 1000 : undefined,
      serverReadOnly: vars?.readOnly === undefined ? undefined : Number(vars.readOnly) === 1,
    });
  } catch (error) {
    raw.destroy();
    (raw as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
    throw error;
  }
}

function ignore(): void {}

async function resolvePassword(password: ResolvedEndpoint['password']): Promise<string | undefined> {
  if (typeof password !== 'function') {
    registerSecret(password);
    return password;
  }
  let value: unknown;
  try {
    value = await password();
  } catch (error) {
    throw new PasswordProviderError('the password function failed', error);
  }
  if (typeof value !== 'string') {
    throw new PasswordProviderError(
      `the password function returned ${value === null ? 'null' : typeof value}, not a string`,
    );
  }
  registerSecret(value);
  return value;
}

function run(raw: Connection, sql: string): Promise<unknown> {
  return new Promise((resolve, reject) =>
    raw.query(sql, (error: unknown, result: unknown) => (error ? reject(error) : resolve(result))),
  );
}
