import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText } from '../logging/redact';
import { decodeErrorMessage, parseTablestoreError } from './parse-tablestore';
import { isSdkError } from './sdk-error';

const require = createRequire(import.meta.url);
const utf8 = new TextEncoder();

/** Encodes the Error message by hand (field 1 = code, field 2 = message, both length-delimited). */
function encodeError(code: string, message?: string): Uint8Array {
  const parts: number[] = [];
  const field = (tag: number, text: string) => {
    const bytes = utf8.encode(text);
    parts.push(tag);
    let n = bytes.length;
    while (n >= 0x80) {
      parts.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    parts.push(n, ...bytes);
  };
  field(0x0a, code);
  if (message !== undefined) field(0x12, message);
  return Uint8Array.from(parts);
}

describe('parseTablestoreError', () => {
  it('decodes the protobuf Error the npm tablestore package cannot', () => {
    // The exact bytes quoted in the spec (npm tablestore shows them as its "message").
    const body = utf8.encode('\n\u0011OTSObjectNotExist\u0012\u001fRequested table does not exist.');
    const error = parseTablestoreError({
      status: 404,
      headers: { 'x-ots-requestid': '0005aedd-5b9e-9b48-a5c1-720b12a7b4bb' },
      body,
      operation: 'GetRow',
    });
    expect(error.message).toBe(
      'tablestore GetRow failed: OTSObjectNotExist (404), requestId=0005aedd-5b9e-9b48-a5c1-720b12a7b4bb: Requested table does not exist.',
    );
    expect(error.retryable).toBe(false);
  });

  it('applies the retry table, including the message-dependent OTSQuotaExhausted', () => {
    const parse = (status: number, code: string, message?: string) =>
      parseTablestoreError({
        status,
        headers: { 'x-ots-request-id': 'R' },
        body: encodeError(code, message),
        operation: 'PutRow',
      });
    expect(parse(503, 'OTSServerBusy', 'Server is busy.').retryable).toBe(true);
    expect(parse(409, 'OTSRowOperationConflict').retryable).toBe(true);
    expect(parse(403, 'OTSNotEnoughCapacityUnit').retryable).toBe(true);
    expect(parse(403, 'OTSQuotaExhausted', 'Too frequent table operations.').retryable).toBe(true);
    expect(parse(403, 'OTSQuotaExhausted', 'Number of tables exceeded the quota.').retryable).toBe(false);
    expect(parse(403, 'OTSConditionCheckFail', 'Condition check failed.').retryable).toBe(false);
    expect(parse(403, 'OTSAuthFailed').requestId).toBe('R');
  });

  it('accepts a code without a message and skips unknown fields of every wire type', () => {
    const unknown = Uint8Array.from([
      0x18, 0x96, 0x01, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x2d, 1, 2, 3, 4, 0x32, 2, 0x61, 0x62,
    ]);
    const body = new Uint8Array([...unknown, ...encodeError('OTSTimeout')]);
    expect(decodeErrorMessage(body)).toEqual({ code: 'OTSTimeout' });
    const error = parseTablestoreError({ status: 503, headers: {}, body, operation: 'GetRange' });
    expect([error.code, error.retryable, error.details]).toEqual(['OTSTimeout', true, undefined]);
  });

  it.each([
    ['empty body', new Uint8Array(0)],
    ['message without the required code', Uint8Array.from([0x12, 0x01, 0x61])],
    ['code sent as a varint', Uint8Array.from([0x08, 0x01])],
    ['truncated length', Uint8Array.from([0x0a, 0x20, 0x41])],
    ['truncated varint', Uint8Array.from([0x0a, 0xff])],
    ['group wire type', Uint8Array.from([0x0b])],
    ['field number 0', Uint8Array.from([0x02, 0x00])],
    ['HTML from a load balancer', utf8.encode('<html><title>503 Service Temporarily Unavailable</title></html>')],
  ])('gives ERR_PARSE for %s', (_name, body) => {
    const error = parseTablestoreError({
      status: 503,
      headers: { 'x-ots-requestid': 'HDR' },
      body,
      operation: 'GetRow',
    });
    expect([error.code, error.status, error.requestId, error.retryable]).toEqual(['ERR_PARSE', 503, 'HDR', true]);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 100, max: 599 }), (body, status) => {
        const error = parseTablestoreError({ status, headers: {}, body, operation: 'GetRow' });
        expect(isSdkError(error)).toBe(true);
        expect(error.message).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on truncations of valid bodies', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ maxLength: 200 }),
        fc.nat(),
        (code, message, cut) => {
          const full = encodeError(code, message);
          const body = full.subarray(0, cut % (full.length + 1));
          expect(isSdkError(parseTablestoreError({ status: 500, headers: {}, body, operation: 'GetRow' }))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips bodies encoded by the official protobuf module', () => {
    const root = require('tablestore/lib/protocol/tablestore_compiled_proto.js');
    const ErrorMessage = root.main.proto.Error;
    const generated = fc.record({
      code: fc.stringMatching(/^OTS[A-Za-z]{1,30}$/),
      message: fc.option(fc.string({ unit: 'grapheme', maxLength: 200 }), { nil: undefined }),
      requestId: fc.uuid(),
      status: fc.integer({ min: 400, max: 599 }),
    });
    fc.assert(
      fc.property(generated, (s) => {
        const official: Uint8Array = ErrorMessage.encode(
          s.message === undefined ? { code: s.code } : { code: s.code, message: s.message },
        ).finish();
        expect(Buffer.from(official).equals(Buffer.from(encodeError(s.code, s.message)))).toBe(true);
        const error = parseTablestoreError({
          status: s.status,
          headers: { 'x-ots-requestid': s.requestId },
          body: official,
          operation: 'PutRow',
        });
        expect([error.code, error.requestId, error.status]).toEqual([s.code, s.requestId, s.status]);
        const message = s.message?.trim() || undefined;
        expect(error.details?.serviceMessage).toBe(message === undefined ? undefined : redactText(message));
      }),
      { numRuns: 250 },
    );
  });
});
