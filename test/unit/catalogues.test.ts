import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkCatalogues } from '../../scripts/check-locales.js';

const ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', '..');

test('the seven catalogues are complete, current and compile', () => {
  assert.deepEqual(checkCatalogues(ROOT), []);
});

test('the check fails on a missing key, a stale key and a changed placeholder', () => {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'mosaic-locales-'));
  try {
    cpSync(path.join(ROOT, 'locales'), path.join(copy, 'locales'), { recursive: true });
    cpSync(path.join(ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
    const fr = JSON.parse(readFileSync(path.join(copy, 'locales', 'fr.json'), 'utf8')) as Record<string, string>;
    delete fr['nav.home'];
    fr['nav.old'] = 'Ancien';
    fr['spaces.regions'] = '{n} régions';
    writeFileSync(path.join(copy, 'locales', 'fr.json'), JSON.stringify(fr));
    const problems = checkCatalogues(copy);
    assert.ok(problems.includes('fr: missing key nav.home'), problems.join('\n'));
    assert.ok(problems.includes('fr: stale key nav.old (not in en.json)'));
    assert.ok(problems.some((p) => p.startsWith('fr: spaces.regions uses {n}')));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
