import { isSdkError } from '@alikit/core';
import { createRdsPool, type RdsPool, type RdsPoolMetrics } from '@alikit/rds-pool';
import type { CheckResult, StepContext, TourStep } from '../step';

/** The database the step uses when `ALIKIT_MYSQL_URL` is not set (the MariaDB the CI starts). */
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';
/** How long the server may take to answer before the step is skipped. */
const ANSWER_WITHIN_MS = 1000;
/** Errors that mean nothing answered (as opposed to a server that answered with a refusal). */
const UNREACHABLE = new Set(['ERR_NETWORK', 'ERR_TIMEOUT']);

/** The rows the transaction inserts. */
export const ORDER_ROWS: ReadonlyArray<{ item: string; qty: number }> = [
  { item: 'tea', qty: 2 },
  { item: 'coffee', qty: 1 },
  { item: 'cocoa', qty: 3 },
];

/** Options of {@link createRdsStep}. */
export interface RdsStepOptions {
  /** The server to use. @defaultValue `ALIKIT_MYSQL_URL`, else {@link DEFAULT_MYSQL_URL} (read when the step runs) */
  url?: string | undefined;
}

/**
 * Step 9 of the tour: a query and a transaction through `createRdsPool` against a real MariaDB.
 * Without a database the step says so and is skipped (a passing check), so the tour still passes.
 */
export function createRdsStep(options: RdsStepOptions = {}): TourStep {
  return {
    name: 'rds',
    title: 'RDS MySQL pool: createRdsPool from @alikit/rds-pool against a real MariaDB (skipped without one)',
    run: (context) => runRdsStep(context, options.url ?? process.env.ALIKIT_MYSQL_URL ?? DEFAULT_MYSQL_URL),
  };
}

/** The tour's RDS step, using `ALIKIT_MYSQL_URL` or the default local MariaDB. */
export const rdsStep: TourStep = createRdsStep();

async function runRdsStep({ log, record }: StepContext, url: string): Promise<void> {
  const shown = withoutPassword(url);
  const pool = createRdsPool({
    uri: url,
    max: 2,
    connectTimeoutMs: ANSWER_WITHIN_MS,
    acquireTimeoutMs: ANSWER_WITHIN_MS,
  });
  try {
    const base = { subject: 'MariaDB (rds-pool)', action: 'SELECT VERSION()', expected: 'accepted' };
    let version: string;
    try {
      const rows = await pool.query<{ version: string }>('SELECT VERSION() AS version');
      version = rows[0]?.version ?? '(no row)';
    } catch (error) {
      if (!isSdkError(error)) throw error;
      if (UNREACHABLE.has(error.code)) {
        const cause = typeof error.details?.driverCode === 'string' ? error.details.driverCode : error.code;
        log(`  MariaDB is not reachable at ${shown} (${cause}): step skipped.`);
        log(
          `  Set ALIKIT_MYSQL_URL to a MySQL or MariaDB server that answers within ${ANSWER_WITHIN_MS / 1000} s to run it.`,
        );
        record({ ...base, expected: 'skipped', ok: true, outcome: 'skipped' });
        return;
      }
      record({ ...base, ok: false, outcome: error.code, errorMessage: error.message });
      return;
    }
    log(`  server ${shown}`);
    record({ ...base, ok: true, outcome: 'accepted', summary: version });
    record(await transactionRoundTrip(pool, log));
    logMetrics(log, pool.metrics());
  } finally {
    await pool.close();
  }
}

/**
 * Creates a table only this run uses, inserts the rows in one transaction, reads them back, shows
 * that a transaction which throws leaves nothing behind, and drops the table.
 */
async function transactionRoundTrip(pool: RdsPool, log: (line: string) => void): Promise<CheckResult> {
  const table = `alikit_tour_${process.pid}_${Date.now().toString(36)}`;
  const base = {
    subject: 'MariaDB (rds-pool)',
    action: `transaction: ${ORDER_ROWS.length} INSERTs`,
    expected: 'accepted',
  };
  let created = false;
  try {
    await pool.run(
      `CREATE TABLE ${table} (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(40) NOT NULL, qty INT NOT NULL) ENGINE=InnoDB`,
    );
    created = true;
    log(`  CREATE TABLE ${table}`);
    const inserted = await pool.transaction(async (tx) => {
      let affected = 0;
      for (const row of ORDER_ROWS) {
        affected += (await tx.run(`INSERT INTO ${table} (item, qty) VALUES (?, ?)`, [row.item, row.qty])).affectedRows;
      }
      return affected;
    });
    log(`  transaction committed: ${inserted} rows inserted`);

    const rolledBack = await pool
      .transaction(async (tx) => {
        await tx.run(`INSERT INTO ${table} (item, qty) VALUES (?, ?)`, ['mistake', 99]);
        throw new Error('abandoned on purpose');
      })
      .then(
        () => false,
        (error: unknown) => error instanceof Error && error.message === 'abandoned on purpose',
      );
    log(`  a transaction that threw after its INSERT: ${rolledBack ? 'rolled back' : 'NOT rolled back'}`);

    const rows = await pool.query<{ id: number; item: string; qty: number }>(
      `SELECT id, item, qty FROM ${table} ORDER BY id`,
    );
    log(`  read back: ${rows.map((r) => `#${r.id} ${r.item}×${r.qty}`).join(', ')}`);
    const same =
      rows.length === ORDER_ROWS.length &&
      rows.every((r, i) => r.item === ORDER_ROWS[i]?.item && r.qty === ORDER_ROWS[i]?.qty);
    const ok = same && rolledBack;
    return {
      ...base,
      ok,
      outcome: 'accepted',
      summary: `committed, ${rows.length} rows read back`,
      errorMessage: ok ? undefined : same ? 'the failed transaction was not rolled back' : 'the rows read back differ',
    };
  } catch (error) {
    if (!isSdkError(error)) throw error;
    return { ...base, ok: false, outcome: error.code, errorMessage: error.message };
  } finally {
    if (created) {
      const dropped = await pool.run(`DROP TABLE IF EXISTS ${table}`).then(
        () => true,
        () => false,
      );
      log(`  DROP TABLE ${table}${dropped ? '' : ' failed; drop it by hand'}`);
    }
  }
}

function logMetrics(log: (line: string) => void, metrics: RdsPoolMetrics): void {
  const wait = metrics.acquireWaitMs;
  log(
    `  pool.metrics(): ${metrics.total} open (${metrics.idle} idle, ${metrics.borrowed} borrowed), ` +
      `${metrics.connects} connect${metrics.connects === 1 ? '' : 's'}, ${metrics.acquires} acquires, ` +
      `wait p50 ${wait.p50.toFixed(1)} ms / p99 ${wait.p99.toFixed(1)} ms, ` +
      `${metrics.timeouts} timeouts, ${metrics.connectErrors} connect errors`,
  );
}

/** The URL as it may be shown: never with its password. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(ALIKIT_MYSQL_URL, not a valid URL)';
  }
}
