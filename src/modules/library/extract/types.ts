/**
 * The shapes text extraction returns and the one error it throws. They live apart from index.ts
 * so that the extraction thread (worker.ts) and the per-format readers can use them without
 * loading the thread pool that index.ts manages.
 */

/** One part of a document's text. PDF: a 1-based page number; other formats: null. */
export interface ExtractedPage {
  page: number | null;
  text: string;
}

/** The text of a document, cut at maxChars (then `truncated` is true). `chars` counts UTF-16 code units. */
export interface Extraction {
  mediaType: string;
  pages: ExtractedPage[];
  chars: number;
  truncated: boolean;
}

/** Why a document gave no text. */
export type ExtractionFailure = 'corrupt' | 'encrypted' | 'unsupported' | 'too_large' | 'timeout' | 'empty';

export const EXTRACTION_FAILURES: readonly ExtractionFailure[] = ['corrupt', 'encrypted', 'unsupported', 'too_large', 'timeout', 'empty'];

/** The only error extractText() throws for bad input; `reason` is stable, `message` is for logs. */
export class ExtractionError extends Error {
  constructor(
    readonly reason: ExtractionFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}
