import { describe, expect, it } from 'vitest';
import { createSdkError, sdkErrorCodes } from './codes';
import { isSdkError, isServiceError } from './sdk-error';

describe('sdkErrorCodes', () => {
  it('maps each name to itself and every code starts with ERR_', () => {
    for (const [name, code] of Object.entries(sdkErrorCodes)) {
      expect(code).toBe(name);
      expect(code.startsWith('ERR_')).toBe(true);
    }
  });
});

describe('createSdkError', () => {
  it('builds a one-line SDK-side error with the reason', () => {
    const cause = new TypeError('fetch failed');
    const error = createSdkError(sdkErrorCodes.ERR_NETWORK, {
      service: 'oss',
      operation: 'PutObject',
      reason: 'connect ECONNREFUSED 127.0.0.1:9',
      cause,
    });
    expect(isSdkError(error)).toBe(true);
    expect(isServiceError(error)).toBe(false);
    expect(error.message).toBe('oss PutObject failed: ERR_NETWORK: connect ECONNREFUSED 127.0.0.1:9');
    expect(error.code).toBe('ERR_NETWORK');
    expect(error.cause).toBe(cause);
  });

  it('defaults retryable by code and lets the caller override it', () => {
    const op = { service: 'sls', operation: 'PutLogs' };
    expect(createSdkError(sdkErrorCodes.ERR_NETWORK, op).retryable).toBe(true);
    expect(createSdkError(sdkErrorCodes.ERR_TIMEOUT, op).retryable).toBe(true);
    expect(createSdkError(sdkErrorCodes.ERR_CHECKSUM, op).retryable).toBe(true);
    expect(createSdkError(sdkErrorCodes.ERR_PARSE, op).retryable).toBe(false);
    expect(createSdkError(sdkErrorCodes.ERR_CREDENTIALS, op).retryable).toBe(false);
    expect(createSdkError(sdkErrorCodes.ERR_INVALID_ENDPOINT, op).retryable).toBe(false);
    expect(createSdkError(sdkErrorCodes.ERR_NETWORK, { ...op, retryable: false }).retryable).toBe(false);
  });

  it('keeps status and request id when a response arrived', () => {
    const error = createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'maxcompute',
      operation: 'GetTable',
      status: 200,
      requestId: 'R9',
      reason: 'unexpected end of XML',
    });
    expect(error.message).toBe('maxcompute GetTable failed: ERR_PARSE (200), requestId=R9: unexpected end of XML');
    expect(error.status).toBe(200);
    expect(error.requestId).toBe('R9');
  });

  it('redacts secrets quoted in the reason', () => {
    const error = createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
      service: 'oss',
      operation: 'GetObject',
      reason: 'no response from https://b.example/k?OSSAccessKeyId=LTAI&Signature=abc%2Bdef within 5000 ms',
    });
    expect(error.message).not.toContain('abc%2Bdef');
    expect(error.message).toContain('OSSAccessKeyId=LTAI');
  });
});
