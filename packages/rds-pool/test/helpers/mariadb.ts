/**
 * Helpers for the tests that run against the real MariaDB (`ALIKIT_MYSQL_URL`, default
 * `mysql://root@127.0.0.1:3306/test`; `.ci/run` starts the server when it is not answering).
 *
 * The failover test flips the server-wide `read_only` flag, which would break any other test
 * writing at that moment. Every rds-pool test file that uses the database therefore holds the
 * advisory lock `alikit_rds_pool_tests` (MariaDB `GET_LOCK`) for its whole run, so these files run
 * one after another even when vitest runs files in parallel. Tests create their own users, tables
 * and databases under unique names and drop them afterwards.
 */

import { type Connection, createConnection } from 'mysql2/promise';
import { afterAll, beforeAll } from 'vitest';

export const MYSQL_URL = process.env.ALIKIT_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const LOCK_NAME = 'alikit_rds_pool_tests';
const LOCK_WAIT_S = 120;

/** The parts of the admin URL the tests reuse for other users. */
export const server = (() => {
  const url = new URL(MYSQL_URL);
  return {
    host: url.hostname,
    port: url.port === '' ? 3306 : Number(url.port),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'test',
  };
})();

let counter = 0;

/** A name no other test (or test process) uses at the same time. */
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** A connection as the server's administrator (the URL's user, root by default). */
export async function adminConnection(): Promise<Connection> {
  try {
    return await createConnection(MYSQL_URL);
  } catch (error) {
    throw new Error(
      `MariaDB is not answering at ${server.host}:${server.port} (ALIKIT_MYSQL_URL); start it (.ci/run does) before running these tests: ${(error as Error).message}`,
    );
  }
}

/**
 * Holds the rds-pool test lock for the file (see the module comment) and gives the file an admin
 * connection. Call it at the top level of a test file.
 */
export function useDatabaseSuite(): { admin: () => Connection } {
  let admin: Connection | undefined;
  let lock: Connection | undefined;
  beforeAll(
    async () => {
      lock = await adminConnection();
      const [rows] = await lock.query(`SELECT GET_LOCK(?, ?) AS ok`, [LOCK_NAME, LOCK_WAIT_S]);
      if ((rows as { ok: number }[])[0]?.ok !== 1) throw new Error(`could not take the ${LOCK_NAME} lock`);
      admin = await adminConnection();
      // A previous run that died mid-failover must not leave the server read-only.
      await admin.query('SET GLOBAL read_only = OFF');
    },
    (LOCK_WAIT_S + 10) * 1000,
  );
  afterAll(async () => {
    await admin?.end();
    await lock?.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]).catch(() => undefined);
    await lock?.end();
  });
  return {
    admin: () => {
      if (!admin) throw new Error('the admin connection is only available inside tests');
      return admin;
    },
  };
}

/** Creates a user with the given grants on the test database; returns its name. */
export async function createUser(
  admin: Connection,
  password: string,
  grants = 'SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX',
): Promise<string> {
  const name = uniqueName('alikit').slice(0, 80);
  await admin.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [name, password]);
  await admin.query(`GRANT ${grants} ON \`${server.database}\`.* TO ?@'%'`, [name]);
  return name;
}

export async function dropUser(admin: Connection, name: string): Promise<void> {
  await admin.query(`DROP USER IF EXISTS ?@'%'`, [name]);
}

/** Server thread ids of the sessions a user has open. */
export async function sessionsOf(admin: Connection, user: string): Promise<number[]> {
  const [rows] = await admin.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ?', [user]);
  return (rows as { id: number }[]).map((r) => Number(r.id));
}

/** `KILL <id>` every session of `user` (as an administrator would). */
export async function killSessionsOf(admin: Connection, user: string): Promise<number[]> {
  const ids = await sessionsOf(admin, user);
  for (const id of ids) await admin.query(`KILL ${Number(id)}`).catch(() => undefined);
  return ids;
}

/** A URL for `user` on the test server (password given separately). */
export function urlFor(user: string): string {
  return `mysql://${encodeURIComponent(user)}@${server.host}:${server.port}/${encodeURIComponent(server.database)}`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  stepMs = 25,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error('condition not met in time');
    await delay(stepMs);
  }
}
