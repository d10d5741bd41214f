import { formatJsonPath, type JsonPathSegment } from './json-path';

/** A place in a JSON text, 1-based like editors show it. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A key that appears twice in one object; `JSON.parse` would silently keep the last one. */
export interface DuplicateKey {
  /** Path of the second occurrence. */
  path: string;
  key: string;
  position: SourcePosition;
}

/** A JSON text read with the position of every value, so findings can point at a line. */
export interface JsonSource {
  value: unknown;
  /** Position of the value (or of the key, for object members) at each JSON path. */
  positions: ReadonlyMap<string, SourcePosition>;
  duplicates: DuplicateKey[];
}

/** Why a text is not JSON, and where. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  readonly position: SourcePosition;
  constructor(reason: string, position: SourcePosition) {
    super(`${reason} at line ${position.line}, column ${position.column}`);
    this.position = position;
  }
}

/**
 * Parses strict JSON (RFC 8259) like `JSON.parse`, and also records where each value sits and which
 * object keys repeat. A byte-order mark is skipped, as editors write one.
 *
 * @throws JsonSyntaxError when the text is not JSON
 */
export function parseJsonSource(text: string): JsonSource {
  return new Reader(text).read();
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

class Reader {
  private pos = 0;
  private readonly positions = new Map<string, SourcePosition>();
  private readonly duplicates: DuplicateKey[] = [];
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  read(): JsonSource {
    this.skipSpace();
    const value = this.value([]);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
    return { value, positions: this.positions, duplicates: this.duplicates };
  }

  private where(offset = this.pos): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  private fail(reason: string, offset = this.pos): never {
    throw new JsonSyntaxError(reason, this.where(offset));
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else return;
    }
  }

  private value(path: JsonPathSegment[]): unknown {
    const key = formatJsonPath(path);
    if (!this.positions.has(key)) this.positions.set(key, this.where());
    const c = this.text[this.pos];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) return this.literal('null', null);
    if (c === undefined) this.fail('unexpected end of text');
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private literal<T>(word: string, value: T): T {
    this.pos += word.length;
    return value;
  }

  private object(path: JsonPathSegment[]): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a quoted property name');
      const keyStart = this.pos;
      const key = this.string();
      const memberPath = [...path, key];
      if (seen.has(key)) {
        this.duplicates.push({ path: formatJsonPath(memberPath), key, position: this.where(keyStart) });
      }
      seen.add(key);
      this.positions.set(formatJsonPath(memberPath), this.where(keyStart));
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('expected ":" after a property name');
      this.pos++;
      this.skipSpace();
      // defineProperty, not assignment: a "__proto__" key must stay an ordinary property.
      Object.defineProperty(out, key, {
        value: this.value(memberPath),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail('expected "," or "}" in an object');
    }
  }

  private array(path: JsonPathSegment[]): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value([...path, out.length]));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      this.fail('expected "," or "]" in an array');
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('unterminated string', start);
      if (c === 0x22) {
        out += this.text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('control character in a string (escape it)');
      if (c === 0x5c) {
        out += this.text.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private escape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape', this.pos - 2);
        this.pos += 4;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        return this.fail('invalid escape in a string', this.pos - 2);
    }
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
