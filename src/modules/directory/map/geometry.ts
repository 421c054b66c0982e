/**
 * Region shapes for a small offline SVG map: GeoJSON polygons (WGS 84 longitude/latitude) are
 * projected with a plain equirectangular projection scaled by the cosine of the mean latitude,
 * simplified with Douglas–Peucker along shared borders so neighbours keep meeting exactly, and
 * rounded to whole units of the SVG's viewBox. Pure functions: no I/O, no DOM.
 */

/** A longitude/latitude pair. */
export type LonLat = [number, number];
/** A ring of a polygon (GeoJSON: closed, first point = last point). */
export type Ring = LonLat[];

/** One region's geometry as read from a boundary file. */
export interface RegionGeometry {
  code: string;
  /** Polygons, each an exterior ring followed by its holes. */
  polygons: Ring[][];
}

/** A region ready to draw: an SVG path and a label point, in viewBox units. */
export interface RegionShape {
  code: string;
  d: string;
  /** Centre of the largest ring's bounding box (a label or tile position). */
  centroid: [number, number];
}

/** A projected, simplified country. */
export interface CountryShapes {
  width: number;
  height: number;
  regions: RegionShape[];
}

/** Options of `buildShapes`. */
export interface ShapeOptions {
  /** Width of the viewBox; the height follows the country's proportions. */
  width?: number;
  /** Douglas–Peucker tolerance in viewBox units. */
  tolerance?: number;
  /** Margin around the drawing, in viewBox units. */
  margin?: number;
}

type Point = [number, number];

/** Reads the features of a GeoJSON FeatureCollection whose features carry a `code` property. */
export function parseBoundaries(json: unknown): RegionGeometry[] {
  const features = (json as { features?: unknown[] })?.features;
  if (!Array.isArray(features)) throw new Error('not a GeoJSON FeatureCollection');
  const out: RegionGeometry[] = [];
  for (const f of features as { properties?: { code?: unknown }; geometry?: { type?: string; coordinates?: unknown } }[]) {
    const code = f.properties?.code;
    const g = f.geometry;
    if (typeof code !== 'string' || !g) continue;
    if (g.type === 'Polygon') out.push({ code, polygons: [g.coordinates as Ring[]] });
    else if (g.type === 'MultiPolygon') out.push({ code, polygons: g.coordinates as Ring[][] });
  }
  return out;
}

/** Perpendicular distance from p to the segment a–b, squared. */
function segmentDistance2(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Douglas–Peucker simplification of an open polyline; both ends are always kept. */
export function douglasPeucker(points: Point[], tolerance: number): Point[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let worstD = tol2;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(points[i]!, points[first]!, points[last]!);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/** Twice the signed area of a ring (positive = counter-clockwise in a y-up plane). */
export function ringArea2(ring: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum;
}

const keyOf = (p: LonLat) => `${p[0]},${p[1]}`;

function compareKeys(a: Point, b: Point): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * Simplifies every ring so that borders shared by two regions are simplified identically:
 * rings are cut into arcs at the points where the set of rings sharing a vertex changes, and
 * each arc is simplified in one canonical direction.
 */
function simplifyRings(rings: Point[][], original: LonLat[][], tolerance: number): Point[][] {
  // Which rings each original vertex belongs to.
  const owners = new Map<string, Set<number>>();
  original.forEach((ring, r) => {
    for (const p of ring) {
      const k = keyOf(p);
      let s = owners.get(k);
      if (!s) owners.set(k, (s = new Set()));
      s.add(r);
    }
  });
  const signature = (p: LonLat) => [...owners.get(keyOf(p))!].sort((a, b) => a - b).join(' ');
  return rings.map((ring, r) => {
    const n = ring.length;
    if (n < 4) return ring;
    const sigs = original[r]!.map(signature);
    const breaks: number[] = [];
    for (let i = 0; i < n; i++) {
      const prev = sigs[(i - 1 + n) % n];
      const next = sigs[(i + 1) % n];
      if (sigs[i] !== prev || sigs[i] !== next) breaks.push(i);
    }
    if (breaks.length === 0) {
      // A ring nobody shares (an island, or a country outline): cut it at its first point and
      // at the point farthest from it.
      let far = 0;
      let farD = -1;
      for (let i = 1; i < n; i++) {
        const dx = ring[i]![0] - ring[0]![0];
        const dy = ring[i]![1] - ring[0]![1];
        if (dx * dx + dy * dy > farD) {
          farD = dx * dx + dy * dy;
          far = i;
        }
      }
      breaks.push(0, far);
    }
    if (breaks.length === 1) breaks.push((breaks[0]! + Math.floor(n / 2)) % n);
    const out: Point[] = [];
    for (let b = 0; b < breaks.length; b++) {
      const from = breaks[b]!;
      const to = breaks[(b + 1) % breaks.length]!;
      const arc: Point[] = [];
      for (let i = from; ; i = (i + 1) % n) {
        arc.push(ring[i]!);
        if (i === to && arc.length > 1) break;
      }
      const reversed = compareKeys(arc[0]!, arc[arc.length - 1]!) > 0 || (compareKeys(arc[0]!, arc[arc.length - 1]!) === 0 && arc.length > 2 && compareKeys(arc[1]!, arc[arc.length - 2]!) > 0);
      let simple = douglasPeucker(reversed ? arc.slice().reverse() : arc, tolerance);
      if (reversed) simple = simple.reverse();
      out.push(...simple.slice(0, -1));
    }
    return out;
  });
}

/** Removes repeated consecutive points (after rounding), including a closing repeat. */
function dedupe(ring: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}

/** Compact SVG path data of closed rings: absolute move, then relative line segments. */
export function pathData(rings: Point[][]): string {
  let d = '';
  for (const ring of rings) {
    if (ring.length < 3) continue;
    const [x0, y0] = ring[0]!;
    d += `M${x0} ${y0}l`;
    let first = true;
    for (let i = 1; i < ring.length; i++) {
      const dx = ring[i]![0] - ring[i - 1]![0];
      const dy = ring[i]![1] - ring[i - 1]![1];
      // A minus sign separates numbers by itself; a space is needed only before the others.
      d += (first || dx < 0 ? '' : ' ') + dx + (dy < 0 ? '' : ' ') + dy;
      first = false;
    }
    d += 'z';
  }
  return d;
}

/** Projects, simplifies and rounds a country's regions for an SVG of the given width. */
export function buildShapes(regions: RegionGeometry[], options: ShapeOptions = {}): CountryShapes {
  const width = options.width ?? 600;
  const margin = options.margin ?? 4;
  const tolerance = options.tolerance ?? 1;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const r of regions)
    for (const poly of r.polygons)
      for (const ring of poly)
        for (const [lon, lat] of ring) {
          minLon = Math.min(minLon, lon);
          maxLon = Math.max(maxLon, lon);
          minLat = Math.min(minLat, lat);
          maxLat = Math.max(maxLat, lat);
        }
  if (!Number.isFinite(minLon)) return { width, height: width / 2, regions: [] };
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = (width - 2 * margin) / spanX;
  const height = Math.ceil(spanY * scale + 2 * margin);
  const project = ([lon, lat]: LonLat): Point => [(lon - minLon) * k * scale + margin, (maxLat - lat) * scale + margin];

  // Every ring of every region, without the closing point, original and projected.
  const original: LonLat[][] = [];
  const owner: { region: number; polygon: number; hole: boolean }[] = [];
  regions.forEach((r, ri) =>
    r.polygons.forEach((poly, pi) =>
      poly.forEach((ring, hi) => {
        const open = ring.length > 1 && keyOf(ring[0]!) === keyOf(ring[ring.length - 1]!) ? ring.slice(0, -1) : ring.slice();
        original.push(open);
        owner.push({ region: ri, polygon: pi, hole: hi > 0 });
      }),
    ),
  );
  const projected = original.map((ring) => ring.map(project));
  const simplified = simplifyRings(projected, original, tolerance).map((ring) => dedupe(ring.map(([x, y]) => [Math.round(x), Math.round(y)] as Point)));

  const shapes: RegionShape[] = regions.map((region, ri) => {
    const indices = owner.map((o, i) => (o.region === ri ? i : -1)).filter((i) => i >= 0);
    // The largest exterior ring is always drawn, unsimplified if simplification collapsed it.
    let largest = -1;
    let largestArea = -1;
    for (const i of indices) {
      if (owner[i]!.hole) continue;
      const a = Math.abs(ringArea2(projected[i]!));
      if (a > largestArea) {
        largestArea = a;
        largest = i;
      }
    }
    const rings: Point[][] = [];
    for (const i of indices) {
      let ring = simplified[i]!;
      if (i === largest && (ring.length < 3 || Math.abs(ringArea2(ring)) < 1)) ring = dedupe(projected[i]!.map(([x, y]) => [Math.round(x), Math.round(y)] as Point));
      // Rings smaller than about one square unit would not be seen.
      if (i !== largest && (ring.length < 3 || Math.abs(ringArea2(ring)) < 2)) continue;
      rings.push(ring);
    }
    const main = largest >= 0 ? projected[largest]! : [];
    let cx = 0;
    let cy = 0;
    if (main.length) {
      const xs = main.map((p) => p[0]);
      const ys = main.map((p) => p[1]);
      cx = Math.round((Math.min(...xs) + Math.max(...xs)) / 2);
      cy = Math.round((Math.min(...ys) + Math.max(...ys)) / 2);
    }
    return { code: region.code, d: pathData(rings), centroid: [cx, cy] };
  });
  return { width, height, regions: shapes };
}
