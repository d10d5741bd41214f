import type {
  CapacityUnit,
  CellValue,
  DefinedColumnSchema,
  IndexMeta,
  PrimaryKeyColumn,
  PrimaryKeySchema,
  StreamSpecification,
} from '@alikit/tablestore/protocol';
import { compareKeys, keyId, type StoredKey } from './primary-key';

/** One version of an attribute cell. */
export interface StoredCell {
  readonly value: CellValue;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

/** A stored row: its key and, per attribute column, the versions newest first. */
export interface StoredRow {
  readonly key: StoredKey;
  readonly columns: Map<string, StoredCell[]>;
}

/** The table options the emulator enforces, with the service's defaults filled in. */
export interface StoredTableOptions {
  /** Seconds a cell lives; -1 = forever. */
  timeToLive: number;
  /** Versions kept per column. */
  maxVersions: number;
  /** Seconds a written timestamp may differ from now. */
  deviationCellVersionInSec: bigint;
  /** Whether UpdateRow is allowed. */
  allowUpdate: boolean;
}

/** What CreateTable stores about a table. */
export interface TableDefinition {
  readonly name: string;
  readonly primaryKey: readonly PrimaryKeySchema[];
  readonly definedColumns: readonly DefinedColumnSchema[];
  readonly indexMetas: readonly IndexMeta[];
  readonly options: StoredTableOptions;
  readonly reservedThroughput: CapacityUnit;
  readonly streamSpec?: StreamSpecification | undefined;
  /** Epoch seconds of creation (reported as the last throughput increase). */
  readonly createdAtSec: bigint;
}

/**
 * One table of an instance: its definition and its rows, kept sorted by primary key so GetRange
 * walks them in order in either direction.
 */
export class TablestoreTable {
  definition: TableDefinition;
  /** The secondary indexes kept up to date with this table's rows. */
  readonly indexes: SecondaryIndex[] = [];
  /** For an index table: the table it indexes (index tables are read-only). */
  baseTable: TablestoreTable | undefined;
  /** Epoch seconds of the last reserved-throughput increase / decrease. */
  lastIncreaseSec: bigint;
  lastDecreaseSec: bigint | undefined;
  readonly #sorted: StoredRow[] = [];
  readonly #byId = new Map<string, StoredRow>();
  #lastAutoIncrement = 0n;

  constructor(definition: TableDefinition) {
    this.definition = definition;
    this.lastIncreaseSec = definition.createdAtSec;
  }

  get name(): string {
    return this.definition.name;
  }

  /** Number of stored rows. */
  get size(): number {
    return this.#sorted.length;
  }

  /** The row with this concrete key, if stored. */
  get(key: readonly PrimaryKeyColumn[]): StoredRow | undefined {
    return this.#byId.get(keyId(key));
  }

  /** Stores (or replaces) a row. */
  set(row: StoredRow): void {
    const id = keyId(row.key);
    const index = this.#lowerBound(row.key);
    if (this.#byId.has(id)) this.#sorted[index] = row;
    else this.#sorted.splice(index, 0, row);
    this.#byId.set(id, row);
  }

  /** Removes the row with this key; whether there was one. */
  delete(key: readonly PrimaryKeyColumn[]): boolean {
    const id = keyId(key);
    if (!this.#byId.delete(id)) return false;
    this.#sorted.splice(this.#lowerBound(key), 1);
    return true;
  }

  /** Rows in key order (a live view: do not modify). */
  rows(): readonly StoredRow[] {
    return this.#sorted;
  }

  /** Index of the first row whose key is ≥ `key`. */
  #lowerBound(key: readonly PrimaryKeyColumn[]): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys((this.#sorted[mid] as StoredRow).key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first row whose key is ≥ `key` (or > `key` when `after`). */
  seek(key: readonly PrimaryKeyColumn[], after = false): number {
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = compareKeys((this.#sorted[mid] as StoredRow).key, key);
      if (d < 0 || (after && d === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The next auto-increment value: strictly increasing per table and, like the service's values,
   * derived from the clock (microseconds since the epoch), so they look like what the service
   * returns and never repeat.
   */
  nextAutoIncrement(nowMs: number): bigint {
    const candidate = BigInt(nowMs) * 1000n;
    this.#lastAutoIncrement = candidate > this.#lastAutoIncrement ? candidate : this.#lastAutoIncrement + 1n;
    return this.#lastAutoIncrement;
  }
}

/** A secondary index: its metadata and the index table holding its rows. */
export interface SecondaryIndex {
  readonly meta: IndexMeta;
  readonly table: TablestoreTable;
}

/** The tables of one Tablestore instance. */
export class TablestoreInstance {
  readonly name: string;
  readonly tables = new Map<string, TablestoreTable>();
  /** Index tables by index name (readable with GetRow, BatchGetRow, GetRange and DescribeTable). */
  readonly indexes = new Map<string, TablestoreTable>();

  constructor(name: string) {
    this.name = name;
  }
}
