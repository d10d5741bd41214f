import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOssUri, parseOssUri } from './oss-uri';

const bucket = fc
  .tuple(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
    fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
  )
  .map(([a, middle, b]) => `${a}${middle}${b}`);
const endpoint = fc.option(fc.constantFrom('oss-cn-hangzhou.aliyuncs.com', 'oss-cn-shanghai-internal.aliyuncs.com'), {
  nil: undefined,
});
const key = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._=+-]{1,12}$/), { maxLength: 5 })
  .chain((segments) => fc.constantFrom(segments.join('/'), `${segments.join('/')}/`))
  .filter((k) => !k.startsWith('/'));

describe('parseOssUri', () => {
  it('reads bucket, endpoint and key, and formatOssUri writes them back', () => {
    fc.assert(
      fc.property(bucket, endpoint, key, (b, e, k) => {
        const uri = formatOssUri({ bucket: b, endpoint: e, key: k });
        expect(parseOssUri(uri)).toEqual({ bucket: b, endpoint: e, key: k });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses anything that is not oss://', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!s.startsWith('oss://'));
        expect(() => parseOssUri(s)).toThrow(TypeError);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['oss:/bucket/path', 'is not an oss:// URI'],
    ['https://bucket.oss-cn-hangzhou.aliyuncs.com/a', 'is not an oss:// URI'],
    ['oss://bucket', 'has no path'],
    ['oss://Bucket/path', 'bucket names are'],
    ['oss://ab/path', 'bucket names are'],
    ['oss://-bucket/path', 'bucket names are'],
    ['oss://bucket_1/path', 'bucket names are'],
    ['oss://bucket.bad..endpoint/path', 'malformed endpoint'],
    ['oss://bucket/a b', 'whitespace'],
    ['oss://bucket/a?x=1', 'query or fragment'],
    ['oss://bucket//a', 'empty path segment'],
    [`oss://bucket/${'k'.repeat(1024)}`, 'longer than 1023 bytes'],
  ])('refuses %s', (uri, why) => {
    expect(() => parseOssUri(uri)).toThrow(why);
  });

  it('accepts the bucket root', () => {
    expect(parseOssUri('oss://example-bucket/')).toEqual({ bucket: 'example-bucket', endpoint: undefined, key: '' });
  });
});
