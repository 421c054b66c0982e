import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BOUNDARY_SOURCES, countryShapes, GEO_DIR } from './boundaries.js';
import { classOf, shadeClasses } from './classes.js';
import { buildShapes, douglasPeucker, parseBoundaries, pathData, ringArea2, type RegionGeometry } from './geometry.js';

/** The absolute points of a path made by pathData (M x y l dx dy … z), ring by ring. */
function rings(d: string): [number, number][][] {
  const out: [number, number][][] = [];
  for (const part of d.split('z').filter(Boolean)) {
    const m = /^M(-?\d+) (-?\d+)l(.*)$/.exec(part);
    assert.ok(m, `ring syntax: ${part.slice(0, 40)}`);
    const nums = (m[3]!.match(/-?\d+/g) ?? []).map(Number);
    let x = Number(m[1]);
    let y = Number(m[2]);
    const ring: [number, number][] = [[x, y]];
    for (let i = 0; i < nums.length; i += 2) {
      x += nums[i]!;
      y += nums[i + 1]!;
      ring.push([x, y]);
    }
    out.push(ring);
  }
  return out;
}

describe('geometry', () => {
  test('Douglas–Peucker keeps the ends and the points farther than the tolerance', () => {
    const line: [number, number][] = [
      [0, 0],
      [1, 0.1],
      [2, -0.1],
      [3, 5],
      [4, 6],
      [5, 7],
      [6, 8.05],
      [7, 9],
    ];
    assert.deepEqual(douglasPeucker(line, 0.5), [
      [0, 0],
      [2, -0.1],
      [3, 5],
      [7, 9],
    ]);
    assert.deepEqual(douglasPeucker(line, 100), [
      [0, 0],
      [7, 9],
    ]);
  });

  test('path data is compact and reads back to the same points', () => {
    const ring: [number, number][] = [
      [10, 10],
      [20, 10],
      [20, 25],
      [5, 30],
    ];
    const d = pathData([ring]);
    assert.equal(d, 'M10 10l10 0 0 15-15 5z');
    assert.deepEqual(rings(d), [ring]);
  });

  test('two squares sharing an edge still share it after projection and simplification', () => {
    // A wiggly shared border between two regions, drawn in opposite directions in each.
    let seed = 7;
    const noise = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1;
    const border: [number, number][] = Array.from({ length: 81 }, (_, i) => [Math.round((100 + noise() * 0.02) * 1000) / 1000, 10 + i * 0.0125]);
    const west: RegionGeometry = { code: 'W', polygons: [[[[99, 10], ...border, [99, 11], [99, 10]]]] };
    const east: RegionGeometry = { code: 'E', polygons: [[[[101, 10], [101, 11], ...border.slice().reverse(), [101, 10]]]] };
    const shapes = buildShapes([west, east], { width: 300, tolerance: 1.5 });
    const [w, e] = shapes.regions.map((r) => rings(r.d)[0]!);
    const key = (p: [number, number]) => p.join(',');
    const shared = new Set(w!.map(key));
    const common = e!.filter((p) => shared.has(key(p)));
    assert.ok(common.length >= 2, 'the border endpoints are shared');
    // Every vertex of the east side's border part lies on the west side too: no gaps, no overlaps.
    const eastBorder = e!.filter((p) => p[0] < shapes.width - 10);
    for (const p of eastBorder) assert.ok(shared.has(key(p)), `east border point ${key(p)} is on the west outline`);
    assert.ok(w!.length < 60, 'the border was simplified');
  });

  test('rings keep their shape: a hole stays a separate ring, tiny islands go, the main ring stays', () => {
    const outer: [number, number][] = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
    const hole: [number, number][] = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
    const speck: [number, number][] = [[20, 20], [20, 20.001], [20.001, 20.001], [20, 20]];
    const shapes = buildShapes([{ code: 'A', polygons: [[outer, hole], [speck]] }], { width: 200, tolerance: 1 });
    const r = rings(shapes.regions[0]!.d);
    assert.equal(r.length, 2, 'outer ring and hole; the speck is dropped');
    assert.ok(Math.abs(ringArea2(r[0]!)) > Math.abs(ringArea2(r[1]!)));
  });
});

describe('the shipped boundary files', () => {
  for (const [space, source] of Object.entries(BOUNDARY_SOURCES)) {
    test(`${space}: every seeded region has a shape, the SVG paths are small`, async () => {
      const { SEED_SPACES } = await import('../../../../seeds/spaces.js');
      const seeded = SEED_SPACES.find((s) => s.code === space)!.regions.map((r) => r.code).sort();
      const features = parseBoundaries(JSON.parse(readFileSync(path.join(GEO_DIR, source.file), 'utf8')));
      assert.deepEqual(features.map((f) => f.code).sort(), seeded);
      const shapes = countryShapes(space)!;
      assert.equal(shapes.regions.length, seeded.length);
      for (const r of shapes.regions) assert.match(r.d, /^M\d+ \d+l[-\d ]+z/, r.code);
      const bytes = shapes.regions.reduce((n, r) => n + r.d.length, 0);
      assert.ok(bytes < 10_000, `${space} paths take ${bytes} bytes`);
      assert.ok(shapes.height > 50 && shapes.height < 1000);
    });
  }

  test('a space without a boundary file has no shapes', () => {
    assert.equal(countryShapes('KH'), null);
  });
});

describe('shading classes', () => {
  test('none, then up to four equal ranges covering every count', () => {
    assert.deepEqual(shadeClasses(0).map((c) => [c.from, c.to]), [[0, 0]]);
    assert.deepEqual(shadeClasses(2).map((c) => [c.from, c.to]), [[0, 0], [1, 1], [2, 2]]);
    assert.deepEqual(shadeClasses(10).map((c) => [c.from, c.to]), [[0, 0], [1, 3], [4, 6], [7, 9], [10, 10]]);
    const classes = shadeClasses(37);
    for (let n = 0; n <= 37; n++) assert.ok(n >= classOf(n, classes).from && n <= classOf(n, classes).to, String(n));
    assert.notEqual(classOf(0, classes).fill, classOf(1, classes).fill);
  });
});
