import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { md5Base64, md5HexUpper, sha256Hex } from './crypto';

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
