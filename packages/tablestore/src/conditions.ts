/**
 * Column conditions (write conditions and read filters), checked against the table definition
 * and encoded as Tablestore `Filter` messages.
 */

import {
  type CellValue,
  type ComparatorType,
  encodeCompositeColumnValueFilter,
  encodeFilter,
  encodeSingleColumnValueFilter,
  type Filter,
} from './protocol';
import { attributeType, typedValue } from './rows';
import type { AttributeNameOf, ColumnValueOf, TableDefinition } from './schema';

/** How a column is compared with a value. */
export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** A comparison of one attribute column with a value of the column's type. */
export type ColumnComparison<T extends TableDefinition> = {
  [K in AttributeNameOf<T>]: {
    /** The attribute column to compare. */
    column: K;
    /** The comparison. */
    operator: ComparisonOperator;
    /** The value to compare with, of the column's declared type. */
    value: ColumnValueOf<T['attributes'][K]>;
    /**
     * What happens when the row has no such column: `true` counts the comparison as passed.
     * @defaultValue false (a row without the column fails the comparison)
     */
    passIfMissing?: boolean | undefined;
    /**
     * Compare only the newest version; `false` passes when any version matches.
     * @defaultValue true
     */
    latestVersionOnly?: boolean | undefined;
  };
}[AttributeNameOf<T>];

/**
 * A condition on attribute columns: a comparison, or `and` / `or` / `not` of conditions. Used as a
 * write condition (the write fails with `OTSConditionCheckFail` when it does not hold) and as a
 * read filter (rows for which it does not hold are left out).
 *
 * @example
 * ```ts
 * const condition = { and: [{ column: 'paid', operator: '=', value: false }, { column: 'total', operator: '<', value: 100 }] };
 * ```
 */
export type ColumnCondition<T extends TableDefinition> =
  | ColumnComparison<T>
  | {
      /** Holds when every listed condition holds. */
      and: readonly ColumnCondition<T>[];
    }
  | {
      /** Holds when at least one listed condition holds. */
      or: readonly ColumnCondition<T>[];
    }
  | {
      /** Holds when the given condition does not. */
      not: ColumnCondition<T>;
    };

const COMPARATORS: Record<ComparisonOperator, ComparatorType> = {
  '=': 'equal',
  '!=': 'notEqual',
  '>': 'greaterThan',
  '>=': 'greaterEqual',
  '<': 'lessThan',
  '<=': 'lessEqual',
};

const VT = { integer: 0x00, double: 0x01, boolean: 0x02, string: 0x03, binary: 0x07 } as const;
const utf8 = new TextEncoder();

/** The PlainBuffer variant of a value (type byte + payload), as a filter's `column_value`. */
export function encodeVariant(value: CellValue): Uint8Array {
  switch (value.type) {
    case 'integer':
    case 'double': {
      const out = new Uint8Array(9);
      const view = new DataView(out.buffer);
      out[0] = VT[value.type];
      if (value.type === 'integer') view.setBigInt64(1, value.value, true);
      else view.setFloat64(1, value.value, true);
      return out;
    }
    case 'boolean':
      return Uint8Array.of(VT.boolean, value.value ? 1 : 0);
    case 'string':
    case 'binary': {
      const bytes = value.type === 'string' ? utf8.encode(value.value) : value.value;
      const out = new Uint8Array(5 + bytes.length);
      out[0] = VT[value.type];
      new DataView(out.buffer).setUint32(1, bytes.length, true);
      out.set(bytes, 5);
      return out;
    }
  }
}

function toFilter(table: TableDefinition, condition: unknown, depth: number): Filter {
  const where = `table ${table.name}: condition`;
  if (depth > 32) throw new RangeError(`${where} is nested more than 32 levels deep`);
  if (typeof condition !== 'object' || condition === null) {
    throw new TypeError(`${where} must be an object ({ column, operator, value } or and/or/not)`);
  }
  const c = condition as Record<string, unknown>;
  if ('and' in c || 'or' in c) {
    const combinator = 'and' in c ? 'and' : 'or';
    const list = c[combinator];
    if (!Array.isArray(list) || list.length === 0)
      throw new TypeError(`${where}: ${combinator} needs a non-empty array`);
    return {
      type: 'compositeColumnValue',
      filter: encodeCompositeColumnValueFilter({
        combinator,
        subFilters: list.map((sub) => toFilter(table, sub, depth + 1)),
      }),
    };
  }
  if ('not' in c) {
    return {
      type: 'compositeColumnValue',
      filter: encodeCompositeColumnValueFilter({ combinator: 'not', subFilters: [toFilter(table, c.not, depth + 1)] }),
    };
  }
  const { column, operator, value, passIfMissing, latestVersionOnly } = c;
  if (typeof column !== 'string') throw new TypeError(`${where}: column must be an attribute column name`);
  const type = attributeType(table, column, 'condition column');
  const comparator = COMPARATORS[operator as ComparisonOperator];
  if (comparator === undefined || !Object.hasOwn(COMPARATORS, operator as string)) {
    throw new TypeError(`${where} on ${column}: operator must be one of ${Object.keys(COMPARATORS).join(' ')}`);
  }
  for (const [name, flag] of [
    ['passIfMissing', passIfMissing],
    ['latestVersionOnly', latestVersionOnly],
  ] as const) {
    if (flag !== undefined && typeof flag !== 'boolean')
      throw new TypeError(`${where} on ${column}: ${name} must be a boolean`);
  }
  return {
    type: 'singleColumnValue',
    filter: encodeSingleColumnValueFilter({
      comparator,
      columnName: column,
      columnValue: encodeVariant(typedValue(type, value, `${where} on ${column}`)),
      filterIfMissing: passIfMissing !== true,
      latestVersionOnly: latestVersionOnly !== false,
    }),
  };
}

/**
 * Checks a condition against the table definition and encodes it as a serialized `Filter`.
 * @throws TypeError for an unknown column, an operator or value of the wrong type.
 */
export function encodeColumnCondition(table: TableDefinition, condition: unknown): Uint8Array {
  return encodeFilter(toFilter(table, condition, 0));
}
