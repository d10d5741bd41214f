/** Escapes text for an XML element or attribute value. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** A node of {@link renderXml}: text, or an element with children in order. */
export type XmlNode = string | number | boolean | XmlElement;

/** An element: `[name, children]`; an empty children list renders `<name/>`. */
export type XmlElement = readonly [name: string, children: XmlNode | readonly XmlNode[] | undefined];

/** The declaration every Alibaba Cloud XML body starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Renders an element tree without indentation, after the XML declaration. */
export function renderXml(root: XmlElement): string {
  return XML_DECLARATION + renderElement(root);
}

function renderNode(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  return renderElement(node);
}

function renderElement([name, children]: XmlElement): string {
  if (children === undefined) return `<${name}/>`;
  const list = Array.isArray(children) ? (children as readonly XmlNode[]) : [children as XmlNode];
  if (list.length === 0) return `<${name}/>`;
  return `<${name}>${list.map(renderNode).join('')}</${name}>`;
}
