import { describe, expect, it } from 'vitest';
import { parseMysqlUri } from './uri';

describe('parseMysqlUri', () => {
  it('reads user, password, host, port, database and ssl, percent-decoded', () => {
    expect(
      parseMysqlUri('mysql://app%40svc:p%40ss%3Aword@rm-example.mysql.rds.aliyuncs.com:3307/shop%5Fdb?ssl=required'),
    ).toEqual({
      host: 'rm-example.mysql.rds.aliyuncs.com',
      port: 3307,
      user: 'app@svc',
      password: 'p@ss:word',
      database: 'shop_db',
      ssl: 'required',
    });
  });

  it('leaves out what the URI does not say, and accepts mariadb:// and IPv6 hosts', () => {
    expect(parseMysqlUri('mariadb://[::1]')).toEqual({
      host: '::1',
      port: undefined,
      user: undefined,
      password: undefined,
      database: undefined,
      ssl: undefined,
    });
    expect(parseMysqlUri('mysql://root@127.0.0.1/test?ssl=false').ssl).toBeUndefined();
  });

  it('refuses other schemes, missing hosts and unknown parameters without echoing the URI', () => {
    const secret = 'TopSecretPassword1';
    for (const uri of [
      `postgres://u:${secret}@h/d`,
      `not a url ${secret}`,
      `mysql://u:${secret}@h/d?pool=5`,
      `mysql://u:${secret}@h/d?ssl=maybe`,
    ]) {
      let message = '';
      try {
        parseMysqlUri(uri);
      } catch (error) {
        expect(error).toBeInstanceOf(error instanceof RangeError ? RangeError : TypeError);
        message = String(error);
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(secret);
    }
  });
});
