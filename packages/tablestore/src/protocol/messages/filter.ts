import { decodeMessage, defineEnum, defineMessage, encodeMessage, field } from './message-codec';

/** Kind of serialized filter inside a {@link Filter}. */
export type FilterType = 'singleColumnValue' | 'compositeColumnValue' | 'columnPagination';
/** Comparison of a single-column filter. */
export type ComparatorType = 'equal' | 'notEqual' | 'greaterThan' | 'greaterEqual' | 'lessThan' | 'lessEqual';
/** Combinator of a composite filter. */
export type LogicalOperator = 'not' | 'and' | 'or';

/** Wire numbers of {@link FilterType}. */
export const filterTypeEnum = defineEnum<FilterType>('FilterType', [
  ['singleColumnValue', 1, 'FT_SINGLE_COLUMN_VALUE'],
  ['compositeColumnValue', 2, 'FT_COMPOSITE_COLUMN_VALUE'],
  ['columnPagination', 3, 'FT_COLUMN_PAGINATION'],
]);
/** Wire numbers of {@link ComparatorType}. */
export const comparatorTypeEnum = defineEnum<ComparatorType>('ComparatorType', [
  ['equal', 1, 'CT_EQUAL'],
  ['notEqual', 2, 'CT_NOT_EQUAL'],
  ['greaterThan', 3, 'CT_GREATER_THAN'],
  ['greaterEqual', 4, 'CT_GREATER_EQUAL'],
  ['lessThan', 5, 'CT_LESS_THAN'],
  ['lessEqual', 6, 'CT_LESS_EQUAL'],
]);
/** Wire numbers of {@link LogicalOperator}. */
export const logicalOperatorEnum = defineEnum<LogicalOperator>('LogicalOperator', [
  ['not', 1, 'LO_NOT'],
  ['and', 2, 'LO_AND'],
  ['or', 3, 'LO_OR'],
]);

/**
 * `filter.proto.Filter`: a type tag plus the serialized filter of that type
 * ({@link encodeSingleColumnValueFilter}, {@link encodeCompositeColumnValueFilter} or {@link encodeColumnPaginationFilter}).
 */
export interface Filter {
  /** Which kind of filter `filter` holds (wire field 1). */
  type: FilterType;
  /** The serialized filter message of that kind (wire field 2). */
  filter: Uint8Array;
}
/** `SingleColumnValueFilter`; `columnValue` is a PlainBuffer variant value. */
export interface SingleColumnValueFilter {
  /** How the column's value is compared with `columnValue` (wire field 1). */
  comparator: ComparatorType;
  /** Attribute column to test (wire field 2). */
  columnName: string;
  /** Value to compare against, PlainBuffer-encoded (wire field 3). */
  columnValue: Uint8Array;
  /** `true` drops rows that lack the column; `false` lets them pass (wire field 4). */
  filterIfMissing: boolean;
  /** `true` tests only the newest version of the column; `false` passes if any version matches (wire field 5). */
  latestVersionOnly: boolean;
}
/** `CompositeColumnValueFilter`: sub-filters combined with NOT/AND/OR. */
export interface CompositeColumnValueFilter {
  /** How the sub-filters are combined; `not` takes exactly one (wire field 1). */
  combinator: LogicalOperator;
  /** The filters to combine, each a tagged {@link Filter} (wire field 2). */
  subFilters?: Filter[];
}
/** `ColumnPaginationFilter` (read filters only). */
export interface ColumnPaginationFilter {
  /** Number of attribute columns to skip, in column-name order (wire field 1). */
  offset: number;
  /** Most attribute columns to return after the skipped ones (wire field 2). */
  limit: number;
}

/** Descriptor of `Filter`. */
export const filterDef = defineMessage<Filter>('Filter', [
  field(1, 'type', 'required', 'enum', filterTypeEnum),
  field(2, 'filter', 'required', 'bytes'),
]);
/** Descriptor of `SingleColumnValueFilter`. */
export const singleColumnValueFilterDef = defineMessage<SingleColumnValueFilter>('SingleColumnValueFilter', [
  field(1, 'comparator', 'required', 'enum', comparatorTypeEnum),
  field(2, 'columnName', 'required', 'string'),
  field(3, 'columnValue', 'required', 'bytes'),
  field(4, 'filterIfMissing', 'required', 'bool'),
  field(5, 'latestVersionOnly', 'required', 'bool'),
]);
/** Descriptor of `CompositeColumnValueFilter`. */
export const compositeColumnValueFilterDef = defineMessage<CompositeColumnValueFilter>('CompositeColumnValueFilter', [
  field(1, 'combinator', 'required', 'enum', logicalOperatorEnum),
  field(2, 'subFilters', 'repeated', 'message', () => filterDef),
]);
/** Descriptor of `ColumnPaginationFilter`. */
export const columnPaginationFilterDef = defineMessage<ColumnPaginationFilter>('ColumnPaginationFilter', [
  field(1, 'offset', 'required', 'int32'),
  field(2, 'limit', 'required', 'int32'),
]);

/** Encodes a `Filter`. @throws TypeError for a missing or mistyped field */
export const encodeFilter = (value: Filter): Uint8Array => encodeMessage(filterDef, value);
/** Decodes a `Filter`. @throws SdkError `ERR_PARSE` */
export const decodeFilter = (bytes: Uint8Array): Filter => decodeMessage(filterDef, bytes);
/** Encodes a `SingleColumnValueFilter`. @throws TypeError for a missing or mistyped field */
export const encodeSingleColumnValueFilter = (value: SingleColumnValueFilter): Uint8Array =>
  encodeMessage(singleColumnValueFilterDef, value);
/** Decodes a `SingleColumnValueFilter`. @throws SdkError `ERR_PARSE` */
export const decodeSingleColumnValueFilter = (bytes: Uint8Array): SingleColumnValueFilter =>
  decodeMessage(singleColumnValueFilterDef, bytes);
/** Encodes a `CompositeColumnValueFilter`. @throws TypeError for a missing or mistyped field */
export const encodeCompositeColumnValueFilter = (value: CompositeColumnValueFilter): Uint8Array =>
  encodeMessage(compositeColumnValueFilterDef, value);
/** Decodes a `CompositeColumnValueFilter`. @throws SdkError `ERR_PARSE` */
export const decodeCompositeColumnValueFilter = (bytes: Uint8Array): CompositeColumnValueFilter =>
  decodeMessage(compositeColumnValueFilterDef, bytes);
/** Encodes a `ColumnPaginationFilter`. @throws TypeError for a missing or mistyped field */
export const encodeColumnPaginationFilter = (value: ColumnPaginationFilter): Uint8Array =>
  encodeMessage(columnPaginationFilterDef, value);
/** Decodes a `ColumnPaginationFilter`. @throws SdkError `ERR_PARSE` */
export const decodeColumnPaginationFilter = (bytes: Uint8Array): ColumnPaginationFilter =>
  decodeMessage(columnPaginationFilterDef, bytes);
