/**
 * The catalogue check (`npm run lint:i18n`, also run as a unit test): fails when a catalogue
 * misses a key of the English source, has a key English lacks, a message does not compile, a
 * translation uses other placeholders than English, code uses a key English lacks, or English
 * holds a key no code uses any more (stale).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { SEED_SPACES } from '../seeds/spaces.js';
import { SPACE_ROLES } from '../src/platform/auth/policy.js';
import { ERRORS } from '../src/platform/http/errors.js';
import { LOCALES } from '../src/platform/i18n/locales.js';
import { OUTBOX_STATUSES } from '../src/platform/mail/outbox.js';
import { MODULES } from '../src/modules/home/home.pages.js';
import { INDEXERS } from '../src/modules/indexers.js';
import { CONTACT_KINDS, CULTURE_CYCLE, DOMAINS, ORG_TYPES, SEXES, STATUSES, VISIBILITIES } from '../src/modules/directory/classification.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Keys built at run time from data (`role.${role}` …), which a literal scan cannot see. */
export function dynamicKeys(): Set<string> {
  const keys = new Set<string>();
  for (const e of Object.values(ERRORS)) {
    keys.add(e.key);
    keys.add(`${e.key}.help`);
  }
  for (const r of SPACE_ROLES) keys.add(`role.${r}`);
  for (const s of SEED_SPACES) for (const r of s.regions) keys.add(`region_type.${r.type}`);
  for (const m of MODULES) {
    keys.add(`home.module.${m}`);
    keys.add(`home.module.${m}.text`);
  }
  for (const s of OUTBOX_STATUSES) keys.add(`outbox.status.${s}`);
  for (const i of INDEXERS) keys.add(`search.type.${i.entityType}`);
  for (const d of DOMAINS) keys.add(`domain.${d}`);
  for (const t of ORG_TYPES) keys.add(`org_type.${t}`);
  for (const c of CULTURE_CYCLE) keys.add(`cycle.${c}`);
  // Directory pages: labels of record states, contact kinds, visibilities and sexes.
  for (const v of STATUSES) keys.add(`dir.status.${v}`);
  for (const v of CONTACT_KINDS) keys.add(`dir.contact.${v}`);
  for (const v of VISIBILITIES) keys.add(`dir.visibility.${v}`);
  for (const v of SEXES) keys.add(`dir.sex.${v}`);
  return keys;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.add(el.value);
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
  }
  return out;
}

/** Every problem found; empty when the catalogues are complete and current. */
export function checkCatalogues(root = ROOT): string[] {
  const problems: string[] = [];
  const base = path.join(root, 'locales');
  // A group is a folder of catalogues, one file per language: locales/ and each locales/<module>/.
  const groups = ['', ...readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)];
  const en: Record<string, string> = {};
  const owner = new Map<string, string>();
  for (const group of groups) {
    const dir = path.join(base, group);
    const where = (l: string) => `locales/${group ? group + '/' : ''}${l}.json`;
    const load = (l: string) => JSON.parse(readFileSync(path.join(dir, `${l}.json`), 'utf8')) as Record<string, string>;
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
    for (const f of files) if (!(LOCALES as readonly string[]).includes(f)) problems.push(`${where(f)}: not a supported language`);
    let source: Record<string, string>;
    try {
      source = load('en');
    } catch {
      problems.push(`${where('en')}: missing`);
      continue;
    }
    for (const key of Object.keys(source)) {
      if (owner.has(key)) problems.push(`${where('en')}: key ${key} is also in ${owner.get(key)}`);
      owner.set(key, where('en'));
      en[key] = source[key]!;
    }
    for (const locale of LOCALES) {
      let catalogue: Record<string, string>;
      try {
        catalogue = load(locale);
      } catch (err) {
        problems.push(`${where(locale)}: cannot be read (${(err as Error).message})`);
        continue;
      }
      for (const key of Object.keys(source)) if (!(key in catalogue)) problems.push(`${locale}: missing key ${key}`);
      for (const key of Object.keys(catalogue)) if (!(key in source)) problems.push(`${locale}: stale key ${key} (not in en.json)`);
      for (const [key, message] of Object.entries(catalogue)) {
        try {
          new IntlMessageFormat(message, locale);
          const mine = [...argumentsOf(parse(message))].sort().join(',');
          const expected = source[key] !== undefined ? [...argumentsOf(parse(source[key]))].sort().join(',') : mine;
          if (mine !== expected) problems.push(`${locale}: ${key} uses {${mine}} but English uses {${expected}}`);
        } catch (err) {
          problems.push(`${locale}: ${key} does not compile: ${(err as Error).message}`);
        }
      }
    }
  }
  const enKeys = Object.keys(en);

  // Keys in code: every quoted string that looks like a key and is passed to t()/key:.
  const used = new Set<string>();
  const literal = /['"`]([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)['"`]/g;
  const called = /(?:\bt|formatMessage\([^,]+,)\(?\s*['"]([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)['"]|key:\s*['"]([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)['"]/g;
  for (const file of [...sourceFiles(path.join(root, 'src'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(literal)) used.add(m[1]!);
    for (const m of text.matchAll(called)) {
      const key = m[1] ?? m[2]!;
      if (!(key in en)) problems.push(`${path.relative(root, file)}: uses key ${key}, missing from en.json`);
    }
  }
  const dynamic = dynamicKeys();
  for (const key of dynamic) if (!(key in en)) problems.push(`en: missing key ${key} (built from data)`);
  for (const key of enKeys) if (!used.has(key) && !dynamic.has(key)) problems.push(`en: stale key ${key} (no code uses it)`);
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = checkCatalogues();
  for (const p of problems) console.error(p);
  console.log(problems.length ? `${problems.length} catalogue problems` : `catalogues complete: ${LOCALES.length} languages`);
  process.exit(problems.length ? 1 : 0);
}
