import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryShapes } from './boundaries.js';
import { tileGridLayout } from './tile-grid.js';

function assertNoOverlap(tiles: { col: number; row: number }[], cols: number, rows: number) {
  const cells = new Set(tiles.map((t) => `${t.col},${t.row}`));
  assert.equal(cells.size, tiles.length, 'one region per cell');
  for (const t of tiles) assert.ok(t.col >= 0 && t.col < cols && t.row >= 0 && t.row < rows, 'inside the grid');
}

test('without centroids, tiles fill a square-ish grid in the given order', () => {
  const grid = tileGridLayout(['A', 'B', 'C', 'D', 'E'].map((code) => ({ code })));
  assert.equal(grid.cols, 3);
  assert.equal(grid.rows, 2);
  assert.deepEqual(grid.tiles.map((t) => [t.code, t.col, t.row]), [
    ['A', 0, 0],
    ['B', 1, 0],
    ['C', 2, 0],
    ['D', 0, 1],
    ['E', 1, 1],
  ]);
  assert.deepEqual(tileGridLayout([]), { cols: 0, rows: 0, tiles: [] });
});

test('with centroids, tiles keep the regions’ relative positions and never overlap', () => {
  // A plus shape: north, west, centre, east, south (y grows downwards).
  const grid = tileGridLayout([
    { code: 'N', centroid: [50, 0] },
    { code: 'W', centroid: [0, 50] },
    { code: 'C', centroid: [50, 50] },
    { code: 'E', centroid: [100, 50] },
    { code: 'S', centroid: [50, 100] },
  ]);
  assertNoOverlap(grid.tiles, grid.cols, grid.rows);
  const at = Object.fromEntries(grid.tiles.map((t) => [t.code, t]));
  assert.ok(at.W!.col < at.C!.col && at.C!.col < at.E!.col, 'west to east');
  assert.ok(at.N!.row < at.C!.row && at.C!.row < at.S!.row, 'north to south');
});

test('the centroids of a real country give a grid that keeps north above south', () => {
  const shapes = countryShapes('LA')!;
  const grid = tileGridLayout(shapes.regions.map((r) => ({ code: r.code, centroid: r.centroid })));
  assertNoOverlap(grid.tiles, grid.cols, grid.rows);
  assert.equal(grid.tiles.length, 18);
  const at = Object.fromEntries(grid.tiles.map((t) => [t.code, t]));
  assert.ok(at['LA-PH']!.row < at['LA-AT']!.row, 'Phongsaly (north) above Attapeu (south)');
  assert.ok(at['LA-XA']!.col < at['LA-AT']!.col, 'Sainyabuli (west) left of Attapeu (east)');
});
