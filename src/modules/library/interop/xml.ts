// A small streaming XML writer for the interoperability feeds (OAI-PMH, Atom, sitemaps).
// Every text and attribute value goes through xmlText()/xmlAttr(), which escape markup and drop
// the characters XML 1.0 forbids, so no stored value can make a document ill-formed. Names are
// constants of the calling code and are checked, not escaped.

/**
 * Characters outside the XML 1.0 `Char` production (C0 controls other than tab, LF and CR;
 * lone surrogates; U+FFFE and U+FFFF), plus DEL and the C1 controls, which XML 1.0 allows but
 * discourages (§2.2) and which in stored text are always encoding damage.
 */
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string without the characters that may not appear in an XML 1.0 document. */
export function stripIllegalXmlChars(value: string): string {
  return value.replace(ILLEGAL_XML_CHARS, '');
}

/** Escaped character data. CR is written as a reference so that parsers do not fold it into LF. */
export function xmlText(value: string): string {
  return stripIllegalXmlChars(value).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escaped attribute value (for double quotes). Tab, LF and CR are references, or parsers would normalise them to spaces. */
export function xmlAttr(value: string): string {
  return stripIllegalXmlChars(value).replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&': return '&amp;';
      case '<': return '&lt;';
      case '>': return '&gt;';
      case '"': return '&quot;';
      case '\t': return '&#9;';
      case '\n': return '&#10;';
      default: return '&#13;';
    }
  });
}

// QName: an optional prefix and a local name; ASCII is all this code ever writes.
const NAME = /^(?:[A-Za-z_][A-Za-z0-9._-]*:)?[A-Za-z_][A-Za-z0-9._-]*$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new TypeError(`Not an XML name: ${JSON.stringify(name)}`);
  return name;
}

/** Attributes in writing order; undefined and null values are left out. */
export type XmlAttrs = Record<string, string | number | undefined | null>;

function attrs(a: XmlAttrs | undefined): string {
  if (!a) return '';
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null) continue;
    out += ` ${checkName(k)}="${xmlAttr(String(v))}"`;
  }
  return out;
}

/**
 * Builds a document element by element. Indents with two spaces per level (harmless here: none
 * of the vocabularies written has mixed content), and refuses to close the wrong element.
 */
export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private readonly stack: string[] = [];

  private indent(): string {
    return '  '.repeat(this.stack.length);
  }

  open(name: string, a?: XmlAttrs): this {
    this.parts.push(`${this.indent()}<${checkName(name)}${attrs(a)}>\n`);
    this.stack.push(name);
    return this;
  }

  close(name: string): this {
    const top = this.stack.pop();
    if (top !== name) throw new Error(`XmlWriter: closing <${name}> but <${top ?? '(none)'}> is open`);
    this.parts.push(`${this.indent()}</${name}>\n`);
    return this;
  }

  /** An element with text content (empty text gives an empty element). */
  leaf(name: string, text: string | number, a?: XmlAttrs): this {
    const body = xmlText(String(text));
    this.parts.push(`${this.indent()}<${checkName(name)}${attrs(a)}${body === '' ? '/>' : `>${body}</${name}>`}\n`);
    return this;
  }

  /** An element with attributes only. */
  empty(name: string, a?: XmlAttrs): this {
    this.parts.push(`${this.indent()}<${checkName(name)}${attrs(a)}/>\n`);
    return this;
  }

  toString(): string {
    if (this.stack.length > 0) throw new Error(`XmlWriter: <${this.stack.join('> <')}> not closed`);
    return this.parts.join('');
  }
}

/** BCP 47-shaped tag as xs:language accepts it (used for xml:lang). */
export function isLanguageTag(tag: string): boolean {
  return /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/.test(tag);
}
