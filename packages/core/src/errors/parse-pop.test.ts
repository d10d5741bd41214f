import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText } from '../logging/redact';
import { parsePopError } from './parse-pop';
import { isRetryableCode, isRetryableStatus } from './retryable';
import { isSdkError } from './sdk-error';

const THROTTLED = {
  RequestId: 'D2B6F5A4-1D8E-4F5E-9F8A-0123456789AB',
  HostId: 'metrics.cn-hangzhou.aliyuncs.com',
  Code: 'Throttling.User',
  Message: 'Request was denied due to user flow control.',
  Recommend: 'https://api.aliyun.com/troubleshoot?q=Throttling.User&product=Cms',
};

describe('parsePopError', () => {
  it('reads the spec example and marks throttling retryable although the status is 400', () => {
    const error = parsePopError({
      status: 400,
      headers: { 'x-acs-request-id': 'HEADER-ID', 'x-acs-retry-after': '1500' },
      body: JSON.stringify(THROTTLED),
      service: 'cms',
      operation: 'PutCustomMetric',
    });
    expect(error.code).toBe('Throttling.User');
    expect(error.requestId).toBe(THROTTLED.RequestId);
    expect(error.retryable).toBe(true);
    expect(error.service).toBe('cms');
    expect(error.message).toBe(
      `cms PutCustomMetric failed: Throttling.User (400), requestId=${THROTTLED.RequestId}: Request was denied due to user flow control.`,
    );
    expect(error.details).toEqual({
      hostId: THROTTLED.HostId,
      recommend: THROTTLED.Recommend,
      serviceMessage: THROTTLED.Message,
      retryAfterMs: 1500,
    });
  });

  it('defaults the service name to pop and takes the request id from the header when the body has none', () => {
    const error = parsePopError({
      status: 404,
      headers: new Headers({ 'X-Acs-Request-Id': 'HDR-1' }),
      body: new TextEncoder().encode('{"Code":"InvalidAction.NotFound","Message":"Specified api is not found"}'),
      operation: 'Nope',
    });
    expect(error.service).toBe('pop');
    expect(error.requestId).toBe('HDR-1');
    expect(error.retryable).toBe(false);
  });

  it('understands lower-case keys, the ROA errorCode form and the DTS ErrCode form', () => {
    const op = { status: 400, headers: {}, operation: 'X' };
    const lower = parsePopError({
      ...op,
      body: '{"code":"InvalidParameter","message":"bad","requestId":"r1","hostId":"h"}',
    });
    expect([lower.code, lower.requestId, lower.details?.hostId]).toEqual(['InvalidParameter', 'r1', 'h']);
    const roa = parsePopError({ ...op, body: '{"errorCode":"EntityNotFound.TrainingJob","errorMessage":"no job"}' });
    expect([roa.code, roa.details?.serviceMessage]).toEqual(['EntityNotFound.TrainingJob', 'no job']);
    const dts = parsePopError({
      ...op,
      body: '{"Success":false,"ErrCode":"InvalidJobId","ErrMessage":"bad id","RequestId":"r2"}',
    });
    expect([dts.code, dts.requestId]).toEqual(['InvalidJobId', 'r2']);
  });

  it('reads the XML form (Format=XML)', () => {
    const error = parsePopError({
      status: 503,
      headers: {},
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>R-X</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>ServiceUnavailable</Code><Message>The request has failed due to a temporary failure of the server.</Message></Error>',
      operation: 'DescribeRegions',
    });
    expect([error.code, error.requestId, error.retryable]).toEqual(['ServiceUnavailable', 'R-X', true]);
  });

  it('keeps AccessDeniedDetail as a redacted object', () => {
    const error = parsePopError({
      status: 403,
      headers: {},
      body: JSON.stringify({
        Code: 'Forbidden.RAM',
        Message: 'User not authorized to operate on the specified resource.',
        RequestId: 'R',
        AccessDeniedDetail: {
          AuthAction: 'cms:PutCustomMetric',
          NoPermissionType: 'ImplicitDeny',
          PolicyType: 'AccountLevelIdentityBasedPolicy',
        },
      }),
      operation: 'PutCustomMetric',
    });
    expect(error.details?.accessDeniedDetail).toEqual({
      AuthAction: 'cms:PutCustomMetric',
      NoPermissionType: 'ImplicitDeny',
      PolicyType: 'AccountLevelIdentityBasedPolicy',
    });
    expect(JSON.parse(JSON.stringify(error)).details.accessDeniedDetail.AuthAction).toBe('cms:PutCustomMetric');
  });

  it('redacts the security token and signature a SignatureDoesNotMatch message quotes', () => {
    const token = 'CAIS1234567890abcdefTokenValue';
    const message = `Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3DLTAI5tExampleKeyId%26Action%3DAssumeRole%26SecurityToken%3D${encodeURIComponent(encodeURIComponent(token))}%26Signature%3Dabc%252Bdef%26SignatureMethod%3DHMAC-SHA1`;
    const error = parsePopError({
      status: 400,
      headers: {},
      body: JSON.stringify({ Code: 'SignatureDoesNotMatch', Message: message }),
      operation: 'AssumeRole',
    });
    expect(error.message).toContain('AccessKeyId%3DLTAI5tExampleKeyId');
    expect(error.message).toContain('SignatureMethod%3DHMAC-SHA1');
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain('abc%252Bdef');
    expect(JSON.stringify(error)).not.toContain(token);
  });

  it.each([
    ['empty body', '', 500, true],
    ['JSON without a code', '{"RequestId":"BODYID","Message":"x"}', 500, true],
    ['JSON array', '[1,2]', 400, false],
    ['truncated JSON', JSON.stringify(THROTTLED).slice(0, 40), 400, false],
    ['HTML', '<!DOCTYPE html><html><title>Bad gateway</title></html>', 502, true],
    ['a code that is not text', '{"Code":{"x":1}}', 400, false],
    ['an absurdly long code', JSON.stringify({ Code: 'x'.repeat(1000) }), 400, false],
  ])('gives ERR_PARSE for %s', (_name, body, status, retryable) => {
    const error = parsePopError({ status, headers: { 'x-acs-request-id': 'HDR' }, body, operation: 'Op' });
    expect(error.code).toBe('ERR_PARSE');
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.requestId).toBe(body.includes('BODYID') ? 'BODYID' : 'HDR');
  });

  it('never throws on arbitrary bytes, whatever the status and headers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.json().map((j) => new TextEncoder().encode(j)),
        ),
        fc.integer({ min: 100, max: 599 }),
        fc.dictionary(
          fc.constantFrom('x-acs-request-id', 'x-acs-retry-after', 'retry-after', 'content-type'),
          fc.string({ maxLength: 30 }),
        ),
        (body, status, headers) => {
          const error = parsePopError({ status, headers, body, operation: 'Op' });
          expect(isSdkError(error)).toBe(true);
          expect(error.status).toBe(status);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips generated JSON and XML bodies', () => {
    const generated = fc.record({
      code: fc.oneof(
        fc.stringMatching(/^[A-Z][A-Za-z0-9.]{0,40}$/),
        fc.constantFrom('Throttling.User', 'InternalError'),
      ),
      message: fc.string({ unit: 'grapheme', maxLength: 80 }),
      requestId: fc.uuid().map((u) => u.toUpperCase()),
      status: fc.integer({ min: 400, max: 599 }),
      style: fc.constantFrom('pascal', 'camel', 'xml'),
    });
    fc.assert(
      fc.property(generated, (s) => {
        const body =
          s.style === 'pascal'
            ? JSON.stringify({ RequestId: s.requestId, Code: s.code, Message: s.message })
            : s.style === 'camel'
              ? JSON.stringify({ requestId: s.requestId, code: s.code, message: s.message })
              : `<Error><RequestId>${s.requestId}</RequestId><Code>${s.code}</Code><Message><![CDATA[${s.message.replace(/]]>/g, '')}]]></Message></Error>`;
        const error = parsePopError({ status: s.status, headers: {}, body, service: 'sts', operation: 'AssumeRole' });
        const message = (s.style === 'xml' ? s.message.replace(/]]>/g, '') : s.message).trim();
        expect(error.code).toBe(s.code);
        expect(error.requestId).toBe(s.requestId);
        expect(error.details?.serviceMessage).toBe(message === '' ? undefined : redactText(message));
        expect(
          error.message.startsWith(`sts AssumeRole failed: ${s.code} (${s.status}), requestId=${s.requestId}`),
        ).toBe(true);
        expect(error.retryable).toBe(isRetryableCode('sts', s.code) || isRetryableStatus(s.status));
      }),
      { numRuns: 300 },
    );
  });
});
