import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isSdkError, isServiceError, SdkError } from './sdk-error';

const base = { code: 'NoSuchKey', service: 'oss', operation: 'GetObject' };

describe('SdkError', () => {
  it('formats one line naming service, operation, code, status, request id and the service message', () => {
    const error = new SdkError({
      ...base,
      status: 404,
      requestId: '5C8F7B2CDDD9CB2E202D4FD8',
      serviceMessage: 'The specified key\n  does not exist.',
    });
    expect(error.message).toBe(
      'oss GetObject failed: NoSuchKey (404), requestId=5C8F7B2CDDD9CB2E202D4FD8: The specified key does not exist.',
    );
    expect(error.name).toBe('SdkError');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(404);
    expect(error).toBeInstanceOf(Error);
  });

  it('leaves out what it does not know', () => {
    expect(new SdkError(base).message).toBe('oss GetObject failed: NoSuchKey');
    expect(new SdkError({ ...base, status: 500 }).message).toBe('oss GetObject failed: NoSuchKey (500)');
    expect(new SdkError({ ...base, requestId: 'R1', serviceMessage: '   ' }).message).toBe(
      'oss GetObject failed: NoSuchKey, requestId=R1',
    );
  });

  it('keeps the message on one line even with control characters and line separators anywhere', () => {
    const error = new SdkError({
      code: 'Bad\r\nCode',
      service: 'oss',
      operation: 'Get\tObject',
      requestId: 'R\u2028X',
      serviceMessage: 'a\u0000b\u2029c\n\nd',
    });
    expect(error.message).not.toMatch(/[\r\n\t\u0000\u2028\u2029]/);
    expect(error.message).toBe('oss Get Object failed: Bad Code, requestId=R X: a b c d');
    expect(error.code).toBe('Bad\r\nCode');
  });

  it('caps a very long service message', () => {
    const error = new SdkError({ ...base, serviceMessage: 'x'.repeat(10_000) });
    expect(error.message.length).toBeLessThan(2100);
    expect(error.message.endsWith('…')).toBe(true);
  });

  it('redacts secrets from the message and the toJSON view', () => {
    const error = new SdkError({
      ...base,
      status: 403,
      serviceMessage: 'bad request https://b.example/k?Signature=c2lnbmF0dXJl&security-token=dG9rZW4',
      details: { hostId: 'h', authorization: 'OSS LTAI:sig', nested: { password: 'pw', requestId: 'R' } },
    });
    expect(error.message).not.toContain('c2lnbmF0dXJl');
    expect(error.message).not.toContain('dG9rZW4');
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({ code: 'NoSuchKey', status: 403, service: 'oss', operation: 'GetObject' });
    expect(json.details).toEqual({
      hostId: 'h',
      authorization: '[REDACTED]',
      nested: { password: '[REDACTED]', requestId: 'R' },
    });
  });

  it('shows a redacted cause chain in toJSON and util.inspect', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED ?x-oss-signature=abcdef'), { code: 'ECONNREFUSED' });
    const middle = new TypeError('fetch failed', { cause: root });
    const error = new SdkError({ ...base, code: 'ERR_NETWORK', cause: middle });
    expect(error.cause).toBe(middle);
    const json = error.toJSON();
    expect(json.cause).toEqual({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { name: 'Error', message: 'connect ECONNREFUSED ?x-oss-signature=[REDACTED]', code: 'ECONNREFUSED' },
    });
    const shown = inspect(error);
    expect(shown).toContain('ERR_NETWORK');
    expect(shown).toContain('ECONNREFUSED');
    expect(shown).not.toContain('abcdef');
  });

  it('scrubs the raw cause chain in place, keeping identity and useful fields', () => {
    const inner = Object.assign(new Error('write EPIPE'), {
      code: 'EPIPE',
      address: '127.0.0.1',
      config: { headers: { Authorization: 'OSS LTAI:c2ln', 'x-oss-request-id': 'R' } },
      cause: { accessKeySecret: 'ExampleSecret', requestId: 'R' },
    });
    const outer = new TypeError('fetch failed for https://h/?Signature=c2lnbmF0dXJl', { cause: inner });
    const error = new SdkError({ ...base, code: 'ERR_NETWORK', cause: outer });
    expect(error.cause).toBe(outer);
    expect(outer.cause).toBe(inner);
    expect(outer.message).toBe('fetch failed for https://h/?Signature=[REDACTED]');
    expect(outer.stack).not.toContain('c2lnbmF0dXJl');
    expect(inner).toMatchObject({ code: 'EPIPE', address: '127.0.0.1' });
    expect(inner.config).toEqual({ headers: { Authorization: '[REDACTED]', 'x-oss-request-id': 'R' } });
    expect(inner.cause).toEqual({ accessKeySecret: '[REDACTED]', requestId: 'R' });
    expect(new SdkError({ ...base, cause: { password: 'pw', status: 1 } }).cause).toEqual({
      password: '[REDACTED]',
      status: 1,
    });
    expect(new SdkError({ ...base, cause: 'token=abc' }).cause).toBe('token=[REDACTED]');
    const frozen = Object.freeze(new Error('frozen ?Signature=abc'));
    expect(() => new SdkError({ ...base, cause: frozen })).not.toThrow();
    expect(JSON.stringify(new SdkError({ ...base, cause: frozen }))).not.toContain('Signature=abc');
  });

  it('nests an SdkError cause through its own toJSON and stops a deep chain', () => {
    const inner = new SdkError({ ...base, code: 'Throttling', status: 400 });
    const outer = new SdkError({ ...base, code: 'ERR_CREDENTIALS', cause: inner });
    expect((outer.toJSON().cause as { code: string }).code).toBe('Throttling');
    let chain: Error = new Error('bottom');
    for (let i = 0; i < 20; i++) chain = new Error(`level ${i}`, { cause: chain });
    expect(() => JSON.stringify(new SdkError({ ...base, cause: chain }))).not.toThrow();
    expect(JSON.stringify(new SdkError({ ...base, cause: chain }))).toContain('[…]');
  });

  it('survives JSON.stringify with bigint and cyclic details', () => {
    const cyclic: Record<string, unknown> = { size: 10n };
    cyclic.self = cyclic;
    const error = new SdkError({ ...base, details: cyclic });
    expect(error.details).toEqual({ size: 10n, self: '[Circular]' });
    expect(JSON.parse(JSON.stringify(error)).details).toEqual({ size: '10', self: '[REDACTED]' });
  });

  it('stores a readable copy of details without secret-named fields or secrets in text', () => {
    const details = {
      hostId: 'h',
      stringToSign: 'GET\nx-oss-security-token:CAIStok\n/b/k',
      headers: { Authorization: 'OSS a:b', 'x-acs-security-token': 'CAIStok', 'content-type': 'text/plain' },
      credentials: { accessKeyId: 'LTAI', accessKeySecret: 'ExampleSecret', securityToken: null },
      body: new Uint8Array(3),
      list: ['?Signature=abc'],
    };
    const error = new SdkError({ ...base, details });
    expect(error.details).not.toBe(details);
    expect(error.details).toEqual({
      hostId: 'h',
      stringToSign: 'GET\nx-oss-security-token:[REDACTED]\n/b/k',
      headers: { Authorization: '[REDACTED]', 'x-acs-security-token': '[REDACTED]', 'content-type': 'text/plain' },
      credentials: { accessKeyId: 'LTAI', accessKeySecret: '[REDACTED]', securityToken: null },
      body: '[3 bytes]',
      list: ['?Signature=[REDACTED]'],
    });
  });

  it('throws TypeError for missing code, service or operation', () => {
    expect(() => new SdkError({ ...base, code: '' })).toThrow(TypeError);
    expect(() => new SdkError({ ...base, service: undefined as unknown as string })).toThrow(/service/);
    expect(() => new SdkError({ ...base, operation: 42 as unknown as string })).toThrow(/operation/);
  });
});

describe('isSdkError / isServiceError / instanceof', () => {
  it('recognises errors from another copy of the package by the Symbol.for brand', () => {
    const foreign = Object.assign(new Error('x'), { code: 'NoSuchKey', status: 404 });
    Object.defineProperty(foreign, Symbol.for('alikit.SdkError'), { value: true });
    expect(isSdkError(foreign)).toBe(true);
    expect(foreign instanceof SdkError).toBe(true);
    expect(isServiceError(foreign, 'NoSuchKey')).toBe(true);
  });

  it('rejects look-alikes without the brand', () => {
    for (const value of [null, undefined, 'SdkError', new Error('x'), { code: 'NoSuchKey', status: 404 }]) {
      expect(isSdkError(value)).toBe(false);
      expect(value instanceof SdkError).toBe(false);
    }
  });

  it('tells service answers from SDK-side failures and matches the code', () => {
    const service = new SdkError({ ...base, status: 404 });
    expect(isServiceError(service)).toBe(true);
    expect(isServiceError(service, 'NoSuchKey')).toBe(true);
    expect(isServiceError(service, 'NoSuchBucket')).toBe(false);
    expect(isServiceError(new SdkError(base))).toBe(false);
    expect(isServiceError(new SdkError({ ...base, code: 'ERR_PARSE', status: 502 }))).toBe(false);
  });

  it('keeps the ordinary prototype check for subclasses', () => {
    class OssError extends SdkError {
      override name = 'OssError';
    }
    const sub = new OssError(base);
    expect(sub instanceof OssError).toBe(true);
    expect(sub instanceof SdkError).toBe(true);
    expect(new SdkError(base) instanceof OssError).toBe(false);
    expect(isSdkError(sub)).toBe(true);
  });
});
