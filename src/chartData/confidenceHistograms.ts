/**
 * Data for the confidence histograms: the test-split score of correct vs incorrect predictions, CE
 * and LS side by side, one row per score (MSP, normalised). Each row uses ONE set of bin edges for
 * both models so they compare; bar heights are fractions of that model's test samples. Pure.
 */
import { cachedFor } from '../model/viewCache';
import { confidenceHistograms, sharedBins, uniformEdges } from '../analysis';
import type { ModelView, PairView } from '../model/views';
import { modelScores, type ModelScores } from './modelScores';
import type { ModelRole } from '../model/views';
import type { ExportTable } from './table';
import type { ChartSpec } from './chartSpec';

export type HistRow = 'msp' | 'pnorm';
/** 'linear': π_max itself. 'log': −log(1 − π_max), which spreads out the pile-up at π_max ≈ 1. */
export type MspScale = 'linear' | 'log';

/**
 * −log(1 − π_max) from log π_max, stably: 1 − π_max = −expm1(log π_max) keeps its precision where
 * π_max rounds to 1. π_max = 1 exactly (log π_max = 0) would give +∞: 1 − π_max is floored at the
 * smallest double, so the result is finite (≤ 744.45) and the map stays non-decreasing.
 */
export function logConfidence(logPMax: number): number {
  return -Math.log(Math.max(-Math.expm1(logPMax), Number.MIN_VALUE));
}

/** Inverse of `logConfidence`: π_max from t = −log(1 − π_max). */
export function pMaxFromLogConfidence(t: number): number {
  return -Math.expm1(-t);
}

export interface HistPanel {
  role: ModelRole;
  alpha: number;
  /** The model's own name (a loaded file), if any. */
  name?: string;
  /** Number of test samples of the model. */
  n: number;
  /** Fractions of the model's n samples per bin; correct + incorrect sum to 1 over the bins. */
  correct: Float64Array;
  incorrect: Float64Array;
  /** The normalised score of a model whose p is null (MSP fallback): no bars, the MSP row applies. */
  fallback: boolean;
  p: number | null;
  /** Largest bar fraction of the panel (its y extent: each panel has its own y scale). */
  yMax: number;
}

export interface HistRowData {
  row: HistRow;
  /** Bin edges shared by every panel of the row, in the plotted unit (t for log MSP). */
  edges: Float64Array;
  /** Whether the row plots −log(1 − π_max) rather than a score itself. */
  logScale: boolean;
  panels: HistPanel[];
}

export interface HistData {
  rows: HistRowData[];
}

function plotted(s: ModelScores, row: HistRow, scale: MspScale): Float64Array | null {
  if (row === 'pnorm') return s.pNorm;
  const out = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = scale === 'log' ? logConfidence(s.logMsp[i]) : Math.exp(s.logMsp[i]);
  return out;
}

function rowOf(models: ModelView[], row: HistRow, scale: MspScale, bins: number): HistRowData | null {
  const entries = models.flatMap((m) => {
    const s = modelScores(m);
    return s ? [{ m, s, v: cachedFor(s, `hist:${row}:${scale}`, () => plotted(s, row, scale)) }] : [];
  });
  if (!entries.length) return null;
  const arrays = entries.flatMap((e) => (e.v ? [e.v] : []));
  let edges: Float64Array;
  if (row === 'msp' && scale === 'linear') {
    // π_max ≥ 1/K in exact arithmetic; the data minimum guards against rounding just below it.
    let lo = 1 / Math.max(...entries.map((e) => e.s.k));
    for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i] < lo) lo = a[i];
    edges = uniformEdges(bins, lo, 1);
  } else {
    edges = sharedBins(arrays, bins);
  }
  const panels = entries.map(({ m, s, v }): HistPanel => {
    let yMax = 0;
    const correct = new Float64Array(bins);
    const incorrect = new Float64Array(bins);
    if (v) {
      const h = confidenceHistograms(v, s.errors, edges);
      for (let b = 0; b < bins; b++) {
        correct[b] = h.correct[b] / s.n;
        incorrect[b] = h.incorrect[b] / s.n;
        yMax = Math.max(yMax, correct[b], incorrect[b]);
      }
    }
    return {
      role: m.role,
      alpha: m.alpha,
      name: m.name,
      n: s.n,
      correct,
      incorrect,
      fallback: !v,
      p: m.p,
      yMax,
    };
  });
  return { row, edges, logScale: row === 'msp' && scale === 'log', panels };
}

export interface HistOptions {
  /** Include the normalised-score row. */
  showNormalised: boolean;
  mspScale: MspScale;
  /** Bins per row (default 30). */
  bins?: number;
}

/** Up to 2 rows × 2 panels; null when no model has test data. */
export function buildConfidenceHistograms(pair: PairView, opts: HistOptions): HistData | null {
  const models = [pair.ce, pair.ls].filter((m): m is ModelView => m !== null);
  const bins = opts.bins ?? 30;
  const rows: HistRowData[] = [];
  const msp = rowOf(models, 'msp', opts.mspScale, bins);
  if (!msp) return null;
  rows.push(msp);
  if (opts.showNormalised) {
    const pn = rowOf(models, 'pnorm', opts.mspScale, bins);
    if (pn) rows.push(pn);
  }
  return { rows };
}

/**
 * The x caption of the stretched MSP axis: positions are −log(1 − π_max), the tick labels π_max
 * itself (logConfidenceTicks puts each label at exactly that transform of its value).
 */
export const STRETCHED_LABEL = 'π_max, on a −log(1 − π_max) axis';

/**
 * Ticks for the log-confidence axis, labelled in π_max: 0, 0.5, 0.9, 0.99, … inside [t0, t1], thinned
 * to at most `max` ticks by keeping every other one from the top. A narrow range (fewer than 3 of
 * those) gets π_max = 0.1, 0.2, …, 0.9 instead.
 */
export function logConfidenceTicks(t0: number, t1: number, max = 6): { t: number; label: string }[] {
  const at = (pMax: number, label: string) => ({ t: -Math.log1p(-pMax), label });
  const inRange = (x: { t: number }) => x.t >= t0 - 1e-12 && x.t <= t1 + 1e-12;
  const all = [at(0, '0'), at(0.5, '0.5')];
  for (let d = 1; d <= 320; d++) {
    const t = d * Math.LN10;
    if (t > t1) break;
    all.push({ t, label: d <= 3 ? (1 - 10 ** -d).toFixed(d) : `1−1e-${d}` });
  }
  let ticks = all.filter(inRange);
  if (ticks.length < 3) {
    const tenths = Array.from({ length: 9 }, (_, i) => at((i + 1) / 10, ((i + 1) / 10).toFixed(1)));
    ticks = [at(0, '0'), ...tenths].filter(inRange);
  }
  while (ticks.length > max) ticks = ticks.filter((_, i) => (ticks.length - 1 - i) % 2 === 0);
  return ticks;
}

/**
 * The bars, as the CSV export: one line per bin and model. x_lo/x_hi are the bin edges in the plotted
 * unit (scale "log": −log(1 − π_max); "linear": π_max; "pnorm": the MaxLogit-pNorm score); for the
 * MSP row pmax_lo/pmax_hi give the edges as π_max. Fractions of the model's test samples. A panel in
 * MSP fallback draws no bars and has no lines.
 */
export function confidenceHistogramsTable(data: HistData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const row of data.rows) {
    const scale = row.row === 'pnorm' ? 'pnorm' : row.logScale ? 'log' : 'linear';
    const asPMax = (x: number): number | null =>
      row.row === 'pnorm' ? null : row.logScale ? pMaxFromLogConfidence(x) : x;
    for (const p of row.panels) {
      if (p.fallback) continue;
      for (let b = 0; b < row.edges.length - 1; b++) {
        const [lo, hi] = [row.edges[b], row.edges[b + 1]];
        rows.push([
          row.row,
          p.role,
          p.alpha,
          row.row === 'pnorm' ? p.p : null,
          scale,
          b,
          lo,
          hi,
          asPMax(lo),
          asPMax(hi),
          p.correct[b],
          p.incorrect[b],
        ]);
      }
    }
  }
  return {
    columns: [
      'row',
      'model',
      'alpha',
      'p',
      'scale',
      'bin',
      'x_lo',
      'x_hi',
      'pmax_lo',
      'pmax_hi',
      'correct_fraction',
      'incorrect_fraction',
    ],
    rows,
  };
}

export interface HistChartOptions {
  /** π_max on a −log(1 − π_max) axis (it resolves the pile-up at 1); off: π_max itself, linear. */
  logScale: boolean;
  /** Bins per row, shared by CE and LS. */
  bins: number;
  showNormalised: boolean;
}

/**
 * Confidence histograms: MSP on a plain, linear π_max axis (what a first look should show: the
 * pile-up of CE's confidence at 1 is the point), 30 shared bins, the normalised row with the pair.
 * The stretched −log(1 − π_max) axis is an option of the chart.
 */
export const confidenceHistogramsSpec: ChartSpec<PairView, HistChartOptions, HistData> = {
  id: 'confidence-histograms',
  initial: (pair) => ({ logScale: false, bins: 30, showNormalised: pair.normalise }),
  build: (pair, o) =>
    buildConfidenceHistograms(pair, {
      showNormalised: o.showNormalised,
      mspScale: o.logScale ? 'log' : 'linear',
      bins: o.bins,
    }),
  table: (data) => confidenceHistogramsTable(data),
};
