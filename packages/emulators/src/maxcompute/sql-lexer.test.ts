import { describe, expect, it } from 'vitest';
import { lineColumn, SqlLexError, splitStatements, tokenize } from './sql-lexer';

const significant = (sql: string) =>
  tokenize(sql)
    .filter((t) => t.kind !== 'space')
    .map((t) => `${t.kind}:${t.value}`);

describe('sql-lexer', () => {
  it('reads MaxCompute literals: both quote styles with backslash escapes, back-quoted names, typed numbers', () => {
    expect(significant(`SELECT 'it\\'s', "a\\tb", \`odd\`\`name\`, 10L, 1.5BD, 2e3 FROM t`)).toEqual([
      'word:SELECT',
      "string:it's",
      'punct:,',
      'string:a\tb',
      'punct:,',
      'ident:odd`name',
      'punct:,',
      'number:10',
      'punct:,',
      'number:1.5',
      'punct:,',
      'number:2e3',
      'word:FROM',
      'word:t',
    ]);
  });

  it('keeps comments out and splits statements only at top-level semicolons', () => {
    const statements = splitStatements(tokenize("set a=1; -- c;\nSELECT ';' /* ; */ FROM t;;"));
    expect(statements).toHaveLength(2);
    expect(statements[1]?.filter((t) => t.kind !== 'space').map((t) => t.value)).toEqual(['SELECT', ';', 'FROM', 't']);
  });

  it('reports unterminated literals with their offset, and positions as line and column', () => {
    expect(() => tokenize("SELECT 'x")).toThrow(SqlLexError);
    try {
      tokenize("SELECT\n  'x");
    } catch (error) {
      expect((error as SqlLexError).offset).toBe(9);
      expect(lineColumn("SELECT\n  'x", 9)).toEqual([2, 3]);
    }
  });
});
