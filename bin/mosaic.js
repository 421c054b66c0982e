#!/usr/bin/env node
// The `mosaic` command. Runs the compiled CLI; `npm install` builds it (the "prepare" script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const compiled = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('mosaic: the compiled code is missing; run "npm run build" first.\n');
  process.exit(1);
}
const { runCli } = await import(compiled);
await runCli(process.argv);
