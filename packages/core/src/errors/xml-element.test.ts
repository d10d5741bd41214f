import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childText, elementValue, parseXmlDocument } from './xml-element';

describe('parseXmlDocument', () => {
  it('reads a declaration, nested elements, entities, character references and CDATA', () => {
    const root = parseXmlDocument(
      '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- note -->\n<Error xmlns="urn:x" a=\'1>2\'>\n' +
        '  <Code>A&amp;B</Code>\n  <Message>x &lt;y&gt; &quot;z&quot; &apos;w&apos; &#65;&#x42; &unknown; &#xD800;</Message>\n' +
        '  <Detail><Inner>1</Inner><Inner>2</Inner><Empty/></Detail>\n  <Raw><![CDATA[<not & parsed>]]></Raw>\n' +
        '  <?pi ignored?>\n</Error>\n<!-- trailing -->\n',
    );
    expect(root?.name).toBe('Error');
    if (!root) return;
    expect(childText(root, 'Code')).toBe('A&B');
    expect(childText(root, 'Message')).toBe('x <y> "z" \'w\' AB &unknown; &#xD800;');
    expect(childText(root, 'Raw')).toBe('<not & parsed>');
    expect(childText(root, 'Missing')).toBeUndefined();
    expect(elementValue(root)).toMatchObject({ Code: 'A&B', Detail: { Inner: '1', Empty: '' } });
  });

  it('accepts a self-closing root and a DOCTYPE without internal subset', () => {
    expect(parseXmlDocument('<!DOCTYPE Error><Error/>')).toEqual({ name: 'Error', text: '', children: [] });
  });

  it.each([
    ['empty', ''],
    ['text only', 'Service Unavailable'],
    ['truncated', '<Error><Code>NoSuchKey</Code><Message>The spec'],
    ['unclosed root', '<Error><Code>X</Code>'],
    ['mismatched tags', '<Error><Code>X</Message></Error>'],
    ['two roots', '<Error/><Error/>'],
    ['trailing text', '<Error/>junk'],
    ['DOCTYPE with entity declarations', '<!DOCTYPE x [<!ENTITY a "b">]><Error>&a;</Error>'],
    ['bad tag name', '<1Error></1Error>'],
    ['lt in attribute area', '<Error <Code>'],
    ['unterminated comment', '<Error><!-- x</Error>'],
    ['unterminated CDATA', '<Error><![CDATA[x</Error>'],
  ])('returns undefined for %s', (_name, text) => {
    expect(parseXmlDocument(text)).toBeUndefined();
  });

  it('gives up on absurd nesting instead of overflowing the stack', () => {
    expect(parseXmlDocument(`${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`)).toBeUndefined();
    expect(parseXmlDocument(`${'<a>'.repeat(20)}${'</a>'.repeat(20)}`)?.name).toBe('a');
  });

  it('never throws on arbitrary text', () => {
    const xmlish = fc.array(
      fc.constantFrom(
        '<',
        '>',
        '/',
        '<Error>',
        '</Error>',
        '<Code>',
        '</Code>',
        '<![CDATA[',
        ']]>',
        '<!--',
        '-->',
        '&amp;',
        '&#',
        '"',
        "'",
        '?',
        'x',
        ' ',
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          xmlish.map((parts) => parts.join('')),
        ),
        (text) => {
          const root = parseXmlDocument(text);
          expect(root === undefined || typeof root.name === 'string').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
