/**
 * An attribute or primary-key value with its Tablestore type spelled out, so an integer is never
 * mistaken for a double (or the reverse): `{ type: 'integer', value: 5n }`,
 * `{ type: 'double', value: 5 }`. Decoding always yields this form.
 */
export type CellValue =
  | {
      /** INTEGER: a signed 64-bit integer. */
      readonly type: 'integer';
      /** The integer, as a `bigint` in the signed 64-bit range. */
      readonly value: bigint;
    }
  | {
      /** DOUBLE: a 64-bit IEEE 754 floating-point number. */
      readonly type: 'double';
      /** The number. */
      readonly value: number;
    }
  | {
      /** BOOLEAN. */
      readonly type: 'boolean';
      /** The flag. */
      readonly value: boolean;
    }
  | {
      /** STRING: UTF-8 text on the wire. */
      readonly type: 'string';
      /** The text. */
      readonly value: string;
    }
  | {
      /** BINARY: raw bytes. */
      readonly type: 'binary';
      /** The bytes. */
      readonly value: Uint8Array;
    };

/**
 * What the encoder accepts for a value: a {@link CellValue}, or a JavaScript value whose
 * Tablestore type is unambiguous (`bigint` → INTEGER, `string` → STRING, `boolean` → BOOLEAN,
 * `Uint8Array` → BINARY). A plain `number` is refused: write `{ type: 'integer', value: 5 }`
 * (a safe integer, stored as INTEGER) or `{ type: 'double', value: 5 }`.
 */
export type CellValueInput =
  | CellValue
  | {
      /** INTEGER, given as a `bigint` or a safe-integer `number`. */
      readonly type: 'integer';
      /** The integer; a `number` must be a safe integer. */
      readonly value: bigint | number;
    }
  | bigint
  | string
  | boolean
  | Uint8Array;

/**
 * The placeholders only a primary key can hold: the smallest and largest key (GetRange bounds
 * only) and "let the service generate this auto-increment column" (writes only).
 */
export type PrimaryKeySpecialValue =
  | {
      /** INF_MIN: sorts before every key value; GetRange bounds only. */
      readonly type: 'infMin';
    }
  | {
      /** INF_MAX: sorts after every key value; GetRange bounds only. */
      readonly type: 'infMax';
    }
  | {
      /** AUTO_INCREMENT: the service generates this column's value on write; writes only. */
      readonly type: 'autoIncrement';
    };

/** A decoded primary-key value: INTEGER, STRING or BINARY, or one of the placeholders. */
export type PrimaryKeyValue =
  | Extract<
      CellValue,
      {
        /** The cell types a primary-key column can have. */
        type: 'integer' | 'string' | 'binary';
      }
    >
  | PrimaryKeySpecialValue;

/** What the encoder accepts for a primary-key value (same shorthands as {@link CellValueInput}, minus booleans). */
export type PrimaryKeyValueInput =
  | PrimaryKeyValue
  | {
      /** INTEGER, given as a `bigint` or a safe-integer `number`. */
      readonly type: 'integer';
      /** The integer; a `number` must be a safe integer. */
      readonly value: bigint | number;
    }
  | bigint
  | string
  | Uint8Array;

/**
 * How an update row changes an attribute column: `'delete'` removes the one version at
 * `timestamp`, `'deleteAll'` removes every version, `'increment'` adds an INTEGER to the stored
 * value. An attribute without an update type is a plain put.
 */
export type UpdateType = 'delete' | 'deleteAll' | 'increment';

/** One primary-key column, in table-schema order. */
export interface PrimaryKeyColumn<V = PrimaryKeyValue> {
  /** Column name (UTF-8 on the wire). */
  readonly name: string;
  /** The key value. */
  readonly value: V;
}

/** One attribute cell of a row. */
export interface AttributeColumn<V = CellValue> {
  /** Column name (UTF-8 on the wire). */
  readonly name: string;
  /** The value; absent exactly for `'delete'` and `'deleteAll'` updates. */
  readonly value?: V | undefined;
  /**
   * The cell version in milliseconds since the Unix epoch (a safe non-negative integer). Required
   * for `'delete'`, not allowed for `'deleteAll'`; responses always carry one.
   * @defaultValue absent: the service assigns the write time
   */
  readonly timestamp?: number | undefined;
  /**
   * The update operation for this cell.
   * @defaultValue absent: put
   */
  readonly updateType?: UpdateType | undefined;
}

/** A decoded PlainBuffer row. */
export interface PlainBufferRow {
  /** Primary-key columns in wire order. */
  readonly primaryKey: PrimaryKeyColumn[];
  /** Attribute cells in wire order (empty when the row has none). */
  readonly attributes: AttributeColumn[];
  /** Whether the row carries the delete-row marker (DeleteRow requests). */
  readonly deleteMarker: boolean;
}

/** A row to encode. */
export interface PlainBufferRowInput {
  /** Primary-key columns in table-schema order. */
  readonly primaryKey: readonly PrimaryKeyColumn<PrimaryKeyValueInput>[];
  /**
   * Attribute cells to write.
   * @defaultValue none
   */
  readonly attributes?: readonly AttributeColumn<CellValueInput>[] | undefined;
  /**
   * Adds the delete-row marker (a DeleteRow request row).
   * @defaultValue false
   */
  readonly deleteMarker?: boolean | undefined;
}
