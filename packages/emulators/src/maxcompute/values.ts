import type { TunnelTimestamp, TunnelType, TunnelValue } from '@alikit/maxcompute/tunnel';

/** A value as SQLite (sql.js) stores it. */
export type StoredValue = number | bigint | string | Uint8Array | null;

const MS_PER_DAY = 86_400_000;

/**
 * The SQLite column type a MaxCompute type is stored as. Temporal values are stored as their SQL
 * text (`yyyy-MM-dd HH:mm:ss[.fff]`, UTC) so literals compare and sort the way MaxCompute does;
 * ARRAY / MAP / STRUCT are stored as JSON text.
 */
export function sqliteType(type: TunnelType): string {
  switch (type.kind) {
    case 'bigint':
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'boolean':
    case 'interval_year_month':
      return 'INTEGER';
    case 'double':
    case 'float':
      return 'REAL';
    case 'binary':
      return 'BLOB';
    default:
      return 'TEXT';
  }
}

/**
 * Converts a tunnel/codec value to what SQLite stores for a column of `type`.
 * @throws TypeError when the value does not fit the type.
 */
export function toStored(type: TunnelType, value: TunnelValue | undefined, column: string): StoredValue {
  if (value === null || value === undefined) return null;
  const wrong = (): never => {
    throw new TypeError(`column ${column} (${type.kind}) cannot hold ${describe(value)}`);
  };
  switch (type.kind) {
    case 'bigint':
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'interval_year_month':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
      return wrong();
    case 'double':
    case 'float':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      return wrong();
    case 'boolean':
      if (typeof value === 'boolean') return value ? 1 : 0;
      return wrong();
    case 'binary':
      if (value instanceof Uint8Array) return value;
      if (typeof value === 'string') return new TextEncoder().encode(value);
      return wrong();
    case 'datetime':
      if (value instanceof Date) return formatDatetime(value.getTime());
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return formatDatetime(value);
      return wrong();
    case 'date':
      if (typeof value === 'number') return formatDatetime(value * MS_PER_DAY).slice(0, 10);
      if (value instanceof Date) return formatDatetime(value.getTime()).slice(0, 10);
      if (typeof value === 'string') return value;
      return wrong();
    case 'timestamp':
    case 'timestamp_ntz':
      if (isTimestamp(value)) return formatTimestamp(value);
      if (value instanceof Date) return formatDatetime(value.getTime());
      if (typeof value === 'string') return value;
      return wrong();
    case 'interval_day_time':
      if (isTimestamp(value)) return `${value.seconds}.${String(value.nanos).padStart(9, '0')}`;
      return wrong();
    case 'array':
    case 'map':
    case 'struct':
      if (typeof value === 'string') return value;
      return JSON.stringify(toJson(type, value, column));
    default:
      // string, varchar, char, json, decimal
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      return wrong();
  }
}

/** Converts what SQLite returned for a column of `type` to the codec's value. */
export function fromStored(type: TunnelType, value: StoredValue): TunnelValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'bigint':
      return typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'interval_year_month':
      return Math.trunc(Number(value));
    case 'double':
    case 'float':
      return Number(value);
    case 'boolean':
      return !(value === 0 || value === 0n || value === '0' || value === 'false');
    case 'binary':
      return value instanceof Uint8Array ? value : new TextEncoder().encode(String(value));
    case 'datetime':
      return new Date(parseTemporalMs(String(value)));
    case 'date':
      return Math.floor(parseTemporalMs(String(value)) / MS_PER_DAY);
    case 'timestamp':
    case 'timestamp_ntz':
      return parseTimestamp(String(value));
    case 'interval_day_time': {
      const [s, n = '0'] = String(value).split('.');
      return { seconds: BigInt(s ?? '0'), nanos: Number(n.padEnd(9, '0')) };
    }
    case 'array':
    case 'map':
    case 'struct':
      return fromJson(type, JSON.parse(String(value)));
    case 'decimal': {
      const text = typeof value === 'number' ? plainNumber(value) : String(value);
      return type.scale === undefined ? text : withScale(text, type.scale);
    }
    default:
      return value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
  }
}

/** Renders a stored value as one `?result` CSV field: `\N` for NULL, backslash escapes, quoting. */
export function csvField(type: TunnelType, value: StoredValue): string {
  if (value === null) return '\\N';
  let text: string;
  switch (type.kind) {
    case 'boolean':
      text = fromStored(type, value) ? 'true' : 'false';
      break;
    case 'double':
    case 'float':
      text = javaDouble(Number(value));
      break;
    case 'decimal':
      text = fromStored(type, value) as string;
      break;
    case 'binary':
      text = Buffer.from(value instanceof Uint8Array ? value : String(value)).toString('latin1');
      break;
    default:
      text = value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
  }
  text = escapeCsvText(text);
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Backslash-escapes a CSV text value: `\\`, `\n`, `\r`, `\t` and other control characters as `\xNN`. */
export function escapeCsvText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** Java's `Double.toString` for the common cases: integral values keep a `.0`. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  const text = String(n);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** `yyyy-MM-dd HH:mm:ss` (plus `.SSS` when the milliseconds are not zero) in UTC. */
export function formatDatetime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  const millis = iso.slice(20, 23);
  return millis === '000' ? base : `${base}.${millis}`;
}

function formatTimestamp(value: TunnelTimestamp): string {
  const base = formatDatetime(Number(value.seconds) * 1000);
  if (value.nanos === 0) return base;
  return `${base}.${String(value.nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

const TEMPORAL = /^(-?\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?)?Z?$/;

/** Milliseconds since the epoch of `yyyy-MM-dd[ HH:mm[:ss[.fff]]]` read as UTC. */
export function parseTemporalMs(text: string): number {
  const m = TEMPORAL.exec(text.trim());
  if (!m) {
    const n = Number(text);
    if (!Number.isNaN(n)) return n;
    throw new TypeError(`not a date/time value: ${JSON.stringify(text)}`);
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  return date.getTime();
}

function parseTimestamp(text: string): TunnelTimestamp {
  const m = TEMPORAL.exec(text.trim());
  const frac = m?.[7] ?? '';
  const wholeMs = parseTemporalMs(text.trim().replace(/\.\d+$/, ''));
  return { seconds: BigInt(Math.floor(wholeMs / 1000)), nanos: Number(frac.padEnd(9, '0') || '0') };
}

function isTimestamp(value: TunnelValue): value is TunnelTimestamp {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array) &&
    !Array.isArray(value) &&
    !(value instanceof Map) &&
    typeof (value as { seconds?: unknown }).seconds === 'bigint' &&
    typeof (value as { nanos?: unknown }).nanos === 'number'
  );
}

function plainNumber(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(18).replace(/0+$/, '') : text;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toJson(type: TunnelType, value: TunnelValue, column: string): Json {
  if (value === null) return null;
  switch (type.kind) {
    case 'array':
      if (!Array.isArray(value)) throw new TypeError(`column ${column} (array) cannot hold ${describe(value)}`);
      return (value as readonly TunnelValue[]).map((v) => toJson(type.element, v, column));
    case 'map': {
      if (!(value instanceof Map)) throw new TypeError(`column ${column} (map) cannot hold ${describe(value)}`);
      const out: Record<string, Json> = {};
      for (const [k, v] of value as ReadonlyMap<TunnelValue, TunnelValue>) {
        out[String(jsonScalar(type.key, k, column))] = toJson(type.value, v, column);
      }
      return out;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Map) {
        throw new TypeError(`column ${column} (struct) cannot hold ${describe(value)}`);
      }
      const record = value as Record<string, TunnelValue>;
      const out: Record<string, Json> = {};
      for (const field of type.fields) out[field.name] = toJson(field.type, record[field.name] ?? null, column);
      return out;
    }
    default:
      return jsonScalar(type, value, column);
  }
}

function jsonScalar(type: TunnelType, value: TunnelValue, column: string): Json {
  const stored = toStored(type, value, column);
  if (stored === null) return null;
  if (typeof stored === 'bigint') {
    return stored >= BigInt(Number.MIN_SAFE_INTEGER) && stored <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(stored)
      : stored.toString();
  }
  if (stored instanceof Uint8Array) return Buffer.from(stored).toString('base64');
  if (type.kind === 'boolean') return stored === 1;
  return stored;
}

function fromJson(type: TunnelType, json: Json): TunnelValue {
  if (json === null) return null;
  switch (type.kind) {
    case 'array':
      return Array.isArray(json) ? json.map((v) => fromJson(type.element, v)) : null;
    case 'map': {
      const out = new Map<TunnelValue, TunnelValue>();
      if (typeof json === 'object' && !Array.isArray(json)) {
        for (const [k, v] of Object.entries(json)) out.set(fromJson(type.key, k), fromJson(type.value, v));
      }
      return out;
    }
    case 'struct': {
      const out: Record<string, TunnelValue> = {};
      const record = typeof json === 'object' && !Array.isArray(json) ? json : {};
      for (const field of type.fields) out[field.name] = fromJson(field.type, record[field.name] ?? null);
      return out;
    }
    case 'binary':
      return typeof json === 'string' ? new Uint8Array(Buffer.from(json, 'base64')) : null;
    case 'boolean':
      return json === true || json === 1 || json === 'true';
    case 'bigint':
      return BigInt(typeof json === 'number' ? Math.trunc(json) : String(json));
    default:
      return fromStored(type, typeof json === 'object' ? JSON.stringify(json) : (json as string | number));
  }
}

function describe(value: TunnelValue): string {
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Map) return 'a Map';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A plain decimal text with exactly `scale` fraction digits (rounded half up), as DECIMAL(p,s) values read back. */
function withScale(text: string, scale: number): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return text;
  const [, sign, whole = '', fraction = ''] = m;
  const digits = BigInt(`${whole || '0'}${fraction.padEnd(scale, '0').slice(0, scale)}` || '0');
  const roundUp = (fraction[scale] ?? '0') >= '5' ? 1n : 0n;
  const scaled = (digits + roundUp).toString().padStart(scale + 1, '0');
  const out = scale === 0 ? scaled : `${scaled.slice(0, -scale)}.${scaled.slice(-scale)}`;
  return sign && /[1-9]/.test(out) ? `-${out}` : out;
}
