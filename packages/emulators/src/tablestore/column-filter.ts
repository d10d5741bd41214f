import {
  type CellValue,
  type ComparatorType,
  decodeColumnPaginationFilter,
  decodeCompositeColumnValueFilter,
  decodeFilter,
  decodeSingleColumnValueFilter,
  type Filter,
  type LogicalOperator,
} from '@alikit/tablestore/protocol';
import { isServiceError } from '../shared/service-error';
import { otsDecodeError, otsInvalid } from './errors';
import type { StoredCell } from './table-store';

/** A decoded column filter (condition or read filter). */
export type ColumnFilter =
  | {
      readonly kind: 'single';
      readonly comparator: ComparatorType;
      readonly columnName: string;
      readonly value: CellValue;
      readonly filterIfMissing: boolean;
      readonly latestVersionOnly: boolean;
    }
  | { readonly kind: 'composite'; readonly combinator: LogicalOperator; readonly subFilters: readonly ColumnFilter[] }
  | { readonly kind: 'pagination'; readonly offset: number; readonly limit: number };

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();

/**
 * Decodes a PlainBuffer variant (`SingleColumnValueFilter.column_value`, tablestore.md §3.7): a
 * type byte, then the payload without the cell's length prefix.
 */
export function decodeVariant(bytes: Uint8Array): CellValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = bytes[0];
  const need = (n: number): void => {
    if (bytes.length !== n)
      throw otsInvalid(`Invalid column value in filter: expected ${n} bytes, got ${bytes.length}.`);
  };
  const sized = (): Uint8Array => {
    if (bytes.length < 5) throw otsInvalid('Invalid column value in filter: truncated length prefix.');
    const n = view.getUint32(1, true);
    need(5 + n);
    return bytes.subarray(5);
  };
  switch (type) {
    case 0x00:
      need(9);
      return { type: 'integer', value: view.getBigInt64(1, true) };
    case 0x01:
      need(9);
      return { type: 'double', value: view.getFloat64(1, true) };
    case 0x02:
      need(2);
      return { type: 'boolean', value: bytes[1] !== 0 };
    case 0x03:
      try {
        return { type: 'string', value: utf8Decoder.decode(sized()) };
      } catch (error) {
        if (error instanceof TypeError) throw otsInvalid('Invalid column value in filter: string is not valid UTF-8.');
        throw error;
      }
    case 0x07:
      return { type: 'binary', value: new Uint8Array(sized()) };
    default:
      throw otsInvalid(`Invalid column value in filter: unsupported value type ${String(type)}.`);
  }
}

/**
 * Decodes a serialized `Filter` (a row condition's `column_condition`, or a read filter).
 * Pagination filters are only allowed at the top of read filters (`allowPagination`).
 *
 * @throws ServiceError `OTSParameterInvalid` for malformed or unsupported filters
 */
export function parseColumnFilter(bytes: Uint8Array, allowPagination: boolean): ColumnFilter {
  let filter: Filter;
  try {
    filter = decodeFilter(bytes);
  } catch (error) {
    throw otsDecodeError(error, 'filter');
  }
  return parseDecoded(filter, allowPagination, 0);
}

function parseDecoded(filter: Filter, allowPagination: boolean, depth: number): ColumnFilter {
  if (depth > 32) throw otsInvalid('The filter is nested too deeply.');
  try {
    switch (filter.type) {
      case 'singleColumnValue': {
        const single = decodeSingleColumnValueFilter(filter.filter);
        return {
          kind: 'single',
          comparator: single.comparator,
          columnName: single.columnName,
          value: decodeVariant(single.columnValue),
          filterIfMissing: single.filterIfMissing,
          latestVersionOnly: single.latestVersionOnly,
        };
      }
      case 'compositeColumnValue': {
        const composite = decodeCompositeColumnValueFilter(filter.filter);
        const subFilters = (composite.subFilters ?? []).map((f) => parseDecoded(f, false, depth + 1));
        if (composite.combinator === 'not' && subFilters.length !== 1) {
          throw otsInvalid(`The logical operator NOT requires exactly one sub filter, got ${subFilters.length}.`);
        }
        if (composite.combinator !== 'not' && subFilters.length < 2) {
          throw otsInvalid(
            `The logical operator ${composite.combinator.toUpperCase()} requires at least two sub filters, got ${subFilters.length}.`,
          );
        }
        return { kind: 'composite', combinator: composite.combinator, subFilters };
      }
      case 'columnPagination': {
        if (!allowPagination) throw otsInvalid('ColumnPaginationFilter is only allowed as a read filter.');
        const page = decodeColumnPaginationFilter(filter.filter);
        if (page.offset < 0 || page.limit < 0) {
          throw otsInvalid('ColumnPaginationFilter offset and limit must not be negative.');
        }
        return { kind: 'pagination', offset: page.offset, limit: page.limit };
      }
    }
  } catch (error) {
    if (isServiceError(error)) throw error;
    throw otsDecodeError(error, 'filter');
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Orders two values of the same type; `undefined` when the types differ (no comparison holds). */
function compareValues(a: CellValue, b: CellValue): number | undefined {
  switch (a.type) {
    case 'integer':
      return b.type === 'integer' ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : undefined;
    case 'double':
      return b.type === 'double' ? (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) : undefined;
    case 'boolean':
      return b.type === 'boolean' ? Number(a.value) - Number(b.value) : undefined;
    case 'string':
      return b.type === 'string' ? compareBytes(utf8.encode(a.value), utf8.encode(b.value)) : undefined;
    case 'binary':
      return b.type === 'binary' ? compareBytes(a.value, b.value) : undefined;
  }
}

function holds(comparator: ComparatorType, cell: CellValue, operand: CellValue): boolean {
  const d = compareValues(cell, operand);
  if (d === undefined) return comparator === 'notEqual';
  switch (comparator) {
    case 'equal':
      return d === 0;
    case 'notEqual':
      return d !== 0;
    case 'greaterThan':
      return d > 0;
    case 'greaterEqual':
      return d >= 0;
    case 'lessThan':
      return d < 0;
    case 'lessEqual':
      return d <= 0;
  }
}

/**
 * Whether a row passes a filter. `columns` gives each column's versions, newest first (a missing
 * row has none). A pagination filter always passes (it shapes the output instead).
 */
export function rowPasses(filter: ColumnFilter, columns: ReadonlyMap<string, readonly StoredCell[]>): boolean {
  switch (filter.kind) {
    case 'single': {
      const versions = columns.get(filter.columnName) ?? [];
      if (versions.length === 0) return !filter.filterIfMissing;
      const candidates = filter.latestVersionOnly ? versions.slice(0, 1) : versions;
      return candidates.some((cell) => holds(filter.comparator, cell.value, filter.value));
    }
    case 'composite':
      switch (filter.combinator) {
        case 'not':
          return !rowPasses(filter.subFilters[0] as ColumnFilter, columns);
        case 'and':
          return filter.subFilters.every((f) => rowPasses(f, columns));
        case 'or':
          return filter.subFilters.some((f) => rowPasses(f, columns));
      }
      return false;
    case 'pagination':
      return true;
  }
}
