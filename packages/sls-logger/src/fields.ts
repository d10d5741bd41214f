/** Field values a logger accepts; anything else is stringified by {@link stringifyValue}. */
export type FieldValue = unknown;

/** Structured fields of one record. */
export type Fields = Readonly<Record<string, FieldValue>>;

/**
 * Turns one field value into the string SLS stores, predictably: strings as they are; numbers,
 * booleans and bigints with `String()`; `null` as `null`; dates as ISO 8601; errors as their stack
 * (or `Name: message`); symbols and functions by `String()`; plain objects and arrays as JSON
 * (bigints as strings, repeated references as `"[Circular]"`). `undefined` has no string: the
 * caller leaves the key out.
 */
export function stringifyValue(value: FieldValue): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'undefined':
      return undefined;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return String(value);
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}

/**
 * Appends fields as key/value pairs, skipping `undefined` values.
 * @throws TypeError when a key is empty.
 */
export function appendFields(out: Array<[string, string]>, fields: Fields | undefined): void {
  if (fields === undefined || fields === null) return;
  if (typeof fields !== 'object') throw new TypeError('fields must be an object');
  for (const key of Object.keys(fields)) {
    if (key === '') throw new TypeError('field names must not be empty');
    const text = stringifyValue(fields[key]);
    if (text !== undefined) out.push([key, text]);
  }
}
