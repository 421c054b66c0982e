/** Spreadsheet import and export pages of the directory. (Being built.) */
import type { FastifyInstance } from 'fastify';

/** Registers the import and export routes. */
export function registerImport(_app: FastifyInstance): void {}
