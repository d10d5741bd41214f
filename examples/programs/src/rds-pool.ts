// @alikit/rds-pool: a query and a transaction against MySQL or MariaDB (there is no emulator for
// the MySQL protocol). The server is ALIKIT_MYSQL_URL, else mysql://root@127.0.0.1:3306/test;
// when nothing answers there, the program says so and ends normally.
// Run: npx tsx examples/programs/src/rds-pool.ts
import { pathToFileURL } from 'node:url';
import { isSdkError } from '@alikit/core';
import { createRdsPool } from '@alikit/rds-pool';

const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/test';
const ROWS = [
  { sku: 'tea', qty: 2 },
  { sku: 'coffee', qty: 1 },
];

/** Reads the server version, inserts rows in one transaction, reads them back and drops the table. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const url = process.env.ALIKIT_MYSQL_URL ?? DEFAULT_URL;
  // createRdsPool checks the URL (without echoing it) and connects on the first call.
  const pool = createRdsPool({ uri: url, max: 2, connectTimeoutMs: 1000, acquireTimeoutMs: 2000 });
  const shown = new URL(url);
  shown.password = ''; // never print a password
  try {
    let version: string | undefined;
    try {
      const rows = await pool.query<{ version: string }>('SELECT VERSION() AS version');
      version = rows[0]?.version;
    } catch (error) {
      if (!isSdkError(error) || !['ERR_NETWORK', 'ERR_TIMEOUT'].includes(error.code)) throw error;
      out(`no MySQL server answers at ${shown} (${error.code}); set ALIKIT_MYSQL_URL to run this example`);
      return;
    }
    out(`connected to ${shown}: server ${version}`);

    const table = `alikit_example_${process.pid}_${Date.now().toString(36)}`;
    await pool.run(`CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(40), qty INT)`);
    try {
      // Both INSERTs commit together, or neither does (the callback throwing rolls back).
      await pool.transaction(async (tx) => {
        for (const row of ROWS) await tx.run(`INSERT INTO ${table} (sku, qty) VALUES (?, ?)`, [row.sku, row.qty]);
      });
      const rows = await pool.query<{ sku: string; qty: number }>(`SELECT sku, qty FROM ${table} ORDER BY id`);
      out(`transaction committed; read back: ${rows.map((r) => `${r.sku}×${r.qty}`).join(', ')}`);
      if (JSON.stringify(rows) !== JSON.stringify(ROWS))
        throw new Error('the rows read back differ from the rows written');
    } finally {
      await pool.run(`DROP TABLE IF EXISTS ${table}`);
    }
    const metrics = pool.metrics();
    out(
      `pool: ${metrics.total} open, ${metrics.acquires} acquires, wait p99 ${metrics.acquireWaitMs.p99.toFixed(1)} ms`,
    );
  } finally {
    await pool.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
