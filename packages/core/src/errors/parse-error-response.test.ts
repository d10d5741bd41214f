import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ErrorFormat, parseErrorResponse } from './parse-error-response';
import { isSdkError } from './sdk-error';

const FORMATS: ErrorFormat[] = ['pop', 'oss', 'sls', 'tablestore', 'maxcompute'];

describe('parseErrorResponse', () => {
  it('chooses the parser by service name', () => {
    const cases: [string, string | Uint8Array, string][] = [
      ['oss', '<Error><Code>NoSuchKey</Code></Error>', 'NoSuchKey'],
      ['sls', '{"errorCode":"LogStoreNotExist","errorMessage":"x"}', 'LogStoreNotExist'],
      ['tablestore', Uint8Array.from([0x0a, 0x03, 0x4f, 0x54, 0x53]), 'OTS'],
      ['maxcompute', '<Error><Code>NoSuchObject</Code></Error>', 'NoSuchObject'],
      ['sts', '{"Code":"Throttling.User"}', 'Throttling.User'],
      ['cms', '{"Code":"InvalidParameter"}', 'InvalidParameter'],
    ];
    for (const [service, body, code] of cases) {
      const error = parseErrorResponse({ service, status: 400, headers: {}, body, operation: 'Op' });
      expect([error.code, error.service]).toEqual([code, service]);
    }
  });

  it('lets an explicit format win over the service name', () => {
    const error = parseErrorResponse({
      service: 'tunnel',
      format: 'maxcompute',
      status: 429,
      headers: {},
      body: '{"Code":"FlowExceeded"}',
      operation: 'Upload',
    });
    expect([error.code, error.service, error.retryable]).toEqual(['FlowExceeded', 'tunnel', true]);
    const byFormat = parseErrorResponse({
      format: 'sls',
      status: 500,
      headers: {},
      body: '{"errorCode":"InternalServerError"}',
      operation: 'Op',
    });
    expect(byFormat.service).toBe('sls');
  });

  it('returns an SdkError for any input, even nonsense arguments', () => {
    const nonsense = [
      undefined,
      null,
      {},
      { status: 'x', headers: 5, body: 7, operation: null },
      {
        status: 500,
        headers: {
          get: () => {
            throw new Error('boom');
          },
        },
        body: '',
        operation: 'Op',
      },
      {
        status: 500,
        headers: new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('boom');
            },
          },
        ),
        body: '',
        operation: 'Op',
      },
    ];
    for (const input of nonsense) {
      for (const format of FORMATS) {
        const error = parseErrorResponse({ ...(input as object), format } as Parameters<typeof parseErrorResponse>[0]);
        expect(isSdkError(error)).toBe(true);
        expect(error.code).toBe('ERR_PARSE');
      }
    }
  });

  it('never throws for arbitrary bytes in any format', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 200 })),
        fc.integer({ min: -1, max: 1000 }),
        (format, body, status) => {
          const error = parseErrorResponse({ format, status, headers: {}, body, operation: 'Op' });
          expect(isSdkError(error)).toBe(true);
          expect(error.message.startsWith(`${format} Op failed: `)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
