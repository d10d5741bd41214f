import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from './network-error';

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyNetworkError', () => {
  it('finds the code under Node fetch’s TypeError', () => {
    expect(classifyNetworkError(fetchFailed(coded('UND_ERR_SOCKET', 'other side closed')))).toEqual({
      code: 'UND_ERR_SOCKET',
      description: 'connection closed by the server (UND_ERR_SOCKET)',
      notSent: false,
      permanent: false,
    });
  });

  it('marks connect failures as not sent and DNS/TLS failures as permanent', () => {
    expect(classifyNetworkError(fetchFailed(coded('ECONNREFUSED')))).toMatchObject({ notSent: true, permanent: false });
    expect(classifyNetworkError(fetchFailed(coded('ENOTFOUND')))).toMatchObject({ notSent: false, permanent: true });
    expect(classifyNetworkError(fetchFailed(coded('CERT_REVOKED')))).toMatchObject({ permanent: true });
    expect(classifyNetworkError(fetchFailed(coded('ECONNRESET')))).toMatchObject({ notSent: false, permanent: false });
  });

  it('looks into AggregateError members (happy eyeballs) and errors with a code of their own', () => {
    const aggregate = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed');
    expect(classifyNetworkError(fetchFailed(aggregate))?.code).toBe('ECONNREFUSED');
    expect(classifyNetworkError(coded('ECONNRESET'))?.code).toBe('ECONNRESET');
  });

  it('keeps URLs out of the description', () => {
    const failure = classifyNetworkError(fetchFailed(new Error('boom at https://h.example/x?Signature=abc')));
    expect(failure?.description).toBe('boom at <url>');
  });

  it('is undefined for fetch refusing its arguments', () => {
    expect(classifyNetworkError(new TypeError('Invalid header value'))).toBeUndefined();
    expect(classifyNetworkError('nope')).toBeUndefined();
  });
});
