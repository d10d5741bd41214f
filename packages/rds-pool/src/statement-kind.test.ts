import { describe, expect, it } from 'vitest';
import { changesSession, isReadStatement, opensTransaction } from './statement-kind';

describe('statement kinds', () => {
  it('counts only plain reads as reads', () => {
    for (const sql of [
      'SELECT 1',
      '  select * from t',
      '/* hint */ SELECT 1',
      '-- c\nSHOW TABLES',
      'EXPLAIN SELECT 1',
      'DESC t',
    ]) {
      expect(isReadStatement(sql)).toBe(true);
    }
    for (const sql of [
      'INSERT INTO t VALUES (1)',
      'UPDATE t SET a = 1',
      'SELECT * FROM t FOR UPDATE',
      'SELECT * FROM t LOCK IN SHARE MODE',
      'SELECT 1 INTO @x',
      'WITH x AS (SELECT 1) SELECT * FROM x',
      'CALL p()',
      '/*!40001 SQL_NO_CACHE */ SELECT 1',
    ]) {
      expect(isReadStatement(sql)).toBe(false);
    }
  });

  it('spots statements that open a transaction or change the session', () => {
    expect(opensTransaction('START TRANSACTION')).toBe(true);
    expect(opensTransaction(' begin')).toBe(true);
    expect(opensTransaction('BEGIN WORK')).toBe(true);
    expect(opensTransaction('SELECT 1')).toBe(false);
    for (const sql of [
      'SET autocommit = 0',
      "SET SESSION sql_mode = ''",
      'set @@session.time_zone = "+00:00"',
      'LOCK TABLES t WRITE',
      'USE other',
      'SET NAMES latin1',
    ]) {
      expect(changesSession(sql)).toBe(true);
    }
    for (const sql of ['SET @x = 1', 'SELECT 1', 'UPDATE t SET autocommit = 0'])
      expect(changesSession(sql)).toBe(false);
  });
});
