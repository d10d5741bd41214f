/** The MaxCompute column types the tunnel record codec can encode and decode without parameters. */
export type TunnelScalarKind =
  | 'bigint'
  | 'int'
  | 'smallint'
  | 'tinyint'
  | 'double'
  | 'float'
  | 'boolean'
  | 'string'
  | 'binary'
  | 'json'
  | 'datetime'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'interval_day_time'
  | 'interval_year_month';

/** A parsed MaxCompute column type (see {@link parseTunnelType}); `kind` is the lower-case type name. */
export type TunnelType =
  | {
      /** A type without parameters, e.g. `bigint`, `string`, `datetime`. */
      readonly kind: TunnelScalarKind;
    }
  | {
      /** A length-limited string: `char(n)` or `varchar(n)`. */
      readonly kind: 'char' | 'varchar';
      /** The declared maximum length `n`, in characters. */
      readonly length: number;
    }
  | {
      /** `decimal`, `decimal(p)` or `decimal(p,s)`. */
      readonly kind: 'decimal';
      /** Total significant digits `p`; `undefined` for a bare `decimal` (MaxCompute's default applies). */
      readonly precision: number | undefined;
      /** Digits after the decimal point `s`, at most `precision`; `undefined` when not declared. */
      readonly scale: number | undefined;
    }
  | {
      /** `array<T>`. */
      readonly kind: 'array';
      /** The element type `T`. */
      readonly element: TunnelType;
    }
  | {
      /** `map<K,V>`. */
      readonly kind: 'map';
      /** The key type `K`. */
      readonly key: TunnelType;
      /** The value type `V`. */
      readonly value: TunnelType;
    }
  | {
      /** `struct<name:T, ...>`. */
      readonly kind: 'struct';
      /** The fields in declared order. */
      readonly fields: readonly TunnelStructField[];
    };

/** One field of a STRUCT type. */
export interface TunnelStructField {
  /** The field name as declared (back-quotes removed). */
  readonly name: string;
  /** The field's type. */
  readonly type: TunnelType;
}

/** One column of a {@link TunnelSchema}. */
export interface TunnelColumn {
  /** The column name. */
  readonly name: string;
  /** The column's parsed type. */
  readonly type: TunnelType;
}

/**
 * The columns of a record stream, in wire order: table order for a whole-table download or an
 * upload, the order of the `columns=` list for a column-subset download. Partition columns are
 * never part of it.
 */
export interface TunnelSchema {
  /** The data columns; field number `i + 1` on the wire is `columns[i]`. */
  readonly columns: readonly TunnelColumn[];
}

/** A TIMESTAMP / TIMESTAMP_NTZ value: `seconds` since 1970-01-01T00:00:00Z plus `nanos` (0..999 999 999). */
export interface TunnelTimestamp {
  /** Whole seconds since the epoch, rounded down (negative before 1970). */
  readonly seconds: bigint;
  /** Nanoseconds after `seconds`, 0..999 999 999. */
  readonly nanos: number;
}

/** An INTERVAL_DAY_TIME value: a duration of `seconds` plus `nanos` (0..999 999 999 when decoded). */
export interface TunnelIntervalDayTime {
  /** Whole seconds, rounded down (so -1 ns is `{ seconds: -1n, nanos: 999999999 }`). */
  readonly seconds: bigint;
  /** Nanoseconds after `seconds`, 0..999 999 999. */
  readonly nanos: number;
}

/**
 * A column value as the codec represents it (`null` is SQL NULL):
 * BIGINT `bigint`; TINYINT, SMALLINT, INT, FLOAT, DOUBLE `number`; BOOLEAN `boolean`;
 * STRING, CHAR, VARCHAR, JSON (the JSON text) and DECIMAL (the exact plain decimal text) `string`;
 * BINARY `Uint8Array`; DATETIME `Date` (epoch milliseconds); DATE `number` (days since
 * 1970-01-01); TIMESTAMP / TIMESTAMP_NTZ {@link TunnelTimestamp}; INTERVAL_DAY_TIME
 * {@link TunnelIntervalDayTime}; INTERVAL_YEAR_MONTH `number` (total months); ARRAY an array;
 * MAP a `Map` (wire order); STRUCT a plain object with the fields in declaration order.
 */
export type TunnelValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Date
  | TunnelTimestamp
  | readonly TunnelValue[]
  | ReadonlyMap<TunnelValue, TunnelValue>
  | { readonly [field: string]: TunnelValue };

/** A decoded record: one value per schema column, in schema order. */
export type TunnelRecord = TunnelValue[];

/**
 * A record to encode: an array with one value per column, or an object keyed by column name
 * (a missing key is NULL).
 */
export type TunnelRecordInput = readonly TunnelValue[] | { readonly [column: string]: TunnelValue | undefined };
