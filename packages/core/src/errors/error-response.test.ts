import { describe, expect, it } from 'vitest';
import {
  bodyText,
  camelCase,
  readErrorDocument,
  responseHeader,
  retryAfterMs,
  validCode,
  validRequestId,
} from './error-response';

describe('responseHeader', () => {
  it('reads Headers and plain objects case-insensitively, joining repeated values', () => {
    expect(responseHeader(new Headers({ 'X-Oss-Request-Id': 'A' }), 'x-oss-request-id')).toBe('A');
    expect(responseHeader({ 'X-Log-RequestId': 'B' }, 'x-log-requestid')).toBe('B');
    expect(responseHeader({ 'set-cookie': ['a', 'b'] }, 'Set-Cookie')).toBe('a, b');
    expect(responseHeader({ x: undefined }, 'x')).toBeUndefined();
    expect(responseHeader(undefined, 'x')).toBeUndefined();
  });
});

describe('bodyText', () => {
  it('decodes UTF-8, replaces invalid bytes and caps huge bodies', () => {
    expect(bodyText(new TextEncoder().encode('héllo'))).toBe('héllo');
    expect(bodyText(Uint8Array.from([0xff, 0x41]))).toBe('\ufffdA');
    expect(bodyText('x'.repeat(3 << 20)).length).toBe(1 << 20);
    expect(bodyText(undefined)).toBe('');
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-03-05T00:00:00Z');
  it('reads x-acs-retry-after in milliseconds, Retry-After in seconds or as an HTTP date', () => {
    expect(retryAfterMs({ 'x-acs-retry-after': '250' }, now)).toBe(250);
    expect(retryAfterMs({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 05 Mar 2024 00:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 04 Mar 2024 00:00:00 GMT' }, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe('field helpers', () => {
  it('camel-cases wire names, treating acronyms as words', () => {
    expect(['RecommendDoc', 'OSSAccessKeyId', 'EC', 'HostId', 'BucketName', 'key'].map(camelCase)).toEqual([
      'recommendDoc',
      'ossAccessKeyId',
      'ec',
      'hostId',
      'bucketName',
      'key',
    ]);
  });

  it('accepts printable bounded codes and request ids only', () => {
    expect(validCode('  NoSuchKey ')).toBe('NoSuchKey');
    expect(validCode('')).toBeUndefined();
    expect(validCode('a\nb')).toBeUndefined();
    expect(validCode('x'.repeat(257))).toBeUndefined();
    expect(validRequestId('R\u0000')).toBeUndefined();
  });

  it('reads JSON objects and XML <Error> documents only', () => {
    expect(readErrorDocument(' {"Code":"A"} ')).toEqual({ Code: 'A' });
    expect(readErrorDocument('<Error><Code>A</Code><Code>B</Code></Error>')).toEqual({ Code: 'A' });
    expect(readErrorDocument('<Error/>')).toEqual({});
    expect(readErrorDocument('<Other><Code>A</Code></Other>')).toBeUndefined();
    expect(readErrorDocument('"text"')).toBeUndefined();
    expect(readErrorDocument('{"a":')).toBeUndefined();
  });
});
