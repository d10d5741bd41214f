import { createRequire } from 'node:module';
import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mimeTypeOf, ossDefaultContentType } from '../../src/signing/oss-common';

// ali-oss looks Content-Type up with the `mime` package it depends on.
const require = createRequire(createRequire(import.meta.url).resolve('ali-oss'));
const mime = require('mime') as { getType(path: string): string | null };

// Every extension our table lists, plus common ones the mime package does not know either.
const known = (
  'txt text log conf ini html htm shtml xhtml json map jsonld xml xsl xsd js mjs cjs jsx css scss less md ' +
  'markdown csv tsv yaml yml toml rtf png jpg jpeg jpe gif svg svgz webp ico bmp tif tiff avif heic heif apng ' +
  'psd pdf zip gz tar bz2 xz 7z rar jar war apk rpm bin dmg iso img exe dll so deb msi wasm mp4 m4v mov avi ' +
  'mkv webm flv wmv mpeg mpg ts 3gp ogv m3u8 mp3 m4a aac wav ogg oga opus flac mid midi weba woff woff2 ttf ' +
  'otf eot doc docx xls xlsx ppt pptx odt ods odp epub swf sh java c cpp h php pl sql crt pem der p12 pfx eml ' +
  'ics vcf atom rss gpx kml kmz'
).split(' ');
const unknownToBoth = ['dat', 'tgz', 'py', 'go', 'parquet', 'zzq', ''];

describe('Content-Type guess against the mime package ali-oss uses', () => {
  it('gives the same type for every listed extension and none for unknown ones', () => {
    for (const ext of [...known, ...unknownToBoth]) {
      expect(mimeTypeOf(`.${ext}`), ext).toBe(mime.getType(`.${ext}`) ?? undefined);
    }
    for (const ext of known) expect(mimeTypeOf(`.${ext}`), ext).toBeDefined();
  });

  it('reads object names and mime hints the way ali-oss createRequest does', () => {
    const segment = fc.string({ unit: fc.constantFrom(...'aZ9 .-_中😀'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...known, ...unknownToBoth),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.constantFrom('image/png', 'png', '.json', 'TXT', 'x/y', '/x'), { nil: undefined }),
        (segments, ext, upper, trailingSlash, hint) => {
          const e = upper ? ext.toUpperCase() : ext;
          const name = `${segments.join('/')}${e ? `.${e}` : ''}${trailingSlash ? '/' : ''}`;
          const theirs = hint && hint.indexOf('/') > 0 ? hint : mime.getType(hint || posix.extname(name));
          expect(ossDefaultContentType(name, hint)).toBe(theirs ?? undefined);
        },
      ),
      { numRuns: 300 },
    );
  });
});
