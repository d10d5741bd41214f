import type { DefinedColumnSchema, IndexMeta, PrimaryKeySchema, PrimaryKeyType } from '@alikit/tablestore/protocol';
import { otsInvalid } from './errors';
import type { StoredKey, StoredKeyValue } from './primary-key';
import type { StoredCell, StoredRow, TablestoreTable } from './table-store';

const KEY_TYPES: Partial<Record<DefinedColumnSchema['type'], PrimaryKeyType>> = {
  integer: 'integer',
  string: 'string',
  blob: 'binary',
};

/**
 * The primary key of an index table: the index's own key columns (table key columns or defined
 * columns of type INTEGER, STRING or BLOB), then the table's key columns it does not already
 * hold, which keep index rows unique as the service's index tables do.
 *
 * @throws ServiceError `OTSParameterInvalid` for a column that cannot be an index key
 */
export function indexKeySchema(
  meta: IndexMeta,
  primaryKey: readonly PrimaryKeySchema[],
  definedColumns: readonly DefinedColumnSchema[],
): PrimaryKeySchema[] {
  const names = meta.primaryKey ?? [];
  if (meta.indexType === 'local' && names[0] !== primaryKey[0]?.name) {
    throw otsInvalid(
      `The first primary key column of local index '${meta.name}' must be the partition key '${primaryKey[0]?.name ?? ''}'.`,
    );
  }
  const schema: PrimaryKeySchema[] = [];
  for (const name of names) {
    if (schema.some((c) => c.name === name)) {
      throw otsInvalid(`Duplicated primary key column '${name}' in index '${meta.name}'.`);
    }
    const keyColumn = primaryKey.find((c) => c.name === name);
    if (keyColumn) {
      schema.push({ name, type: keyColumn.type });
      continue;
    }
    const defined = definedColumns.find((c) => c.name === name);
    const type = defined ? KEY_TYPES[defined.type] : undefined;
    if (!type) {
      throw otsInvalid(
        `The type of primary key column '${name}' of index '${meta.name}' must be INTEGER, STRING or BINARY.`,
      );
    }
    schema.push({ name, type });
  }
  for (const column of primaryKey) {
    if (!schema.some((c) => c.name === column.name)) schema.push({ name: column.name, type: column.type });
  }
  return schema;
}

/** The index key of a base row, or `undefined` when the row lacks an index key column (not indexed). */
function indexKey(index: TablestoreTable, row: StoredRow): StoredKey | undefined {
  const key: StoredKey = [];
  for (const column of index.definition.primaryKey) {
    const fromKey = row.key.find((c) => c.name === column.name);
    if (fromKey) {
      key.push(fromKey);
      continue;
    }
    const latest = row.columns.get(column.name)?.[0]?.value;
    if (!latest || latest.type !== column.type) return undefined;
    key.push({ name: column.name, value: latest as StoredKeyValue });
  }
  return key;
}

/**
 * Brings the indexes of `table` up to date after one of its rows changed from `before` to
 * `after` (either may be absent): the old index row goes, the new one (if the row has every
 * index key column) comes, carrying the latest version of the index's defined columns.
 */
export function maintainIndexes(
  table: TablestoreTable,
  before: StoredRow | undefined,
  after: StoredRow | undefined,
): void {
  for (const { meta, table: index } of table.indexes) {
    const oldKey = before ? indexKey(index, before) : undefined;
    if (oldKey) index.delete(oldKey);
    const newKey = after ? indexKey(index, after) : undefined;
    if (!after || !newKey) continue;
    const columns = new Map<string, StoredCell[]>();
    for (const name of meta.definedColumn ?? []) {
      const latest = after.columns.get(name)?.[0];
      if (latest) columns.set(name, [latest]);
    }
    index.set({ key: newKey, columns });
  }
}
