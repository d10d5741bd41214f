/**
 * The emulator's subset of the SLS search syntax: terms, `"phrases"`, `prefix*`, `key: value`,
 * `key > n` (also `>=`, `<`, `<=`, `=`), AND / OR / NOT (case-insensitive; NOT binds tightest, then
 * AND, then OR), adjacent terms joined by AND, parentheses, and `*` for everything. Analytic
 * statements (`| select …`) are not supported.
 */

/** A row as the query sees it: field name → values (a field may repeat). */
export type QueryRow = ReadonlyMap<string, readonly string[]>;

/** A compiled query. */
export type LogPredicate = (row: QueryRow) => boolean;

/** Thrown for a query the emulator cannot parse. */
export class LogQuerySyntaxError extends Error {
  override readonly name = 'LogQuerySyntaxError';
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: '(' | ')' | ':' }
  | { kind: 'cmp'; op: '>' | '>=' | '<' | '<=' | '=' };

// SLS's default tokenizer delimiters for full-text and field indexes.
const DELIMITERS = /[\s,'";=()[\]{}?@&<>/:]+/;
const WORD_STOP = /[\s():"<>=]/;

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ':') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        text += query[i];
        i++;
      }
      if (i >= query.length) throw new LogQuerySyntaxError('unterminated quoted string');
      i++;
      tokens.push({ kind: 'phrase', text });
    } else if (c === '<' || c === '>' || c === '=') {
      const two = query.slice(i, i + 2);
      if (two === '>=' || two === '<=') {
        tokens.push({ kind: 'cmp', op: two });
        i += 2;
      } else {
        tokens.push({ kind: 'cmp', op: c });
        i++;
      }
    } else {
      const start = i;
      // `__tag__:name` is one field name although it contains a colon.
      if (query.startsWith('__tag__:', i)) i += 8;
      while (i < query.length && !WORD_STOP.test(query[i] as string)) i++;
      tokens.push({ kind: 'word', text: query.slice(start, i) });
    }
  }
  return tokens;
}

function valueTokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(DELIMITERS)
    .filter((t) => t !== '');
}

/** Matches a search word (lower-cased) against a value: a whole token, or a token prefix for `word*`. */
function matchesWord(value: string, word: string): boolean {
  const lower = value.toLowerCase();
  if (word.endsWith('*')) {
    const prefix = word.slice(0, -1);
    return lower.startsWith(prefix) || valueTokens(value).some((t) => t.startsWith(prefix));
  }
  return lower === word || valueTokens(value).includes(word);
}

function matchesPhrase(value: string, phrase: string): boolean {
  return value.toLowerCase().includes(phrase);
}

class Parser {
  pos = 0;
  constructor(readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  isKeyword(token: Token | undefined, keyword: 'and' | 'or' | 'not'): boolean {
    return token?.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  parseOr(): LogPredicate {
    const parts = [this.parseAnd()];
    while (this.isKeyword(this.peek(), 'or')) {
      this.pos++;
      parts.push(this.parseAnd());
    }
    return parts.length === 1 ? (parts[0] as LogPredicate) : (row) => parts.some((p) => p(row));
  }

  parseAnd(): LogPredicate {
    const parts = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (next === undefined || next.kind === ')' || this.isKeyword(next, 'or')) break;
      if (this.isKeyword(next, 'and')) this.pos++;
      // "a not b" and "a b" both mean AND; NOT itself is handled by parseUnary.
      parts.push(this.parseUnary());
    }
    return parts.length === 1 ? (parts[0] as LogPredicate) : (row) => parts.every((p) => p(row));
  }

  parseUnary(): LogPredicate {
    if (this.isKeyword(this.peek(), 'not')) {
      this.pos++;
      const inner = this.parseUnary();
      return (row) => !inner(row);
    }
    return this.parsePrimary();
  }

  parsePrimary(): LogPredicate {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw new LogQuerySyntaxError('the query ends where a term was expected');
    if (token.kind === '(') {
      const inner = this.parseOr();
      if (this.tokens[this.pos++]?.kind !== ')') throw new LogQuerySyntaxError('missing )');
      return inner;
    }
    if (token.kind === 'phrase') {
      const phrase = token.text.toLowerCase();
      return (row) => anyValue(row, (v) => matchesPhrase(v, phrase));
    }
    if (token.kind !== 'word') throw new LogQuerySyntaxError(`unexpected ${token.kind}`);
    const next = this.peek();
    if (next?.kind === ':') {
      this.pos++;
      return this.fieldMatch(token.text);
    }
    if (next?.kind === 'cmp') {
      this.pos++;
      return this.fieldCompare(token.text, next.op);
    }
    if (token.text === '*') return () => true;
    const word = token.text.toLowerCase();
    return (row) => anyValue(row, (v) => matchesWord(v, word));
  }

  fieldMatch(field: string): LogPredicate {
    const token = this.tokens[this.pos++];
    if (token?.kind === 'phrase') {
      const phrase = token.text.toLowerCase();
      return (row) => (row.get(field) ?? []).some((v) => v.toLowerCase() === phrase || matchesPhrase(v, phrase));
    }
    if (token?.kind !== 'word') throw new LogQuerySyntaxError(`a value must follow "${field}:"`);
    const word = token.text.toLowerCase();
    if (word === '*') return (row) => row.has(field);
    return (row) => (row.get(field) ?? []).some((v) => matchesWord(v, word));
  }

  fieldCompare(field: string, op: '>' | '>=' | '<' | '<=' | '='): LogPredicate {
    const token = this.tokens[this.pos++];
    const bound = token?.kind === 'word' ? Number(token.text) : Number.NaN;
    if (!Number.isFinite(bound)) throw new LogQuerySyntaxError(`a number must follow "${field} ${op}"`);
    const test = {
      '>': (n: number) => n > bound,
      '>=': (n: number) => n >= bound,
      '<': (n: number) => n < bound,
      '<=': (n: number) => n <= bound,
      '=': (n: number) => n === bound,
    }[op];
    return (row) =>
      (row.get(field) ?? []).some((v) => {
        const n = Number(v);
        return v.trim() !== '' && Number.isFinite(n) && test(n);
      });
  }
}

function anyValue(row: QueryRow, test: (value: string) => boolean): boolean {
  for (const [key, values] of row) {
    // Full-text search covers log contents, not the reserved fields (`__time__`, `__tag__:…`, …).
    if (key.startsWith('__')) continue;
    for (const v of values) if (test(v)) return true;
  }
  return false;
}

/**
 * Compiles a search query; an empty query or `*` matches every row.
 * @throws LogQuerySyntaxError for malformed queries and analytic statements (`|`)
 */
export function compileLogQuery(query: string): LogPredicate {
  if (query.includes('|')) {
    throw new LogQuerySyntaxError('analytic statements (| select ...) are not supported by the emulator');
  }
  const tokens = tokenize(query);
  if (tokens.length === 0) return () => true;
  const parser = new Parser(tokens);
  const predicate = parser.parseOr();
  if (parser.pos !== tokens.length) throw new LogQuerySyntaxError('unexpected text after the query');
  return predicate;
}
