import { inspect } from 'node:util';
import { isSdkError, registerSecret } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { PasswordProviderError, StatementTimeoutError, toRdsError } from './errors';

describe('toRdsError', () => {
  it('keeps the MySQL error name as code and the number in details, with no status', () => {
    const driver = Object.assign(new Error("Duplicate entry 'a' for key 'name'"), {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sqlState: '23000',
      sqlMessage: "Duplicate entry 'a' for key 'name'",
      sql: "INSERT INTO t VALUES ('a', 'card-4111111111111111')",
    });
    const error = toRdsError(driver, 'run', { endpoint: 'primary', connectionId: 7 });
    expect(error).toMatchObject({
      code: 'ER_DUP_ENTRY',
      service: 'rds',
      operation: 'run',
      status: undefined,
      retryable: false,
    });
    expect(error.details).toMatchObject({
      errno: 1062,
      sqlState: '23000',
      kind: 'sql',
      endpoint: 'primary',
      connectionId: 7,
    });
    expect(error.message).toBe("rds run failed: ER_DUP_ENTRY: Duplicate entry 'a' for key 'name'");
    // The statement with its bound values is not carried along.
    expect(JSON.stringify(error)).not.toContain('4111111111111111');
    expect(inspect(error)).not.toContain('4111111111111111');
  });

  it('names MariaDB-only errors mysql2 does not know', () => {
    const killed = {
      errno: 1927,
      sqlState: '70100',
      sqlMessage: 'Connection was killed',
      message: 'Connection was killed',
    };
    expect(toRdsError(killed, 'query')).toMatchObject({ code: 'ER_CONNECTION_KILLED', retryable: true });
    expect(toRdsError({ errno: 9999, sqlState: 'HY000', message: 'new' }, 'query').code).toBe('MYSQL_ERRNO_9999');
  });

  it('maps socket failures to ERR_NETWORK, TLS failures to ERR_TLS and budgets to ERR_TIMEOUT', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(toRdsError(reset, 'query')).toMatchObject({
      code: 'ERR_NETWORK',
      retryable: true,
      details: { driverCode: 'ECONNRESET' },
    });
    const tls = Object.assign(new Error('Server does not support secure connection'), {
      code: 'HANDSHAKE_NO_SSL_SUPPORT',
    });
    expect(toRdsError(tls, 'connect')).toMatchObject({ code: 'ERR_TLS', retryable: false });
    expect(toRdsError(new StatementTimeoutError(250), 'query')).toMatchObject({
      code: 'ERR_TIMEOUT',
      retryable: true,
      details: { timeoutMs: 250 },
    });
    expect(toRdsError(new PasswordProviderError('the password function failed'), 'connect')).toMatchObject({
      code: 'ERR_CREDENTIALS',
      retryable: false,
    });
  });

  it('passes an SdkError through and never shows a registered password', () => {
    const password = 'Registered-Secret-77';
    registerSecret(password);
    const driver = Object.assign(new Error(`Access denied for user 'app' (password ${password})`), {
      errno: 1045,
      sqlState: '28000',
      code: 'ER_ACCESS_DENIED_ERROR',
    });
    const error = toRdsError(driver, 'connect');
    expect(isSdkError(error)).toBe(true);
    expect(toRdsError(error, 'query')).toBe(error);
    for (const text of [error.message, JSON.stringify(error), inspect(error), String(error.stack)]) {
      expect(text).not.toContain(password);
    }
  });
});
