/**
 * A tile-grid cartogram: one equal square per region, for countries without a boundary file.
 * Squares are placed near the regions' centroids when they are known, else in reading order.
 */

/** A region to place, with its centroid (x to the right, y downwards) when known. */
export interface TileInput {
  code: string;
  centroid?: [number, number] | null;
}

/** A region's cell in the grid. */
export interface Tile {
  code: string;
  col: number;
  row: number;
}

/** The placed tiles and the grid's size. */
export interface TileGrid {
  cols: number;
  rows: number;
  tiles: Tile[];
}

/** Places one square per region on a grid. */
export function tileGridLayout(regions: readonly TileInput[]): TileGrid {
  const n = regions.length;
  if (n === 0) return { cols: 0, rows: 0, tiles: [] };
  const located = regions.every((r) => r.centroid && Number.isFinite(r.centroid[0]) && Number.isFinite(r.centroid[1]));
  if (!located || n === 1) {
    const cols = Math.ceil(Math.sqrt(n));
    return { cols, rows: Math.ceil(n / cols), tiles: regions.map((r, i) => ({ code: r.code, col: i % cols, row: Math.floor(i / cols) })) };
  }
  const xs = regions.map((r) => r.centroid![0]);
  const ys = regions.map((r) => r.centroid![1]);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const spanX = Math.max(...xs) - minX || 1;
  const spanY = Math.max(...ys) - minY || 1;
  const aspect = Math.min(3, Math.max(1 / 3, spanX / spanY));
  // One spare column and row leave room to keep neighbours apart.
  const cols = Math.max(1, Math.round(Math.sqrt(n * aspect))) + 1;
  const rows = Math.max(1, Math.ceil(n / (cols - 1))) + 1;
  const taken = new Set<string>();
  const placed: Tile[] = [];
  const order = regions.map((r, i) => ({ r, i })).sort((a, b) => (a.r.code < b.r.code ? -1 : a.r.code > b.r.code ? 1 : 0));
  for (const { r } of order) {
    const tx = ((r.centroid![0] - minX) / spanX) * (cols - 1);
    const ty = ((r.centroid![1] - minY) / spanY) * (rows - 1);
    let best: [number, number] | null = null;
    let bestD = Infinity;
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        if (taken.has(`${col},${row}`)) continue;
        const d = (col - tx) ** 2 + (row - ty) ** 2;
        if (d < bestD) {
          bestD = d;
          best = [col, row];
        }
      }
    }
    taken.add(`${best![0]},${best![1]}`);
    placed.push({ code: r.code, col: best![0], row: best![1] });
  }
  // Drop empty edge columns and rows.
  const usedCols = [...new Set(placed.map((t) => t.col))].sort((a, b) => a - b);
  const usedRows = [...new Set(placed.map((t) => t.row))].sort((a, b) => a - b);
  const colAt = new Map(usedCols.map((c, i) => [c, i]));
  const rowAt = new Map(usedRows.map((r, i) => [r, i]));
  const tiles = regions.map((r) => {
    const t = placed.find((p) => p.code === r.code)!;
    return { code: r.code, col: colAt.get(t.col)!, row: rowAt.get(t.row)! };
  });
  return { cols: usedCols.length, rows: usedRows.length, tiles };
}
