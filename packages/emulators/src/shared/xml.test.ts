import { describe, expect, it } from 'vitest';
import { escapeXml, renderXml } from './xml';

describe('renderXml', () => {
  it('renders nested elements, empty elements and escaped text after the declaration', () => {
    expect(
      renderXml([
        'Error',
        [
          ['Code', 'A&B'],
          ['Empty', []],
          ['N', 3],
          ['Flag', false],
          ['Msg', '<"it\'s">'],
        ],
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>A&amp;B</Code><Empty/><N>3</N><Flag>false</Flag><Msg>&lt;&quot;it&apos;s&quot;&gt;</Msg></Error>',
    );
  });

  it('escapes the five XML specials only', () => {
    expect(escapeXml('a/b é & < > " \'')).toBe('a/b é &amp; &lt; &gt; &quot; &apos;');
  });
});
