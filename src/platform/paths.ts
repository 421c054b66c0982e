/** Locations inside the installed package, the same whether running from src/ (tsx) or dist/. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Mosaic package root');
    dir = parent;
  }
  return dir;
}

/** The folder that holds package.json, locales/, public/. */
export const PROJECT_ROOT = findRoot();
