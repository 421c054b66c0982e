/**
 * The boundary files shipped in seeds/geo/ (sources and licences in seeds/geo/README.md), read
 * once per process and turned into SVG paths. A space without a file gets a tile-grid map.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../platform/paths.js';
import { buildShapes, parseBoundaries, type CountryShapes } from './geometry.js';

/** A space's boundary file and the attribution its licence asks for (a message key). */
export interface BoundarySource {
  file: string;
  attributionKey: string;
}

/** Boundary files by space code. */
export const BOUNDARY_SOURCES: Record<string, BoundarySource> = {
  LA: { file: 'LAO.geojson', attributionKey: 'dir.map.attribution_la' },
  UZ: { file: 'UZB.geojson', attributionKey: 'dir.map.attribution_uz' },
  RW: { file: 'RWA.geojson', attributionKey: 'dir.map.attribution_rw' },
};

/** Width of the map's viewBox, and the simplification tolerance in its units. */
export const MAP_WIDTH = 400;
const TOLERANCE = 0.8;

const cache = new Map<string, CountryShapes | null>();

/** The folder of the boundary files. */
export const GEO_DIR = path.join(PROJECT_ROOT, 'seeds', 'geo');

/** The projected shapes of a space's regions, or null when it has no boundary file. */
export function countryShapes(spaceCode: string, dir = GEO_DIR): CountryShapes | null {
  const key = `${dir}\u0000${spaceCode}`;
  if (cache.has(key)) return cache.get(key)!;
  const source = BOUNDARY_SOURCES[spaceCode];
  const file = source ? path.join(dir, source.file) : null;
  const shapes = file && existsSync(file) ? buildShapes(parseBoundaries(JSON.parse(readFileSync(file, 'utf8'))), { width: MAP_WIDTH, tolerance: TOLERANCE }) : null;
  cache.set(key, shapes);
  return shapes;
}
