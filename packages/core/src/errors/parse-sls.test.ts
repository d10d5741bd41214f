import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText } from '../logging/redact';
import { parseSlsError } from './parse-sls';
import { isSdkError } from './sdk-error';

const json = { 'content-type': 'application/json' };

describe('parseSlsError', () => {
  it('reads errorCode/errorMessage with the request id from x-log-requestid', () => {
    const error = parseSlsError({
      status: 404,
      headers: { ...json, 'x-log-requestid': '5644160399248C060600D216' },
      body: '{"errorCode":"LogStoreNotExist","errorMessage":"logstore missing does not exist"}',
      operation: 'PutLogs',
    });
    expect(error.message).toBe(
      'sls PutLogs failed: LogStoreNotExist (404), requestId=5644160399248C060600D216: logstore missing does not exist',
    );
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ serviceMessage: 'logstore missing does not exist' });
  });

  it('marks quota and busy codes retryable although quota errors are 403', () => {
    const parse = (status: number, code: string) =>
      parseSlsError({
        status,
        headers: json,
        body: JSON.stringify({ errorCode: code, errorMessage: 'm' }),
        operation: 'PutLogs',
      });
    expect(parse(403, 'WriteQuotaExceed').retryable).toBe(true);
    expect(parse(403, 'ShardWriteQuotaExceed').retryable).toBe(true);
    expect(parse(403, 'ProjectForbidden').retryable).toBe(false);
    expect(parse(503, 'ServerBusy').retryable).toBe(true);
    expect(parse(500, 'InternalServerError').retryable).toBe(true);
    expect(parse(400, 'RequestTimeExpired').retryable).toBe(false);
  });

  it('understands the wrapped {"Error":{…}} form', () => {
    const error = parseSlsError({
      status: 401,
      headers: { 'x-log-requestid': 'HDR' },
      body: '{"Error":{"Code":"Unauthorized","Message":"denied","RequestId":"BODY"}}',
      operation: 'GetLogs',
    });
    expect([error.code, error.requestId, error.details?.serviceMessage]).toEqual(['Unauthorized', 'BODY', 'denied']);
  });

  it.each([
    ['empty body', '', 500],
    ['not JSON', 'upstream connect error', 503],
    ['JSON without errorCode', '{"errorMessage":"x"}', 400],
    ['truncated JSON', '{"errorCode":"LogStoreNot', 404],
  ])('gives ERR_PARSE for %s', (_name, body, status) => {
    const error = parseSlsError({ status, headers: { 'x-log-requestid': 'HDR' }, body, operation: 'PutLogs' });
    expect([error.code, error.status, error.requestId]).toEqual(['ERR_PARSE', status, 'HDR']);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 100, max: 599 }), (body, status) => {
        const error = parseSlsError({ status, headers: { 'x-log-requestid': 'R' }, body, operation: 'PutLogs' });
        expect(isSdkError(error)).toBe(true);
        expect(error.requestId).toBe('R');
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips generated bodies', () => {
    const generated = fc.record({
      code: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/),
      message: fc.string({ maxLength: 80 }),
      requestId: fc.stringMatching(/^[0-9A-F]{24}$/),
      status: fc.integer({ min: 400, max: 599 }),
    });
    fc.assert(
      fc.property(generated, (s) => {
        const error = parseSlsError({
          status: s.status,
          headers: { 'x-log-requestid': s.requestId },
          body: new TextEncoder().encode(JSON.stringify({ errorCode: s.code, errorMessage: s.message })),
          operation: 'GetLogs',
        });
        expect(error.code).toBe(s.code);
        expect(error.requestId).toBe(s.requestId);
        const message = s.message.trim();
        expect(error.details?.serviceMessage).toBe(message === '' ? undefined : redactText(message));
        expect(error.message.startsWith(`sls GetLogs failed: ${s.code} (${s.status}), requestId=${s.requestId}`)).toBe(
          true,
        );
      }),
      { numRuns: 300 },
    );
  });
});
