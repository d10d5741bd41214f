/** One element of a parsed XML document. */
export interface XmlElement {
  /** The tag name as written (namespace prefixes kept). */
  readonly name: string;
  /** Attributes by name, entity references resolved. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The concatenated character data directly inside the element (CDATA included, entities resolved). */
  readonly text: string;
}

/** Thrown by {@link parseXml} for text that is not well-formed enough to read. */
export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

interface MutableElement {
  name: string;
  attributes: Record<string, string>;
  children: MutableElement[];
  text: string;
}

/**
 * Reads an XML document into a tree of elements: enough of XML for the MaxCompute REST API
 * (declarations, comments, processing instructions and DOCTYPE skipped; CDATA sections and the
 * predefined and numeric entities resolved). Mixed content is flattened into `text`.
 *
 * @throws XmlSyntaxError when tags do not nest or the document has no root element.
 */
export function parseXml(source: string): XmlElement {
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(source.slice(i, textEnd));
    }
    if (lt < 0) break;
    if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlSyntaxError('unterminated CDATA section');
      const top = stack[stack.length - 1];
      if (top) top.text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlSyntaxError('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlSyntaxError('unterminated processing instruction');
      i = end + 2;
    } else if (source.startsWith('<!', lt)) {
      const end = source.indexOf('>', lt + 2);
      if (end < 0) throw new XmlSyntaxError('unterminated declaration');
      i = end + 1;
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt + 2);
      if (end < 0) throw new XmlSyntaxError('unterminated end tag');
      const name = source.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) {
        throw new XmlSyntaxError(`end tag </${name}> does not match <${open?.name ?? '(none)'}>`);
      }
      i = end + 1;
    } else {
      const end = findTagEnd(source, lt + 1);
      const selfClosing = source[end - 1] === '/';
      const inner = source.slice(lt + 1, selfClosing ? end - 1 : end);
      const element = readStartTag(inner);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root === undefined) root = element;
      else throw new XmlSyntaxError('more than one root element');
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`element <${stack[stack.length - 1]?.name}> is not closed`);
  if (root === undefined) throw new XmlSyntaxError('no root element');
  return root;
}

function findTagEnd(source: string, from: number): number {
  let quote = '';
  for (let j = from; j < source.length; j++) {
    const c = source[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  throw new XmlSyntaxError('unterminated start tag');
}

function readStartTag(inner: string): MutableElement {
  const nameMatch = /^\s*([^\s/>]+)/.exec(inner);
  if (!nameMatch) throw new XmlSyntaxError('start tag without a name');
  const attributes: Record<string, string> = {};
  const attributePattern = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  const rest = inner.slice(nameMatch[0].length);
  for (let m = attributePattern.exec(rest); m !== null; m = attributePattern.exec(rest)) {
    attributes[m[1] as string] = decodeEntities(m[3] ?? m[4] ?? '');
  }
  return { name: nameMatch[1] as string, attributes, children: [], text: '' };
}

/** The first child element of that name, if any. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** Every child element of that name. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text of the first child element of that name, `undefined` when there is none. */
export function childText(element: XmlElement, name: string): string | undefined {
  return child(element, name)?.text;
}

/** Escapes text for element content and attribute values. */
export function escapeXmlText(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

/** Wraps text in CDATA sections, splitting any `]]>` inside it across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
