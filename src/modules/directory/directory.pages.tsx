/** Directory pages: /organizations, /people, profiles, forms, map. (Being built.) */
import type { FastifyInstance } from 'fastify';

/** Registers the directory pages. */
export function registerDirectoryPages(_app: FastifyInstance): void {}
