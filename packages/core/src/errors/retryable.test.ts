import { describe, expect, it } from 'vitest';
import {
  isClockSkewCode,
  isRetryableCode,
  isRetryableStatus,
  isThrottlingCode,
  retryableCodes,
  serviceFamily,
} from './retryable';

describe('serviceFamily', () => {
  it('maps service names and aliases to their family; every other name is a POP product', () => {
    expect(serviceFamily('oss')).toBe('oss');
    expect(serviceFamily('log')).toBe('sls');
    expect(serviceFamily('SLS')).toBe('sls');
    expect(serviceFamily('ots')).toBe('tablestore');
    expect(serviceFamily('odps')).toBe('maxcompute');
    for (const pop of ['pop', 'sts', 'cms', 'pai', 'dts', 'ecs']) expect(serviceFamily(pop)).toBe('pop');
  });
});

describe('isRetryableCode', () => {
  it('accepts every listed throttling and transient code for its own family', () => {
    for (const [family, list] of Object.entries(retryableCodes)) {
      for (const code of [...list.throttling, ...list.transient]) expect(isRetryableCode(family, code)).toBe(true);
      for (const code of list.clockSkew) expect(isRetryableCode(family, code)).toBe(false);
    }
  });

  it('covers the codes the specs name', () => {
    for (const code of ['Throttling', 'Throttling.User', 'Throttling.Api', 'ServiceUnavailable', 'InternalError']) {
      expect(isRetryableCode('sts', code)).toBe(true);
    }
    expect(isRetryableCode('cms', 'Throttling.Concurrent')).toBe(true);
    for (const code of [
      'WriteQuotaExceed',
      'ShardWriteQuotaExceed',
      'ReadQuotaExceed',
      'ServerBusy',
      'InternalServerError',
    ]) {
      expect(isRetryableCode('sls', code)).toBe(true);
    }
    for (const code of ['OTSServerBusy', 'OTSTimeout', 'OTSPartitionUnavailable', 'OTSRowOperationConflict']) {
      expect(isRetryableCode('tablestore', code)).toBe(true);
    }
    for (const code of ['FlowExceeded', 'QPSExceeded', 'SlotExceeded', 'InternalServerError', 'ODPS-1810001']) {
      expect(isRetryableCode('maxcompute', code)).toBe(true);
    }
    expect(isRetryableCode('maxcompute', 'ODPS-0010000:System internal error')).toBe(true);
    expect(isRetryableCode('oss', 'RequestTimeout')).toBe(true);
  });

  it('rejects final codes and codes of another family', () => {
    expect(isRetryableCode('oss', 'NoSuchKey')).toBe(false);
    expect(isRetryableCode('sts', 'InvalidAccessKeyId.NotFound')).toBe(false);
    expect(isRetryableCode('sls', 'LogStoreNotExist')).toBe(false);
    expect(isRetryableCode('tablestore', 'OTSConditionCheckFail')).toBe(false);
    expect(isRetryableCode('maxcompute', 'NoSuchObject')).toBe(false);
    expect(isRetryableCode('oss', 'OTSServerBusy')).toBe(false);
    expect(isRetryableCode('sls', 'Throttling')).toBe(false);
  });

  it('counts OTSQuotaExhausted only for "Too frequent table operations."', () => {
    expect(isRetryableCode('tablestore', 'OTSQuotaExhausted', 'Too frequent table operations.')).toBe(true);
    expect(isThrottlingCode('tablestore', 'OTSQuotaExhausted', 'Too frequent table operations.')).toBe(true);
    expect(isRetryableCode('tablestore', 'OTSQuotaExhausted', 'Number of tables exceeded the quota.')).toBe(false);
    expect(isRetryableCode('tablestore', 'OTSQuotaExhausted')).toBe(false);
  });
});

describe('isThrottlingCode', () => {
  it('separates "refused unexecuted" codes from transient failures', () => {
    expect(isThrottlingCode('pop', 'Throttling.User')).toBe(true);
    expect(isThrottlingCode('pop', 'InternalError')).toBe(false);
    expect(isThrottlingCode('sls', 'ShardWriteQuotaExceed')).toBe(true);
    expect(isThrottlingCode('sls', 'InternalServerError')).toBe(false);
    expect(isThrottlingCode('tablestore', 'OTSRowOperationConflict')).toBe(true);
    expect(isThrottlingCode('tablestore', 'OTSTimeout')).toBe(false);
    expect(isThrottlingCode('maxcompute', 'SlotExceeded')).toBe(true);
  });
});

describe('isClockSkewCode', () => {
  it('recognises each family’s skew code', () => {
    expect(isClockSkewCode('oss', 'RequestTimeTooSkewed')).toBe(true);
    expect(isClockSkewCode('sls', 'RequestTimeExpired')).toBe(true);
    expect(isClockSkewCode('sts', 'InvalidTimeStamp.Expired')).toBe(true);
    expect(isClockSkewCode('maxcompute', 'RequestTimeTooSkewd')).toBe(true);
    expect(isClockSkewCode('tablestore', 'OTSAuthFailed', 'Mismatch between system time and x-ots-date')).toBe(true);
    expect(isClockSkewCode('tablestore', 'OTSAuthFailed', 'Signature mismatch.')).toBe(false);
    expect(isClockSkewCode('oss', 'NoSuchKey')).toBe(false);
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx except 501 and 505', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599]) expect(isRetryableStatus(status)).toBe(true);
    for (const status of [200, 304, 400, 401, 403, 404, 409, 412, 501, 505, 600, Number.NaN]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });
});
