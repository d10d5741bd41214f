const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The largest object a single PutObject (or AppendObject) may write: 5 GiB. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

/**
 * Checks a bucket name against the OSS rules: 3–63 characters, lower-case letters, digits and
 * hyphens, starting and ending with a letter or digit.
 * @throws TypeError naming the rule that was broken.
 */
export function checkBucketName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`bucket name must be a string, got ${typeof name}`);
  if (!BUCKET_NAME.test(name)) {
    throw new TypeError(
      `bucket name ${JSON.stringify(name)} is invalid: use 3-63 lower-case letters, digits or hyphens, starting and ending with a letter or digit`,
    );
  }
}

/**
 * Checks an object key against the OSS rules: valid UTF-16 (no lone surrogates), 1–1023 UTF-8
 * bytes, not starting with `/` or `\`.
 * @throws TypeError or RangeError naming the rule that was broken.
 */
export function checkObjectKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`${what} must be a string, got ${typeof key}`);
  if (key === '') throw new TypeError(`${what} must not be empty`);
  if (key.startsWith('/') || key.startsWith('\\')) {
    throw new TypeError(`${what} ${JSON.stringify(key)} must not start with '/' or '\\'`);
  }
  if (LONE_SURROGATE.test(key)) throw new TypeError(`${what} contains a lone UTF-16 surrogate`);
  const bytes = encoder.encode(key).length;
  if (bytes > 1023) throw new RangeError(`${what} is ${bytes} UTF-8 bytes long; OSS allows at most 1023`);
}

/** A byte range: `start` to `end`, both inclusive; `end` absent means "to the end of the object". */
export interface ByteRange {
  /** First byte, from 0. */
  start: number;
  /** Last byte, inclusive. @defaultValue the last byte of the object */
  end?: number | undefined;
}

/**
 * Checks a range and renders it as a `Range` header value.
 * @throws TypeError when it is not an object; RangeError for negative, fractional or inverted bounds.
 */
export function rangeHeader(range: ByteRange): string {
  if (typeof range !== 'object' || range === null) throw new TypeError('range must be { start, end? }');
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new RangeError(`range.start must be a whole number >= 0, got ${String(start)}`);
  }
  if (end !== undefined) {
    if (!Number.isSafeInteger(end) || end < 0)
      throw new RangeError(`range.end must be a whole number >= 0, got ${String(end)}`);
    if (end < start) throw new RangeError(`range.end (${end}) must not be before range.start (${start})`);
    return `bytes=${start}-${end}`;
  }
  return `bytes=${start}-`;
}

/** Checks an optional positive time limit. @throws RangeError */
export function checkTimeoutMs(value: unknown, what = 'timeoutMs'): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive number of milliseconds, got ${String(value)}`);
  }
}

/** Checks an optional abort signal. @throws TypeError */
export function checkSignal(signal: unknown): void {
  if (signal === undefined) return;
  if (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean') {
    throw new TypeError('signal must be an AbortSignal');
  }
}

/** Checks a `Date` option. @throws TypeError */
export function checkDate(value: unknown, what: string): void {
  if (value === undefined) return;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${what} must be a valid Date`);
}
