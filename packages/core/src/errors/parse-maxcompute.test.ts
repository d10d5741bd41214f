import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText } from '../logging/redact';
import { parseMaxComputeError } from './parse-maxcompute';
import { isSdkError } from './sdk-error';

const NOT_FOUND = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchObject</Code>
  <Message>ODPS-0130131:Table not found - 'my_proj.no_such_table'</Message>
  <RequestId>65A1B2C3D4E5F60718293A4B</RequestId>
  <HostId>service.cn-hangzhou.maxcompute.aliyun.com</HostId>
</Error>`;

describe('parseMaxComputeError', () => {
  it('reads the REST XML error', () => {
    const error = parseMaxComputeError({
      status: 404,
      headers: { 'x-odps-request-id': 'HDR' },
      body: NOT_FOUND,
      operation: 'GetTable',
    });
    expect(error.message).toBe(
      "maxcompute GetTable failed: NoSuchObject (404), requestId=65A1B2C3D4E5F60718293A4B: ODPS-0130131:Table not found - 'my_proj.no_such_table'",
    );
    expect(error.details?.hostId).toBe('service.cn-hangzhou.maxcompute.aliyun.com');
    expect(error.retryable).toBe(false);
  });

  it('reads the tunnel JSON error, takes the request id from either header spelling, and keeps HoldClientMillis', () => {
    const body = '{"Code":"FlowExceeded","Message":"flow exceeded","HoldClientMillis":2500}';
    for (const header of ['x-odps-request-id', 'x-odps-requestid']) {
      const error = parseMaxComputeError({
        status: 429,
        headers: { [header]: 'TUNNEL-ID' },
        body,
        service: 'tunnel',
        operation: 'CreateUploadSession',
      });
      expect([error.code, error.requestId, error.retryable, error.service]).toEqual([
        'FlowExceeded',
        'TUNNEL-ID',
        true,
        'tunnel',
      ]);
      expect(error.details?.retryAfterMs).toBe(2500);
    }
  });

  it('keeps ODPS-NNNNNNN codes verbatim and judges them by the number', () => {
    const error = parseMaxComputeError({
      status: 500,
      headers: {},
      body: '<Error><Code>ODPS-0010000:System internal error</Code><Message>x</Message></Error>',
      operation: 'CreateInstance',
    });
    expect(error.code).toBe('ODPS-0010000:System internal error');
    expect(error.retryable).toBe(true);
  });

  it('uses Retry-After when the service sends it', () => {
    const error = parseMaxComputeError({
      status: 409,
      headers: { 'Retry-After': '3' },
      body: '<Error><Code>Conflict</Code></Error>',
      operation: 'CreateInstance',
    });
    expect(error.details?.retryAfterMs).toBe(3000);
  });

  it.each([
    ['empty body', '', 404, false],
    [
      'nginx bad gateway page',
      '<html><title>502 Bad Gateway</title><body>The page you are looking for is currently unavailable.</body></html>',
      502,
      true,
    ],
    ['truncated XML', NOT_FOUND.slice(0, 90), 404, false],
  ])('gives ERR_PARSE for %s', (_name, body, status, retryable) => {
    const error = parseMaxComputeError({
      status,
      headers: { 'x-odps-request-id': 'HDR' },
      body,
      operation: 'GetTable',
    });
    expect([error.code, error.status, error.requestId, error.retryable]).toEqual([
      'ERR_PARSE',
      status,
      'HDR',
      retryable,
    ]);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 100, max: 599 }), (body, status) => {
        expect(isSdkError(parseMaxComputeError({ status, headers: {}, body, operation: 'GetTable' }))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips generated XML and JSON bodies', () => {
    const generated = fc.record({
      code: fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z]{0,30}$/), fc.stringMatching(/^ODPS-\d{7}$/)),
      message: fc.string({ unit: 'grapheme', maxLength: 80 }),
      requestId: fc.stringMatching(/^[0-9A-F]{24}$/),
      status: fc.integer({ min: 400, max: 599 }),
      xml: fc.boolean(),
    });
    const xmlEscape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    fc.assert(
      fc.property(generated, (s) => {
        const body = s.xml
          ? `<?xml version="1.0"?><Error><Code>${s.code}</Code><Message>${xmlEscape(s.message)}</Message><RequestId>${s.requestId}</RequestId></Error>`
          : JSON.stringify({ Code: s.code, Message: s.message, RequestId: s.requestId });
        const error = parseMaxComputeError({ status: s.status, headers: {}, body, operation: 'GetTable' });
        expect([error.code, error.requestId, error.status]).toEqual([s.code, s.requestId, s.status]);
        const message = s.message.trim();
        expect(error.details?.serviceMessage).toBe(message === '' ? undefined : redactText(message));
      }),
      { numRuns: 300 },
    );
  });
});
