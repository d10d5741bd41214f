/**
 * A small reader for the XML bodies OSS clients send (Delete, CompleteMultipartUpload, Tagging,
 * CreateBucketConfiguration): elements and text with the five predefined entities and numeric
 * references; attributes, comments and the declaration are skipped. Anything else is malformed.
 */

/** One parsed element. */
export interface XmlInputElement {
  readonly name: string;
  /** Decoded text directly inside the element. */
  readonly text: string;
  readonly children: readonly XmlInputElement[];
}

interface MutableElement {
  name: string;
  text: string;
  children: MutableElement[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string | undefined {
  let bad = false;
  const out = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) {
      bad = true;
      return whole;
    }
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const named = ENTITIES[ref];
    if (named === undefined) bad = true;
    return named ?? whole;
  });
  return bad ? undefined : out;
}

/** Parses a document and returns its root element, or `undefined` when it is not well-formed. */
export function parseXmlInput(source: string): XmlInputElement | undefined {
  const token =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^<>]*?)?)\s*(\/?)>|([^<]+)|</g;
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  for (let m = token.exec(source); m !== null; m = token.exec(source)) {
    const [whole, cdata, closing, name, , selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (whole.startsWith('<?') || whole.startsWith('<!--')) continue;
    if (cdata !== undefined) {
      if (!top) return undefined;
      top.text += cdata;
    } else if (name !== undefined) {
      if (closing) {
        if (!top || top.name !== name) return undefined;
        stack.pop();
      } else {
        const element: MutableElement = { name, text: '', children: [] };
        if (top) top.children.push(element);
        else if (root) return undefined;
        else root = element;
        if (!selfClosing) stack.push(element);
      }
    } else if (text !== undefined) {
      if (!top) {
        if (text.trim() !== '') return undefined;
        continue;
      }
      const decoded = decode(text);
      if (decoded === undefined) return undefined;
      top.text += decoded;
    } else {
      return undefined;
    }
  }
  return stack.length === 0 ? root : undefined;
}

/** The direct children of `element` named `name`. */
export function childrenNamed(element: XmlInputElement, name: string): XmlInputElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The text of the first direct child named `name` (not trimmed: keys may hold spaces). */
export function childTextOf(element: XmlInputElement, name: string): string | undefined {
  return element.children.find((c) => c.name === name)?.text;
}
