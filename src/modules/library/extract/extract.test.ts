import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { strToU8, zipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { makeDocx, makeOdt, makePdf, makeXlsx } from '../demo-files/index.js';
import { EXTRACTABLE_TYPES, extractText, ExtractionError, stopExtraction, type Extraction, type ExtractionFailure } from './index.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';

const LAO_SENTENCE = 'ກະຊວງຖະແຫຼງຂ່າວ ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ໄດ້ຈັດກອງປະຊຸມກ່ຽວກັບມໍລະດົກທາງວັດທະນະທຳ ຢູ່ນະຄອນຫຼວງວຽງຈັນ';
const LAO_WORDS = ['ວັດທະນະທຳ', 'ນ້ຳຕົກ', 'ຫຼວງພະບາງ', 'ເຂົ້າໜຽວ', 'ໝໍລຳ', 'ຜ້າໄໝ', 'ຜູ້ທີ່', 'ເຮືອນ', 'ປຶກສາຫາລື', 'ຄຳ'];

const nfc = (s: string) => s.normalize('NFC');
const allText = (e: Extraction) => e.pages.map((p) => p.text).join('\n');

async function rejectsWith(promise: Promise<unknown>, reason: ExtractionFailure): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ExtractionError, `an ExtractionError, not ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    return true;
  });
}

/** A PDF written directly with pdfkit (standard font), for options makePdf does not offer. */
function pdfkitPdf(options: PDFKit.PDFDocumentOptions, text: string): Promise<Buffer> {
  const doc = new PDFDocument({ ...options, autoFirstPage: true });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica').text(text);
  doc.end();
  return done;
}

/** A PDF written object by object, with a correct cross-reference table. */
function rawPdf(objects: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Windows-1251 (or -1252) bytes for a string, built from the decoder's own table. */
function encodeSingleByte(text: string, label: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from([...text].map((ch) => table.get(ch) ?? 0x3f));
}

after(() => stopExtraction());

describe('PDF', () => {
  test('a Lao sentence on page 2 comes back on page 2, with French and Cyrillic on their pages', async () => {
    const pdf = await makePdf({
      title: 'Politique culturelle',
      lang: 'lo',
      pages: ['Liberté, égalité, fraternité. Le ministère publie sa politique culturelle.', `${LAO_SENTENCE}\nLaw on National Heritage.`, 'Ўзбекистон Республикаси маданият вазирлиги. Oʻzbekiston madaniyati.'],
    });
    const result = await extractText(pdf, PDF);
    assert.equal(result.mediaType, PDF);
    assert.deepEqual(result.pages.map((p) => p.page), [1, 2, 3]);
    assert.ok(result.pages[0]!.text.includes('égalité'), result.pages[0]!.text);
    assert.ok(nfc(result.pages[1]!.text).includes(nfc(LAO_SENTENCE)), result.pages[1]!.text);
    assert.ok(!result.pages[0]!.text.includes('ວັດທະນະທຳ'));
    assert.ok(result.pages[2]!.text.includes('Ўзбекистон Республикаси'));
    assert.ok(result.pages[2]!.text.includes('Oʻzbekiston'));
    assert.equal(result.truncated, false);
    assert.equal(result.chars, result.pages.reduce((n, p) => n + p.text.length, 0));
  });

  test('every Lao word of a long wrapped paragraph is findable by substring (ຳ is not split into ໍ + າ)', async () => {
    const paragraph = Array.from({ length: 12 }, (_, i) => `${LAO_WORDS.join(' ')} ${LAO_SENTENCE} ${i}`).join(' ');
    const result = await extractText(await makePdf({ title: 'ລາວ', pages: [paragraph] }), PDF);
    const text = allText(result);
    const joined = text.replace(/\n/g, ' ');
    for (const word of LAO_WORDS) assert.ok(joined.includes(nfc(word)), `${word} missing in ${text.slice(0, 300)}`);
    assert.ok(!text.includes('\u0ECD\u0EB2'), 'ຳ came back decomposed');
    assert.equal(text, nfc(text));
  });

  test('a PDF whose font is not embedded and uses a predefined CJK CMap is read through pdf.js\'s CMap files', async () => {
    const content = 'BT /F1 24 Tf 72 700 Td <65E5672C> Tj ET'; // UCS-2 codes of 日本
    const pdf = rawPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type0 /BaseFont /KozMinPr6N-Regular /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KozMinPr6N-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor 7 0 R >>',
      '<< /Type /FontDescriptor /FontName /KozMinPr6N-Regular /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
    ]);
    assert.deepEqual((await extractText(pdf, PDF)).pages, [{ page: 1, text: '日本' }]);
  });

  test('blank pages are skipped but page numbers stay those of the file', async () => {
    const result = await extractText(await makePdf({ title: 't', pages: ['first page', '', 'third page'] }), PDF);
    assert.deepEqual(result.pages, [{ page: 1, text: 'first page' }, { page: 3, text: 'third page' }]);
  });

  test('a truncated or garbage PDF is corrupt', async () => {
    const pdf = await makePdf({ title: 't', pages: ['some text', 'more text'] });
    await rejectsWith(extractText(pdf.subarray(0, Math.floor(pdf.length / 2)), PDF), 'corrupt');
    await rejectsWith(extractText(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage'), PDF), 'corrupt');
    await rejectsWith(extractText(Buffer.from('not a pdf at all'), PDF), 'corrupt');
  });

  test('a PDF with a user password is encrypted; one with only an owner password is read', async () => {
    await rejectsWith(extractText(await pdfkitPdf({ userPassword: 'secret', pdfVersion: '1.7' }, 'Confidential'), PDF), 'encrypted');
    await rejectsWith(extractText(await pdfkitPdf({ userPassword: 'secret', pdfVersion: '1.7ext3' }, 'Confidential'), PDF), 'encrypted');
    const restricted = await extractText(await pdfkitPdf({ ownerPassword: 'owner', permissions: { copying: false }, pdfVersion: '1.7' }, 'Open to read'), PDF);
    assert.equal(allText(restricted), 'Open to read');
  });

  test('a PDF without text is empty', async () => {
    await rejectsWith(extractText(await makePdf({ title: 'scan', pages: ['', ''] }), PDF), 'empty');
  });

  test('maxChars cuts the text, sets truncated and stops reading pages', async () => {
    const pages = Array.from({ length: 5 }, (_, i) => `Page ${i + 1} `.padEnd(400, 'abcdefghij '));
    const result = await extractText(await makePdf({ title: 't', pages }), PDF, { maxChars: 500 });
    assert.equal(result.truncated, true);
    assert.ok(result.chars <= 500);
    assert.deepEqual(result.pages.map((p) => p.page), [1, 2]);
  });
});

describe('office documents', () => {
  test('DOCX with Uzbek in Cyrillic and Latin script', async () => {
    const paragraphs = ['Ўзбекистон Республикасининг “Маданият тўғрисида”ги Қонуни', 'Oʻzbekiston Respublikasining “Madaniyat toʻgʻrisida”gi Qonuni', 'Égalité des chances'];
    const result = await extractText(await makeDocx({ title: 'Қонун / Qonun', paragraphs }), DOCX);
    assert.equal(result.pages.length, 1);
    assert.equal(result.pages[0]!.page, null);
    const text = result.pages[0]!.text;
    assert.ok(text.startsWith('Қонун / Qonun'));
    for (const p of paragraphs) assert.ok(text.includes(p), p);
  });

  test('XLSX gives one part per sheet: its name, then rows of tab-separated cells', async () => {
    const xlsx = await makeXlsx([
      { name: 'Festivals', rows: [['Name', 'City', 'Date', 'Visitors'], ['Boun Pi Mai', 'ຫຼວງພະບາງ', new Date('2024-04-14T00:00:00Z'), 12000], ['Boysun bahori', 'Бойсун', null, true]] },
      { name: 'Empty', rows: [] },
      { name: 'Notes', rows: [['égalité']] },
    ]);
    const result = await extractText(xlsx, XLSX);
    assert.deepEqual(
      result.pages.map((p) => p.text),
      ['Festivals\nName\tCity\tDate\tVisitors\nBoun Pi Mai\tຫຼວງພະບາງ\t2024-04-14\t12000\nBoysun bahori\tБойсун\ttrue', 'Notes\négalité'],
    );
    assert.ok(result.pages.every((p) => p.page === null));
  });

  test('XLSX written by an exporter: inline strings and no shared-string table', async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = (type: string, target: string) =>
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/></Relationships>`;
    const xlsx = zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'),
      '_rels/.rels': strToU8(rel('officeDocument', 'xl/workbook.xml')),
      'xl/workbook.xml': strToU8(`<workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(rel('worksheet', 'worksheets/sheet1.xml')),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ວຽງຈັນ</t></is></c><c r="B1"><v>42</v></c></row></sheetData></worksheet>`),
    });
    assert.equal(allText(await extractText(xlsx, XLSX)), 'Export\nວຽງຈັນ\t42');
  });

  test('ODT keeps paragraphs, tabs, line breaks and escaped characters', async () => {
    const result = await extractText(makeOdt(['Premier paragraphe : égalité', 'Col A\tCol B', 'line one\nline two', 'ນ້ຳ & <tag> "quoted"']), ODT);
    assert.equal(result.pages[0]!.text, 'Premier paragraphe : égalité\nCol A\tCol B\nline one\nline two\nນ້ຳ & <tag> "quoted"');
  });

  test('a password-protected ODT is encrypted', async () => {
    const manifest = '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>';
    const odt = zipSync({ mimetype: [strToU8(ODT), { level: 0 }], 'content.xml': new Uint8Array([1, 2, 3, 4]), 'META-INF/manifest.xml': strToU8(manifest) });
    await rejectsWith(extractText(odt, ODT), 'encrypted');
  });

  test('a password-protected DOCX (OLE container with EncryptedPackage) is encrypted; a legacy .doc is unsupported', async () => {
    const cfb = (stream: string) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from(stream, 'utf16le'), Buffer.alloc(64)]);
    await rejectsWith(extractText(cfb('EncryptedPackage'), DOCX), 'encrypted');
    await rejectsWith(extractText(cfb('WordDocument'), DOCX), 'unsupported');
  });

  test('damaged office files are corrupt', async () => {
    const docx = await makeDocx({ title: 't', paragraphs: ['x'] });
    await rejectsWith(extractText(docx.subarray(0, docx.length - 200), DOCX), 'corrupt');
    await rejectsWith(extractText(Buffer.from('PK\u0003\u0004 this is not a zip'), XLSX), 'corrupt');
    await rejectsWith(extractText(zipSync({ 'hello.txt': strToU8('hi') }), ODT), 'corrupt');
  });

  test('a ZIP that declares a huge uncompressed size is too large, before anything is inflated', async () => {
    const zip = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    // Central directory headers (PK\1\2): uncompressed size at offset 24.
    for (let i = 0; i + 4 <= zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0xf0000000, true);
    await rejectsWith(extractText(zip, DOCX), 'too_large');
  });
});

describe('text and HTML', () => {
  const russian = 'Министерство культуры Республики Узбекистан: реестр объектов';

  test('CSV and plain text in UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1251 and Windows-1252', async () => {
    const csv = `name;city\n${russian};Ташкент\n`;
    const expected = `name;city\n${russian};Ташкент`;
    assert.equal(allText(await extractText(Buffer.from(csv), 'text/csv')), expected);
    assert.equal(allText(await extractText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), 'text/csv')), expected);
    assert.equal(allText(await extractText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]), 'text/csv')), expected);
    const be = Buffer.from(csv, 'utf16le').swap16();
    assert.equal(allText(await extractText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'text/plain')), expected);
    assert.equal(allText(await extractText(encodeSingleByte(csv, 'windows-1251'), 'text/csv')), expected);
    assert.equal(allText(await extractText(encodeSingleByte('Liberté, égalité, fraternité', 'windows-1252'), 'text/plain')), 'Liberté, égalité, fraternité');
    assert.equal(allText(await extractText(encodeSingleByte(russian, 'windows-1251'), 'text/plain; charset=windows-1251')), russian);
  });

  test('HTML: scripts and styles dropped, named and numeric references decoded, blocks on their own lines', async () => {
    const html =
      '<!DOCTYPE html><html><head><title>Caf&eacute; &amp; th&eacute;&#x1F375;</title><style>p { color: red }</style>' +
      '<script>if (a < b && c > "</p>") document.write("<p>hidden</p>")</script></head>' +
      '<body><h1>&Eacute;galit&eacute;&nbsp;des droits</h1><p>5 &lt; 6 &amp;&amp; &copy 2024 &notit; &#8364;&#128; &#0; &unknown;</p>' +
      '<p data-x="a > b">ສະບາຍດີ<br>second   line</p><table><tr><td>A</td><td>B</td></tr></table><template><p>not shown</p></template>' +
      '<img alt="map of Vientiane" src="x.png"><!-- a <p>comment</p> --></body></html>';
    const text = allText(await extractText(Buffer.from(html), 'text/html'));
    assert.equal(text, 'Café & thé🍵\n\nÉgalité des droits\n\n5 < 6 && © 2024 ¬it; €€ \uFFFD &unknown;\n\nສະບາຍດີ\nsecond line\n\nA\tB\n\nmap of Vientiane');
  });

  test('HTML in Windows-1251 declared by <meta charset>', async () => {
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>${russian}</p></body></html>`;
    assert.equal(allText(await extractText(encodeSingleByte(html, 'windows-1251'), 'text/html')), russian);
  });

  test('XML gives its character data, in the encoding its declaration names; JSON reads as text', async () => {
    const xml = `<?xml version="1.0" encoding="windows-1251"?>\n<records><record><title>${russian}</title><date>2024</date></record><!-- note --><record><title><![CDATA[a < b]]></title></record></records>`;
    assert.equal(allText(await extractText(encodeSingleByte(xml, 'windows-1251'), 'application/xml')), `${russian}\n2024\na < b`);
    assert.equal(allText(await extractText(Buffer.from('{"title": "Égalité"}'), 'application/json')), '{"title": "Égalité"}');
  });

  test('a large text file is cut at maxChars and marked truncated', async () => {
    const big = Buffer.from('word '.repeat(100_000));
    const result = await extractText(big, 'text/plain', { maxChars: 1000 });
    assert.equal(result.truncated, true);
    assert.ok(result.chars <= 1000 && result.chars >= 990, String(result.chars));
  });
});

describe('limits and failures', () => {
  test('EXTRACTABLE_TYPES lists what extractText reads; anything else is unsupported', async () => {
    for (const type of [PDF, DOCX, XLSX, ODT, 'text/plain', 'text/csv', 'text/html']) assert.ok(EXTRACTABLE_TYPES.includes(type), type);
    await rejectsWith(extractText(Buffer.from('GIF89a'), 'image/gif'), 'unsupported');
    await rejectsWith(extractText(Buffer.from('PK'), 'application/zip'), 'unsupported');
    await rejectsWith(extractText(Buffer.from('x'), ''), 'unsupported');
  });

  test('an empty file, or one with only white space, is empty', async () => {
    await rejectsWith(extractText(new Uint8Array(0), 'text/plain'), 'empty');
    await rejectsWith(extractText(Buffer.from(' \n\t \r\n'), 'text/plain'), 'empty');
    await rejectsWith(extractText(Buffer.from('<html><script>x()</script></html>'), 'text/html'), 'empty');
  });

  test('a time limit stops the extraction thread, and the next file is read by a new one', async () => {
    // Two hundred pages take far longer than 1 ms to read, however warm the thread is.
    const long = await makePdf({ title: 't', pages: Array.from({ length: 200 }, (_, i) => `page ${i} `.repeat(40)) });
    await rejectsWith(extractText(long, PDF, { timeoutMs: 1 }), 'timeout');
    const pdf = await makePdf({ title: 't', pages: ['slow enough'] });
    assert.equal(allText(await extractText(pdf, PDF)), 'slow enough');
  });

  test('random bytes under every type give text (text types) or an ExtractionError, never another error', async () => {
    let seed = 42;
    const random = new Uint8Array(4096).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff));
    for (const type of EXTRACTABLE_TYPES) {
      const outcome = await extractText(random, type).then(
        () => 'text',
        (err: unknown) => (err instanceof ExtractionError ? err.reason : `not an ExtractionError: ${String(err)}`),
      );
      if (type.startsWith('text/') || ['application/xhtml+xml', 'application/json', 'application/xml'].includes(type)) assert.ok(outcome === 'text' || outcome === 'empty', `${type}: ${outcome}`);
      else assert.equal(outcome, 'corrupt', type);
    }
  });

  test('files given at once are all read, in turn, and the caller’s bytes are left intact', async () => {
    const files = await Promise.all([1, 2, 3, 4].map((n) => makePdf({ title: `${n}`, pages: [`document ${n}`] })));
    const copies = files.map((f) => Buffer.from(f));
    const results = await Promise.all(files.map((f) => extractText(f, PDF)));
    assert.deepEqual(results.map(allText), ['document 1', 'document 2', 'document 3', 'document 4']);
    files.forEach((f, i) => assert.ok(f.equals(copies[i]!)));
  });
});
