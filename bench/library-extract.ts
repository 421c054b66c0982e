/**
 * Text-extraction throughput of the knowledge library: how many typical documents one
 * extraction thread reads per second, so the background job's capacity can be planned (and a
 * regression in pdf.js, mammoth or our clean-up noticed). It generates, with the demo-file
 * generators and a fixed seed, 10-page PDFs of about 3,000 characters a page and DOCX files of
 * the same length, in a mix of Lao, French, English, Russian, Uzbek (both scripts) and
 * Kinyarwanda; then extracts them one after another through extractText() (the thread, the copy
 * into it and back included) and reports docs/s, MB/s of input, characters/s, p50/p95/max per
 * document, the thread's cold start, and the process's resident memory before and while
 * extracting. Run from the sources, the thread also loads tsx, which costs seconds at its start
 * and some 300 MB of memory that the built server does not pay.
 *
 * Run: npx tsx bench/library-extract.ts [--pdfs 30] [--docx 30] [--pages 10] [--chars 3000] [--corpus]
 * (--corpus: pages of the library benchmark's seven-language corpus, see library-corpus.ts)
 * runExtractionBench() returns the figures, for bench/run.ts.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeDocx, makePdf } from '../src/modules/library/demo-files/index.js';
import { extractText, stopExtraction } from '../src/modules/library/extract/index.js';
import { createRng, type Rng } from '../src/modules/demo/wordlists/random.js';
import { CORPUS_LANGS, pageText as corpusPage, topicWords } from './library-corpus.js';

export interface ExtractionBenchOptions {
  /** PDFs to extract (each `pages` pages long). */
  pdfs: number;
  /** DOCX files to extract (each as long as a PDF). */
  docx: number;
  pages: number;
  /** Characters of text per page, roughly. */
  charsPerPage: number;
  seed: string;
  /** Pages of the library benchmark's corpus (seven languages, thousands of words each) instead of the few sentences below. */
  corpus?: boolean;
}

export interface FormatFigures {
  docs: number;
  /** Input bytes, all documents. */
  bytes: number;
  /** Characters extracted, all documents. */
  chars: number;
  totalMs: number;
  docsPerSec: number;
  mbPerSec: number;
  charsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface ExtractionBenchReport {
  options: ExtractionBenchOptions;
  /** First extraction, thread start and parser loading included. */
  coldStartMs: number;
  pdf: FormatFigures;
  docx: FormatFigures;
  /** Resident set size of the process before the extraction thread starts (corpus generated). */
  baselineRssMb: number;
  /** Highest resident set size seen during extraction (the thread included). */
  peakRssMb: number;
}

export const DEFAULT_OPTIONS: ExtractionBenchOptions = { pdfs: 30, docx: 30, pages: 10, charsPerPage: 3000, seed: 'library-extract' };

/** Sentences about culture in the platform's languages; pages mix them, weighted to one main language per document. */
const SENTENCES: Record<string, string[]> = {
  lo: [
    'ກະຊວງຖະແຫຼງຂ່າວ ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ ໄດ້ຈັດກອງປະຊຸມກ່ຽວກັບການປົກປັກຮັກສາມໍລະດົກທາງວັດທະນະທຳ.',
    'ຊ່າງຫັດຖະກຳ ແລະ ນັກສິລະປິນ ຈາກແຂວງຫຼວງພະບາງ ໄດ້ເຂົ້າຮ່ວມງານວາງສະແດງຜ້າໄໝ.',
    'ໝໍລຳ ແມ່ນສິລະປະການສະແດງພື້ນເມືອງຂອງລາວ.',
    'ລາຍງານສະບັບນີ້ ສະເໜີຂໍ້ມູນສະຖິຕິກ່ຽວກັບອຸດສາຫະກຳວັດທະນະທຳ.',
  ],
  fr: [
    'Le ministère de la Culture publie un rapport sur l’égalité d’accès aux pratiques artistiques.',
    'Les artisans et les artistes des provinces ont présenté leurs œuvres lors du festival.',
    'La politique nationale prévoit des aides à la création, à la diffusion et à la formation.',
  ],
  en: [
    'The national strategy for the creative economy sets targets for employment and exports.',
    'Community museums keep records of intangible heritage, including songs, dances and crafts.',
    'The survey covered 1,240 cultural organisations in 18 provinces over three years.',
  ],
  ru: [
    'Министерство культуры опубликовало отчёт о состоянии культурных и творческих индустрий.',
    'Ремесленники и художники из разных регионов представили свои работы на выставке.',
    'Закон об охране нематериального культурного наследия вступил в силу в прошлом году.',
  ],
  'uz-Latn': [
    'Oʻzbekiston Respublikasi Madaniyat vazirligi ijodiy sanoat boʻyicha hisobot eʼlon qildi.',
    'Hunarmandlar va rassomlar Buxoro va Samarqanddagi koʻrgazmada ishtirok etdi.',
  ],
  'uz-Cyrl': [
    'Ўзбекистон Республикаси Маданият вазирлиги ижодий саноат бўйича ҳисобот эълон қилди.',
    'Ҳунармандлар ва рассомлар Бухоро ва Самарқанддаги кўргазмада иштирок этди.',
  ],
  rw: [
    'Minisiteri y’Urubyiruko n’Umuco yashyize ahagaragara raporo ku bukungu bushingiye ku muco.',
    'Abanyabukorikori n’abahanzi bo mu turere twose bitabiriye imurikagurisha.',
  ],
};
const LANGUAGES = Object.keys(SENTENCES);

/** About `chars` characters of text in paragraphs of a few sentences, mostly in `main`. */
function pageText(rng: Rng, main: string, chars: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  while (length < chars) {
    const sentences: string[] = [];
    const count = rng.int(3, 6);
    for (let i = 0; i < count; i++) sentences.push(rng.pick(SENTENCES[rng.chance(0.7) ? main : rng.pick(LANGUAGES)]!));
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 1;
  }
  return paragraphs.join('\n');
}

/** About `chars` characters of the library corpus (its pages are sized in bytes). */
export function corpusPageOf(rng: Rng, main: string, chars: number, topic: string[]): string {
  const lang = main as (typeof CORPUS_LANGS)[number];
  const text = corpusPage(rng, lang, chars * 3, topic);
  const cut = text.lastIndexOf(' ', chars);
  return text.slice(0, cut > chars / 2 ? cut : chars);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(files: Buffer[], mediaType: string, sampleRss: () => void): Promise<FormatFigures> {
  const times: number[] = [];
  let chars = 0;
  const started = performance.now();
  for (const file of files) {
    const t0 = performance.now();
    const result = await extractText(file, mediaType);
    times.push(performance.now() - t0);
    chars += result.chars;
    sampleRss();
  }
  const totalMs = performance.now() - started;
  const bytes = files.reduce((n, f) => n + f.length, 0);
  times.sort((a, b) => a - b);
  return {
    docs: files.length,
    bytes,
    chars,
    totalMs,
    docsPerSec: files.length / (totalMs / 1000),
    mbPerSec: bytes / 1024 / 1024 / (totalMs / 1000),
    charsPerSec: chars / (totalMs / 1000),
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times[times.length - 1] ?? 0,
  };
}

/** Generates the corpus, extracts it, and returns the figures (it prints progress through `out`). */
export async function runExtractionBench(partial: Partial<ExtractionBenchOptions> = {}, out: (line: string) => void = () => undefined): Promise<ExtractionBenchReport> {
  const options = { ...DEFAULT_OPTIONS, ...partial };
  const rng = createRng(options.seed);
  const t0 = performance.now();
  const page = (main: string, topic: string[]) => (options.corpus ? corpusPageOf(rng, main, options.charsPerPage, topic) : pageText(rng, main, options.charsPerPage));
  const langs: readonly string[] = options.corpus ? CORPUS_LANGS : LANGUAGES;
  const topicOf = (main: string) => (options.corpus ? topicWords(rng, main as (typeof CORPUS_LANGS)[number]) : []);
  const pdfs: Buffer[] = [];
  for (let i = 0; i < options.pdfs; i++) {
    const main = options.corpus ? langs[i % langs.length]! : rng.pick(LANGUAGES);
    const topic = topicOf(main);
    const pages = Array.from({ length: options.pages }, () => page(main, topic));
    pdfs.push(await makePdf({ title: `Report ${i + 1}`, lang: main, pages }));
  }
  const docx: Buffer[] = [];
  for (let i = 0; i < options.docx; i++) {
    const main = options.corpus ? langs[i % langs.length]! : rng.pick(LANGUAGES);
    const topic = topicOf(main);
    const paragraphs = Array.from({ length: options.pages }, () => page(main, topic)).flatMap((p) => p.split('\n'));
    docx.push(await makeDocx({ title: `Study ${i + 1}`, paragraphs }));
  }
  out(`Generated ${pdfs.length} PDFs and ${docx.length} DOCX files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await stopExtraction(); // measure a real cold start
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampleRss = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const timer = setInterval(sampleRss, 50);
  try {
    const warm = pdfs[0] ?? (await makePdf({ title: 'warm-up', pages: ['warm-up'] }));
    const c0 = performance.now();
    await extractText(warm, 'application/pdf');
    const coldStartMs = performance.now() - c0;
    const pdf = await measure(pdfs, 'application/pdf', sampleRss);
    const docxFigures = await measure(docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sampleRss);
    return { options, coldStartMs, pdf, docx: docxFigures, baselineRssMb: baselineRss / 1024 / 1024, peakRssMb: peakRss / 1024 / 1024 };
  } finally {
    clearInterval(timer);
    await stopExtraction();
  }
}

export function printExtractionBench(report: ExtractionBenchReport, out: (line: string) => void = console.log): void {
  const { options } = report;
  out(`Library text extraction (one thread; ${options.pages} pages × ~${options.charsPerPage} characters per document)`);
  out(`  cold start (thread + parsers + first PDF): ${report.coldStartMs.toFixed(0)} ms`);
  for (const [name, f] of [['PDF', report.pdf], ['DOCX', report.docx]] as const) {
    if (f.docs === 0) continue;
    out(
      `  ${name.padEnd(5)} ${String(f.docs).padStart(4)} docs, ${(f.bytes / 1024 / f.docs).toFixed(0)} KB each: ` +
        `${f.docsPerSec.toFixed(1)} docs/s, ${f.mbPerSec.toFixed(2)} MB/s, ${Math.round(f.charsPerSec).toLocaleString('en')} chars/s; ` +
        `per doc p50 ${f.p50Ms.toFixed(0)} ms, p95 ${f.p95Ms.toFixed(0)} ms, max ${f.maxMs.toFixed(0)} ms`,
    );
  }
  out(`  process RSS: ${report.baselineRssMb.toFixed(0)} MB before the thread, peak ${report.peakRssMb.toFixed(0)} MB while extracting`);
  if (import.meta.url.endsWith('.ts')) out('  (run from the sources: the thread also carries the TypeScript loader, so the cold start and RSS are higher than in the built server)');
}

export function parseArgs(argv: string[]): Partial<ExtractionBenchOptions> {
  const options: Partial<ExtractionBenchOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const number = Number(value);
    switch (argv[i]) {
      case '--pdfs':
        options.pdfs = number;
        i++;
        break;
      case '--docx':
        options.docx = number;
        i++;
        break;
      case '--pages':
        options.pages = number;
        i++;
        break;
      case '--chars':
        options.charsPerPage = number;
        i++;
        break;
      case '--corpus':
        options.corpus = true;
        break;
      case '--seed':
        options.seed = value ?? DEFAULT_OPTIONS.seed;
        i++;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'number' && !(Number.isInteger(value) && value >= 0)) throw new Error(`--${key}: a whole number is needed`);
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const report = await runExtractionBench(parseArgs(process.argv.slice(2)), console.log);
  printExtractionBench(report);
}
