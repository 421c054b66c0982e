/**
 * Static assets with content-hashed names (`/static/app.3fa2c1d9.css`), served with a one-year
 * immutable cache, an ETag, and brotli/gzip variants compressed once at start-up.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../paths.js';

interface Asset {
  body: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
  type: string;
  etag: string;
}

/** Public URLs of the assets, by logical name (`app.css` → `/static/app.1a2b3c4d.css`). */
export type AssetUrls = Record<string, string>;

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

function hashedName(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(name);
  return `${name.slice(0, -ext.length)}.${hash}${ext}`;
}

/** Reads, fingerprints and pre-compresses the assets. Fonts first: the CSS refers to them. */
export function buildAssets(): { urls: AssetUrls; files: Map<string, Asset> } {
  const require = createRequire(import.meta.url);
  const fontDir = path.join(path.dirname(require.resolve('@fontsource/noto-sans-lao/package.json')), 'files');
  const sources: [string, Buffer][] = [
    // Noto Sans Lao, Lao-only subset (SIL Open Font License 1.1), loaded only for Lao text
    // through the unicode-range of its @font-face rule.
    ['lao-400.woff2', readFileSync(path.join(fontDir, 'noto-sans-lao-lao-400-normal.woff2'))],
    ['lao-700.woff2', readFileSync(path.join(fontDir, 'noto-sans-lao-lao-700-normal.woff2'))],
    ['favicon.svg', readFileSync(path.join(PROJECT_ROOT, 'public', 'favicon.svg'))],
    ['app.js', readFileSync(path.join(PROJECT_ROOT, 'public', 'app.js'))],
  ];
  const urls: AssetUrls = {};
  const files = new Map<string, Asset>();
  const add = (name: string, body: Buffer) => {
    const file = hashedName(name, body);
    const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    const compressible = !name.endsWith('.woff2');
    files.set(file, {
      body,
      type,
      etag: `"${file}"`,
      br: compressible ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }) : null,
      gzip: compressible ? gzipSync(body, { level: 9 }) : null,
    });
    urls[name] = `/static/${file}`;
  };
  for (const [name, body] of sources) add(name, body);
  let css = readFileSync(path.join(PROJECT_ROOT, 'public', 'app.css'), 'utf8');
  css = css.replace(/url\(\{\{([^}]+)\}\}\)/g, (_m, name: string) => `url(${urls[name.trim()] ?? name})`);
  add('app.css', Buffer.from(css));
  return { urls, files };
}

/** Registers GET /static/:file. */
export function registerStatic(app: FastifyInstance, files: Map<string, Asset>): void {
  app.get<{ Params: { file: string } }>('/static/:file', { compress: false, logLevel: 'warn' } as object, async (request, reply) => {
    const asset = files.get(request.params.file);
    if (!asset) return reply.callNotFound();
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    reply.header('ETag', asset.etag);
    reply.header('Vary', 'Accept-Encoding');
    reply.type(asset.type);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    const accept = String(request.headers['accept-encoding'] ?? '');
    if (asset.br && /\bbr\b/.test(accept)) return reply.header('Content-Encoding', 'br').send(asset.br);
    if (asset.gzip && /\bgzip\b/.test(accept)) return reply.header('Content-Encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  });
}
