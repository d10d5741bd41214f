/**
 * Light lexical checks on SQL text, used for read-your-writes and for leaving a borrowed session
 * as it was found. They look only at the leading keyword (after comments), never parse SQL, and
 * err on the safe side: anything not recognised as a plain read counts as a write.
 */

const LEADING_COMMENTS = /^(?:\s+|\/\*(?!!)[\s\S]*?\*\/|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$))*/;
const READ_KEYWORD = /^(?:select|show|describe|desc|explain|help)\b/i;
const LOCKING_OR_WRITING_READ =
  /\bfor\s+update\b|\bfor\s+share\b|\block\s+in\s+share\s+mode\b|\binto\s+(?:outfile|dumpfile|@)/i;
const OPENS_TRANSACTION = /^(?:start\s+transaction|begin\b|xa\s+(?:start|begin)\b)/i;
const CHANGES_SESSION =
  /^(?:lock\s+tables?\b|use\s|set\s+(?:session\s+|local\s+|@@session\.|@@local\.|@@)?(?:autocommit|transaction|tx_|transaction_|sql_mode|time_zone|names|character\s+set|charset|foreign_key_checks|unique_checks)\b)/i;

function head(sql: string): string {
  return sql.replace(LEADING_COMMENTS, '');
}

/** True for a statement that only reads: SELECT/SHOW/DESCRIBE/EXPLAIN without a locking or INTO clause. */
export function isReadStatement(sql: string): boolean {
  const text = head(sql);
  return READ_KEYWORD.test(text) && !LOCKING_OR_WRITING_READ.test(text);
}

/** True for `START TRANSACTION`, `BEGIN` and `XA START`. */
export function opensTransaction(sql: string): boolean {
  return OPENS_TRANSACTION.test(head(sql));
}

/** True for statements that change session state a later borrower would inherit (autocommit, locks, schema, sql_mode …). */
export function changesSession(sql: string): boolean {
  return CHANGES_SESSION.test(head(sql));
}
