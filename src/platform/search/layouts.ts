/**
 * Inline facets: an entity type may declare which of its facets are also kept on the index row
 * itself, so that a listing of that type counts and filters them from one covering index in one
 * pass, instead of joining search_facets once per match (at 100k records that join is what made
 * a listing slow).
 *
 * - `columns`: up to four single-valued facets (type, region, status…), in columns k1…k4.
 * - `bits`: multi-valued facets over a known list of values (domains, languages…), one bit per
 *   value in `kbits`, plus one overflow bit per facet for a value outside the list. Overflowing
 *   values are still counted and filtered exactly, from search_facets, for the few rows flagged.
 *
 * Every facet is also written to search_facets, so a query the layout cannot answer (several
 * types, another facet) takes the general path with the same results. A layout is fingerprinted;
 * rows indexed under another layout (an upgrade changed it) are not read inline until the type is
 * reindexed, which happens by itself in the background (see syncFacetLayouts).
 */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../db/index.js';
import { nowIso } from '../ids.js';

/** The inline part of an entity type's facets. */
export interface FacetLayout {
  columns: readonly string[];
  bits: Readonly<Record<string, readonly string[]>>;
}

/** A layout with its bit positions worked out. */
export interface CompiledLayout {
  entityType: string;
  signature: string;
  /** facet → column name (k1…k4). */
  columns: ReadonlyMap<string, 'k1' | 'k2' | 'k3' | 'k4'>;
  /** facet → value → bit index, and the facet's overflow bit index. */
  bits: ReadonlyMap<string, { values: ReadonlyMap<string, number>; overflow: number }>;
  /** Number of bits used. */
  width: number;
}

const COLUMNS = ['k1', 'k2', 'k3', 'k4'] as const;
/** Bits stay below 2^52 so they read back exactly as JavaScript numbers. */
export const MAX_BITS = 52;

const layouts = new Map<string, CompiledLayout>();
/** The search_layouts row by which a migration asks for a complete rebuild. */
const REBUILD_ALL = '*';

/** Declares an entity type's inline facets (once, when its module loads). */
export function registerFacetLayout(entityType: string, layout: FacetLayout): CompiledLayout {
  if (layout.columns.length > COLUMNS.length) throw new Error(`${entityType}: at most ${COLUMNS.length} inline columns`);
  const columns = new Map(layout.columns.map((facet, i) => [facet, COLUMNS[i]!] as const));
  const bits = new Map<string, { values: Map<string, number>; overflow: number }>();
  let next = 0;
  for (const [facet, values] of Object.entries(layout.bits)) {
    if (columns.has(facet)) throw new Error(`${entityType}: facet ${facet} is both a column and bits`);
    const map = new Map<string, number>();
    for (const v of values) if (!map.has(v)) map.set(v, next++);
    bits.set(facet, { values: map, overflow: next++ });
  }
  if (next > MAX_BITS) throw new Error(`${entityType}: ${next} inline bits, at most ${MAX_BITS}`);
  const signature = createHash('sha256')
    .update(JSON.stringify({ columns: layout.columns, bits: Object.entries(layout.bits) }))
    .digest('hex')
    .slice(0, 32);
  const compiled: CompiledLayout = { entityType, signature, columns, bits, width: next };
  layouts.set(entityType, compiled);
  return compiled;
}

/** The registered layout of an entity type, if any. */
export function layoutOf(entityType: string): CompiledLayout | undefined {
  return layouts.get(entityType);
}

/** Every registered layout. */
export function registeredLayouts(): CompiledLayout[] {
  return [...layouts.values()];
}

/** 2^i as a number (exact below 2^53). */
export function bit(i: number): number {
  return 2 ** i;
}

/** The inline values of one index row: k1…k4 and kbits. */
export function inlineValues(layout: CompiledLayout | undefined, facets: Record<string, string[]>): { k1: string | null; k2: string | null; k3: string | null; k4: string | null; kbits: number } {
  const out = { k1: null as string | null, k2: null as string | null, k3: null as string | null, k4: null as string | null, kbits: 0 };
  if (!layout) return out;
  for (const [facet, column] of layout.columns) {
    const values = [...new Set((facets[facet] ?? []).filter(Boolean))];
    // A column holds one value; a second one would be lost from inline counts, so it is a bug.
    if (values.length > 1) throw new Error(`${layout.entityType}: facet ${facet} is inline single-valued but has ${values.length} values`);
    out[column] = values[0]?.slice(0, 100) ?? null;
  }
  let kbits = 0;
  for (const [facet, spec] of layout.bits) {
    const set = new Set<number>();
    for (const v of facets[facet] ?? []) {
      if (!v) continue;
      set.add(spec.values.get(v.slice(0, 100)) ?? spec.overflow);
    }
    for (const i of set) kbits += bit(i);
  }
  out.kbits = kbits;
  return out;
}

// --- Which layouts the stored rows follow ----------------------------------------------------

const confirmed = new WeakMap<object, Set<string>>();
/** entity type → database → when its layout was last found not in force. */
const refusedAt = new Map<string, WeakMap<object, number>>();
const RECHECK_MS = 10_000;

/** Whether the rows of a type were indexed with its current layout (cached once confirmed). */
export async function layoutInForce(db: DbOrTrx, layout: CompiledLayout): Promise<boolean> {
  const key = db as object;
  if (confirmed.get(key)?.has(layout.entityType)) return true;
  const last = refusedAt.get(layout.entityType)?.get(key);
  if (last !== undefined && Date.now() - last < RECHECK_MS) return false;
  const row = await db.selectFrom('search_layouts').select('signature').where('entity_type', '=', layout.entityType).executeTakeFirst();
  if (row?.signature === layout.signature) {
    if (!confirmed.has(key)) confirmed.set(key, new Set());
    confirmed.get(key)!.add(layout.entityType);
    return true;
  }
  if (!refusedAt.has(layout.entityType)) refusedAt.set(layout.entityType, new WeakMap());
  refusedAt.get(layout.entityType)!.set(key, Date.now());
  return false;
}

/** Records that a type's rows now follow its current layout (after a full reindex of the type). */
export async function markLayout(trx: DbOrTrx, entityType: string): Promise<void> {
  // This process asks again at its next search (others within RECHECK_MS).
  refusedAt.delete(entityType);
  const layout = layouts.get(entityType);
  if (!layout) {
    await trx.deleteFrom('search_layouts').where('entity_type', '=', entityType).execute();
    return;
  }
  const values = { entity_type: entityType, signature: layout.signature, updated_at: nowIso() };
  await trx
    .insertInto('search_layouts')
    .values(values)
    .onConflict((oc) => oc.column('entity_type').doUpdateSet({ signature: layout.signature, updated_at: values.updated_at }))
    .execute();
}

/**
 * At start: a type with no rows yet simply adopts its layout; a type whose rows were indexed under
 * another layout is returned, to be reindexed in the background (until then the general path
 * answers, with the same results).
 */
export async function syncFacetLayouts(db: DbOrTrx): Promise<string[]> {
  const stale: string[] = [];
  for (const layout of layouts.values()) {
    const row = await db.selectFrom('search_layouts').select('signature').where('entity_type', '=', layout.entityType).executeTakeFirst();
    if (row?.signature === layout.signature) continue;
    const any = await db.selectFrom('search_documents').select('doc_id').where('entity_type', '=', layout.entityType).limit(1).executeTakeFirst();
    if (any) stale.push(layout.entityType);
    else await markLayout(db, layout.entityType);
  }
  return stale;
}

/** Whether a migration asked for every entity type to be rebuilt (it reshaped the index). */
export async function rebuildRequested(db: DbOrTrx): Promise<boolean> {
  const row = await db.selectFrom('search_layouts').select('signature').where('entity_type', '=', REBUILD_ALL).executeTakeFirst();
  return row !== undefined;
}

/** Fulfils that request (after a complete reindex). */
export async function clearRebuildRequest(db: DbOrTrx): Promise<void> {
  await db.deleteFrom('search_layouts').where('entity_type', '=', REBUILD_ALL).execute();
}
