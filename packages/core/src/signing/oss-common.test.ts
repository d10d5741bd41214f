import { describe, expect, it } from 'vitest';
import {
  isOssSignedSubresource,
  mergeOssParams,
  mimeTypeOf,
  normalizeOssParams,
  normalizeOssSubresources,
  OSS_SIGNED_SUBRESOURCES,
  ossDefaultContentType,
  ossLowerHeaders,
  ossObjectUrlPath,
  ossRequestUrl,
  ossSignatureVersionOf,
  ossV1CanonicalResource,
  resolveOssAddress,
} from './oss-common';

describe('normalizeOssParams', () => {
  it('turns an object into pairs: numbers and true as text, false and null as bare names, undefined dropped', () => {
    expect(normalizeOssParams({ a: 'x', b: 0, c: true, d: false, e: null, f: undefined, g: '' })).toEqual([
      ['a', 'x'],
      ['b', '0'],
      ['c', 'true'],
      ['d', null],
      ['e', null],
      ['g', ''],
    ]);
  });

  it('repeats the name for array values and keeps pairs as given', () => {
    expect(normalizeOssParams({ k: ['1', 2] })).toEqual([
      ['k', '1'],
      ['k', '2'],
    ]);
    expect(
      normalizeOssParams([
        ['a', null],
        ['a', 'b'],
      ]),
    ).toEqual([
      ['a', null],
      ['a', 'b'],
    ]);
    expect(normalizeOssParams(undefined)).toEqual([]);
  });

  it('rejects values that are not text, numbers, booleans or null', () => {
    expect(() => normalizeOssParams({ a: {} as unknown as string })).toThrow(TypeError);
    expect(() => normalizeOssParams([['a', 1 as unknown as string]])).toThrow(TypeError);
  });
});

describe('normalizeOssSubresources', () => {
  it('accepts one name, a list of names or parameters, with empty values as bare names', () => {
    expect(normalizeOssSubresources('acl')).toEqual([['acl', null]]);
    expect(normalizeOssSubresources('  ')).toEqual([]);
    expect(normalizeOssSubresources(['uploads', 'acl'])).toEqual([
      ['uploads', null],
      ['acl', null],
    ]);
    expect(normalizeOssSubresources({ append: '', position: 0 })).toEqual([
      ['append', null],
      ['position', '0'],
    ]);
  });
});

describe('mergeOssParams', () => {
  it('replaces a name in place and appends new ones (as merging objects does)', () => {
    expect(
      mergeOssParams(
        [
          ['a', '1'],
          ['b', '2'],
        ],
        [
          ['c', null],
          ['a', '9'],
          ['c', 'again'],
        ],
      ),
    ).toEqual([
      ['a', '9'],
      ['b', '2'],
      ['c', null],
      ['c', 'again'],
    ]);
  });
});

describe('isOssSignedSubresource', () => {
  it('signs the documented fixed list, x-oss-* and response-* names', () => {
    for (const name of OSS_SIGNED_SUBRESOURCES) expect(isOssSignedSubresource(name)).toBe(true);
    expect(isOssSignedSubresource('x-oss-process')).toBe(true);
    expect(isOssSignedSubresource('response-content-type')).toBe(true);
  });

  it('signs the bucket configuration and ali-oss per-call names', () => {
    for (const name of ['cors', 'lifecycle', 'website', 'referer', 'logging', 'encryption', 'policy', 'worm']) {
      expect(isOssSignedSubresource(name)).toBe(true);
    }
    for (const name of ['replication', 'requestPayment', 'inventory', 'inventoryId', 'asyncFetch', 'live', 'comp']) {
      expect(isOssSignedSubresource(name)).toBe(true);
    }
  });

  it('does not sign ordinary list parameters unless the operation declares them', () => {
    for (const name of ['prefix', 'marker', 'max-keys', 'list-type', 'delimiter', 'encoding-type', 'start-after']) {
      expect(isOssSignedSubresource(name)).toBe(false);
    }
    expect(isOssSignedSubresource('list-type', ['list-type'])).toBe(true);
    expect(isOssSignedSubresource('ACL')).toBe(false);
  });
});

describe('ossV1CanonicalResource', () => {
  it('writes /bucket/key raw, then sorted sub-resources with raw values', () => {
    expect(ossV1CanonicalResource(undefined, undefined, [])).toBe('/');
    expect(ossV1CanonicalResource('b', undefined, [['uploads', null]])).toBe('/b/?uploads');
    expect(
      ossV1CanonicalResource('b', 'dir/a b+c?.txt', [
        ['versionId', 'CAEQ+Nu/ID=='],
        ['acl', ''],
        ['Zeta', 'z'],
      ]),
    ).toBe('/b/dir/a b+c?.txt?Zeta=z&acl&versionId=CAEQ+Nu/ID==');
  });
});

describe('URLs', () => {
  it('encodes the key per segment, keeping / and leaving encodeURIComponent-safe characters alone', () => {
    expect(ossObjectUrlPath("dir one/中文 a+b~c*d'(!).bin")).toBe("dir%20one/%E4%B8%AD%E6%96%87%20a%2Bb~c*d'(!).bin");
    expect(ossObjectUrlPath("a'b", true)).toBe('a%27b');
  });

  it('builds virtual-hosted and path-style URLs with the query in querystring encoding', () => {
    expect(ossRequestUrl({ host: 'b.oss-cn-hangzhou.aliyuncs.com', bucket: 'b', key: 'k' }, [])).toBe(
      'https://b.oss-cn-hangzhou.aliyuncs.com/k',
    );
    expect(
      ossRequestUrl({ host: '127.0.0.1:8080', protocol: 'http', bucket: 'b', key: 'a b', pathStyle: true }, [
        ['uploads', null],
        ['prefix', "x/y'!"],
      ]),
    ).toBe("http://127.0.0.1:8080/b/a%20b?uploads=&prefix=x%2Fy'!");
    expect(ossRequestUrl({ host: 'h', bucket: 'b', pathStyle: true }, [])).toBe('https://h/b/');
  });
});

describe('Content-Type guess', () => {
  it('reads the extension the way the mime package does', () => {
    expect(mimeTypeOf('.txt')).toBe('text/plain');
    expect(mimeTypeOf('TXT')).toBe('text/plain');
    expect(mimeTypeOf('dir/a.JPG')).toBe('image/jpeg');
    expect(mimeTypeOf('dir/jpg')).toBeUndefined();
    expect(mimeTypeOf('.unknown')).toBeUndefined();
    expect(mimeTypeOf('')).toBeUndefined();
  });

  it('follows ali-oss: an explicit type, else the mime hint, else the object extension', () => {
    expect(ossDefaultContentType('a.txt')).toBe('text/plain');
    expect(ossDefaultContentType('a.tar.gz')).toBe('application/gzip');
    expect(ossDefaultContentType('dir/.bashrc')).toBeUndefined();
    expect(ossDefaultContentType('noext')).toBeUndefined();
    expect(ossDefaultContentType(undefined)).toBeUndefined();
    expect(ossDefaultContentType('a.txt', 'image/png')).toBe('image/png');
    expect(ossDefaultContentType('a.txt', 'json')).toBe('application/json');
    expect(ossDefaultContentType('a.txt', 'nope')).toBeUndefined();
  });
});

describe('resolveOssAddress', () => {
  it('reads the bucket from the first label of an OSS host', () => {
    expect(resolveOssAddress('b.oss-cn-hangzhou.aliyuncs.com', '/dir/a%20b%2Bc')).toEqual({
      bucket: 'b',
      key: 'dir/a b+c',
    });
    expect(resolveOssAddress('b.cn-hangzhou.oss.aliyuncs.com:443', '/')).toEqual({ bucket: 'b', key: undefined });
    expect(resolveOssAddress('b.oss-accelerate.aliyuncs.com', '/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(resolveOssAddress('b.cb-1.cn-hangzhou.oss-cloudbox.aliyuncs.com', '/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(resolveOssAddress('b.oss.localhost:9000', '/k', { virtualHostSuffixes: ['oss.localhost'] })).toEqual({
      bucket: 'b',
      key: 'k',
    });
  });

  it('reads the bucket from the path for IPs, localhost and bare endpoints', () => {
    expect(resolveOssAddress('127.0.0.1:9000', '/b/dir/%E4%B8%AD')).toEqual({ bucket: 'b', key: 'dir/中' });
    expect(resolveOssAddress('localhost', '/b')).toEqual({ bucket: 'b' });
    expect(resolveOssAddress('oss-cn-hangzhou.aliyuncs.com', '/b/')).toEqual({ bucket: 'b', key: undefined });
    expect(resolveOssAddress('[::1]:9000', '/')).toEqual({});
  });
});

describe('ossSignatureVersionOf', () => {
  const req = (url: string, auth?: string) => ({
    method: 'GET',
    url,
    rawHeaders: auth ? ['Authorization', auth] : [],
  });
  it('tells V1, V4 and anonymous requests apart', () => {
    expect(ossSignatureVersionOf(req('/', 'OSS a:b'))).toBe('v1');
    expect(ossSignatureVersionOf(req('/', 'OSS4-HMAC-SHA256 Credential=x'))).toBe('v4');
    expect(ossSignatureVersionOf(req('/k?OSSAccessKeyId=a&Expires=1&Signature=s'))).toBe('v1');
    expect(ossSignatureVersionOf(req('/k?x-oss-signature-version=OSS4-HMAC-SHA256'))).toBe('v4');
    expect(ossSignatureVersionOf(req('/k?acl'))).toBeUndefined();
  });
});

describe('ossLowerHeaders', () => {
  it('lower-cases names and joins repeated ones with a comma', () => {
    expect([
      ...ossLowerHeaders([
        ['X-Oss-Meta-A', ' 1 '],
        ['x-oss-meta-a', ' 2'],
        ['Host', 'h'],
      ]),
    ]).toEqual([
      ['x-oss-meta-a', '1,2'],
      ['host', 'h'],
    ]);
  });
});
