import type { TunnelColumn, TunnelScalarKind, TunnelSchema, TunnelStructField, TunnelType } from './types';

const SCALARS: ReadonlySet<string> = new Set<TunnelScalarKind>([
  'bigint',
  'int',
  'smallint',
  'tinyint',
  'double',
  'float',
  'boolean',
  'string',
  'binary',
  'json',
  'datetime',
  'date',
  'timestamp',
  'timestamp_ntz',
  'interval_day_time',
  'interval_year_month',
]);

/**
 * Parses a MaxCompute type string as found in DDL, table metadata and tunnel session schemas
 * (case-insensitive; `decimal(38,18)`, `array<struct<\`a\`:int,b:string>>`, ...).
 *
 * @throws TypeError when the text is not a type string or names a type the record codec cannot
 *   carry (GEOGRAPHY, BLOB, VARIANT, VECTOR)
 */
export function parseTunnelType(text: string): TunnelType {
  if (typeof text !== 'string') throw new TypeError('parseTunnelType: type must be a string');
  const parser = new TypeParser(text);
  const type = parser.parseType();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail('unexpected text after the type');
  return type;
}

/**
 * Formats a parsed type back as a canonical lower-case type string, e.g. `map<string,decimal(10,2)>`.
 */
export function formatTunnelType(type: TunnelType): string {
  switch (type.kind) {
    case 'char':
    case 'varchar':
      return `${type.kind}(${type.length})`;
    case 'decimal':
      if (type.precision === undefined) return 'decimal';
      return type.scale === undefined ? `decimal(${type.precision})` : `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${formatTunnelType(type.element)}>`;
    case 'map':
      return `map<${formatTunnelType(type.key)},${formatTunnelType(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name) ? f.name : `\`${f.name.replace(/`/g, '``')}\``}:${formatTunnelType(f.type)}`).join(',')}>`;
    default:
      return type.kind;
  }
}

/** A column as given to {@link createTunnelSchema}: the type as a type string or already parsed. */
export interface TunnelColumnInput {
  /** The column name. */
  readonly name: string;
  /** The column type, e.g. `'bigint'`, `'decimal(10,2)'`, or a parsed {@link TunnelType}. */
  readonly type: string | TunnelType;
}

/**
 * Builds the schema of a record stream from its data columns (wire order), parsing type strings.
 * Accepts the `columns` of a tunnel session's `Schema` JSON as is (other keys are ignored).
 *
 * @throws TypeError when a column has no name or its type cannot be parsed
 */
export function createTunnelSchema(columns: readonly TunnelColumnInput[]): TunnelSchema {
  if (!Array.isArray(columns)) throw new TypeError('createTunnelSchema: columns must be an array');
  const out: TunnelColumn[] = columns.map((column, i) => {
    if (typeof column?.name !== 'string' || column.name === '') {
      throw new TypeError(`createTunnelSchema: column ${i} needs a non-empty name`);
    }
    const type = typeof column.type === 'string' ? parseColumnType(column.name, column.type) : column.type;
    if (typeof type !== 'object' || type === null || typeof type.kind !== 'string') {
      throw new TypeError(`createTunnelSchema: column "${column.name}" needs a type`);
    }
    return Object.freeze({ name: column.name, type });
  });
  return Object.freeze({ columns: Object.freeze(out) });
}

function parseColumnType(name: string, text: string): TunnelType {
  try {
    return parseTunnelType(text);
  } catch (error) {
    throw new TypeError(`createTunnelSchema: column "${name}": ${(error as Error).message}`);
  }
}

class TypeParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  fail(what: string): never {
    throw new TypeError(`invalid type string "${this.text}": ${what} at offset ${this.pos}`);
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private word(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a name');
    this.pos += match[0].length;
    return match[0];
  }

  private integer(): number {
    this.skipSpace();
    const match = /^\d{1,9}/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private fieldName(): string {
    this.skipSpace();
    if (this.text[this.pos] !== '`') return this.word();
    let name = '';
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('unterminated back-quoted name');
      this.pos++;
      if (ch === '`') {
        if (this.text[this.pos] !== '`') break;
        this.pos++;
      }
      name += ch;
    }
    if (name === '') this.fail('empty field name');
    return name;
  }

  parseType(): TunnelType {
    const name = this.word().toLowerCase();
    if (SCALARS.has(name)) return { kind: name as TunnelScalarKind };
    switch (name) {
      case 'char':
      case 'varchar': {
        this.expect('(');
        const length = this.integer();
        this.expect(')');
        if (length < 1) this.fail(`${name} length must be positive`);
        return { kind: name, length };
      }
      case 'decimal': {
        let precision: number | undefined;
        let scale: number | undefined;
        if (this.peek() === '(') {
          this.pos++;
          precision = this.integer();
          if (this.peek() === ',') {
            this.pos++;
            scale = this.integer();
          }
          this.expect(')');
          if (precision < 1 || (scale !== undefined && scale > precision)) this.fail('invalid precision or scale');
        }
        return { kind: 'decimal', precision, scale };
      }
      case 'array': {
        this.expect('<');
        const element = this.parseType();
        this.expect('>');
        return { kind: 'array', element };
      }
      case 'map': {
        this.expect('<');
        const key = this.parseType();
        this.expect(',');
        const value = this.parseType();
        this.expect('>');
        return { kind: 'map', key, value };
      }
      case 'struct': {
        this.expect('<');
        const fields: TunnelStructField[] = [];
        const seen = new Set<string>();
        do {
          const fieldName = this.fieldName();
          if (seen.has(fieldName.toLowerCase())) this.fail(`duplicate field "${fieldName}"`);
          seen.add(fieldName.toLowerCase());
          // DDL writes `name:type`; some metadata writes `name type`.
          if (this.peek() === ':') this.pos++;
          fields.push({ name: fieldName, type: this.parseType() });
        } while (this.peek() === ',' && ++this.pos);
        this.expect('>');
        return { kind: 'struct', fields };
      }
      default:
        this.fail(`unsupported type "${name}"`);
    }
  }
}
