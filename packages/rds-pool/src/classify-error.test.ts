import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error';

function server(errno: number, code: string, sqlMessage = 'x', fatal = false) {
  return { errno, code, sqlState: 'HY000', sqlMessage, message: sqlMessage, fatal };
}

describe('classifyError', () => {
  it('recognises the read-only errors of an HA switchover', () => {
    const readOnly = server(
      1290,
      'ER_OPTION_PREVENTS_STATEMENT',
      'The MariaDB server is running with the --read-only option so it cannot execute this statement',
    );
    expect(classifyError(readOnly)).toEqual({ kind: 'read-only', retryable: true, connectionBroken: false });
    expect(classifyError(server(1836, 'ER_READ_ONLY_MODE')).kind).toBe('read-only');
    expect(classifyError(server(1792, 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION')).kind).toBe('read-only');
  });

  it('does not take 1290 for other options, nor 1792 inside the caller’s own read-only transaction, as a switchover', () => {
    const secureFile = server(1290, 'ER_OPTION_PREVENTS_STATEMENT', 'running with the --secure-file-priv option');
    expect(classifyError(secureFile).kind).toBe('sql');
    const ownTx = server(1792, 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION');
    expect(classifyError(ownTx, { inReadOnlyTransaction: true })).toMatchObject({ kind: 'sql', retryable: false });
  });

  it('separates login failures (never retried) from a full server (retried)', () => {
    for (const [errno, code] of [
      [1045, 'ER_ACCESS_DENIED_ERROR'],
      [1044, 'ER_DBACCESS_DENIED_ERROR'],
      [1049, 'ER_BAD_DB_ERROR'],
    ] as const) {
      expect(classifyError(server(errno, code))).toEqual({ kind: 'auth', retryable: false, connectionBroken: true });
    }
    expect(classifyError(server(1040, 'ER_CON_COUNT_ERROR'))).toMatchObject({
      kind: 'too-many-connections',
      retryable: true,
    });
  });

  it('treats resets, lost connections and kills as broken connections worth retrying', () => {
    for (const error of [
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
      server(1927, undefined as unknown as string, 'Connection was killed'),
      server(1053, 'ER_SERVER_SHUTDOWN'),
      Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true }),
    ]) {
      expect(classifyError(error)).toEqual({ kind: 'connection', retryable: true, connectionBroken: true });
    }
  });

  it('classifies deadlocks, lock waits, statement timeouts, TLS failures and plain SQL errors', () => {
    expect(classifyError(server(1213, 'ER_LOCK_DEADLOCK'))).toMatchObject({ kind: 'deadlock', retryable: true });
    expect(classifyError(server(1205, 'ER_LOCK_WAIT_TIMEOUT'))).toMatchObject({
      kind: 'lock-timeout',
      retryable: true,
    });
    expect(classifyError(server(1969, 'ER_STATEMENT_TIMEOUT'))).toMatchObject({ kind: 'timeout', retryable: false });
    expect(classifyError(Object.assign(new Error('no ssl'), { code: 'HANDSHAKE_NO_SSL_SUPPORT' }))).toMatchObject({
      kind: 'tls',
      retryable: false,
    });
    expect(classifyError(server(1062, 'ER_DUP_ENTRY'))).toEqual({
      kind: 'sql',
      retryable: false,
      connectionBroken: false,
    });
    expect(classifyError('weird')).toEqual({ kind: 'sql', retryable: false, connectionBroken: false });
  });
});
