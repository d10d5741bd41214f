import { formatTunnelType, parseTunnelType, type TunnelType } from '@alikit/maxcompute/tunnel';
import { currentRow } from './sql-engine';
import { isPunct, isWord, lineColumn, SqlLexError, type SqlToken, splitStatements, tokenize } from './sql-lexer';
import { CatalogError, type MaxComputeCatalog, type MaxComputeColumnInput, partitionKey, quoteId } from './table-store';
import { fromStored, type StoredValue, sqliteType, toStored } from './values';

/** A column of a SELECT result. */
export interface ResultColumn {
  readonly name: string;
  /** Canonical MaxCompute type string. */
  readonly type: string;
  readonly parsed: TunnelType;
}

/** The outcome of a script: the rows of its last SELECT, or the text output of its last statement. */
export type SqlResult =
  | { readonly kind: 'select'; readonly columns: readonly ResultColumn[]; readonly rows: readonly StoredValue[][] }
  | { readonly kind: 'text'; readonly text: string };

/** A failed SQL task: `message` is the text MaxCompute reports (`ODPS-0130161:[1,8] Parse exception - ...`). */
export class SqlFailure extends Error {
  override name = 'SqlFailure';
  /** The `ODPS-NNNNNNN` code. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** What a script run carries besides the catalog. */
export interface SqlRunContext {
  /** `set k=v;` statements seen, merged into this object. */
  settings: Record<string, string>;
}

const STRING_TYPES = new Set(['string', 'varchar', 'char', 'json']);

/** User-defined functions whose MaxCompute result is BIGINT. */
const INTEGER_FUNCTIONS = new Set(['DATEDIFF', 'UNIX_TIMESTAMP']);

/** Built-ins whose MaxCompute result type is fixed, for typing computed result columns. */
const FUNCTION_TYPES: Record<string, TunnelType> = {
  TO_DATE: { kind: 'datetime' },
  DATEADD: { kind: 'datetime' },
  DATETRUNC: { kind: 'datetime' },
  FROM_UNIXTIME: { kind: 'datetime' },
  GETDATE: { kind: 'datetime' },
  TO_CHAR: { kind: 'string' },
  DATEDIFF: { kind: 'bigint' },
  UNIX_TIMESTAMP: { kind: 'bigint' },
  COUNT: { kind: 'bigint' },
};

/**
 * Runs a MaxCompute SQL script (statements separated by `;`) against a project's catalog: DDL is
 * translated to SQLite and recorded in the catalog, DML and queries run on SQLite after the
 * MaxCompute-only syntax is rewritten. Returns the result of the last statement.
 * @throws SqlFailure with MaxCompute's code and message wording.
 */
export function runScript(catalog: MaxComputeCatalog, sql: string, context: SqlRunContext): Promise<SqlResult> {
  return catalog.exclusive(() => runScriptNow(catalog, sql, context));
}

async function runScriptNow(catalog: MaxComputeCatalog, sql: string, context: SqlRunContext): Promise<SqlResult> {
  let tokens: SqlToken[];
  try {
    tokens = tokenize(sql);
  } catch (error) {
    if (error instanceof SqlLexError) throw parseFailure(sql, error.offset, error.message);
    throw error;
  }
  const statements = splitStatements(tokens);
  if (statements.length === 0) throw parseFailure(sql, 0, 'the script contains no statement');
  let result: SqlResult = { kind: 'text', text: 'OK' };
  let ran = false;
  for (const statement of statements) {
    const out = await runStatement(catalog, sql, statement, context);
    if (out) {
      result = out;
      ran = true;
    }
  }
  if (!ran) result = { kind: 'text', text: 'OK' };
  return result;
}

async function runStatement(
  catalog: MaxComputeCatalog,
  source: string,
  all: SqlToken[],
  context: SqlRunContext,
): Promise<SqlResult | undefined> {
  const t = all.filter((token) => token.kind !== 'space');
  const first = t[0] as SqlToken;
  const exec = new StatementRunner(catalog, source, t);
  try {
    if (isWord(first, 'SET')) {
      const text = source.slice(first.end, (t[t.length - 1] as SqlToken).end).trim();
      const eq = text.indexOf('=');
      if (eq > 0) context.settings[text.slice(0, eq).trim()] = text.slice(eq + 1).trim();
      return undefined;
    }
    if (isWord(first, 'CREATE')) return await exec.create();
    if (isWord(first, 'DROP')) return await exec.drop();
    if (isWord(first, 'INSERT')) return await exec.insert();
    if (isWord(first, 'ALTER')) return await exec.alter();
    if (isWord(first, 'TRUNCATE')) return await exec.truncate();
    if (isWord(first, 'DESC') || isWord(first, 'DESCRIBE')) return exec.describe();
    if (isWord(first, 'SHOW')) return await exec.show();
    if (isWord(first, 'SELECT') || isWord(first, 'WITH') || isPunct(first, '(')) {
      return await exec.query(t, 0);
    }
    throw exec.parseError(0);
  } catch (error) {
    if (error instanceof SqlFailure) throw error;
    if (error instanceof CatalogError) throw exec.catalogFailure(error);
    throw exec.sqliteFailure(error);
  }
}

class StatementRunner {
  constructor(
    readonly catalog: MaxComputeCatalog,
    readonly source: string,
    readonly t: SqlToken[],
  ) {}

  #pos(index: number): string {
    const token = this.t[Math.min(index, this.t.length - 1)];
    const [line, col] = lineColumn(this.source, token?.start ?? 0);
    return `[${line},${col}]`;
  }

  parseError(index: number, detail?: string): SqlFailure {
    const token = this.t[index];
    return new SqlFailure(
      'ODPS-0130161',
      `ODPS-0130161:${this.#pos(index)} Parse exception - ${detail ?? (token ? `invalid token '${token.text}'` : 'unexpected end of statement')}`,
    );
  }

  #expectWord(index: number, word: string): void {
    if (!isWord(this.t[index], word))
      throw this.parseError(index, `expected ${word}, got '${this.t[index]?.text ?? '<EOF>'}'`);
  }

  /** Reads `[project.]name` at index; returns the table name and the index after it. */
  #tableName(index: number): [string, number] {
    let i = index;
    const first = this.t[i];
    if (!first || (first.kind !== 'word' && first.kind !== 'ident')) throw this.parseError(i, 'expected a table name');
    let name = first.value;
    i++;
    while (isPunct(this.t[i], '.') && (this.t[i + 1]?.kind === 'word' || this.t[i + 1]?.kind === 'ident')) {
      const qualifier = name;
      name = (this.t[i + 1] as SqlToken).value;
      i += 2;
      if (qualifier.toLowerCase() !== this.catalog.project.toLowerCase() && qualifier.toLowerCase() !== 'default') {
        throw new SqlFailure(
          'ODPS-0130131',
          `ODPS-0130131:${this.#pos(index)} Table not found - table ${qualifier}.${name.toLowerCase()} cannot be resolved`,
        );
      }
    }
    return [name.toLowerCase(), i];
  }

  /** Index of the token closing the parenthesis opened at `open`. */
  #close(open: number): number {
    let depth = 0;
    for (let i = open; i < this.t.length; i++) {
      if (isPunct(this.t[i], '(')) depth++;
      else if (isPunct(this.t[i], ')')) {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw this.parseError(this.t.length, "missing ')'");
  }

  #tableNotFound(index: number, name: string): SqlFailure {
    return new SqlFailure(
      'ODPS-0130131',
      `ODPS-0130131:${this.#pos(index)} Table not found - table ${this.catalog.project}.${name} cannot be resolved`,
    );
  }

  catalogFailure(error: CatalogError): SqlFailure {
    switch (error.reason) {
      case 'TableExists':
        return new SqlFailure(
          'ODPS-0110061',
          `ODPS-0110061:Failed to run ddltask - AlreadyExistsException(message:${error.message})`,
        );
      case 'NoSuchTable':
        return new SqlFailure('ODPS-0130131', `ODPS-0130131:${this.#pos(0)} Table not found - ${error.message}`);
      default:
        return new SqlFailure(
          'ODPS-0130071',
          `ODPS-0130071:${this.#pos(0)} Semantic analysis exception - ${error.message}`,
        );
    }
  }

  sqliteFailure(error: unknown): SqlFailure {
    const message = error instanceof Error ? error.message : String(error);
    const offsetOf = (word: string): number => {
      const i = this.t.findIndex((token) => token.value.toLowerCase() === word.toLowerCase());
      return Math.max(i, 0);
    };
    let m = /no such table: (?:main\.)?(\S+)/.exec(message);
    if (m) {
      const name = (m[1] as string).toLowerCase();
      const at = offsetOf(name.split('.')[0] as string);
      if (!name.includes('.')) return this.#tableNotFound(at, name);
      return new SqlFailure(
        'ODPS-0130131',
        `ODPS-0130131:${this.#pos(at)} Table not found - table ${name} cannot be resolved`,
      );
    }
    m = /no such column: (\S+)/.exec(message);
    if (m) {
      const column = (m[1] as string).split('.').pop() as string;
      return new SqlFailure(
        'ODPS-0130071',
        `ODPS-0130071:${this.#pos(offsetOf(column))} Semantic analysis exception - column ${column} cannot be resolved`,
      );
    }
    m = /near "([^"]*)": syntax error/.exec(message);
    if (m) return this.parseError(offsetOf(m[1] as string), `invalid token '${m[1]}'`);
    if (/incomplete input/.test(message)) return this.parseError(this.t.length, 'unexpected end of statement');
    m = /no such function: (\S+)/.exec(message);
    if (m) {
      return new SqlFailure(
        'ODPS-0130071',
        `ODPS-0130071:${this.#pos(offsetOf(m[1] as string))} Semantic analysis exception - function ${m[1]} cannot be resolved`,
      );
    }
    if (error instanceof TypeError) {
      return new SqlFailure('ODPS-0130071', `ODPS-0130071:${this.#pos(0)} Semantic analysis exception - ${message}`);
    }
    return new SqlFailure('ODPS-0130071', `ODPS-0130071:${this.#pos(0)} Semantic analysis exception - ${message}`);
  }

  /** Reads column definitions inside parentheses starting at `open`; returns them and the index after `)`. */
  #columnDefs(open: number): [MaxComputeColumnInput[], number] {
    const close = this.#close(open);
    const columns: MaxComputeColumnInput[] = [];
    let i = open + 1;
    while (i < close) {
      if (isWord(this.t[i], 'PRIMARY') || isWord(this.t[i], 'CONSTRAINT')) {
        while (i < close && !isPunct(this.t[i], ',')) i = isPunct(this.t[i], '(') ? this.#close(i) + 1 : i + 1;
        i++;
        continue;
      }
      const nameToken = this.t[i];
      if (!nameToken || (nameToken.kind !== 'word' && nameToken.kind !== 'ident')) {
        throw this.parseError(i, 'expected a column name');
      }
      i++;
      const typeStart = i;
      let depth = 0;
      while (i < close) {
        const token = this.t[i] as SqlToken;
        if (
          depth === 0 &&
          (isPunct(token, ',') || ['NOT', 'NULL', 'DEFAULT', 'COMMENT'].some((w) => isWord(token, w)))
        ) {
          break;
        }
        if (isPunct(token, '(') || isPunct(token, '<')) depth++;
        if (isPunct(token, ')') || isPunct(token, '>')) depth--;
        if (isPunct(token, '<>')) {
          // `array<>` never occurs; treat as an opening and closing pair.
        }
        i++;
      }
      if (i === typeStart) throw this.parseError(i, `column ${nameToken.value} needs a type`);
      const typeText = this.source.slice((this.t[typeStart] as SqlToken).start, (this.t[i - 1] as SqlToken).end);
      try {
        parseTunnelType(typeText);
      } catch {
        throw new SqlFailure(
          'ODPS-0130161',
          `ODPS-0130161:${this.#pos(typeStart)} Parse exception - invalid type '${typeText}' of column ${nameToken.value}`,
        );
      }
      const column: MaxComputeColumnInput = { name: nameToken.value, type: typeText };
      while (i < close && !isPunct(this.t[i], ',')) {
        if (isWord(this.t[i], 'NOT') && isWord(this.t[i + 1], 'NULL')) {
          column.nullable = false;
          i += 2;
        } else if (isWord(this.t[i], 'COMMENT') && this.t[i + 1]?.kind === 'string') {
          column.comment = (this.t[i + 1] as SqlToken).value;
          i += 2;
        } else {
          i++;
        }
      }
      columns.push(column);
      i++;
    }
    return [columns, close + 1];
  }

  async create(): Promise<SqlResult> {
    let i = 1;
    if (isWord(this.t[i], 'EXTERNAL') || isWord(this.t[i], 'TRANSACTIONAL')) i++;
    if (isWord(this.t[i], 'VIEW')) {
      throw new SqlFailure(
        'ODPS-0130071',
        `ODPS-0130071:${this.#pos(i)} Semantic analysis exception - the emulator does not support views`,
      );
    }
    this.#expectWord(i, 'TABLE');
    i++;
    let ifNotExists = false;
    if (isWord(this.t[i], 'IF')) {
      this.#expectWord(i + 1, 'NOT');
      this.#expectWord(i + 2, 'EXISTS');
      ifNotExists = true;
      i += 3;
    }
    const [name, afterName] = this.#tableName(i);
    i = afterName;
    if (isWord(this.t[i], 'LIKE')) {
      const [other, after] = this.#tableName(i + 1);
      const source = this.catalog.get(other);
      if (!source) throw this.#tableNotFound(i + 1, other);
      const lifecycle = this.#lifecycle(after);
      await this.catalog.createTable({
        name,
        ifNotExists,
        columns: source.columns.map((c) => ({ name: c.name, type: c.type, comment: c.comment, nullable: c.nullable })),
        partitionKeys: source.partitionKeys.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
        comment: source.comment,
        lifecycle: lifecycle ?? source.lifecycle,
      });
      return { kind: 'text', text: 'OK' };
    }
    let columns: MaxComputeColumnInput[] = [];
    let partitionKeys: MaxComputeColumnInput[] = [];
    let comment: string | undefined;
    let lifecycle: number | undefined;
    if (isPunct(this.t[i], '(') && !isWord(this.t[i + 1], 'SELECT') && !isWord(this.t[i + 1], 'WITH')) {
      [columns, i] = this.#columnDefs(i);
    }
    while (i < this.t.length) {
      const token = this.t[i];
      if (isWord(token, 'COMMENT') && this.t[i + 1]?.kind === 'string') {
        comment = (this.t[i + 1] as SqlToken).value;
        i += 2;
      } else if (isWord(token, 'PARTITIONED')) {
        this.#expectWord(i + 1, 'BY');
        if (!isPunct(this.t[i + 2], '(')) throw this.parseError(i + 2, "expected '('");
        [partitionKeys, i] = this.#columnDefs(i + 2);
      } else if (isWord(token, 'LIFECYCLE')) {
        const n = this.t[i + 1];
        if (n?.kind !== 'number') throw this.parseError(i + 1, 'LIFECYCLE needs a number of days');
        lifecycle = Number(n.value);
        i += 2;
      } else if (isWord(token, 'STORED')) {
        i += isWord(this.t[i + 1], 'BY') || isWord(this.t[i + 1], 'AS') ? 3 : 2;
      } else if (isWord(token, 'TBLPROPERTIES') || isWord(token, 'WITH')) {
        const open = isPunct(this.t[i + 1], '(') ? i + 1 : isPunct(this.t[i + 2], '(') ? i + 2 : -1;
        if (open < 0) throw this.parseError(i + 1, "expected '('");
        i = this.#close(open) + 1;
      } else if (isWord(token, 'CLUSTERED') || isWord(token, 'RANGE') || isWord(token, 'SORTED')) {
        i++;
        while (i < this.t.length && !isPunct(this.t[i], '(')) i++;
        i = this.#close(i) + 1;
      } else if (isWord(token, 'INTO') && isWord(this.t[i + 2], 'BUCKETS')) {
        i += 3;
      } else if (isWord(token, 'INTO') && isWord(this.t[i + 2], 'SHARDS')) {
        i += 3;
      } else if (isWord(token, 'ROW') || isWord(token, 'LOCATION') || isWord(token, 'USING')) {
        throw this.parseError(i, `the emulator does not support external tables ('${token?.text}')`);
      } else if (isWord(token, 'AS')) {
        if (columns.length > 0) throw this.parseError(i, 'CREATE TABLE AS cannot declare columns');
        const result = await this.query(this.t, i + 1);
        if (result.kind !== 'select') throw this.parseError(i + 1);
        if (this.catalog.get(name) && ifNotExists) return { kind: 'text', text: 'OK' };
        const table = await this.catalog.createTable({
          name,
          ifNotExists,
          columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
          comment,
          lifecycle,
        });
        await this.catalog.insertRecords(
          table,
          undefined,
          result.rows.map((row) => result.columns.map((c, k) => fromStored(c.parsed, row[k] ?? null))),
        );
        return { kind: 'text', text: 'OK' };
      } else {
        throw this.parseError(i);
      }
    }
    await this.catalog.createTable({ name, ifNotExists, columns, partitionKeys, comment, lifecycle });
    return { kind: 'text', text: 'OK' };
  }

  #lifecycle(i: number): number | undefined {
    if (isWord(this.t[i], 'LIFECYCLE') && this.t[i + 1]?.kind === 'number')
      return Number((this.t[i + 1] as SqlToken).value);
    if (i < this.t.length) throw this.parseError(i);
    return undefined;
  }

  async drop(): Promise<SqlResult> {
    if (!isWord(this.t[1], 'TABLE')) throw this.parseError(1, `the emulator drops only tables`);
    let i = 2;
    let ifExists = false;
    if (isWord(this.t[i], 'IF')) {
      this.#expectWord(i + 1, 'EXISTS');
      ifExists = true;
      i += 2;
    }
    const [name, after] = this.#tableName(i);
    if (after < this.t.length) throw this.parseError(after);
    const dropped = await this.catalog.dropTable(name);
    if (!dropped && !ifExists) throw this.#tableNotFound(i, name);
    return { kind: 'text', text: 'OK' };
  }

  /** Reads `( k = v, ... )` at `open`; values may be absent (dynamic partitions). */
  #partitionSpec(open: number): [Array<[string, string | undefined]>, number] {
    if (!isPunct(this.t[open], '(')) throw this.parseError(open, "expected '(' after PARTITION");
    const close = this.#close(open);
    const spec: Array<[string, string | undefined]> = [];
    let i = open + 1;
    while (i < close) {
      const key = this.t[i];
      if (!key || (key.kind !== 'word' && key.kind !== 'ident'))
        throw this.parseError(i, 'expected a partition column');
      i++;
      let value: string | undefined;
      if (isPunct(this.t[i], '=')) {
        const literal = this.t[i + 1];
        if (!literal || !['string', 'number', 'word'].includes(literal.kind)) throw this.parseError(i + 1);
        value = literal.value;
        i += 2;
      }
      spec.push([key.value.toLowerCase(), value]);
      if (isPunct(this.t[i], ',')) i++;
      else if (i !== close) throw this.parseError(i);
    }
    return [spec, close + 1];
  }

  async insert(): Promise<SqlResult> {
    let i = 1;
    let overwrite = false;
    if (isWord(this.t[i], 'OVERWRITE')) overwrite = true;
    else this.#expectWord(i, 'INTO');
    i++;
    if (isWord(this.t[i], 'TABLE')) i++;
    const nameAt = i;
    const [name, afterName] = this.#tableName(i);
    i = afterName;
    const table = this.catalog.get(name);
    if (!table) throw this.#tableNotFound(nameAt, name);
    let spec: Array<[string, string | undefined]> = [];
    if (isWord(this.t[i], 'PARTITION')) [spec, i] = this.#partitionSpec(i + 1);
    let targets = table.columns.map((c) => c.name);
    if (isPunct(this.t[i], '(') && !isWord(this.t[i + 1], 'SELECT') && !isWord(this.t[i + 1], 'WITH')) {
      const close = this.#close(i);
      targets = [];
      for (let k = i + 1; k < close; k++) {
        const token = this.t[k] as SqlToken;
        if (isPunct(token, ',')) continue;
        const col = token.value.toLowerCase();
        if (!table.columns.some((c) => c.name === col)) {
          throw new SqlFailure(
            'ODPS-0130071',
            `ODPS-0130071:${this.#pos(k)} Semantic analysis exception - column ${col} cannot be resolved in table ${this.catalog.project}.${table.name}`,
          );
        }
        targets.push(col);
      }
      i = close + 1;
    }
    if (table.partitionKeys.length === 0 && spec.length > 0) {
      throw new SqlFailure(
        'ODPS-0130071',
        `ODPS-0130071:${this.#pos(nameAt)} Semantic analysis exception - table ${this.catalog.project}.${table.name} is not partitioned`,
      );
    }
    if (table.partitionKeys.length > 0) {
      const keys = table.partitionKeys.map((k) => k.name);
      if (spec.length !== keys.length || spec.some(([k], n) => k !== keys[n])) {
        throw new SqlFailure(
          'ODPS-0130071',
          `ODPS-0130071:${this.#pos(nameAt)} Semantic analysis exception - partition spec must name the partition columns (${keys.join(', ')}) of ${this.catalog.project}.${table.name}`,
        );
      }
      const firstDynamic = spec.findIndex(([, v]) => v === undefined);
      if (firstDynamic >= 0 && spec.slice(firstDynamic).some(([, v]) => v !== undefined)) {
        throw new SqlFailure(
          'ODPS-0130071',
          `ODPS-0130071:${this.#pos(nameAt)} Semantic analysis exception - static partition columns must come before dynamic ones`,
        );
      }
    }
    const staticSpec = spec.filter(([, v]) => v !== undefined) as Array<[string, string]>;
    const dynamicKeys = spec.filter(([, v]) => v === undefined).map(([k]) => k);
    let select: string;
    if (isWord(this.t[i], 'VALUES')) {
      select = `SELECT * FROM (${this.#translate(this.t.slice(i))})`;
    } else if (isWord(this.t[i], 'SELECT') || isWord(this.t[i], 'WITH') || isPunct(this.t[i], '(')) {
      select = `SELECT * FROM (${this.#translate(this.t.slice(i))})`;
    } else {
      throw this.parseError(i, 'expected VALUES or SELECT');
    }
    const db = await this.catalog.database();
    const temp = 'temp."__alikit_insert"';
    db.run(`DROP TABLE IF EXISTS ${temp}`);
    db.run(`CREATE TABLE ${temp} AS ${select}`);
    try {
      const probe = db.prepare(`SELECT * FROM ${temp}`);
      const tempNames = probe.getColumnNames();
      probe.free();
      const width = tempNames.length;
      const expected = targets.length + dynamicKeys.length;
      if (width !== expected) {
        throw new SqlFailure(
          'ODPS-0130071',
          `ODPS-0130071:${this.#pos(0)} Semantic analysis exception - ${width} columns are inserted into ${expected} target columns of ${this.catalog.project}.${table.name}`,
        );
      }
      if (overwrite) {
        if (dynamicKeys.length === 0) {
          await this.catalog.deleteRows(table, staticSpec.length > 0 ? staticSpec : undefined);
        } else {
          const dynCols = tempNames.slice(targets.length).map(quoteId).join(', ');
          const tuples = db.exec(`SELECT DISTINCT ${dynCols} FROM ${temp}`)[0]?.values ?? [];
          for (const tuple of tuples) {
            await this.catalog.deleteRows(table, [
              ...staticSpec,
              ...dynamicKeys.map((k, n) => [k, String(tuple[n])] as [string, string]),
            ]);
          }
        }
      }
      const columns = [...targets, ...dynamicKeys, ...staticSpec.map(([k]) => k)].map(quoteId).join(', ');
      const literals = staticSpec.map(() => ', ?').join('');
      db.run(
        `INSERT INTO ${quoteId(table.name)} (${columns}) SELECT *${literals} FROM ${temp}`,
        staticSpec.map(([, v]) => v),
      );
      const inserted = db.getRowsModified();
      if (dynamicKeys.length > 0) await this.catalog.syncPartitions(table);
      else if (staticSpec.length > 0) this.catalog.touchPartition(table, staticSpec);
      this.catalog.touchData(table);
      return { kind: 'text', text: `OK: ${inserted} rows inserted into ${this.catalog.project}.${table.name}` };
    } finally {
      db.run(`DROP TABLE IF EXISTS ${temp}`);
    }
  }

  async alter(): Promise<SqlResult> {
    this.#expectWord(1, 'TABLE');
    const [name, after] = this.#tableName(2);
    const table = this.catalog.get(name);
    if (!table) throw this.#tableNotFound(2, name);
    let i = after;
    const add = isWord(this.t[i], 'ADD');
    if (!add && !isWord(this.t[i], 'DROP'))
      throw this.parseError(i, 'the emulator supports ALTER TABLE ADD/DROP PARTITION');
    i++;
    let lenient = false;
    if (isWord(this.t[i], 'IF')) {
      lenient = true;
      i += add ? 3 : 2;
    }
    while (i < this.t.length) {
      this.#expectWord(i, 'PARTITION');
      const [raw, next] = this.#partitionSpec(i + 1);
      if (raw.some(([, v]) => v === undefined)) throw this.parseError(i + 1, 'partition values are required');
      const spec = this.catalog.normalizeSpec(table, raw as Array<[string, string]>) as Array<[string, string]>;
      const exists = table.partitions.has(partitionKey(spec));
      if (add) {
        if (exists && !lenient) {
          throw new SqlFailure(
            'ODPS-0110061',
            `ODPS-0110061:Failed to run ddltask - AlreadyExistsException(message:Partition already exists - ${partitionKey(spec)})`,
          );
        }
        this.catalog.touchPartition(table, spec);
      } else {
        if (!exists && !lenient) {
          throw new SqlFailure(
            'ODPS-0130071',
            `ODPS-0130071:${this.#pos(i)} Semantic analysis exception - partition ${partitionKey(spec)} does not exist`,
          );
        }
        await this.catalog.deleteRows(table, spec);
        table.partitions.delete(partitionKey(spec));
      }
      i = isPunct(this.t[next], ',') ? next + 1 : next;
    }
    return { kind: 'text', text: 'OK' };
  }

  async truncate(): Promise<SqlResult> {
    this.#expectWord(1, 'TABLE');
    const [name, after] = this.#tableName(2);
    const table = this.catalog.get(name);
    if (!table) throw this.#tableNotFound(2, name);
    if (isWord(this.t[after], 'PARTITION')) {
      const [raw] = this.#partitionSpec(after + 1);
      await this.catalog.deleteRows(table, this.catalog.normalizeSpec(table, raw as Array<[string, string]>));
    } else {
      await this.catalog.deleteRows(table, undefined);
    }
    return { kind: 'text', text: 'OK' };
  }

  describe(): SqlResult {
    const [name] = this.#tableName(isWord(this.t[1], 'TABLE') ? 2 : 1);
    const table = this.catalog.get(name);
    if (!table) throw this.#tableNotFound(1, name);
    const lines = [
      `Owner: ${table.owner}`,
      `Project: ${this.catalog.project}`,
      `TableComment: ${table.comment}`,
      `Lifecycle: ${table.lifecycle}`,
      'Native Columns:',
      ...table.columns.map((c) => `${c.name} | ${c.type} | ${c.comment}`),
    ];
    if (table.partitionKeys.length > 0) {
      lines.push('Partition Columns:', ...table.partitionKeys.map((c) => `${c.name} | ${c.type} | ${c.comment}`));
    }
    return { kind: 'text', text: `${lines.join('\n')}\n` };
  }

  async show(): Promise<SqlResult> {
    if (isWord(this.t[1], 'TABLES')) {
      const names = [...this.catalog.tables.values()].map((t) => `${t.owner}:${t.name}`);
      return { kind: 'text', text: names.length > 0 ? `${names.join('\n')}\n` : '' };
    }
    if (isWord(this.t[1], 'PARTITIONS')) {
      const [name] = this.#tableName(2);
      const table = this.catalog.get(name);
      if (!table) throw this.#tableNotFound(2, name);
      await this.catalog.syncPartitions(table);
      const specs = [...table.partitions.keys()].sort();
      return { kind: 'text', text: specs.length > 0 ? `${specs.join('\n')}\n` : '' };
    }
    throw this.parseError(1);
  }

  /** Runs the query starting at `from` and types its columns. */
  async query(tokens: SqlToken[], from: number): Promise<SqlResult> {
    const body = tokens.slice(from);
    const sql = this.#translate(body);
    const db = await this.catalog.database();
    const statement = db.prepare(sql);
    const rows: StoredValue[][] = [];
    let names: string[];
    try {
      while (statement.step()) rows.push(currentRow(statement));
      names = statement.getColumnNames();
    } finally {
      statement.free();
    }
    const known = new Map<string, TunnelType>();
    for (const token of body) {
      if (token.kind !== 'word' && token.kind !== 'ident') continue;
      const table = this.catalog.get(token.value);
      if (!table) continue;
      for (const c of [...table.columns, ...table.partitionKeys]) if (!known.has(c.name)) known.set(c.name, c.parsed);
    }
    const selected = selectListTypes(body);
    const columns = names.map((raw, index): ResultColumn => {
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(raw) ? raw.toLowerCase() : `_c${index}`;
      const values = rows.map((row) => row[index] ?? null);
      const declared = (selected?.length === names.length ? selected[index] : undefined) ?? known.get(name);
      const parsed = declared && fits(declared, values) ? declared : inferType(values);
      return { name, type: formatTunnelType(parsed), parsed };
    });
    return { kind: 'select', columns, rows };
  }

  /** Rewrites MaxCompute expression syntax to SQLite. */
  #translate(tokens: readonly SqlToken[]): string {
    const out: string[] = [];
    const project = this.catalog.project.toLowerCase();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as SqlToken;
      const next = tokens[i + 1];
      if (
        (token.kind === 'word' || token.kind === 'ident') &&
        token.value.toLowerCase() === project &&
        isPunct(next, '.') &&
        (tokens[i + 2]?.kind === 'word' || tokens[i + 2]?.kind === 'ident')
      ) {
        i++;
        continue;
      }
      switch (token.kind) {
        case 'string':
          out.push(`'${token.value.replace(/'/g, "''")}'`);
          break;
        case 'ident':
          out.push(quoteId(token.value));
          break;
        case 'number':
          out.push(token.value);
          break;
        case 'punct':
          if (token.text === '/') out.push('* 1.0 /');
          else if (token.text === '==') out.push('=');
          else if (token.text === '&&') out.push('AND');
          else out.push(token.text);
          break;
        case 'word': {
          const upper = token.text.toUpperCase();
          if ((upper === 'DATETIME' || upper === 'DATE' || upper === 'TIMESTAMP') && next?.kind === 'string') break;
          if (INTEGER_FUNCTIONS.has(upper) && isPunct(next, '(')) {
            // JavaScript functions return REAL to SQLite; these are BIGINT in MaxCompute.
            const close = closeIn(tokens, i + 1);
            out.push(`CAST(${token.text}(${this.#translate(tokens.slice(i + 2, close))}) AS INTEGER)`);
            i = close;
          } else if (upper === 'IF' && isPunct(next, '(')) out.push('iif');
          else if (upper === 'RLIKE') out.push('REGEXP');
          else if (upper === 'CAST' && isPunct(next, '(')) {
            const close = closeIn(tokens, i + 1);
            let as = -1;
            let depth = 0;
            for (let k = i + 2; k < close; k++) {
              if (isPunct(tokens[k], '(')) depth++;
              else if (isPunct(tokens[k], ')')) depth--;
              else if (depth === 0 && isWord(tokens[k], 'AS')) as = k;
            }
            if (as < 0) {
              out.push(token.text);
              break;
            }
            const typeText = tokens
              .slice(as + 1, close)
              .map((t) => t.text)
              .join('');
            out.push(`CAST(${this.#translate(tokens.slice(i + 2, as))} AS ${castType(typeText)})`);
            i = close;
          } else out.push(token.text);
          break;
        }
        default:
          break;
      }
    }
    return out.join(' ');
  }
}

function closeIn(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length - 1;
}

/**
 * The types the outermost select list fixes by its expressions: a whole-item `CAST(… AS type)` or a
 * call of a built-in with a fixed result type. `undefined` entries are left to inference; the
 * result is `undefined` when the list cannot be split (e.g. `*`).
 */
function selectListTypes(tokens: readonly SqlToken[]): Array<TunnelType | undefined> | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && isWord(tokens[i], 'SELECT')) {
      start = i + 1;
      break;
    }
  }
  if (start < 0) return undefined;
  if (isWord(tokens[start], 'DISTINCT') || isWord(tokens[start], 'ALL')) start++;
  const items: SqlToken[][] = [[]];
  depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    if (depth === 0 && ['FROM', 'WHERE', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'HAVING'].some((w) => isWord(token, w)))
      break;
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth--;
    if (depth === 0 && isPunct(token, ',')) items.push([]);
    else (items[items.length - 1] as SqlToken[]).push(token);
  }
  if (items.some((item) => item.some((t) => isPunct(t, '*')) && item.length <= 3)) return undefined;
  return items.map((item) => {
    const head = item[0];
    if (head?.kind !== 'word' || !isPunct(item[1], '(')) return undefined;
    const close = closeIn(item, 1);
    const rest = item.slice(close + 1);
    const aliasOnly =
      rest.length === 0 ||
      (rest.length === 1 && (rest[0]?.kind === 'word' || rest[0]?.kind === 'ident')) ||
      (rest.length === 2 && isWord(rest[0], 'AS'));
    if (!aliasOnly) return undefined;
    const upper = head.text.toUpperCase();
    if (upper === 'CAST') {
      let as = -1;
      let d = 0;
      for (let k = 2; k < close; k++) {
        if (isPunct(item[k], '(')) d++;
        else if (isPunct(item[k], ')')) d--;
        else if (d === 0 && isWord(item[k], 'AS')) as = k;
      }
      if (as < 0) return undefined;
      try {
        return parseTunnelType(
          item
            .slice(as + 1, close)
            .map((t) => t.text)
            .join(''),
        );
      } catch {
        return undefined;
      }
    }
    return FUNCTION_TYPES[upper];
  });
}

function castType(text: string): string {
  try {
    const type = parseTunnelType(text);
    if (type.kind === 'decimal') return 'NUMERIC';
    return sqliteType(type);
  } catch {
    return text;
  }
}

function parseFailure(source: string, offset: number, detail: string): SqlFailure {
  const [line, col] = lineColumn(source, offset);
  return new SqlFailure('ODPS-0130161', `ODPS-0130161:[${line},${col}] Parse exception - ${detail}`);
}

/** Whether every value of a result column can be read as the declared type. */
function fits(type: TunnelType, values: readonly StoredValue[]): boolean {
  return values.every((value) => {
    if (value === null) return true;
    switch (type.kind) {
      case 'bigint':
      case 'int':
      case 'smallint':
      case 'tinyint':
        return typeof value === 'bigint';
      case 'double':
      case 'float':
        return typeof value === 'number' || typeof value === 'bigint';
      case 'boolean':
        return value === 0n || value === 1n || value === 0 || value === 1;
      case 'binary':
        return value instanceof Uint8Array;
      case 'decimal':
        return typeof value !== 'object';
      case 'datetime':
      case 'date':
      case 'timestamp':
      case 'timestamp_ntz':
        if (typeof value !== 'string') return false;
        try {
          toStored(type, fromStored(type, value), 'x');
          return true;
        } catch {
          return false;
        }
      case 'array':
      case 'map':
      case 'struct':
        if (typeof value !== 'string') return false;
        try {
          fromStored(type, value);
          return true;
        } catch {
          return false;
        }
      default:
        return STRING_TYPES.has(type.kind) ? typeof value === 'string' : true;
    }
  });
}

/** The type of a computed result column, from its values. */
function inferType(values: readonly StoredValue[]): TunnelType {
  let kind: 'bigint' | 'double' | 'string' | 'binary' | undefined;
  for (const value of values) {
    if (value === null) continue;
    if (value instanceof Uint8Array) return { kind: 'binary' };
    if (typeof value === 'string') return { kind: 'string' };
    if (typeof value === 'bigint') kind = kind === 'double' ? 'double' : 'bigint';
    else kind = 'double';
  }
  return { kind: kind ?? 'string' };
}
