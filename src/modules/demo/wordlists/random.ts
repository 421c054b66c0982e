/**
 * A small seeded pseudo-random generator (mulberry32) and the choices the demo generators make
 * with it. The same seed gives the same sequence on every machine, so the demo dataset and the
 * benchmark corpus are reproducible.
 */

/** A deterministic source of choices. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** One element chosen by weight ([value, weight] pairs, weights > 0). */
  weighted<T>(list: readonly (readonly [T, number])[]): T;
  /** Up to n distinct elements, in random order. */
  sample<T>(list: readonly T[], n: number): T[];
  /** A new generator derived from this one and a label (independent streams per purpose). */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a hash of a string, to turn labels into seeds. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A mulberry32 generator seeded with a number or a string. */
export function createRng(seed: number | string): Rng {
  let state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(list: readonly T[]): T {
      if (list.length === 0) throw new Error('pick from an empty list');
      return list[Math.floor(next() * list.length)]!;
    },
    weighted<T>(list: readonly (readonly [T, number])[]): T {
      const total = list.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [value, w] of list) {
        x -= w;
        if (x < 0) return value;
      }
      return list[list.length - 1]![0];
    },
    sample<T>(list: readonly T[], n: number): T[] {
      const copy = [...list];
      const out: T[] = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
      return out;
    },
    fork: (label) => createRng((hashSeed(label) ^ Math.floor(next() * 4294967296)) >>> 0),
  };
  return rng;
}
