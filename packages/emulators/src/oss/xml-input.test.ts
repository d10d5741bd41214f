import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderXml } from '../shared/xml';
import { childrenNamed, childTextOf, parseXmlInput } from './xml-input';

describe('parseXmlInput', () => {
  it('reads what clients send: declaration, whitespace, entities, CDATA, self-closing elements', () => {
    const root = parseXmlInput(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="x">\n<Quiet>true</Quiet>\n' +
        '<Object><Key>a&amp;b &#x41;&#66;</Key></Object><Object><Key><![CDATA[<raw>]]></Key><VersionId/></Object>\n</Delete>',
    );
    expect(root?.name).toBe('Delete');
    const objects = childrenNamed(root as NonNullable<typeof root>, 'Object');
    expect(objects.map((o) => childTextOf(o, 'Key'))).toEqual(['a&b AB', '<raw>']);
    expect(childTextOf(objects[1] as (typeof objects)[number], 'VersionId')).toBe('');
  });

  it('refuses documents that are not well-formed', () => {
    for (const bad of [
      '',
      '<a>',
      '<a></b>',
      '<a/><b/>',
      'text<a/>',
      '<a>&bogus;</a>',
      '<a>x & y</a>',
      '<a><b></a></b>',
    ]) {
      expect(parseXmlInput(bad)).toBeUndefined();
    }
  });

  it('reads back any text the emulator renders', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g, '');
        const root = parseXmlInput(renderXml(['Tagging', [['Key', clean]]]));
        expect(root && childTextOf(root, 'Key')).toBe(clean);
      }),
    );
  });
});
