/**
 * Text extraction for the knowledge library: the words inside a stored PDF, DOCX, XLSX, ODT,
 * CSV, plain-text or HTML file, so search can find them. Every file is parsed in one extraction
 * thread (worker.ts) with a V8 heap limit, one file at a time; a file that takes longer than its
 * time limit has its thread terminated (a new one starts for the next file), and a file that
 * exhausts the heap ends only that thread. Callers get an Extraction or an ExtractionError with a
 * stable reason, never anything else, and the text is cut at maxChars (`truncated`).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { EXTRACTABLE_TYPES } from './formats.js';
import { ExtractionError, type Extraction, type ExtractionFailure } from './types.js';
import type { ExtractRequest, ExtractResponse } from './worker.js';

export { EXTRACTABLE_TYPES };
export { EXTRACTION_FAILURES, ExtractionError, type ExtractedPage, type Extraction, type ExtractionFailure } from './types.js';

export const DEFAULT_MAX_CHARS = 2_000_000;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Files larger than this are not opened at all. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** Heap of the extraction thread (old generation), in MB: what one pathological file may use. */
const THREAD_HEAP_MB = 384;
/** An idle extraction thread is stopped after this long, returning its memory. */
const IDLE_MS = 30_000;

interface Job {
  id: number;
  bytes: Uint8Array;
  mediaType: string;
  maxChars: number;
  timeoutMs: number;
  resolve: (extraction: Extraction) => void;
  reject: (err: ExtractionError) => void;
}

interface Thread {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  retired: boolean;
}

const queue: Job[] = [];
let thread: Thread | null = null;
let nextId = 1;

/**
 * The thread's entry. From the build it is worker.js. From the sources (run with tsx) it is
 * worker.ts, imported by a one-line script that first registers tsx in the thread: on Node 20,
 * tsx registers its loader in the main thread only, so a thread could not load TypeScript.
 */
function newExtractionWorker(options: WorkerOptions): Worker {
  const own = import.meta.url;
  if (!own.endsWith('.ts')) return new Worker(new URL('./worker.js', own), options);
  const entry = JSON.stringify(new URL('./worker.ts', own).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${entry}); });`, { ...options, eval: true });
}

/** Stops a thread and fails its job, if any, with `failure`. Safe to call more than once. */
function retire(t: Thread, failure: ExtractionError | null): void {
  if (t.retired) return;
  t.retired = true;
  if (t.timer) clearTimeout(t.timer);
  const job = t.job;
  t.job = null;
  if (thread === t) thread = null;
  void t.worker.terminate().catch(() => undefined);
  if (job) job.reject(failure ?? new ExtractionError('corrupt', 'the extraction thread stopped'));
  pump();
}

function startThread(): Thread {
  const worker = newExtractionWorker({ resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: 32 } });
  const t: Thread = { worker, job: null, timer: null, retired: false };
  worker.on('message', (response: ExtractResponse) => {
    const job = t.job;
    if (!job || response.id !== job.id) return;
    if (t.timer) clearTimeout(t.timer);
    t.job = null;
    if (response.ok) job.resolve(response.extraction);
    else job.reject(new ExtractionError(response.reason, response.message));
    idle(t);
    pump();
  });
  worker.on('error', (err: Error & { code?: string }) => {
    const reason: ExtractionFailure = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too_large' : 'corrupt';
    retire(t, new ExtractionError(reason, `extraction thread: ${err.message}`));
  });
  worker.on('exit', () => retire(t, null));
  return t;
}

/** Lets the process exit while the thread waits, and stops the thread after IDLE_MS. */
function idle(t: Thread): void {
  t.worker.unref();
  t.timer = setTimeout(() => retire(t, null), IDLE_MS);
  t.timer.unref();
}

function pump(): void {
  if (queue.length === 0) return;
  if (thread && (thread.job || thread.retired)) return;
  const job = queue.shift()!;
  let t: Thread;
  try {
    t = thread ?? (thread = startThread());
  } catch (err) {
    job.reject(new ExtractionError('corrupt', `cannot start the extraction thread: ${err instanceof Error ? err.message : String(err)}`));
    pump();
    return;
  }
  if (t.timer) clearTimeout(t.timer);
  t.job = job;
  t.worker.ref();
  // The thread gets its own copy, transferred (not copied again); the caller's bytes stay intact.
  const copy = new Uint8Array(job.bytes);
  const request: ExtractRequest = { id: job.id, buffer: copy.buffer, mediaType: job.mediaType, maxChars: job.maxChars };
  t.worker.postMessage(request, [copy.buffer]);
  t.timer = setTimeout(() => retire(t, new ExtractionError('timeout', `extraction took more than ${job.timeoutMs} ms`)), job.timeoutMs);
}

function positiveInteger(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(1, Math.floor(value)) : fallback;
}

/** Never throws anything but ExtractionError for bad input; bounded in memory and time. */
export function extractText(bytes: Uint8Array, mediaType: string, options: { maxChars?: number; timeoutMs?: number } = {}): Promise<Extraction> {
  const maxChars = positiveInteger(options.maxChars, DEFAULT_MAX_CHARS);
  const timeoutMs = positiveInteger(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  if (!EXTRACTABLE_TYPES.includes(type)) return Promise.reject(new ExtractionError('unsupported', `no text extraction for ${type || 'an unknown type'}`));
  if (bytes.length === 0) return Promise.reject(new ExtractionError('empty', 'the file is empty'));
  if (bytes.length > MAX_INPUT_BYTES) return Promise.reject(new ExtractionError('too_large', `${bytes.length} bytes is over the ${MAX_INPUT_BYTES}-byte limit`));
  return new Promise<Extraction>((resolve, reject) => {
    queue.push({ id: nextId++, bytes, mediaType, maxChars, timeoutMs, resolve, reject });
    pump();
  });
}

/** Stops the extraction thread now (graceful shutdown); queued files fail with 'timeout'. */
export async function stopExtraction(): Promise<void> {
  for (const job of queue.splice(0)) job.reject(new ExtractionError('timeout', 'extraction stopped'));
  const t = thread;
  if (t) {
    retire(t, new ExtractionError('timeout', 'extraction stopped'));
    await t.worker.terminate().catch(() => undefined);
  }
}
