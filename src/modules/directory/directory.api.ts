/** /api/v1 routes of the directory. (Being built.) */
import type { FastifyInstance } from 'fastify';

/** Registers the routes (inside the /api/v1 prefix). */
export function registerDirectoryApi(_api: FastifyInstance): void {}
