import type { RdsRunResult } from './types';

/** The fields of mysql2's result header the pool reads. */
interface ResultHeaderLike {
  affectedRows?: unknown;
  insertId?: unknown;
  changedRows?: unknown;
  warningStatus?: unknown;
  info?: unknown;
}

/** The rows of a result; a statement without rows (mysql2 gives a header object) yields `[]`. */
export function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : [];
}

/** The camelCase summary of a statement without rows; `insertId` as a bigint (AUTO_INCREMENT is 64-bit). */
export function toRunResult(result: unknown): RdsRunResult {
  const header = (
    Array.isArray(result) || typeof result !== 'object' || result === null ? {} : result
  ) as ResultHeaderLike;
  return {
    affectedRows: Number(header.affectedRows ?? 0),
    insertId: toBigInt(header.insertId),
    changedRows: Number(header.changedRows ?? 0),
    warningCount: Number(header.warningStatus ?? 0),
    info: typeof header.info === 'string' ? header.info : '',
  };
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  return 0n;
}
