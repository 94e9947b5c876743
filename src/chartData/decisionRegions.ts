/**
 * Pure builders for the decision-regions chart (2-D data): the RGBA heatmap of the predicted class
 * shaded by confidence, the test points' predictions, and the most confident errors. Confidence is the
 * float64 MSP from `mspLog` (science.md §3: never from float32 probabilities).
 *
 * Grid convention (DecisionGrid, src/state/views.ts): cell (i, j), i < nx along x, j < ny along y, is
 * row j·nx + i of the logits and is evaluated at the CELL CENTRE
 *   x = x0 + (i + ½)(x1 − x0)/nx,   y = y0 + (j + ½)(y1 − y0)/ny,
 * so the nx × ny image covers [x0, x1] × [y0, y1] exactly. `decisionGridInputs` builds those inputs.
 */
import { mspLog, predictions } from '../analysis/scores';
import type { LabelArray, LogitArray } from '../analysis/types';
import type { DecisionGrid } from '../model/views';
import type { ExportTable } from './table';
import type { ChartSpec } from './chartSpec';

/** Ten categorical colours (Tableau 10, as d3.schemeTableau10); classes beyond ten cycle. */
export const CLASS_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];

/**
 * Opacity of a cell as a function of its confidence t = (π_max − 1/K)/(1 − 1/K) ∈ [0, 1]:
 * min + (max − min)·t. Chance-level cells (borders) are nearly transparent; max < 1 keeps the dots on
 * top readable.
 */
export const REGION_OPACITY = { min: 0.06, max: 0.85 } as const;

export function classColor(c: number, palette: readonly string[] = CLASS_PALETTE): string {
  return palette[c % palette.length];
}

/** '#rrggbb' (or '#rgb') to [r, g, b]. */
export function parseHex(color: string): [number, number, number] {
  let h = color.trim().replace(/^#/, '');
  if (h.length === 3) h = h.replace(/./g, (d) => d + d);
  if (!/^[0-9a-fA-F]{6}$/.test(h)) throw new RangeError(`expected a #rrggbb colour, got ${color}`);
  const v = parseInt(h, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Confidence t ∈ [0, 1] from log π_max: 0 at chance (1/K), 1 at certainty. */
export function confidenceFromMspLog(logPMax: number, k: number): number {
  if (k <= 1) return 1;
  const t = (Math.exp(logPMax) - 1 / k) / (1 - 1 / k);
  return Math.min(1, Math.max(0, t));
}

/**
 * RGBA pixels (nx × ny, 4 bytes each) of the predicted class, coloured by `palette`, with alpha from
 * the confidence (REGION_OPACITY). Image row r is grid row ny − 1 − r: the top of the image is the
 * largest y, as on the chart's axes.
 */
export function regionImage(
  logits: LogitArray,
  nx: number,
  ny: number,
  k: number,
  palette: readonly string[] = CLASS_PALETTE,
): Uint8ClampedArray<ArrayBuffer> {
  const n = nx * ny;
  const pred = predictions(logits, n, k);
  const lp = mspLog(logits, n, k);
  const rgb = palette.map(parseHex);
  const out = new Uint8ClampedArray(n * 4);
  const { min, max } = REGION_OPACITY;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const cell = j * nx + i;
      const px = ((ny - 1 - j) * nx + i) * 4;
      const [r, g, b] = rgb[pred[cell] % rgb.length];
      const t = confidenceFromMspLog(lp[cell], k);
      out[px] = r;
      out[px + 1] = g;
      out[px + 2] = b;
      out[px + 3] = Math.round(255 * (min + (max - min) * t));
    }
  }
  return out;
}

/** The (nx·ny) × 2 inputs at the cell centres, x fastest: what the store evaluates the models on. */
export function decisionGridInputs(
  nx: number,
  ny: number,
  x0: number,
  x1: number,
  y0: number,
  y1: number,
): Float32Array {
  const out = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const c = (j * nx + i) * 2;
      out[c] = x0 + ((i + 0.5) * (x1 - x0)) / nx;
      out[c + 1] = y0 + ((j + 0.5) * (y1 - y0)) / ny;
    }
  }
  return out;
}

/** Row index of the grid cell containing (x, y); points outside the grid take the nearest edge cell. */
export function nearestCell(
  grid: Pick<DecisionGrid, 'nx' | 'ny' | 'x0' | 'x1' | 'y0' | 'y1'>,
  x: number,
  y: number,
): number {
  const i = Math.floor(((x - grid.x0) / (grid.x1 - grid.x0)) * grid.nx);
  const j = Math.floor(((y - grid.y0) / (grid.y1 - grid.y0)) * grid.ny);
  const ci = Math.min(grid.nx - 1, Math.max(0, Number.isFinite(i) ? i : 0));
  const cj = Math.min(grid.ny - 1, Math.max(0, Number.isFinite(j) ? j : 0));
  return cj * grid.nx + ci;
}

export type PointLogitSource = 'logits' | 'nearest-cell';

/**
 * The test points' logits for one model: the exact ones when given (n × K), otherwise the logits of
 * the grid cell each point falls in. Nearest cell, not bilinear: the prediction can only be wrong within
 * half a cell of a boundary, where confidence is near chance and no "most confident error" lives.
 */
export function pointLogits(
  grid: DecisionGrid,
  model: 'ce' | 'ls',
  exact?: Float32Array | null,
): { logits: Float32Array; source: PointLogitSource } {
  const k = grid.numClasses;
  const n = grid.labels.length;
  if (exact && exact.length === n * k) return { logits: exact, source: 'logits' };
  const g = model === 'ce' ? grid.ceLogits : grid.lsLogits;
  const out = new Float32Array(n * k);
  for (let p = 0; p < n; p++) {
    const cell = nearestCell(grid, grid.points[2 * p], grid.points[2 * p + 1]);
    out.set(g.subarray(cell * k, cell * k + k), p * k);
  }
  return { logits: out, source: 'nearest-cell' };
}

export interface ConfidentError {
  /** Index of the test point. */
  index: number;
  label: number;
  pred: number;
  /** π_max in float64. */
  msp: number;
}

/**
 * The `top` misclassified points with the highest MSP, most confident first. Ranked by log π_max
 * (float64, no saturation ties); exact ties keep point order.
 */
export function mostConfidentErrors(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  top = 10,
): ConfidentError[] {
  const pred = predictions(logits, n, k);
  const lp = mspLog(logits, n, k);
  const errs: number[] = [];
  for (let i = 0; i < n; i++) if (pred[i] !== labels[i]) errs.push(i);
  const key = (i: number): number => (Number.isNaN(lp[i]) ? -Infinity : lp[i]);
  errs.sort((a, b) => (key(a) === key(b) ? a - b : key(b) > key(a) ? 1 : -1));
  return errs
    .slice(0, Math.max(0, top))
    .map((i) => ({ index: i, label: labels[i], pred: pred[i], msp: Math.exp(lp[i]) }));
}

/** Number of misclassified points (for the panel's caption). */
export function errorCount(logits: LogitArray, labels: LabelArray, n: number, k: number): number {
  const pred = predictions(logits, n, k);
  let e = 0;
  for (let i = 0; i < n; i++) if (pred[i] !== labels[i]) e++;
  return e;
}

export interface RegionExportPanel {
  role: 'ce' | 'ls';
  alpha: number;
  /** The test points' logits the panel used (exact, or the nearest grid cell's). */
  pointLogits: Float32Array;
  errors: ConfidentError[];
}

/**
 * The CSV export: the test points of each panel (coordinates, true class, prediction, π_max and, for
 * the ringed ones, the rank among the most confident errors), then every grid cell of the heatmap
 * (cell-centre coordinates, predicted class, π_max — the shading). π_max in float64 from log π_max.
 */
export function decisionRegionsTable(grid: DecisionGrid, panels: RegionExportPanel[]): ExportTable {
  const k = grid.numClasses;
  const n = grid.labels.length;
  const rows: ExportTable['rows'] = [];
  for (const p of panels) {
    const pred = predictions(p.pointLogits, n, k);
    const lp = mspLog(p.pointLogits, n, k);
    const rank = new Map(p.errors.map((e, r) => [e.index, r + 1]));
    for (let i = 0; i < n; i++) {
      rows.push([
        'test-point',
        p.role,
        p.alpha,
        i,
        grid.points[2 * i],
        grid.points[2 * i + 1],
        grid.labels[i],
        pred[i],
        Math.exp(lp[i]),
        rank.get(i) ?? null,
      ]);
    }
  }
  const cells = grid.nx * grid.ny;
  for (const p of panels) {
    const logits = p.role === 'ce' ? grid.ceLogits : grid.lsLogits;
    const pred = predictions(logits, cells, k);
    const lp = mspLog(logits, cells, k);
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) {
        const c = j * grid.nx + i;
        const x = grid.x0 + ((i + 0.5) * (grid.x1 - grid.x0)) / grid.nx;
        const y = grid.y0 + ((j + 0.5) * (grid.y1 - grid.y0)) / grid.ny;
        rows.push(['grid-cell', p.role, p.alpha, c, x, y, null, pred[c], Math.exp(lp[c]), null]);
      }
    }
  }
  return {
    columns: ['kind', 'model', 'alpha', 'index', 'x1', 'x2', 'label', 'predicted', 'pmax', 'error_rank'],
    rows,
  };
}

export interface DecisionRegionsInput {
  grid: DecisionGrid | null;
  /** Exact logits of the test points (n × K) for each model; without them, the nearest grid cell's. */
  pointCeLogits?: Float32Array | null;
  pointLsLogits?: Float32Array | null;
  /** α of the LS model. */
  alpha: number;
}

export interface RegionPanelData extends RegionExportPanel {
  /** The grid's logits of this model (the heatmap). */
  logits: Float32Array;
  source: PointLogitSource;
  nErrors: number;
}

export interface DecisionRegionsData {
  grid: DecisionGrid;
  ce: RegionPanelData;
  ls: RegionPanelData;
}

function regionPanel(
  grid: DecisionGrid,
  role: 'ce' | 'ls',
  alpha: number,
  exact: Float32Array | null | undefined,
  top: number,
): RegionPanelData {
  const k = grid.numClasses;
  const n = grid.labels.length;
  const pts = pointLogits(grid, role, exact);
  return {
    role,
    alpha,
    logits: role === 'ce' ? grid.ceLogits : grid.lsLogits,
    pointLogits: pts.logits,
    source: pts.source,
    errors: mostConfidentErrors(pts.logits, grid.labels, n, k, top),
    nErrors: errorCount(pts.logits, grid.labels, n, k),
  };
}

/** Decision regions: both panels of the grid, the 10 most confident errors ringed. */
export const decisionRegionsSpec: ChartSpec<
  DecisionRegionsInput,
  { topErrors: number },
  DecisionRegionsData
> = {
  id: 'decision-regions',
  initial: () => ({ topErrors: 10 }),
  build: ({ grid, pointCeLogits, pointLsLogits, alpha }, { topErrors }) =>
    grid
      ? {
          grid,
          ce: regionPanel(grid, 'ce', 0, pointCeLogits, topErrors),
          ls: regionPanel(grid, 'ls', alpha, pointLsLogits, topErrors),
        }
      : null,
  table: (data) => decisionRegionsTable(data.grid, [data.ce, data.ls]),
};
