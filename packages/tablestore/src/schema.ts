/**
 * Typed table definitions: the primary-key and attribute column types a table declares, and the
 * plain-object row types TypeScript infers from them.
 */

/** The type of a primary-key column; `autoIncrement` is an INTEGER column the service fills in. */
export type PrimaryKeyColumnType = 'string' | 'integer' | 'binary' | 'autoIncrement';

/** The type of an attribute column. */
export type AttributeColumnType = 'string' | 'integer' | 'double' | 'boolean' | 'binary';

/** The JavaScript type of a column type: int64 is `bigint`, binary is `Uint8Array`, double is `number`. */
export type ColumnValueOf<T extends PrimaryKeyColumnType | AttributeColumnType> = T extends 'string'
  ? string
  : T extends 'integer' | 'autoIncrement'
    ? bigint
    : T extends 'binary'
      ? Uint8Array
      : T extends 'double'
        ? number
        : T extends 'boolean'
          ? boolean
          : never;

/** Primary-key columns by name, in key order (the first is the partition key). */
export type PrimaryKeyShape = Readonly<Record<string, PrimaryKeyColumnType>>;
/** Attribute columns by name. */
export type AttributeShape = Readonly<Record<string, AttributeColumnType>>;

/** What {@link defineTable} takes. */
export interface TableDefinitionInput<PK extends PrimaryKeyShape, A extends AttributeShape> {
  /** The table name: ASCII letters, digits and `_`, not starting with a digit, 1–255 characters. */
  name: string;
  /**
   * One to four primary-key columns in key order; the first is the partition key and cannot be
   * `autoIncrement`.
   */
  primaryKey: PK;
  /**
   * The attribute columns rows may carry. Writes refuse columns not listed here, so a typo fails
   * before any I/O; reads also return columns not listed here.
   * @defaultValue none
   */
  attributes?: A | undefined;
}

/** A table's name and column types; make one with {@link defineTable}. */
export interface TableDefinition<
  PK extends PrimaryKeyShape = PrimaryKeyShape,
  A extends AttributeShape = AttributeShape,
> {
  /** The table name. */
  readonly name: string;
  /** Primary-key columns in key order. */
  readonly primaryKey: PK;
  /** Attribute columns. */
  readonly attributes: A;
  /** Primary-key column names in key order. */
  readonly primaryKeyNames: readonly string[];
}

/** The full primary key of a table as a plain object. */
export type PrimaryKeyOf<T extends TableDefinition> = {
  -readonly [K in keyof T['primaryKey']]: ColumnValueOf<T['primaryKey'][K]>;
};

type AutoIncrementNames<PK extends PrimaryKeyShape> = {
  [K in keyof PK]: PK[K] extends 'autoIncrement' ? K : never;
}[keyof PK];

/** A primary key for a write: auto-increment columns may be left out, and the service fills them in. */
export type WritePrimaryKeyOf<T extends TableDefinition> = Omit<PrimaryKeyOf<T>, AutoIncrementNames<T['primaryKey']>> &
  Partial<Pick<PrimaryKeyOf<T>, AutoIncrementNames<T['primaryKey']>>>;

/** The attribute columns of a table as a plain object; every column is optional. */
export type AttributesOf<T extends TableDefinition> = {
  -readonly [K in keyof T['attributes']]?: ColumnValueOf<T['attributes'][K]>;
};

/** A row as reads return it: the full primary key plus the attributes present. */
export type RowOf<T extends TableDefinition> = PrimaryKeyOf<T> & AttributesOf<T>;

/** A row to write: the primary key (auto-increment columns optional) plus attributes. */
export type WriteRowOf<T extends TableDefinition> = WritePrimaryKeyOf<T> & AttributesOf<T>;

/** Names of the attribute columns of a table. */
export type AttributeNameOf<T extends TableDefinition> = keyof T['attributes'] & string;

const PK_TYPES: ReadonlySet<string> = new Set<PrimaryKeyColumnType>(['string', 'integer', 'binary', 'autoIncrement']);
const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set<AttributeColumnType>([
  'string',
  'integer',
  'double',
  'boolean',
  'binary',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** Checks a table or column name against Tablestore's naming rule. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `${what} must be 1-255 ASCII letters, digits or underscores, not starting with a digit; got ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/**
 * Declares a table: its name, primary-key columns in key order and attribute columns. Row types
 * are inferred from it; values are checked against it before any I/O.
 *
 * @example
 * ```ts
 * import { defineTable, type RowOf } from '@alikit/tablestore';
 *
 * const orders = defineTable({
 *   name: 'orders',
 *   primaryKey: { customer: 'string', orderId: 'autoIncrement' },
 *   attributes: { total: 'double', items: 'integer', paid: 'boolean' },
 * });
 * type Order = RowOf<typeof orders>; // { customer: string; orderId: bigint; total?: number; ... }
 * ```
 *
 * @throws TypeError for a bad name, no or more than four primary-key columns, an unknown column
 *   type, an auto-increment partition key, or a name used as both key and attribute.
 */
export function defineTable<const PK extends PrimaryKeyShape, const A extends AttributeShape = Record<never, never>>(
  input: TableDefinitionInput<PK, A>,
): TableDefinition<PK, A> {
  if (typeof input !== 'object' || input === null)
    throw new TypeError('defineTable takes { name, primaryKey, attributes? }');
  const name = checkName(input.name, 'table name');
  const pk = input.primaryKey;
  if (typeof pk !== 'object' || pk === null) throw new TypeError(`table ${name}: primaryKey must be an object`);
  const primaryKeyNames = Object.keys(pk);
  if (primaryKeyNames.length < 1 || primaryKeyNames.length > 4) {
    throw new TypeError(`table ${name}: primaryKey needs 1 to 4 columns, got ${primaryKeyNames.length}`);
  }
  primaryKeyNames.forEach((column, i) => {
    checkName(column, `table ${name}: primary-key column name`);
    const type = pk[column];
    if (typeof type !== 'string' || !PK_TYPES.has(type)) {
      throw new TypeError(
        `table ${name}: primary-key column ${column} has type ${JSON.stringify(type)}; use string, integer, binary or autoIncrement`,
      );
    }
    if (i === 0 && type === 'autoIncrement') {
      throw new TypeError(`table ${name}: the first primary-key column (the partition key) cannot be autoIncrement`);
    }
  });
  const attributes = (input.attributes ?? {}) as A;
  if (typeof attributes !== 'object' || attributes === null) {
    throw new TypeError(`table ${name}: attributes must be an object`);
  }
  for (const column of Object.keys(attributes)) {
    checkName(column, `table ${name}: attribute column name`);
    if (Object.hasOwn(pk, column))
      throw new TypeError(`table ${name}: ${column} is both a primary-key and an attribute column`);
    const type = attributes[column];
    if (typeof type !== 'string' || !ATTRIBUTE_TYPES.has(type)) {
      throw new TypeError(
        `table ${name}: attribute column ${column} has type ${JSON.stringify(type)}; use string, integer, double, boolean or binary`,
      );
    }
  }
  return Object.freeze({
    name,
    primaryKey: Object.freeze({ ...pk }),
    attributes: Object.freeze({ ...attributes }),
    primaryKeyNames: Object.freeze(primaryKeyNames),
  });
}
