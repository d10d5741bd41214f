import { randomBytes } from 'node:crypto';
import { formatTunnelType, parseTunnelType, type TunnelType, type TunnelValue } from '@alikit/maxcompute/tunnel';
import type { Database } from 'sql.js';
import { currentRow, openDatabase } from './sql-engine';
import { registerFunctions } from './sql-functions';
import { fromStored, type StoredValue, sqliteType, toStored } from './values';

/** One column of an emulated table. */
export interface MaxComputeColumn {
  /** The column name (lower case, as MaxCompute reports it). */
  readonly name: string;
  /** The canonical lower-case type string, e.g. `decimal(18,2)`. */
  readonly type: string;
  /** The parsed type. */
  readonly parsed: TunnelType;
  readonly comment: string;
  readonly nullable: boolean;
}

/** A column as given when creating a table: a name and a MaxCompute type string. */
export interface MaxComputeColumnInput {
  /** Column name: letters, digits and underscores, starting with a letter or underscore. */
  name: string;
  /** MaxCompute type, e.g. `'bigint'`, `'string'`, `'decimal(10,2)'`, `'array<string>'`. */
  type: string;
  /** @defaultValue `''` */
  comment?: string | undefined;
  /** @defaultValue `true` */
  nullable?: boolean | undefined;
}

/** What {@link MaxComputeCatalog.createTable} needs. */
export interface MaxComputeTableInput {
  /** Table name (case-insensitive; stored lower-case). */
  name: string;
  /** Data columns in order. */
  columns: readonly MaxComputeColumnInput[];
  /** Partition columns in order. @defaultValue none */
  partitionKeys?: readonly MaxComputeColumnInput[] | undefined;
  /** @defaultValue `''` */
  comment?: string | undefined;
  /** Lifecycle in days; `-1` = none. @defaultValue `-1` */
  lifecycle?: number | undefined;
  /** Succeed without change when the table exists. @defaultValue false (an existing table is an error) */
  ifNotExists?: boolean | undefined;
}

/** One partition of a table. */
export interface MaxComputePartition {
  /** Partition column values in partition-key order. */
  readonly values: ReadonlyArray<readonly [name: string, value: string]>;
  readonly creationTime: Date;
  lastModifiedTime: Date;
}

/** An emulated table: metadata beside the SQLite table that holds its rows. */
export interface MaxComputeTable {
  readonly name: string;
  readonly tableId: string;
  readonly comment: string;
  readonly owner: string;
  readonly columns: readonly MaxComputeColumn[];
  readonly partitionKeys: readonly MaxComputeColumn[];
  readonly lifecycle: number;
  readonly creationTime: Date;
  lastDdlTime: Date;
  lastModifiedTime: Date;
  /** Partitions by {@link partitionKey}. */
  readonly partitions: Map<string, MaxComputePartition>;
  /** Bumped by every data change; tunnel sessions notice tables changed under them. */
  version: number;
}

/** Why a catalog call failed, for the REST / SQL layers to word. */
export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(
    readonly reason:
      | 'TableExists'
      | 'NoSuchTable'
      | 'NoSuchPartition'
      | 'InvalidPartitionSpec'
      | 'MissingPartitionSpec'
      | 'InvalidColumn'
      | 'InvalidType',
    message: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Canonical key of a partition: `k1=v1/k2=v2` in partition-key order. */
export function partitionKey(values: ReadonlyArray<readonly [string, string]>): string {
  return values.map(([k, v]) => `${k}=${v}`).join('/');
}

/**
 * Parses a partition spec: `k1='v1',k2='v2'` (REST), `k1=v1,k2=v2` (tunnel) or `k1=v1/k2=v2`.
 * @throws CatalogError `InvalidPartitionSpec` when the text is not a list of `key=value` pairs.
 */
export function parsePartitionSpec(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of text.split(/[,/]/)) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new CatalogError('InvalidPartitionSpec', `invalid partition spec '${text}'`);
    const key = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (/^'.*'$|^".*"$/.test(value)) value = value.slice(1, -1);
    out.push([key, value]);
  }
  if (out.length === 0) throw new CatalogError('InvalidPartitionSpec', `invalid partition spec '${text}'`);
  return out;
}

/** Quotes an SQLite identifier. */
export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The tables of one project: metadata in memory, rows in an in-memory SQLite database (sql.js)
 * where partition columns are ordinary columns after the data columns. Both SQL and the REST /
 * tunnel layers go through this catalog, so it is the single source of truth.
 */
export class MaxComputeCatalog {
  readonly project: string;
  readonly tables = new Map<string, MaxComputeTable>();
  readonly #now: () => Date;
  readonly #owner: string;
  #db: Promise<Database> | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(project: string, owner: string, now: () => Date) {
    this.project = project;
    this.#owner = owner;
    this.#now = now;
  }

  /**
   * Runs `work` after every earlier exclusive work of this catalog has finished, so scripts whose
   * statements await in between never interleave on the shared database.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The project's SQLite database, opened (and sql.js loaded) on first use. */
  database(): Promise<Database> {
    this.#db ??= openDatabase().then((db) => {
      registerFunctions(db, this.#now);
      return db;
    });
    return this.#db;
  }

  /** The table of that name (case-insensitive), if any. */
  get(name: string): MaxComputeTable | undefined {
    return this.tables.get(name.toLowerCase());
  }

  /**
   * The table of that name.
   * @throws CatalogError `NoSuchTable`.
   */
  require(name: string): MaxComputeTable {
    const table = this.get(name);
    if (!table) throw new CatalogError('NoSuchTable', `table ${this.project}.${name.toLowerCase()} cannot be resolved`);
    return table;
  }

  /**
   * Creates a table and its SQLite storage.
   * @throws CatalogError `TableExists`, `InvalidColumn`, `InvalidType`.
   */
  async createTable(input: MaxComputeTableInput): Promise<MaxComputeTable> {
    if (typeof input?.name !== 'string' || !NAME.test(input.name)) {
      throw new CatalogError('InvalidColumn', `invalid table name ${JSON.stringify(input?.name)}`);
    }
    const name = input.name.toLowerCase();
    const existing = this.tables.get(name);
    if (existing) {
      if (input.ifNotExists) return existing;
      throw new CatalogError('TableExists', `Table or view already exists - table ${this.project}.${name}`);
    }
    const columns = (input.columns ?? []).map((c) => column(c));
    const partitionKeys = (input.partitionKeys ?? []).map((c) => column(c));
    if (columns.length === 0) throw new CatalogError('InvalidColumn', `table ${name} needs at least one column`);
    const seen = new Set<string>();
    for (const c of [...columns, ...partitionKeys]) {
      if (seen.has(c.name)) throw new CatalogError('InvalidColumn', `column ${c.name} is defined twice`);
      seen.add(c.name);
    }
    for (const key of partitionKeys) {
      if (!['string', 'bigint', 'int', 'smallint', 'tinyint', 'varchar', 'char'].includes(key.parsed.kind)) {
        throw new CatalogError('InvalidType', `partition column ${key.name} cannot be of type ${key.type}`);
      }
    }
    const db = await this.database();
    const defs = [...columns, ...partitionKeys].map((c) => `${quoteId(c.name)} ${sqliteType(c.parsed)}`);
    db.run(`CREATE TABLE ${quoteId(name)} (${defs.join(', ')})`);
    const now = this.#now();
    const table: MaxComputeTable = {
      name,
      tableId: randomBytes(16).toString('hex'),
      comment: input.comment ?? '',
      owner: this.#owner,
      columns,
      partitionKeys,
      lifecycle: input.lifecycle ?? -1,
      creationTime: now,
      lastDdlTime: now,
      lastModifiedTime: now,
      partitions: new Map(),
      version: 0,
    };
    this.tables.set(name, table);
    return table;
  }

  /**
   * Drops a table and its rows.
   * @returns whether the table existed.
   */
  async dropTable(name: string): Promise<boolean> {
    const table = this.get(name);
    if (!table) return false;
    const db = await this.database();
    db.run(`DROP TABLE IF EXISTS ${quoteId(table.name)}`);
    this.tables.delete(table.name);
    return true;
  }

  /**
   * Checks a partition spec against the table's partition keys: every key, in order.
   * @throws CatalogError `InvalidPartitionSpec` / `MissingPartitionSpec`.
   */
  normalizeSpec(
    table: MaxComputeTable,
    spec: ReadonlyArray<readonly [string, string]> | undefined,
  ): Array<[string, string]> | undefined {
    if (table.partitionKeys.length === 0) {
      if (spec && spec.length > 0) {
        throw new CatalogError('InvalidPartitionSpec', `table ${table.name} is not partitioned`);
      }
      return undefined;
    }
    if (!spec || spec.length === 0) {
      throw new CatalogError(
        'MissingPartitionSpec',
        `table ${table.name} is partitioned: a partition spec is required`,
      );
    }
    const byName = new Map(spec.map(([k, v]) => [k.toLowerCase(), v]));
    if (
      byName.size !== spec.length ||
      spec.some(([k]) => !table.partitionKeys.some((p) => p.name === k.toLowerCase()))
    ) {
      throw new CatalogError(
        'InvalidPartitionSpec',
        `partition spec ${partitionKey(spec)} does not match the partition keys of ${table.name} (${table.partitionKeys.map((p) => p.name).join(', ')})`,
      );
    }
    return table.partitionKeys.map((key) => {
      const value = byName.get(key.name);
      if (value === undefined) {
        throw new CatalogError('InvalidPartitionSpec', `partition spec is missing key ${key.name} of ${table.name}`);
      }
      return [key.name, value];
    });
  }

  /** Records that a partition exists (creating its metadata when new). */
  touchPartition(table: MaxComputeTable, spec: ReadonlyArray<readonly [string, string]>): MaxComputePartition {
    const key = partitionKey(spec);
    const now = this.#now();
    let partition = table.partitions.get(key);
    if (!partition) {
      partition = { values: spec.map(([k, v]) => [k, v] as const), creationTime: now, lastModifiedTime: now };
      table.partitions.set(key, partition);
    } else {
      partition.lastModifiedTime = now;
    }
    return partition;
  }

  /** Marks table data as changed now. */
  touchData(table: MaxComputeTable): void {
    table.version++;
    table.lastModifiedTime = this.#now();
  }

  /**
   * Registers partitions that rows were written into by SQL (dynamic partitions, INSERT ... SELECT).
   */
  async syncPartitions(table: MaxComputeTable): Promise<void> {
    if (table.partitionKeys.length === 0) return;
    const db = await this.database();
    const cols = table.partitionKeys.map((k) => quoteId(k.name)).join(', ');
    const result = db.exec(`SELECT DISTINCT ${cols} FROM ${quoteId(table.name)}`);
    for (const row of result[0]?.values ?? []) {
      const spec = table.partitionKeys.map((k, i) => [k.name, String(row[i])] as [string, string]);
      if (!table.partitions.has(partitionKey(spec))) this.touchPartition(table, spec);
    }
  }

  /** Removes the rows of a partition (or of the whole table when `spec` is undefined). */
  async deleteRows(table: MaxComputeTable, spec: ReadonlyArray<readonly [string, string]> | undefined): Promise<void> {
    const db = await this.database();
    const { where, params } = whereSpec(spec);
    db.run(`DELETE FROM ${quoteId(table.name)}${where}`, params);
    this.touchData(table);
  }

  /**
   * Inserts records (codec values, one per data column) into a table or partition.
   * @throws TypeError naming the column when a value does not fit its type.
   */
  async insertRecords(
    table: MaxComputeTable,
    spec: ReadonlyArray<readonly [string, string]> | undefined,
    records: Iterable<ReadonlyArray<TunnelValue | undefined>>,
  ): Promise<number> {
    const db = await this.database();
    const names = [...table.columns, ...(spec ? table.partitionKeys : [])].map((c) => quoteId(c.name));
    // Values go into the statement text as literals, many rows per INSERT: sql.js binds strings slowly.
    const prefix = `INSERT INTO ${quoteId(table.name)} (${names.join(', ')}) VALUES `;
    const tail = spec?.map(([, v]) => sqlLiteral(v)) ?? [];
    let count = 0;
    let tuples: string[] = [];
    const flush = () => {
      if (tuples.length > 0) db.run(prefix + tuples.join(', '));
      tuples = [];
    };
    db.run('BEGIN');
    try {
      for (const record of records) {
        const literals: string[] = [];
        for (let i = 0; i < table.columns.length; i++) {
          const c = table.columns[i] as MaxComputeColumn;
          literals.push(sqlLiteral(toStored(c.parsed, record[i], c.name)));
        }
        literals.push(...tail);
        tuples.push(`(${literals.join(', ')})`);
        count++;
        if (tuples.length === 500) flush();
      }
      flush();
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      throw error;
    }
    if (spec) this.touchPartition(table, spec);
    this.touchData(table);
    return count;
  }

  /** The stored rows (data columns only) of a table or partition, in insertion order. */
  async readStored(
    table: MaxComputeTable,
    spec: ReadonlyArray<readonly [string, string]> | undefined,
  ): Promise<StoredValue[][]> {
    const db = await this.database();
    const { where, params } = whereSpec(spec);
    const statement = db.prepare(
      `SELECT ${table.columns.map((c) => quoteId(c.name)).join(', ')} FROM ${quoteId(table.name)}${where} ORDER BY rowid`,
    );
    const rows: StoredValue[][] = [];
    try {
      statement.bind(params);
      while (statement.step()) rows.push(currentRow(statement));
    } finally {
      statement.free();
    }
    return rows;
  }

  /** The records (codec values) of a table or partition, in insertion order. */
  async readRecords(
    table: MaxComputeTable,
    spec: ReadonlyArray<readonly [string, string]> | undefined,
  ): Promise<TunnelValue[][]> {
    const rows = await this.readStored(table, spec);
    return rows.map((row) => table.columns.map((c, i) => fromStored(c.parsed, row[i] ?? null)));
  }

  /** Row count and an approximate byte size of a table or partition. */
  async stats(
    table: MaxComputeTable,
    spec: ReadonlyArray<readonly [string, string]> | undefined,
  ): Promise<{ records: number; size: number }> {
    const db = await this.database();
    const { where, params } = whereSpec(spec);
    const sizeExpr = table.columns.map((c) => `COALESCE(length(${quoteId(c.name)}), 0)`).join(' + ');
    const statement = db.prepare(`SELECT COUNT(*), COALESCE(SUM(${sizeExpr}), 0) FROM ${quoteId(table.name)}${where}`);
    try {
      statement.bind(params);
      statement.step();
      const [records, size] = statement.get() as [number, number];
      return { records: Number(records), size: Number(size) + 8 * Number(records) };
    } finally {
      statement.free();
    }
  }
}

function column(input: MaxComputeColumnInput): MaxComputeColumn {
  if (typeof input?.name !== 'string' || !NAME.test(input.name)) {
    throw new CatalogError('InvalidColumn', `invalid column name ${JSON.stringify(input?.name)}`);
  }
  let parsed: TunnelType;
  try {
    parsed = parseTunnelType(String(input.type));
  } catch (error) {
    throw new CatalogError('InvalidType', `column ${input.name}: ${(error as Error).message}`);
  }
  return {
    name: input.name.toLowerCase(),
    type: formatTunnelType(parsed),
    parsed,
    comment: input.comment ?? '',
    nullable: input.nullable ?? true,
  };
}

function whereSpec(spec: ReadonlyArray<readonly [string, string]> | undefined): { where: string; params: string[] } {
  if (!spec || spec.length === 0) return { where: '', params: [] };
  return {
    where: ` WHERE ${spec.map(([k]) => `${quoteId(k)} = ?`).join(' AND ')}`,
    params: spec.map(([, v]) => v),
  };
}

/** An SQLite literal of a stored value. */
function sqlLiteral(value: StoredValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NULL';
    if (!Number.isFinite(value)) return value > 0 ? '9e999' : '-9e999';
    // A double keeps its REAL storage class even when integral (17 significant digits round-trip).
    return Number.isInteger(value) && Math.abs(value) < 1e15 ? `${value}.0` : value.toPrecision(17);
  }
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex')}'`;
  // The statement text is a C string: text holding NUL goes in as UTF-8 bytes.
  if (value.includes('\0')) return `CAST(X'${Buffer.from(value, 'utf8').toString('hex')}' AS TEXT)`;
  return `'${value.replace(/'/g, "''")}'`;
}
