/**
 * The extraction thread. Parsers of untrusted files (pdf.js, mammoth, exceljs) run here, so the
 * thread that started them can stop one that loops (terminate on timeout) and a file that blows
 * up memory ends this thread (V8 heap limit) instead of the server.
 */
import { parentPort } from 'node:worker_threads';
import { extractHere } from './formats.js';
import { ExtractionError, type Extraction, type ExtractionFailure } from './types.js';

export interface ExtractRequest {
  id: number;
  buffer: ArrayBuffer;
  mediaType: string;
  maxChars: number;
}

export type ExtractResponse = { id: number; ok: true; extraction: Extraction } | { id: number; ok: false; reason: ExtractionFailure; message: string };

const port = parentPort;
if (port) {
  port.on('message', (request: ExtractRequest) => {
    void extractHere(new Uint8Array(request.buffer), request.mediaType, request.maxChars).then(
      (extraction) => port.postMessage({ id: request.id, ok: true, extraction } satisfies ExtractResponse),
      (err: unknown) => {
        const failure = err instanceof ExtractionError ? err : new ExtractionError('corrupt', err instanceof Error ? err.message : String(err));
        port.postMessage({ id: request.id, ok: false, reason: failure.reason, message: failure.message } satisfies ExtractResponse);
      },
    );
  });
}
