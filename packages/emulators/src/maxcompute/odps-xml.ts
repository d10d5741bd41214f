import { escapeXml, XML_DECLARATION } from '../shared/xml';

/** An XML element for MaxCompute bodies, which need attributes and CDATA sections. */
export interface OdpsXmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
  /** Text (escaped), a CDATA section, or child elements. */
  readonly content?: string | { readonly cdata: string } | readonly OdpsXmlElement[] | undefined;
}

/** Shorthand for an {@link OdpsXmlElement}. */
export function el(
  name: string,
  content?: string | number | { readonly cdata: string } | readonly (OdpsXmlElement | undefined)[],
  attributes?: Readonly<Record<string, string>>,
): OdpsXmlElement {
  const normalized =
    typeof content === 'number'
      ? String(content)
      : Array.isArray(content)
        ? (content.filter((c) => c !== undefined) as OdpsXmlElement[])
        : (content as string | { readonly cdata: string } | undefined);
  return { name, attributes, content: normalized };
}

/** Renders an element tree after the XML declaration. */
export function renderOdpsXml(root: OdpsXmlElement): string {
  return XML_DECLARATION + render(root);
}

function render(node: OdpsXmlElement): string {
  const attrs = Object.entries(node.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const { content } = node;
  if (content === undefined || content === '' || (Array.isArray(content) && content.length === 0)) {
    return `<${node.name}${attrs}/>`;
  }
  let inner: string;
  if (typeof content === 'string') inner = escapeXml(content);
  else if (Array.isArray(content)) inner = (content as readonly OdpsXmlElement[]).map(render).join('');
  else inner = `<![CDATA[${(content as { cdata: string }).cdata.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
}

/** The text of the first `<name>` element in an XML document (CDATA and entities decoded). */
export function xmlText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>|<${name}(?:\\s[^>]*)?/>`).exec(xml);
  if (!match) return undefined;
  return decodeXmlText(match[1] ?? '');
}

/** Every `<name>…</name>` element's inner XML, in document order. */
export function xmlElements(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g');
  for (const m of xml.matchAll(re)) out.push(m[1] ?? '');
  return out;
}

/** Decodes CDATA sections and the XML entities of element text. */
export function decodeXmlText(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const start = rest.indexOf('<![CDATA[');
    if (start < 0) {
      out += decodeEntities(rest);
      return out;
    }
    out += decodeEntities(rest.slice(0, start));
    const end = rest.indexOf(']]>', start + 9);
    if (end < 0) {
      out += rest.slice(start + 9);
      return out;
    }
    out += rest.slice(start + 9, end);
    rest = rest.slice(end + 3);
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] as string;
  });
}
