import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha1Base64, hmacSha256Hex, md5Base64, md5HexUpper, secretHmacKey, sha256Hex } from './crypto';

describe('digests', () => {
  it('equal createHash for text (UTF-8, lone surrogates included) and bytes', () => {
    const data = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.uint8Array({ maxLength: 300 }));
    fc.assert(
      fc.property(data, (d) => {
        expect(md5Base64(d)).toBe(createHash('md5').update(d).digest('base64'));
        expect(md5HexUpper(d)).toBe(createHash('md5').update(d).digest('hex').toUpperCase());
        expect(sha256Hex(d)).toBe(createHash('sha256').update(d).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('hash the empty input', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(md5Base64(new Uint8Array(0))).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
  });
});

describe('secretHmacKey', () => {
  it('signs exactly like the secret text on every use, and follows a changed secret', () => {
    const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret+/=é' };
    const expected = (secret: string) => createHmac('sha1', secret).update('data').digest('base64');
    expect(secretHmacKey(credentials)).toBe('ExampleSecret+/=é');
    for (let i = 0; i < 3; i++) {
      expect(hmacSha1Base64(secretHmacKey(credentials), 'data')).toBe(expected('ExampleSecret+/=é'));
      expect(hmacSha256Hex(secretHmacKey(credentials), 'data')).toBe(
        createHmac('sha256', 'ExampleSecret+/=é').update('data').digest('hex'),
      );
    }
    credentials.accessKeySecret = 'RotatedSecret';
    expect(secretHmacKey(credentials)).toBe('RotatedSecret');
    expect(hmacSha1Base64(secretHmacKey(credentials), 'data')).toBe(expected('RotatedSecret'));
    expect(hmacSha1Base64(secretHmacKey(credentials), 'data')).toBe(expected('RotatedSecret'));
  });

  it('gives the same HMAC as the text for any secret', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 90 }), fc.string(), (secret, data) => {
        const credentials = Object.freeze({ accessKeySecret: secret });
        const expected = createHmac('sha1', secret).update(data).digest('base64');
        for (let i = 0; i < 3; i++) expect(hmacSha1Base64(secretHmacKey(credentials), data)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
