import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDimensions,
  checkMetricName,
  checkValue,
  dimensionsJson,
  metricSubject,
  sanitizeDimensionText,
  sanitizeMetricName,
} from './validation';

describe('checkMetricName', () => {
  it('accepts letters, digits and underscores starting with a letter, up to 64 characters', () => {
    for (const name of ['a', 'orders', 'http_requests_total', 'A1_b2', 'x'.repeat(64)]) {
      expect(checkMetricName(name)).toBe(name);
    }
  });

  it('names the bad metric, the rule and what the service would have stored', () => {
    expect(() => checkMetricName('http.requests')).toThrow(
      new TypeError(
        'metric name "http.requests" may hold only letters, digits and "_"; CloudMonitor would store it as "http_requests"',
      ),
    );
    expect(() => checkMetricName('2xx')).toThrow(/metric name "2xx" must start with a letter; .* as "Axx"/);
    expect(() => checkMetricName('_x')).toThrow(/must start with a letter/);
    expect(() => checkMetricName('a'.repeat(65))).toThrow(/longer than 64 characters/);
    expect(() => checkMetricName('')).toThrow(TypeError);
    expect(() => checkMetricName(42)).toThrow(/non-empty string, got number 42/);
    expect(() => checkMetricName('latency-ms')).toThrow(/"latency-ms"/);
    expect(() => checkMetricName('温度')).toThrow(TypeError);
  });
});

describe('checkDimensions', () => {
  it('returns the pairs sorted by key', () => {
    expect(checkDimensions({ zone: 'b', app: 'shop', path: '/api/v1\\x' }, 'm')).toEqual([
      ['app', 'shop'],
      ['path', '/api/v1\\x'],
      ['zone', 'b'],
    ]);
    expect(checkDimensions(undefined, 'm')).toEqual([]);
    expect(checkDimensions({}, 'm')).toEqual([]);
  });

  it('refuses more than 10 dimensions', () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect(() => checkDimensions(eleven, metricSubject('orders'))).toThrow(
      /metric "orders": 11 dimensions \(k0, .*k10\); CloudMonitor allows at most 10/,
    );
  });

  it('names the reserved character and the key', () => {
    expect(() => checkDimensions({ query: 'a=b' }, metricSubject('orders'))).toThrow(
      new TypeError(
        'metric "orders": dimension "query" value "a=b" holds the reserved character "="; CloudMonitor would store "a_b"',
      ),
    );
    expect(() => checkDimensions({ tags: 'a,b' }, 'm')).toThrow(/reserved character ","/);
    expect(() => checkDimensions({ q: 'a&b' }, 'm')).toThrow(/reserved character "&"/);
    expect(() => checkDimensions({ 'bad key': 'v' }, 'm')).toThrow(/dimension key "bad key" may hold only/);
    expect(() => checkDimensions({ host: 'a b' }, 'm')).toThrow(/dimension "host" value "a b" may hold only/);
  });

  it('refuses empty, long and non-string values', () => {
    expect(() => checkDimensions({ host: '' }, 'm')).toThrow(/dimension "host" must not be empty/);
    expect(() => checkDimensions({ host: 'h'.repeat(65) }, 'm')).toThrow(/longer than 64/);
    expect(() => checkDimensions({ host: 1 as unknown as string }, 'm')).toThrow(/must be a string, got number 1/);
    expect(() => checkDimensions(['a'], 'm')).toThrow(/must be an object of strings, got an array/);
    expect(() => checkDimensions(null, 'm')).toThrow(/got null/);
  });
});

describe('checkValue', () => {
  it('accepts finite numbers and refuses NaN, Infinity and non-numbers', () => {
    expect(checkValue(-1.5, 'm')).toBe(-1.5);
    expect(() => checkValue(Number.NaN, 'lat')).toThrow(
      new RangeError('metric "lat": value must be a finite number, got NaN'),
    );
    expect(() => checkValue(Number.POSITIVE_INFINITY, 'lat')).toThrow(RangeError);
    expect(() => checkValue(Number.NEGATIVE_INFINITY, 'lat')).toThrow(/-Infinity/);
    expect(() => checkValue('3', 'lat')).toThrow(TypeError);
  });
});

describe('sanitizers', () => {
  it('follow the service rewriting and always produce what the checks accept', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }), (text) => {
        expect(() => checkMetricName(sanitizeMetricName(text))).not.toThrow();
        const value = sanitizeDimensionText(text);
        expect(() => checkDimensions({ k: value }, 'm')).not.toThrow();
      }),
      { numRuns: 300 },
    );
    expect(sanitizeMetricName('http.server.duration')).toBe('http_server_duration');
    expect(sanitizeDimensionText('GET /a?b=c')).toBe('GET_/a_b_c');
  });
});

describe('dimensionsJson', () => {
  it('is the JSON of the pairs in order', () => {
    const pairs: Array<[string, string]> = [
      ['a', '1'],
      ['b', 'c\\d'],
    ];
    expect(dimensionsJson(pairs)).toBe(JSON.stringify({ a: '1', b: 'c\\d' }));
    expect(dimensionsJson([])).toBe('{}');
  });
});
