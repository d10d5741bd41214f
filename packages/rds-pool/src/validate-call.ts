/**
 * Argument checks shared by the pool's methods. They run before any I/O and throw `TypeError` or
 * `RangeError` naming the argument, as every alikit call does.
 */

const ISOLATION_LEVELS = new Set(['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE']);

export function checkSql(operation: string, sql: unknown): asserts sql is string {
  if (typeof sql !== 'string' || sql.trim() === '') {
    throw new TypeError(`rds ${operation}: sql must be a non-empty string`);
  }
}

/**
 * Bound values: an array (or, with `namedPlaceholders`, a plain object). `undefined` is refused
 * because it is almost always a bug (a misspelt property), and the two protocols would treat it
 * differently; pass `null` for SQL NULL.
 */
export function checkParams(operation: string, params: unknown): void {
  if (params === undefined) return;
  if (Array.isArray(params)) {
    for (let i = 0; i < params.length; i++) {
      if (params[i] === undefined) {
        throw new TypeError(`rds ${operation}: params[${i}] is undefined; pass null for SQL NULL`);
      }
    }
    return;
  }
  if (typeof params === 'object' && params !== null && Object.getPrototypeOf(params) === Object.prototype) {
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined)
        throw new TypeError(`rds ${operation}: params.${key} is undefined; pass null for SQL NULL`);
    }
    return;
  }
  throw new TypeError(`rds ${operation}: params must be an array of values (or an object with namedPlaceholders)`);
}

/** Checks the fields every call option bag may carry, plus the named extras. */
export function checkOptions(
  operation: string,
  options: unknown,
  extras: readonly ('replica' | 'idempotent' | 'readOnly' | 'highWaterMark' | 'isolation' | 'retryOnDeadlock')[] = [],
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`rds ${operation}: options must be an object`);
  const o = options as Record<string, unknown>;
  if (o.signal !== undefined && !isAbortSignal(o.signal)) {
    throw new TypeError(`rds ${operation}: options.signal must be an AbortSignal`);
  }
  if (
    o.timeoutMs !== undefined &&
    (typeof o.timeoutMs !== 'number' || !Number.isFinite(o.timeoutMs) || o.timeoutMs <= 0)
  ) {
    throw new RangeError(`rds ${operation}: options.timeoutMs must be a finite number > 0`);
  }
  for (const key of extras) {
    const value = o[key];
    if (value === undefined) continue;
    if ((key === 'replica' || key === 'idempotent' || key === 'readOnly') && typeof value !== 'boolean') {
      throw new TypeError(`rds ${operation}: options.${key} must be a boolean`);
    }
    if (key === 'highWaterMark' && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
      throw new RangeError(`rds ${operation}: options.highWaterMark must be an integer >= 1`);
    }
    if (key === 'isolation' && (typeof value !== 'string' || !ISOLATION_LEVELS.has(value))) {
      throw new RangeError(`rds ${operation}: options.isolation must be one of ${[...ISOLATION_LEVELS].join(', ')}`);
    }
    if (
      key === 'retryOnDeadlock' &&
      typeof value !== 'boolean' &&
      (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    ) {
      throw new RangeError(`rds ${operation}: options.retryOnDeadlock must be a boolean or a number of retries >= 0`);
    }
  }
}

export function checkFunction(operation: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`rds ${operation}: the callback must be a function`);
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}
