/** The input grid on which 2-D models are evaluated for the decision-region plot. */

export const GRID_SIZE = 72;

/** nx × ny cells over [x0, x1] × [y0, y1]. */
export interface GridGeometry {
  nx: number;
  ny: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The grid's cell centres as model inputs: n = nx·ny rows of (x, y), x varying fastest. */
export interface InputGrid extends GridGeometry {
  x: Float32Array;
  n: number;
}

/** A square-cell grid over the points' bounding box plus a 10 % margin, x varying fastest. */
export function buildGrid(points: Float32Array, size: number): InputGrid {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i]);
    x1 = Math.max(x1, points[i]);
    y0 = Math.min(y0, points[i + 1]);
    y1 = Math.max(y1, points[i + 1]);
  }
  if (!Number.isFinite(x0)) [x0, x1, y0, y1] = [-1, 1, -1, 1];
  const span = Math.max(x1 - x0, y1 - y0, 1e-6) * 1.2;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  [x0, x1, y0, y1] = [cx - span / 2, cx + span / 2, cy - span / 2, cy + span / 2];
  const nx = size;
  const ny = size;
  const x = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const o = (j * nx + i) * 2;
      x[o] = x0 + ((i + 0.5) / nx) * (x1 - x0);
      x[o + 1] = y0 + ((j + 0.5) / ny) * (y1 - y0);
    }
  }
  return { x, n: nx * ny, nx, ny, x0, x1, y0, y1 };
}
