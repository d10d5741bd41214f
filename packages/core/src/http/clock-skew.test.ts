import { describe, expect, it } from 'vitest';
import { parseErrorResponse } from '../errors/parse-error-response';
import { SdkError } from '../errors/sdk-error';
import { isClockSkewError, serverClockOffsetMs } from './clock-skew';

const utf8 = new TextEncoder();

function protobufError(code: string, message: string): Uint8Array {
  const c = utf8.encode(code);
  const m = utf8.encode(message);
  return new Uint8Array([0x0a, c.length, ...c, 0x12, m.length, ...m]);
}

function parsed(service: string, status: number, body: string | Uint8Array): SdkError {
  return parseErrorResponse({ service, operation: 'Op', status, headers: new Headers(), body });
}

describe('isClockSkewError', () => {
  it('recognises each service’s skew error as its parser reports it', () => {
    const oss = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestId>5C8F7B2CDDD9CB2E202D4FD8</RequestId></Error>`;
    expect(isClockSkewError(parsed('oss', 403, oss))).toBe(true);
    const pop = JSON.stringify({
      Code: 'InvalidTimeStamp.Expired',
      Message: 'Specified time stamp or date value is expired.',
      RequestId: 'R',
    });
    expect(isClockSkewError(parsed('sts', 400, pop))).toBe(true);
    const sls = JSON.stringify({ errorCode: 'RequestTimeExpired', errorMessage: 'Request time is expired' });
    expect(isClockSkewError(parsed('sls', 400, sls))).toBe(true);
    const odps = '<Error><Code>RequestTimeTooSkewed</Code><Message>time skewed</Message></Error>';
    expect(isClockSkewError(parsed('maxcompute', 403, odps))).toBe(true);
    const ots = protobufError(
      'OTSAuthFailed',
      'Mismatch between system time and x-ots-date: 2026-11-26T11:45:30.842Z.',
    );
    expect(isClockSkewError(parsed('tablestore', 403, ots))).toBe(true);
  });

  it('does not take other authentication failures for skew', () => {
    const ots = protobufError('OTSAuthFailed', 'Signature mismatch.');
    expect(isClockSkewError(parsed('tablestore', 403, ots))).toBe(false);
    const pop = JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: 'x', RequestId: 'R' });
    expect(isClockSkewError(parsed('sts', 400, pop))).toBe(false);
    expect(isClockSkewError(new SdkError({ code: 'ERR_TIMEOUT', service: 'oss', operation: 'Op' }))).toBe(false);
  });
});

describe('serverClockOffsetMs', () => {
  const local = Date.parse('2026-11-26T10:00:00.000Z');

  it('reads the Date header', () => {
    const headers = new Headers({ date: 'Thu, 26 Nov 2026 11:00:00 GMT' });
    expect(serverClockOffsetMs(headers, local)).toBe(3_600_000);
  });

  it('prefers x-ots-date, which carries milliseconds', () => {
    const headers = new Headers({ date: 'Thu, 26 Nov 2026 09:59:00 GMT', 'x-ots-date': '2026-11-26T09:58:59.250Z' });
    expect(serverClockOffsetMs(headers, local)).toBe(-60_750);
  });

  it('is undefined without a usable date', () => {
    expect(serverClockOffsetMs(new Headers(), local)).toBeUndefined();
    expect(serverClockOffsetMs(new Headers({ date: 'yesterday' }), local)).toBeUndefined();
  });
});
