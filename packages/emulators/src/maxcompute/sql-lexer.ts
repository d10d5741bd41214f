/** One lexical token of MaxCompute SQL. */
export interface SqlToken {
  /**
   * `word` (keyword or bare identifier), `ident` (back-quoted identifier), `string` (quoted
   * literal), `number`, `punct` (operators and punctuation), `space` (whitespace and comments).
   */
  readonly kind: 'word' | 'ident' | 'string' | 'number' | 'punct' | 'space';
  /** The token's source text. */
  readonly text: string;
  /** The identifier name or the unescaped string value; the text otherwise. */
  readonly value: string;
  /** Offset of the first character in the statement source. */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
}

/** A lexical error: an unterminated literal or identifier, or a character SQL does not use. */
export class SqlLexError extends Error {
  override name = 'SqlLexError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  '0': '\0',
  Z: '\x1a',
};

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '==', '||', '&&']);

/** Splits MaxCompute SQL into tokens; string literals may use `'` or `"` with backslash escapes. */
export function tokenize(source: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlToken['kind'], start: number, end: number, value?: string) => {
    const text = source.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end });
  };
  while (i < source.length) {
    const c = source[i] as string;
    const start = i;
    if (/\s/.test(c)) {
      while (i < source.length && /\s/.test(source[i] as string)) i++;
      push('space', start, i);
    } else if (c === '-' && source[i + 1] === '-') {
      while (i < source.length && source[i] !== '\n') i++;
      push('space', start, i);
    } else if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) throw new SqlLexError('unterminated comment', start);
      i = close + 2;
      push('space', start, i);
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new SqlLexError('unterminated string literal', start);
        const d = source[i] as string;
        if (d === '\\' && i + 1 < source.length) {
          const e = source[i + 1] as string;
          value += ESCAPES[e] ?? e;
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      push('string', start, i, value);
    } else if (c === '`') {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new SqlLexError('unterminated quoted identifier', start);
        if (source[i] === '`') {
          if (source[i + 1] === '`') {
            value += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i];
        i++;
      }
      push('ident', start, i, value);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < source.length && /[0-9.]/.test(source[i] as string)) i++;
      if (/[eE]/.test(source[i] ?? '') && /[-+0-9]/.test(source[i + 1] ?? '')) {
        i += 2;
        while (i < source.length && /[0-9]/.test(source[i] as string)) i++;
      }
      // Typed literal suffixes: 1L (bigint), 1Y, 1S, 1BD (decimal).
      const suffix = /^(BD|L|Y|S)(?![A-Za-z0-9_])/i.exec(source.slice(i));
      if (suffix) {
        const digits = source.slice(start, i);
        i += suffix[0].length;
        push('number', start, i, digits);
      } else {
        push('number', start, i);
      }
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(source[i] as string)) i++;
      push('word', start, i);
    } else {
      const two = source.slice(i, i + 2);
      i += TWO_CHAR_OPS.has(two) ? 2 : 1;
      push('punct', start, i);
    }
  }
  return tokens;
}

/** Splits tokens into statements at top-level `;`, dropping empty statements. */
export function splitStatements(tokens: readonly SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [];
  let current: SqlToken[] = [];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') {
      if (current.some((t) => t.kind !== 'space')) statements.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  if (current.some((t) => t.kind !== 'space')) statements.push(current);
  return statements;
}

/** Whether a token is the keyword `word` (case-insensitive). */
export function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === word;
}

/** Whether a token is the punctuation `text`. */
export function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** Line and column (both 1-based) of an offset, the way MaxCompute error messages cite positions. */
export function lineColumn(source: string, offset: number): [number, number] {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return [line, column];
}
