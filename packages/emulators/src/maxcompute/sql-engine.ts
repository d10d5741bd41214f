import { createRequire } from 'node:module';
import type { Database, SqlJsStatic, Statement } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js (SQLite compiled to WebAssembly) once, on first use, so emulator sets that never run
 * SQL do not pay for it. Works from source (ESM), the ESM build and the CommonJS build.
 */
export function loadSqlEngine(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const wasmPath = moduleRequire().resolve('sql.js/dist/sql-wasm.wasm');
    const imported = (await import('sql.js')) as unknown as
      | { default: (config?: object) => Promise<SqlJsStatic> }
      | ((config?: object) => Promise<SqlJsStatic>);
    const init = typeof imported === 'function' ? imported : imported.default;
    return init({ locateFile: () => wasmPath });
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** Opens an empty in-memory SQLite database. */
export async function openDatabase(): Promise<Database> {
  const SQL = await loadSqlEngine();
  return new SQL.Database();
}

function moduleRequire(): NodeRequire {
  // The CommonJS build has `require`; ES modules resolve relative to their own URL.
  // (Bundlers give ES modules a `require` stand-in without `resolve`, so check for that too.)
  return typeof require === 'function' && typeof require.resolve === 'function'
    ? require
    : createRequire(import.meta.url);
}

/** The current row of a stepped statement, with INTEGER values as `bigint` (exact beyond 2^53). */
export function currentRow(statement: Statement): Array<number | bigint | string | Uint8Array | null> {
  // sql.js supports `useBigInt` since 1.9; its type definitions predate it.
  const get = statement.get as unknown as (
    params: null,
    config: { useBigInt: boolean },
  ) => Array<number | bigint | string | Uint8Array | null>;
  return get.call(statement, null, { useBigInt: true });
}
