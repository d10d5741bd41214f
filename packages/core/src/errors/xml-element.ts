/**
 * A tiny, non-throwing reader for the small XML documents services send as error bodies. It
 * understands elements, text, entities, CDATA, comments and processing instructions, ignores
 * attributes and namespaces, and never expands DTD entities. Anything malformed or truncated
 * yields `undefined` rather than an exception, because a garbled error body must still become an
 * `SdkError`.
 */

/** One element of a parsed document. */
export interface XmlElement {
  readonly name: string;
  /** The concatenated, entity-decoded text directly inside the element. */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 10_000;
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

class Malformed extends Error {}

/** Parses a whole document and returns its root element, or `undefined` when it is not well-formed. */
export function parseXmlDocument(source: string): XmlElement | undefined {
  try {
    const reader = new Reader(source);
    reader.skipMisc(true);
    const root = reader.element(0);
    reader.skipMisc(false);
    if (reader.pos !== source.length) return undefined;
    return root;
  } catch (error) {
    if (error instanceof Malformed || error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The trimmed text of the first direct child named `name`, if there is one. */
export function childText(element: XmlElement, name: string): string | undefined {
  for (const child of element.children) if (child.name === name) return child.text.trim();
  return undefined;
}

/** A plain-object view of an element: leaf elements become their trimmed text, others an object. */
export function elementValue(element: XmlElement): unknown {
  if (element.children.length === 0) return element.text.trim();
  const out: Record<string, unknown> = {};
  for (const child of element.children) {
    if (!(child.name in out)) out[child.name] = elementValue(child);
  }
  return out;
}

class Reader {
  pos = 0;
  private elements = 0;

  constructor(private readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  /** Skips whitespace, comments, processing instructions and (before the root) a DOCTYPE. */
  skipMisc(prolog: boolean): void {
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('<?', this.pos)) this.pos = this.after('?>', this.pos + 2);
      else if (this.s.startsWith('<!--', this.pos)) this.pos = this.after('-->', this.pos + 4);
      else if (prolog && this.s.slice(this.pos, this.pos + 9).toUpperCase() === '<!DOCTYPE') {
        const end = this.after('>', this.pos + 9);
        // An internal subset could declare entities; such documents are not error bodies.
        if (this.s.slice(this.pos, end).includes('[')) throw new Malformed();
        this.pos = end;
      } else return;
    }
  }

  element(depth: number): XmlElement {
    if (depth > MAX_DEPTH || ++this.elements > MAX_ELEMENTS) throw new Malformed();
    if (this.s[this.pos] !== '<') throw new Malformed();
    const name = this.tagName(this.pos + 1);
    // Attributes are skipped, honouring quotes so a '>' inside a value does not end the tag.
    let i = this.pos + 1 + name.length;
    let quote = '';
    for (;;) {
      const c = this.s[i];
      if (c === undefined) throw new Malformed();
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '<') throw new Malformed();
      else if (c === '>') break;
      i++;
    }
    this.pos = i + 1;
    if (this.s[i - 1] === '/' && !quote) return { name, text: '', children: [] };

    let text = '';
    const children: XmlElement[] = [];
    for (;;) {
      const lt = this.s.indexOf('<', this.pos);
      if (lt < 0) throw new Malformed();
      if (lt > this.pos) text += decodeEntities(this.s.slice(this.pos, lt));
      this.pos = lt;
      if (this.s.startsWith('</', lt)) {
        const closing = this.tagName(lt + 2);
        if (closing !== name) throw new Malformed();
        const end = this.after('>', lt + 2 + closing.length);
        if (this.s.slice(lt + 2 + closing.length, end - 1).trim() !== '') throw new Malformed();
        this.pos = end;
        return { name, text, children };
      }
      if (this.s.startsWith('<!--', lt)) this.pos = this.after('-->', lt + 4);
      else if (this.s.startsWith('<![CDATA[', lt)) {
        const end = this.after(']]>', lt + 9);
        text += this.s.slice(lt + 9, end - 3);
        this.pos = end;
      } else if (this.s.startsWith('<?', lt)) this.pos = this.after('?>', lt + 2);
      else children.push(this.element(depth + 1));
    }
  }

  private tagName(start: number): string {
    let end = start;
    while (end < this.s.length && !/[\s/>]/.test(this.s.charAt(end))) end++;
    const name = this.s.slice(start, end);
    if (!NAME.test(name)) throw new Malformed();
    return name;
  }

  private skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s.charAt(this.pos))) this.pos++;
  }

  /** The index just past the next `token` at or after `from`. */
  private after(token: string, from: number): number {
    const at = this.s.indexOf(token, from);
    if (at < 0) throw new Malformed();
    return at + token.length;
  }
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const point = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      const valid = point <= 0x10ffff && !(point >= 0xd800 && point <= 0xdfff);
      return valid ? String.fromCodePoint(point) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}
