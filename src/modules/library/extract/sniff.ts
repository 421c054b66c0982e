/**
 * What an uploaded file really is, decided from its bytes: file-type's signatures, a look inside
 * ZIP and OLE containers (OOXML vs ODF vs JAR, macros), and checks for text formats (HTML, SVG,
 * XML, shebang scripts). The name never chooses the type; it only breaks ties between text types
 * (CSV vs plain text, HTML) and between OOXML/ODF packages a signature cannot tell apart, and a
 * name that Windows or macOS would run on a double-click is refused whatever the content.
 * Executables and macro-carrying documents are refused; HTML, SVG and XML are kept but must only
 * ever be served as downloads (attachmentOnly), never rendered inline on our origin.
 */
import { fileTypeFromBuffer } from 'file-type';
import { decodeText, detectBom, guessUtf16 } from './text.js';
import { containsUtf16, listZip, looksLikeCfb, readParts, type ZipEntry } from './zip.js';

export type SniffCategory = 'document' | 'spreadsheet' | 'presentation' | 'image' | 'audio' | 'video' | 'archive' | 'text' | 'other';

export interface Sniffed {
  mediaType: string;
  extension: string;
  category: SniffCategory;
  refused: null | 'executable' | 'active_content';
  attachmentOnly: boolean;
}

/** file-type extensions of programs and installers. */
const EXECUTABLE_TYPES = new Set(['exe', 'elf', 'macho', 'class', 'jar', 'apk', 'wasm', 'crx', 'xpi', 'deb', 'rpm', 'dmg', 'lnk', 'reg', 'asar']);
/** file-type extensions of documents that carry code: Office macros, Flash, compiled HTML help. */
const ACTIVE_TYPES = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'pptm', 'potm', 'ppsm', 'swf', 'chm']);
/** Names an operating system runs (or installs) when the file is opened. */
const EXECUTABLE_NAMES = new Set([
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'ps1', 'psm1', 'psd1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'wsc', 'hta',
  'msi', 'msp', 'mst', 'jar', 'apk', 'app', 'appx', 'appxbundle', 'msix', 'msixbundle', 'ipa', 'deb', 'rpm', 'dmg', 'pkg',
  'sh', 'command', 'dll', 'sys', 'cpl', 'lnk', 'scf', 'reg', 'inf', 'gadget', 'application', 'url',
]);

const OOXML_MAIN: readonly [string, string, string][] = [
  ['word/document.xml', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/workbook.xml', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/presentation.xml', 'pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];
const ODF_EXTENSIONS: Record<string, string> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.graphics': 'odg',
};
const NAMED_PACKAGES: Record<string, string> = {
  docx: OOXML_MAIN[0]![2],
  xlsx: OOXML_MAIN[1]![2],
  pptx: OOXML_MAIN[2]![2],
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

const SPREADSHEET = /spreadsheet|ms-excel|text\/csv|tab-separated|parquet|arrow|avro|spss|jmp/;
const PRESENTATION = /presentation|ms-powerpoint/;
const DOCUMENT = /^application\/(pdf|rtf|msword|epub\+zip|x-mobipocket-ebook|postscript|eps|xhtml\+xml)$|wordprocessing|opendocument\.text|ms-word|^text\/html$/;
const ARCHIVE = /^application\/(zip|x-tar|x-rar-compressed|gzip|x-bzip2|x-7z-compressed|x-xz|zstd|x-lz4|x-lzh-compressed|x-arj|vnd\.ms-cab-compressed|x-cpio|x-ace-compressed|x-compress|x-lzip|x-unix-archive)$/;

function categoryOf(mediaType: string): SniffCategory {
  if (mediaType.startsWith('image/')) return 'image';
  if (mediaType.startsWith('audio/')) return 'audio';
  if (mediaType.startsWith('video/')) return 'video';
  if (SPREADSHEET.test(mediaType)) return 'spreadsheet';
  if (PRESENTATION.test(mediaType)) return 'presentation';
  if (DOCUMENT.test(mediaType)) return 'document';
  if (ARCHIVE.test(mediaType)) return 'archive';
  if (mediaType.startsWith('text/') || mediaType === 'application/json' || mediaType === 'application/xml') return 'text';
  return 'other';
}

/** Media types that a browser could run script in if we served them inline. */
const ACTIVE_IF_INLINE = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/xml']);

function result(mediaType: string, extension: string, refused: Sniffed['refused'] = null): Sniffed {
  return { mediaType, extension, category: categoryOf(mediaType), refused, attachmentOnly: refused !== null || ACTIVE_IF_INLINE.has(mediaType) };
}

/** The lower-cased last extension of a file name ('' when none). */
export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).trim().toLowerCase() : '';
}

// ---------------------------------------------------------------------------------------------
// Containers

const MACRO_PART = /(^|\/)(vbaProject\.bin|vbaData\.xml)$|^xl\/macrosheets\/|^(Basic|Scripts)\//i;
const EXECUTABLE_ENTRY = /\.(exe|com|scr|pif|bat|cmd|ps1|vbs|vbe|jse|wsf|hta|msi|dll|lnk|apk|jar|app\/)$/i;

/** A ZIP-based file: OOXML or ODF by their parts, macros and packaged programs refused. */
function sniffZip(bytes: Uint8Array, detected: { ext: string; mime: string }, nameExt: string): Sniffed {
  const entries = listZip(bytes);
  if (!entries) return ACTIVE_TYPES.has(detected.ext) ? result(detected.mime, detected.ext, 'active_content') : result(detected.mime, detected.ext);
  if (entries.some((e) => MACRO_PART.test(e.name))) return result(detected.mime, detected.ext, 'active_content');
  if (ACTIVE_TYPES.has(detected.ext)) return result(detected.mime, detected.ext, 'active_content');
  if (entries.some((e) => e.name === 'classes.dex' || e.name === 'AndroidManifest.xml')) return result('application/vnd.android.package-archive', 'apk', 'executable');
  if (entries.some((e) => EXECUTABLE_ENTRY.test(e.name))) return result(detected.mime, detected.ext, 'executable');
  if (detected.ext !== 'zip') return result(detected.mime, detected.ext);
  return packageByParts(bytes, entries, nameExt) ?? result(detected.mime, detected.ext);
}

/** A generic ZIP whose parts show an OOXML or ODF package (parts in an order file-type does not expect). */
function packageByParts(bytes: Uint8Array, entries: ZipEntry[], nameExt: string): Sniffed | null {
  const names = new Set(entries.map((e) => e.name));
  const ooxml = names.has('[Content_Types].xml') ? OOXML_MAIN.filter(([part]) => names.has(part)) : [];
  if (ooxml.length === 1) return result(ooxml[0]![2], ooxml[0]![1]);
  if (ooxml.length > 1) {
    const byName = ooxml.find(([, ext]) => ext === nameExt);
    if (byName) return result(byName[2], byName[1]);
  }
  if (names.has('mimetype')) {
    const mimetype = entries.find((e) => e.name === 'mimetype');
    if (mimetype && mimetype.originalSize < 200) {
      try {
        const declared = new TextDecoder().decode(readParts(bytes, entries, ['mimetype'], 'package').get('mimetype')).trim();
        const ext = ODF_EXTENSIONS[declared];
        if (ext) return result(declared, ext);
      } catch {
        // Unreadable mimetype part: fall through to the name.
      }
    }
  }
  // Parts that prove nothing either way: the name decides between the package formats only.
  const named = NAMED_PACKAGES[nameExt];
  if (named && (names.has('[Content_Types].xml') || names.has('mimetype') || names.has('content.xml'))) return result(named, nameExt);
  return null;
}

/** Legacy binary Office (OLE compound file): the type from the name, macros and installers refused. */
function sniffCfb(bytes: Uint8Array, nameExt: string): Sniffed {
  if (nameExt === 'msi' || nameExt === 'msp' || nameExt === 'mst') return result('application/x-msi', 'msi', 'executable');
  const legacy: Record<string, [string, string]> = {
    doc: ['application/msword', 'doc'],
    dot: ['application/msword', 'doc'],
    xls: ['application/vnd.ms-excel', 'xls'],
    xlt: ['application/vnd.ms-excel', 'xls'],
    ppt: ['application/vnd.ms-powerpoint', 'ppt'],
    pps: ['application/vnd.ms-powerpoint', 'ppt'],
    msg: ['application/vnd.ms-outlook', 'msg'],
  };
  // A password-protected OOXML file is a CFB too; the name says which it was.
  const encrypted = containsUtf16(bytes, 'EncryptedPackage');
  const [mediaType, extension] = legacy[nameExt] ?? (encrypted && NAMED_PACKAGES[nameExt] ? [NAMED_PACKAGES[nameExt]!, nameExt] : ['application/x-cfb', 'cfb']);
  // VBA projects live in storages named _VBA_PROJECT (Word, PowerPoint) or _VBA_PROJECT_CUR (Excel).
  if (containsUtf16(bytes, '_VBA_PROJECT')) return result(mediaType, extension, 'active_content');
  return result(mediaType, extension);
}

// ---------------------------------------------------------------------------------------------
// Text

const SNIFF_BYTES = 64 * 1024;

/** Text, not binary: UTF-16 that decodes cleanly, or no NUL byte and control characters at most 1 in 50 bytes. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  const bom = detectBom(head);
  const utf16 = bom ? (bom.encoding === 'utf-8' ? null : bom.encoding) : guessUtf16(head);
  if (utf16) {
    const text = new TextDecoder(utf16).decode(head.subarray(bom?.length ?? 0, 8192));
    let odd = 0;
    for (const ch of text) if (ch === '\uFFFD' || (ch < ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r')) odd++;
    return odd * 50 <= text.length;
  }
  let controls = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  }
  return controls * 50 <= head.length;
}

/** Skips white space, comments, processing instructions and a doctype; returns the rest. */
function afterProlog(text: string): { rest: string; doctype: string } {
  let s = text.trimStart();
  let doctype = '';
  for (;;) {
    if (s.startsWith('<?')) {
      const end = s.indexOf('?>');
      if (end === -1) return { rest: '', doctype };
      s = s.slice(end + 2).trimStart();
    } else if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end === -1) return { rest: '', doctype };
      s = s.slice(end + 3).trimStart();
    } else if (/^<!doctype/i.test(s)) {
      const end = s.indexOf('>');
      doctype = s.slice(0, end === -1 ? s.length : end + 1);
      if (end === -1) return { rest: '', doctype };
      s = s.slice(end + 1).trimStart();
    } else {
      return { rest: s, doctype };
    }
  }
}

/** The first element's name (lower-cased, namespace prefix removed), if the text starts with one. */
function rootElement(rest: string): string | null {
  const m = /^<([A-Za-z_][\w.:-]*)/.exec(rest);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  return name.slice(name.indexOf(':') + 1);
}

// The tags that make browsers treat a text file as HTML (WHATWG MIME Sniffing, "HTML" patterns).
const HTML_START = /^<(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)[\s>]/i;

function sniffText(bytes: Uint8Array, nameExt: string): Sniffed {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const text = decodeText(head).text.replace(/^\uFEFF/, '');
  if (text.startsWith('#!')) return result('text/plain', 'txt', 'executable');
  const trimmed = text.trimStart();
  const isXml = trimmed.startsWith('<?xml');
  const { rest, doctype } = afterProlog(trimmed);
  const root = rootElement(rest);
  if (root === 'svg' || /^<!doctype\s+svg/i.test(doctype)) return result('image/svg+xml', 'svg');
  if (isXml) return root === 'html' ? result('application/xhtml+xml', 'xhtml') : result('application/xml', 'xml');
  if (/^<!doctype\s+html/i.test(doctype) || HTML_START.test(rest)) return result('text/html', 'html');
  switch (nameExt) {
    case 'html':
    case 'htm':
    case 'shtml':
      return result('text/html', 'html');
    case 'xhtml':
    case 'xht':
      return result('application/xhtml+xml', 'xhtml');
    case 'svg':
      return rest.includes('<svg') ? result('image/svg+xml', 'svg') : result('text/plain', 'txt');
    case 'xml':
      return rest.startsWith('<') ? result('application/xml', 'xml') : result('text/plain', 'txt');
    case 'csv':
      return result('text/csv', 'csv');
    case 'tsv':
    case 'tab':
      return result('text/tab-separated-values', 'tsv');
    case 'md':
    case 'markdown':
      return result('text/markdown', 'md');
    case 'json':
    case 'geojson':
      return result('application/json', 'json');
    default:
      // Markup that a browser would not sniff as HTML, but that is HTML all the same.
      if (/<(script|iframe|object|embed)[\s>]/i.test(text)) return result('text/html', 'html');
      return result('text/plain', 'txt');
  }
}

// ---------------------------------------------------------------------------------------------

/** The type from the content (file-type + checks for text formats), not from the name; the name only breaks ties between text types (csv vs txt, html) and OOXML/ODF zips. */
export async function sniffFile(bytes: Uint8Array, filename: string): Promise<Sniffed> {
  const nameExt = extensionOf(filename);
  const sniffed = await sniffContent(bytes, nameExt);
  if (sniffed.refused === null && EXECUTABLE_NAMES.has(nameExt)) return { ...sniffed, refused: 'executable', attachmentOnly: true };
  return sniffed;
}

async function sniffContent(bytes: Uint8Array, nameExt: string): Promise<Sniffed> {
  // A UTF-16 byte-order mark (FF FE) also reads as an MPEG audio frame header: text wins when it reads as text.
  if (detectBom(bytes) && looksLikeText(bytes.subarray(0, SNIFF_BYTES))) return sniffText(bytes, nameExt);
  let detected: { ext: string; mime: string } | undefined;
  try {
    detected = await fileTypeFromBuffer(bytes);
  } catch {
    detected = undefined; // a malformed container that the detector choked on: judge it below
  }
  if (detected) {
    const { ext, mime } = detected;
    if (EXECUTABLE_TYPES.has(ext)) return result(mime, ext, 'executable');
    if (ext === 'cfb' || looksLikeCfb(bytes)) return sniffCfb(bytes, nameExt);
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) return sniffZip(bytes, detected, nameExt);
    if (ACTIVE_TYPES.has(ext)) return result(mime, ext, 'active_content');
    // file-type recognises XML by its declaration only; SVG/XHTML are told apart in sniffText.
    if (ext !== 'xml') return result(mime, ext);
  }
  if (looksLikeCfb(bytes)) return sniffCfb(bytes, nameExt);
  if (looksLikeText(bytes.subarray(0, SNIFF_BYTES))) return sniffText(bytes, nameExt);
  return result('application/octet-stream', 'bin');
}
