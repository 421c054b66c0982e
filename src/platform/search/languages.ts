/**
 * The engine's language facet: every index row, whatever its entity type, carries its languages
 * as a bit set (`lbits`), one position per language below. A search across all types then counts
 * and filters languages from the row it already reads rather than joining search_facets once per
 * match. A language outside the list sets the overflow bit and is counted exactly from
 * search_facets, for the few rows so flagged.
 *
 * Positions are stored data: append to the list, never reorder it (a reorder needs a migration
 * that rewrites lbits, as 0010 wrote them first). Stored as a 64-bit integer; bits stay below 2^52
 * so they read back exactly as JavaScript numbers.
 */

/**
 * The interface languages, the languages of the three countries' peoples (Lao PDR: Hmong, Khmu,
 * Tai Lü, Akha, Phu Thai, Tai Dam, Iu Mien, Lahu; Uzbekistan: Karakalpak, Tajik, Kazakh, Kyrgyz,
 * Turkmen; Rwanda: Kinyarwanda, Swahili, Kirundi, Ganda, Lingala) and common international ones.
 * At most 43, so that a type's layout can hold them beside other bits (layouts.ts, MAX_BITS).
 */
export const LANGUAGE_BITS: readonly string[] = ['lo', 'en', 'fr', 'ru', 'uz', 'uz-Latn', 'uz-Cyrl', 'rw', 'th', 'vi', 'zh', 'km', 'my', 'hmn', 'kjg', 'ja', 'ko', 'de', 'es', 'ar', 'kk', 'ky', 'tg', 'tk', 'tr', 'fa', 'hi', 'sw', 'kaa', 'khb', 'ahk', 'pht', 'blt', 'ium', 'lhu', 'pt', 'lg', 'ln', 'rn', 'ug', 'az', 'uk'];

/** The facet the bits stand for. */
export const LANGUAGE_FACET = 'lang';

/** The bit spec of lbits, in the shape layouts use for kbits. */
export const LANGUAGE_SPEC: { values: ReadonlyMap<string, number>; overflow: number } = {
  values: new Map(LANGUAGE_BITS.map((lang, i) => [lang, i])),
  overflow: LANGUAGE_BITS.length,
};

if (LANGUAGE_SPEC.overflow > 43) throw new Error('at most 43 languages in lbits');

/** The lbits value of a row's languages. */
export function languageBits(langs: readonly string[]): number {
  const set = new Set<number>();
  for (const lang of langs) if (lang) set.add(LANGUAGE_SPEC.values.get(lang.slice(0, 100)) ?? LANGUAGE_SPEC.overflow);
  let bits = 0;
  for (const i of set) bits += 2 ** i;
  return bits;
}
