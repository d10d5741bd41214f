import { describe, expect, it } from 'vitest';
import { resolveSettings } from './resolve-settings';

describe('resolveSettings', () => {
  it('fills in the documented defaults', () => {
    const s = resolveSettings({ host: 'db.example' });
    expect(s.primary).toMatchObject({ name: 'primary', host: 'db.example', port: 3306, user: 'root', min: 0, max: 10 });
    expect(s).toMatchObject({
      acquireTimeoutMs: 10_000,
      idleTimeoutMs: 600_000,
      maxLifetimeMs: 1_800_000,
      keepAliveMs: 120_000,
      validateOnBorrow: true,
      aliveBypassWindowMs: 500,
      leakDetectionMs: 0,
      queueLimit: Number.POSITIVE_INFINITY,
      readYourWritesMs: Number.POSITIVE_INFINITY,
      retryMaxAttempts: 3,
    });
  });

  it('lets explicit fields override the URI, and falls back to ALIKIT_MYSQL_URL', () => {
    const s = resolveSettings({ uri: 'mysql://app:pw@h1:3307/db?ssl=required', password: () => 'rotated', port: 3308 });
    expect(s.primary).toMatchObject({ host: 'h1', port: 3308, user: 'app', database: 'db', ssl: 'required' });
    expect(typeof s.primary.password).toBe('function');
    const fromEnv = resolveSettings({ env: { ALIKIT_MYSQL_URL: 'mysql://root@127.0.0.1:3306/test' } });
    expect(fromEnv.primary).toMatchObject({ host: '127.0.0.1', database: 'test', user: 'root' });
    expect(() => resolveSettings({ env: {} })).toThrow(/pass options.uri or options.host \(or set ALIKIT_MYSQL_URL\)/);
  });

  it('gives replicas the primary’s account and database unless they name their own', () => {
    const s = resolveSettings({
      uri: 'mysql://app:pw@primary.example/shop',
      max: 6,
      readReplicas: [{ host: 'ro1.example' }, { uri: 'mysql://reader:other@ro2.example:3307/shop', max: 2 }],
    });
    expect(s.replicas.map((r) => [r.name, r.host, r.port, r.user, r.password, r.database, r.max])).toEqual([
      ['replica-0', 'ro1.example', 3306, 'app', 'pw', 'shop', 6],
      ['replica-1', 'ro2.example', 3307, 'reader', 'other', 'shop', 2],
    ]);
    expect(() => resolveSettings({ host: 'h', readReplicas: [{}] })).toThrow(/readReplicas\[0\]\.uri or/);
  });

  it('rejects wrong options with TypeError or RangeError naming them', () => {
    const cases: [object, ErrorConstructor, RegExp][] = [
      [{ host: 'h', max: 0 }, RangeError, /options\.max/],
      [{ host: 'h', min: 5, max: 2 }, RangeError, /options\.min/],
      [{ host: 'h', acquireTimeoutMs: 0 }, RangeError, /acquireTimeoutMs/],
      [{ host: 'h', idleTimeoutMs: -1 }, RangeError, /idleTimeoutMs/],
      [{ host: 'h', queueLimit: 1.5 }, RangeError, /queueLimit/],
      [{ host: 'h', port: 70000 }, RangeError, /port/],
      [{ host: 'h', password: 5 }, TypeError, /password/],
      [{ host: 'h', ssl: 'yes' }, TypeError, /ssl/],
      [{ host: 'h', sessionInit: ['SET a = 1', ''] }, TypeError, /sessionInit/],
      [{ host: 'h', retry: { maxAttempts: 0 } }, RangeError, /retry\.maxAttempts/],
      [{ host: 'h', logger: {} }, TypeError, /logger/],
      [{ host: '' }, TypeError, /host/],
    ];
    for (const [options, type, pattern] of cases) {
      expect(() => resolveSettings(options as never)).toThrow(type);
      expect(() => resolveSettings(options as never)).toThrow(pattern);
    }
    expect(() => resolveSettings(null as never)).toThrow(TypeError);
  });
});
