import { describe, expect, it } from 'vitest';
import { cdata, child, childrenNamed, childText, escapeXmlText, parseXml, XmlSyntaxError } from './xml';

describe('parseXml', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- comment -->
<Instance><Tasks><Task Type="SQL"><Name>A&amp;B</Name>
<Result Format="csv" Transform='none'><![CDATA[id,name
1,<x>
]]></Result><Histories/></Task></Tasks></Instance>`);
    expect(root.name).toBe('Instance');
    const task = child(child(root, 'Tasks') as never, 'Task');
    expect(task?.attributes.Type).toBe('SQL');
    expect(childText(task as never, 'Name')).toBe('A&B');
    const result = child(task as never, 'Result');
    expect(result?.attributes).toEqual({ Format: 'csv', Transform: 'none' });
    expect(result?.text).toBe('id,name\n1,<x>\n');
    expect(childrenNamed(task as never, 'Histories')).toHaveLength(1);
  });

  it('resolves numeric entities and attribute values with >', () => {
    const root = parseXml('<a x="1 &gt; 0" y="a>b">&#65;&#x42;&lt;</a>');
    expect(root.attributes).toEqual({ x: '1 > 0', y: 'a>b' });
    expect(root.text).toBe('AB<');
  });

  it('rejects documents whose tags do not nest', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<a>')).toThrow(/not closed/);
    expect(() => parseXml('just text')).toThrow(/no root/);
  });

  it('round-trips text through escapeXmlText and cdata', () => {
    const text = `select '<a>' & "b" ]]> end`;
    expect(parseXml(`<q>${escapeXmlText(text)}</q>`).text).toBe(text);
    expect(parseXml(`<q>${cdata(text)}</q>`).text).toBe(text);
  });
});
