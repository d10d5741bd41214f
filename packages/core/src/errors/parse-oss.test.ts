import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText } from '../logging/redact';
import { parseOssError } from './parse-oss';
import { isSdkError } from './sdk-error';

const require = createRequire(import.meta.url);

const xmlEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NO_SUCH_KEY = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The specified key does not exist.</Message>
  <RequestId>5C8F7B2CDDD9CB2E202D4FD8</RequestId>
  <HostId>mybucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <Key>nokey</Key>
  <EC>0026-00000001</EC>
  <RecommendDoc>https://api.aliyun.com/troubleshoot?q=0026-00000001</RecommendDoc>
</Error>`;

const response = (over: Partial<Parameters<typeof parseOssError>[0]> = {}) => ({
  status: 404,
  headers: { 'x-oss-request-id': '5C8F7B2CDDD9CB2E202D4FD8', 'content-type': 'application/xml' },
  body: NO_SUCH_KEY,
  operation: 'GetObject',
  ...over,
});

describe('parseOssError', () => {
  it('reads the spec example into code, message, request id and details', () => {
    const error = parseOssError(response({ body: new TextEncoder().encode(NO_SUCH_KEY) }));
    expect(error.code).toBe('NoSuchKey');
    expect(error.status).toBe(404);
    expect(error.service).toBe('oss');
    expect(error.requestId).toBe('5C8F7B2CDDD9CB2E202D4FD8');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'oss GetObject failed: NoSuchKey (404), requestId=5C8F7B2CDDD9CB2E202D4FD8: The specified key does not exist.',
    );
    expect(error.details).toEqual({
      hostId: 'mybucket.oss-cn-hangzhou.aliyuncs.com',
      ec: '0026-00000001',
      recommend: 'https://api.aliyun.com/troubleshoot?q=0026-00000001',
      key: 'nokey',
      serviceMessage: 'The specified key does not exist.',
    });
  });

  it('reads a HEAD error from the base64 x-oss-err header, with x-oss-ec', () => {
    const error = parseOssError(
      response({
        operation: 'HeadObject',
        body: new Uint8Array(0),
        headers: {
          'X-Oss-Request-Id': 'HEADREQ',
          'x-oss-ec': '0015-00000101',
          'x-oss-err': Buffer.from(
            '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist.</Message><BucketName>b</BucketName></Error>',
          ).toString('base64'),
        },
      }),
    );
    expect(error.code).toBe('NoSuchBucket');
    expect(error.requestId).toBe('HEADREQ');
    expect(error.details).toMatchObject({ ec: '0015-00000101', bucketName: 'b' });
  });

  it('gives ERR_PARSE with status and header request id for a body-less HEAD error without x-oss-err', () => {
    const error = parseOssError(
      response({ operation: 'HeadObject', body: '', headers: new Headers({ 'x-oss-request-id': 'R0' }) }),
    );
    expect(error.code).toBe('ERR_PARSE');
    expect(error.status).toBe(404);
    expect(error.requestId).toBe('R0');
    expect(error.message).toBe('oss HeadObject failed: ERR_PARSE (404), requestId=R0: empty error body');
  });

  it('drops the provided signature and string-to-sign bytes and redacts the string to sign', () => {
    const token = 'CAISexampleStsTokenValue0123456789';
    const body = `<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message>
<RequestId>R</RequestId><OSSAccessKeyId>LTAI5tExampleKeyId</OSSAccessKeyId><SignatureProvided>c2lnbmF0dXJlcHJvdmlkZWQ=</SignatureProvided>
<StringToSign>GET\n\n\nTue, 05 Mar 2024 00:00:00 GMT\nx-oss-security-token:${token}\n/b/k</StringToSign>
<StringToSignBytes>${Buffer.from(token).toString('hex').replace(/(..)/g, '$1 ')}</StringToSignBytes></Error>`;
    const error = parseOssError(response({ status: 403, body }));
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.details?.accessKeyId).toBe('LTAI5tExampleKeyId');
    expect(error.details).not.toHaveProperty('signatureProvided');
    expect(error.details).not.toHaveProperty('stringToSignBytes');
    expect(String(error.details?.stringToSign)).toContain('x-oss-security-token:[REDACTED]');
    const everything = JSON.stringify(error.details) + error.message + JSON.stringify(error);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('c2lnbmF0dXJlcHJvdmlkZWQ=');
  });

  it('marks 5xx, RequestTimeout and 503 ServiceUnavailable retryable, but not 501', () => {
    const xml = (code: string) => `<Error><Code>${code}</Code><Message>m</Message></Error>`;
    expect(parseOssError(response({ status: 500, body: xml('InternalError') })).retryable).toBe(true);
    expect(parseOssError(response({ status: 503, body: xml('ServiceUnavailable') })).retryable).toBe(true);
    expect(parseOssError(response({ status: 400, body: xml('RequestTimeout') })).retryable).toBe(true);
    expect(parseOssError(response({ status: 501, body: xml('NotImplemented') })).retryable).toBe(false);
    expect(parseOssError(response({ status: 403, body: xml('RequestTimeTooSkewed') })).retryable).toBe(false);
  });

  it('keeps x-oss-next-append-position for PositionNotEqualToLength', () => {
    const error = parseOssError(
      response({
        status: 409,
        headers: { 'x-oss-next-append-position': '12345678901234567' },
        body: '<Error><Code>PositionNotEqualToLength</Code></Error>',
      }),
    );
    expect(error.details?.nextAppendPosition).toBe('12345678901234567');
  });

  it.each([
    ['HTML from a proxy', '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', 502, true],
    ['truncated XML', NO_SUCH_KEY.slice(0, 120), 404, false],
    ['XML without a code', '<Error><Message>x</Message><RequestId>BODYID</RequestId></Error>', 404, false],
    ['another root', '<ListBucketResult/>', 400, false],
    ['plain text', 'Service Unavailable', 503, true],
  ])('gives ERR_PARSE for %s', (_name, body, status, retryable) => {
    const error = parseOssError(
      response({ status, body, headers: { 'x-oss-request-id': 'HDR', 'content-type': 'text/html; charset=utf-8' } }),
    );
    expect(error.code).toBe('ERR_PARSE');
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.requestId).toBe(body.includes('BODYID') ? 'BODYID' : 'HDR');
    expect(error.message).toMatch(
      /^oss GetObject failed: ERR_PARSE \(\d+\), requestId=\w+: unreadable error body \(\d+ bytes, text\/html\)/,
    );
  });

  it('never throws on arbitrary bytes and headers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 100, max: 599 }),
        fc.dictionary(
          fc.constantFrom('x-oss-request-id', 'x-oss-err', 'x-oss-ec', 'content-type', 'x'),
          fc.string({ maxLength: 40 }),
        ),
        (body, status, headers) => {
          const error = parseOssError({ status, headers, body, operation: 'GetObject' });
          expect(isSdkError(error)).toBe(true);
          expect(error.status).toBe(status);
          expect(error.message).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips generated bodies and agrees with ali-oss on code, request id, host id and EC', async () => {
    const Client = require('ali-oss/lib/client.js');
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s !== '');
    const generated = fc.record({
      code: fc.stringMatching(/^[A-Z][A-Za-z0-9.]{0,30}$/),
      message: text,
      requestId: fc.stringMatching(/^[0-9A-F]{24}$/),
      hostId: fc.domain(),
      ec: fc.stringMatching(/^\d{4}-\d{8}$/),
      status: fc.integer({ min: 400, max: 599 }),
      asBytes: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(generated, async (s) => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${s.code}</Code>\n  <Message>${xmlEscape(s.message)}</Message>\n  <RequestId>${s.requestId}</RequestId>\n  <HostId>${s.hostId}</HostId>\n  <EC>${s.ec}</EC>\n</Error>\n`;
        const bytes = new TextEncoder().encode(xml);
        const error = parseOssError({
          status: s.status,
          headers: {},
          body: s.asBytes ? bytes : xml,
          operation: 'PutObject',
        });
        expect(error.code).toBe(s.code);
        expect(error.requestId).toBe(s.requestId);
        expect(error.details?.serviceMessage).toBe(redactText(s.message));
        expect(error.details?.hostId).toBe(s.hostId);
        expect(
          error.message.startsWith(`oss PutObject failed: ${s.code} (${s.status}), requestId=${s.requestId}: `),
        ).toBe(true);
        const official = await Client.prototype.requestError.call(Client.prototype, {
          status: s.status,
          headers: {},
          data: Buffer.from(bytes),
        });
        expect([official.code, official.requestId, official.hostId, official.ecCode, official.message]).toEqual([
          error.code,
          error.requestId,
          error.details?.hostId,
          error.details?.ec,
          s.message,
        ]);
      }),
      { numRuns: 200 },
    );
  });
});
