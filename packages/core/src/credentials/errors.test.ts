import { describe, expect, it } from 'vitest';
import { isSdkError } from '../errors/sdk-error';
import {
  credentialsErrorReason,
  credentialsFailed,
  credentialsNotConfigured,
  isCredentialsNotConfigured,
} from './errors';

describe('credentials errors', () => {
  it('marks "not configured" so chains move on', () => {
    const error = credentialsNotConfigured('env', 'ALIBABA_CLOUD_ACCESS_KEY_ID is not set');
    expect(isSdkError(error)).toBe(true);
    expect(error.code).toBe('ERR_CREDENTIALS');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ configured: false, source: 'env' });
    expect(error.message).toBe('credentials env failed: ERR_CREDENTIALS: ALIBABA_CLOUD_ACCESS_KEY_ID is not set');
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect(credentialsErrorReason(error)).toBe('ALIBABA_CLOUD_ACCESS_KEY_ID is not set');
  });

  it('marks a configured failure and keeps the cause', () => {
    const cause = new Error('EACCES');
    const error = credentialsFailed('profile', 'cannot read the file', cause);
    expect(error.details).toMatchObject({ configured: true, source: 'profile' });
    expect(error.cause).toBe(cause);
    expect(isCredentialsNotConfigured(error)).toBe(false);
  });

  it('recognises nothing else as "not configured"', () => {
    expect(isCredentialsNotConfigured(new Error('x'))).toBe(false);
    expect(isCredentialsNotConfigured(undefined)).toBe(false);
    expect(isCredentialsNotConfigured({ code: 'ERR_CREDENTIALS', details: { configured: false } })).toBe(false);
    expect(credentialsErrorReason('plain')).toBe('plain');
  });
});
