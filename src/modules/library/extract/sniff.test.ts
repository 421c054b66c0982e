import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import sharp from 'sharp';
import { makeDocx, makeOdt, makePdf, makeXlsx } from '../demo-files/index.js';
import { extensionOf, sniffFile, type Sniffed } from './sniff.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';

function expect(actual: Sniffed, expected: Partial<Sniffed>): void {
  for (const [key, value] of Object.entries(expected)) assert.equal(actual[key as keyof Sniffed], value, `${key} of ${JSON.stringify(actual)}`);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;
const cfb = (...streams: string[]) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), ...streams.map((s) => Buffer.from(s, 'utf16le')), Buffer.alloc(512)]);

describe('sniffFile: executables are refused', () => {
  test('PE, ELF and Mach-O headers, whatever the name', async () => {
    expect(await sniffFile(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'report.pdf'), { refused: 'executable', extension: 'exe' });
    expect(await sniffFile(Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)]), 'data.csv'), { refused: 'executable', extension: 'elf' });
    expect(await sniffFile(Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), Buffer.alloc(200)]), 'photo.jpg'), { refused: 'executable', extension: 'macho' });
  });

  test('scripts with a shebang, and names the system would run', async () => {
    expect(await sniffFile(Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'notes.txt'), { refused: 'executable' });
    expect(await sniffFile(Buffer.from('\uFEFF#!/usr/bin/env python3\nprint(1)\n'), 'analysis'), { refused: 'executable' });
    expect(await sniffFile(Buffer.from('@echo off\r\ndel *.*\r\n'), 'setup.bat'), { refused: 'executable', mediaType: 'text/plain' });
    expect(await sniffFile(Buffer.from('WScript.Echo("hi")'), 'invoice.pdf.js'), { refused: 'executable' });
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await sniffFile(png, 'image.exe'), { refused: 'executable', mediaType: 'image/png' });
  });

  test('JAR and APK packages, and ZIP archives that carry programs', async () => {
    const jar = zipSync({ 'META-INF/MANIFEST.MF': strToU8('Manifest-Version: 1.0\n'), 'a/B.class': new Uint8Array([0xca, 0xfe, 0xba, 0xbe]) });
    expect(await sniffFile(jar, 'library.zip'), { refused: 'executable', extension: 'jar' });
    const apk = zipSync({ 'AndroidManifest.xml': strToU8('x'), 'classes.dex': strToU8('dex\n035') });
    expect(await sniffFile(apk, 'app.zip'), { refused: 'executable', extension: 'apk' });
    const bundle = zipSync({ 'readme.txt': strToU8('read me'), 'tools/install.exe': new Uint8Array([0x4d, 0x5a]) });
    expect(await sniffFile(bundle, 'data.zip'), { refused: 'executable', mediaType: 'application/zip' });
    expect(await sniffFile(cfb('Root Entry'), 'setup.msi'), { refused: 'executable' });
  });
});

describe('sniffFile: active content', () => {
  test('Office documents with macros are refused', async () => {
    const docm = zipSync({ '[Content_Types].xml': strToU8(contentTypes('application/vnd.ms-word.document.macroEnabled.main+xml')), 'word/document.xml': strToU8('<w:document/>'), 'word/vbaProject.bin': new Uint8Array(10) });
    expect(await sniffFile(docm, 'report.docx'), { refused: 'active_content', extension: 'docm' });
    // A macro project slipped into a file that declares itself a plain DOCX.
    const docx = zipSync({ '[Content_Types].xml': strToU8(contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')), 'word/document.xml': strToU8('<w:document/>'), 'word/vbaProject.bin': new Uint8Array(10) });
    expect(await sniffFile(docx, 'report.docx'), { refused: 'active_content' });
    expect(await sniffFile(cfb('WordDocument', 'Macros', '_VBA_PROJECT'), 'old.doc'), { refused: 'active_content', mediaType: 'application/msword' });
  });

  test('HTML is kept (even with scripts) but only as an attachment', async () => {
    const html = await sniffFile(Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script><p>Bonjour</p></body></html>'), 'page.txt');
    expect(html, { mediaType: 'text/html', refused: null, attachmentOnly: true, category: 'document', extension: 'html' });
    expect(await sniffFile(Buffer.from('  <p>Fragment</p>'), 'fragment'), { mediaType: 'text/html', attachmentOnly: true });
    expect(await sniffFile(Buffer.from('Hello <b>world</b> without a leading tag'), 'page.htm'), { mediaType: 'text/html', attachmentOnly: true });
    expect(await sniffFile(Buffer.from('Text first, then <script>alert(1)</script>'), 'notes'), { mediaType: 'text/html', attachmentOnly: true });
  });

  test('SVG, XHTML and XML are attachment-only', async () => {
    expect(await sniffFile(Buffer.from('<?xml version="1.0"?>\n<!-- map -->\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'map.png'), {
      mediaType: 'image/svg+xml',
      category: 'image',
      attachmentOnly: true,
      refused: null,
    });
    expect(await sniffFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'), 'logo'), { mediaType: 'image/svg+xml', attachmentOnly: true });
    expect(await sniffFile(Buffer.from('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'), 'a.xml'), { mediaType: 'application/xhtml+xml', attachmentOnly: true });
    expect(await sniffFile(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><OAI-PMH/>'), 'feed'), { mediaType: 'application/xml', attachmentOnly: true, category: 'text' });
  });
});

describe('sniffFile: documents, data and media', () => {
  test('generated PDF, DOCX, XLSX and ODT are recognised by content, not by name', async () => {
    expect(await sniffFile(await makePdf({ title: 't', pages: ['x'] }), 'file.docx'), { mediaType: 'application/pdf', extension: 'pdf', category: 'document', refused: null, attachmentOnly: false });
    expect(await sniffFile(await makeDocx({ title: 't', paragraphs: ['x'] }), 'file.pdf'), { mediaType: DOCX, extension: 'docx', category: 'document', attachmentOnly: false });
    expect(await sniffFile(await makeXlsx([{ name: 'S', rows: [['x']] }]), 'file'), { mediaType: XLSX, extension: 'xlsx', category: 'spreadsheet' });
    expect(await sniffFile(makeOdt(['x']), 'file.docx'), { mediaType: ODT, extension: 'odt', category: 'document' });
  });

  test('an OOXML package with its parts in an unusual order is still told by its parts; the name breaks only real ties', async () => {
    const late = zipSync({ 'word/document.xml': strToU8('<w:document/>'), 'docProps/app.xml': strToU8('<x/>'), '[Content_Types].xml': strToU8('<Types/>') });
    expect(await sniffFile(late, 'file.xlsx'), { mediaType: DOCX, extension: 'docx' });
    const odf = zipSync({ 'content.xml': strToU8('<office:document-content/>'), mimetype: strToU8(ODT) });
    expect(await sniffFile(odf, 'file'), { mediaType: ODT });
    const bare = zipSync({ 'content.xml': strToU8('<office:document-content/>') });
    expect(await sniffFile(bare, 'file.odt'), { mediaType: ODT });
    expect(await sniffFile(bare, 'file.zip'), { mediaType: 'application/zip', category: 'archive' });
  });

  test('text types: the name chooses CSV or plain text, never the other way round', async () => {
    const csv = Buffer.from('name,city\nBoun Pi Mai,Luang Prabang\n');
    expect(await sniffFile(csv, 'festivals.csv'), { mediaType: 'text/csv', extension: 'csv', category: 'spreadsheet', attachmentOnly: false });
    expect(await sniffFile(csv, 'festivals.txt'), { mediaType: 'text/plain', extension: 'txt', category: 'text' });
    expect(await sniffFile(csv, 'festivals'), { mediaType: 'text/plain' });
    expect(await sniffFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ຊື່,ແຂວງ\n', 'utf16le')]), 'lao.csv'), { mediaType: 'text/csv' });
    expect(await sniffFile(Buffer.from('name,city\nТошкент,Oʻzbekiston\n', 'utf16le'), 'no-bom.csv'), { mediaType: 'text/csv' });
    expect(await sniffFile(Buffer.from('# Title\n\nSome *markdown*'), 'README.md'), { mediaType: 'text/markdown' });
    // A binary file named .csv is not text.
    expect(await sniffFile(Buffer.from([0, 1, 2, 3, 0, 0, 7, 8, 9, 0]), 'data.csv'), { mediaType: 'application/octet-stream', category: 'other', extension: 'bin' });
  });

  test('images, legacy Office files and unknown bytes', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await sniffFile(png, 'x.pdf'), { mediaType: 'image/png', category: 'image', attachmentOnly: false, refused: null });
    expect(await sniffFile(cfb('WordDocument'), 'old.doc'), { mediaType: 'application/msword', category: 'document', refused: null });
    expect(await sniffFile(cfb('Workbook'), 'old.xls'), { mediaType: 'application/vnd.ms-excel', category: 'spreadsheet' });
    expect(await sniffFile(cfb('EncryptionInfo', 'EncryptedPackage'), 'locked.docx'), { mediaType: DOCX });
    let seed = 7;
    const random = new Uint8Array(2048).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed >> 8));
    expect(await sniffFile(random, 'mystery.pdf'), { mediaType: 'application/octet-stream', refused: null });
    expect(await sniffFile(new Uint8Array(0), ''), { mediaType: 'application/octet-stream' });
  });

  test('extensionOf', () => {
    assert.equal(extensionOf('Report.Final.PDF'), 'pdf');
    assert.equal(extensionOf('C:\\Users\\a\\x.tar.gz'), 'gz');
    assert.equal(extensionOf('.bashrc'), '');
    assert.equal(extensionOf('noext'), '');
  });
});
