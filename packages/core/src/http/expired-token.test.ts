import { describe, expect, it } from 'vitest';
import { parseErrorResponse } from '../errors/parse-error-response';
import { SdkError } from '../errors/sdk-error';
import { isExpiredTokenError } from './expired-token';

function parsed(service: string, status: number, body: string): SdkError {
  return parseErrorResponse({ service, operation: 'Op', status, headers: new Headers(), body });
}

describe('isExpiredTokenError', () => {
  it('recognises the dedicated codes', () => {
    const pop = JSON.stringify({
      Code: 'InvalidSecurityToken.Expired',
      Message: 'Specified SecurityToken is expired.',
      RequestId: 'R',
    });
    expect(isExpiredTokenError(parsed('ecs', 400, pop))).toBe(true);
    const oss =
      '<Error><Code>SecurityTokenExpired</Code><Message>The security token you provided has expired.</Message></Error>';
    expect(isExpiredTokenError(parsed('oss', 403, oss))).toBe(true);
    const odps = '<Error><Code>AuthenticationRequestExpired</Code><Message>expired</Message></Error>';
    expect(isExpiredTokenError(parsed('maxcompute', 401, odps))).toBe(true);
  });

  it('reads the message of generic authentication codes', () => {
    const sls = JSON.stringify({
      errorCode: 'Unauthorized',
      errorMessage: 'The security token you provided has expired',
    });
    expect(isExpiredTokenError(parsed('sls', 401, sls))).toBe(true);
    const slsOther = JSON.stringify({ errorCode: 'Unauthorized', errorMessage: 'AccessKeyId not found' });
    expect(isExpiredTokenError(parsed('sls', 401, slsOther))).toBe(false);
  });

  it('ignores everything else', () => {
    const pop = JSON.stringify({ Code: 'InvalidSecurityToken.Malformed', Message: 'bad token', RequestId: 'R' });
    expect(isExpiredTokenError(parsed('ecs', 400, pop))).toBe(false);
    expect(isExpiredTokenError(new SdkError({ code: 'ERR_NETWORK', service: 'oss', operation: 'Op' }))).toBe(false);
  });
});
