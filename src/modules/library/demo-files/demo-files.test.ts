import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { fontRuns, makeDocx, makeOdt, makePdf, makeXlsx } from './index.js';

/** Page count from the page tree (pdfkit writes one /Type /Pages with /Count). */
const pageCount = (pdf: Buffer) => Number(/\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);

describe('demo files', () => {
  test('fontRuns puts Lao letters in the Lao font, the rest in Noto Sans, spaces with the run before', () => {
    assert.deepEqual(fontRuns('Law ກົດໝາຍ 2024, закон'), [
      { font: 'text', text: 'Law ' },
      { font: 'lao', text: 'ກົດໝາຍ ' },
      { font: 'text', text: '2024, закон' },
    ]);
    assert.deepEqual(fontRuns(''), []);
  });

  test('makePdf writes one page per string, embeds the fonts, and is reproducible', async () => {
    const doc = { title: 'ນະໂຍບາຍ', lang: 'lo', pages: ['ສະບາຍດີ', 'égalité', 'Ўзбекистон'] };
    const pdf = await makePdf(doc);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pageCount(pdf), 3);
    assert.match(pdf.toString('latin1'), /\/FontFile2/);
    assert.ok(pdf.equals(await makePdf(doc)), 'same input, same bytes');
  });

  test('a page with more text than fits at 11 pt is set smaller instead of spilling onto another page', async () => {
    const long = 'Culture et patrimoine, égalité des chances. '.repeat(180);
    assert.equal(pageCount(await makePdf({ title: 't', pages: [long, 'end'] })), 2);
  });

  test('makeOdt: mimetype first and stored, manifest and well-formed XML parts', async () => {
    const odt = makeOdt(['Premier', 'ນ້ຳ & <b> "x"', 'two  spaces\tand tab\nnew line']);
    // Local header of the first entry: name "mimetype", compression method 0, no extra field.
    assert.equal(odt.subarray(30, 38).toString(), 'mimetype');
    assert.equal(odt.readUInt16LE(8), 0);
    assert.equal(odt.readUInt16LE(28), 0);
    assert.equal(odt.subarray(38, 38 + 39).toString(), 'application/vnd.oasis.opendocument.text');
    const files = unzipSync(odt);
    assert.deepEqual(Object.keys(files).sort(), ['META-INF/manifest.xml', 'content.xml', 'meta.xml', 'mimetype', 'styles.xml']);
    for (const name of ['content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']) {
      const result = await validateXML({ xml: [{ fileName: name, contents: new TextDecoder().decode(files[name]) }], normalization: 'c14n' });
      assert.ok(result.valid, `${name}: ${result.rawOutput}`);
    }
    const content = new TextDecoder().decode(files['content.xml']);
    assert.ok(content.includes('ນ້ຳ &amp; &lt;b&gt; &quot;x&quot;'));
    assert.ok(content.includes('two <text:s text:c="1"/>spaces<text:tab/>and tab<text:line-break/>new line'));
  });

  test('makeDocx and makeXlsx give OOXML packages with their main parts', async () => {
    const docx = unzipSync(await makeDocx({ title: 'Hujjat', paragraphs: ['Oʻzbekiston'] }));
    assert.ok(docx['word/document.xml'] && docx['[Content_Types].xml']);
    assert.ok(new TextDecoder().decode(docx['word/document.xml']).includes('Oʻzbekiston'));
    const xlsx = unzipSync(await makeXlsx([{ name: 'Données', rows: [['a', 1]] }]));
    assert.ok(xlsx['xl/workbook.xml'] && new TextDecoder().decode(xlsx['xl/workbook.xml']).includes('Données'));
  });
});
