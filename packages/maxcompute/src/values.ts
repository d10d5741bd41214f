import type { TunnelIntervalDayTime, TunnelTimestamp, TunnelType, TunnelValue } from './tunnel/types';

/**
 * A value of a row the client returns (`null` is SQL NULL): BIGINT `bigint`; TINYINT, SMALLINT, INT,
 * FLOAT, DOUBLE and INTERVAL_YEAR_MONTH `number`; BOOLEAN `boolean`; STRING, CHAR, VARCHAR, JSON
 * (its text) and DECIMAL (the exact decimal text) `string`; BINARY `Uint8Array`; DATETIME, DATE and
 * TIMESTAMP / TIMESTAMP_NTZ `Date` (DATE at 00:00 UTC of that day, TIMESTAMP_NTZ's wall clock read as
 * UTC, nanoseconds beyond the millisecond dropped); INTERVAL_DAY_TIME `{ seconds, nanos }`; ARRAY an
 * array; MAP a `Map`; STRUCT a plain object.
 */
export type MaxComputeValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Date
  | TunnelIntervalDayTime
  | readonly MaxComputeValue[]
  | ReadonlyMap<MaxComputeValue, MaxComputeValue>
  | { readonly [field: string]: MaxComputeValue };

/** A row: one property per column, named as the column. */
export type MaxComputeRow = Record<string, MaxComputeValue>;

const MS_PER_DAY = 86_400_000;
type Convert = (value: TunnelValue) => MaxComputeValue;
const identity: Convert = (v) => v as MaxComputeValue;

/** Builds the function turning codec values of that type into row values (see {@link MaxComputeValue}). */
export function rowValueConverter(type: TunnelType): Convert {
  switch (type.kind) {
    case 'date':
      return (v) => (v === null ? null : new Date((v as number) * MS_PER_DAY));
    case 'timestamp':
    case 'timestamp_ntz':
      return (v) => {
        if (v === null) return null;
        const t = v as TunnelTimestamp;
        return new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6));
      };
    case 'array': {
      const element = rowValueConverter(type.element);
      if (element === identity) return identity;
      return (v) => (v === null ? null : (v as readonly TunnelValue[]).map(element));
    }
    case 'map': {
      const key = rowValueConverter(type.key);
      const value = rowValueConverter(type.value);
      if (key === identity && value === identity) return identity;
      return (v) => {
        if (v === null) return null;
        const out = new Map<MaxComputeValue, MaxComputeValue>();
        for (const [k, x] of v as ReadonlyMap<TunnelValue, TunnelValue>) out.set(key(k), value(x));
        return out;
      };
    }
    case 'struct': {
      const fields = type.fields.map((f) => [f.name, rowValueConverter(f.type)] as const);
      if (fields.every(([, c]) => c === identity)) return identity;
      return (v) => {
        if (v === null) return null;
        const source = v as { readonly [field: string]: TunnelValue };
        const out: Record<string, MaxComputeValue> = {};
        for (const [name, convert] of fields) out[name] = convert(source[name] ?? null);
        return out;
      };
    }
    default:
      return identity;
  }
}

type Unconvert = (value: unknown, path: string) => TunnelValue;
const passThrough: Unconvert = (v) => v as TunnelValue;

/**
 * Builds the function turning a row value given by a caller into the codec's value of that type:
 * a `Date` for DATE becomes days since 1970-01-01 (UTC), for TIMESTAMP / TIMESTAMP_NTZ seconds and
 * nanos. Everything else, and the codec's own forms, pass through for the codec to check.
 */
export function tunnelValueConverter(type: TunnelType): Unconvert {
  switch (type.kind) {
    case 'date':
      return (v, path) => {
        if (!(v instanceof Date)) return v as TunnelValue;
        const ms = v.getTime();
        if (Number.isNaN(ms)) throw new RangeError(`${path}: invalid Date`);
        return Math.floor(ms / MS_PER_DAY);
      };
    case 'timestamp':
    case 'timestamp_ntz':
      return (v, path) => {
        if (!(v instanceof Date)) return v as TunnelValue;
        const ms = v.getTime();
        if (Number.isNaN(ms)) throw new RangeError(`${path}: invalid Date`);
        const seconds = Math.floor(ms / 1000);
        return { seconds: BigInt(seconds), nanos: (ms - seconds * 1000) * 1e6 };
      };
    case 'array': {
      const element = tunnelValueConverter(type.element);
      if (element === passThrough) return passThrough;
      return (v, path) =>
        Array.isArray(v) ? v.map((x, i) => (x === null ? null : element(x, `${path}[${i}]`))) : (v as TunnelValue);
    }
    case 'map': {
      const key = tunnelValueConverter(type.key);
      const value = tunnelValueConverter(type.value);
      if (key === passThrough && value === passThrough) return passThrough;
      return (v, path) => {
        if (!(v instanceof Map)) return v as TunnelValue;
        const out = new Map<TunnelValue, TunnelValue>();
        for (const [k, x] of v) out.set(key(k, `${path}.key`), x === null ? null : value(x, `${path}.value`));
        return out;
      };
    }
    case 'struct': {
      const fields = type.fields.map((f) => [f.name, tunnelValueConverter(f.type)] as const);
      if (fields.every(([, c]) => c === passThrough)) return passThrough;
      return (v, path) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Map || v instanceof Date) {
          return v as TunnelValue;
        }
        const source = v as Record<string, unknown>;
        const out: Record<string, TunnelValue> = {};
        for (const [name, convert] of fields) {
          const x = source[name];
          out[name] = x === null || x === undefined ? null : convert(x, `${path}.${name}`);
        }
        return out;
      };
    }
    default:
      return passThrough;
  }
}

const DATE_TIME_TEXT = /^(-?\d{1,4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?$/;

/** Reads `yyyy-MM-dd[ HH:mm:ss[.fffffffff]]` as UTC; `undefined` when the text has another form. */
export function parseDateTimeText(text: string, offsetMinutes = 0): Date | undefined {
  const m = DATE_TIME_TEXT.exec(text.trim());
  if (!m) return undefined;
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), Number(fraction));
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

/**
 * Converts one CSV result field (already unescaped; `null` for `\N`) to the row value of its type.
 * Date-times in CSV results are rendered in the session time zone; `offsetMinutes` is that zone's
 * offset from UTC (0 when the session runs in UTC). Complex values are read as JSON when they are
 * JSON and otherwise kept as text; BINARY becomes the UTF-8 bytes of the text.
 */
export function csvValue(type: TunnelType, text: string | null, offsetMinutes = 0): MaxComputeValue {
  if (text === null) return null;
  switch (type.kind) {
    case 'bigint':
      return /^-?\d+$/.test(text) ? BigInt(text) : text;
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'double':
    case 'float':
    case 'interval_year_month': {
      const n = Number(text);
      return text.trim() !== '' && !Number.isNaN(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'binary':
      return new TextEncoder().encode(text);
    case 'date':
      return parseDateTimeText(text) ?? text;
    case 'datetime':
    case 'timestamp':
      return parseDateTimeText(text, offsetMinutes) ?? text;
    case 'timestamp_ntz':
      return parseDateTimeText(text) ?? text;
    case 'array':
    case 'map':
    case 'struct':
      try {
        const parsed = JSON.parse(text) as unknown;
        if (type.kind === 'map' && typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          return new Map(Object.entries(parsed as Record<string, MaxComputeValue>));
        }
        return parsed as MaxComputeValue;
      } catch {
        return text;
      }
    default:
      return text;
  }
}
