/**
 * Pure data builders for the gradient-mechanism charts (science.md §2). No DOM, no React: every
 * number a chart draws comes from here (and from src/analysis), so it is testable in Node.
 */
import { cachedFor } from '../model/viewCache';
import {
  binnedLsTermEstimate,
  binnedLsTermEstimateFromSamples,
  expectedLsTermCurve,
  expectedMaxLogitGradient,
  vMaxGivenPMax,
  vMaxGivenPMaxFromSamples,
  type LsTermBins,
} from '../analysis/gradients';
import { sampleCorrect, type SampleScores } from '../analysis/sampleScores';
import type { LabelArray, LogitArray } from '../analysis/types';
import type { ModelView, PairView, TrainingPoint } from '../model/views';
import type { ExportTable } from './table';
import type { ModelRole } from '../model/views';
import type { ChartSpec } from './chartSpec';

/** Which evaluation split a chart reads from a ModelView. */
export type Split = 'val' | 'test';

/** A loaded model's per-sample scores of a split (null for a trained model, which has logits). */
export function splitSamples(model: ModelView, split: Split): SampleScores | null {
  if (!model.samples) return null;
  return split === 'val' ? model.samples.val : model.samples.test;
}

export function splitData(model: ModelView, split: Split): { logits: Float32Array; labels: Int32Array } {
  return split === 'val'
    ? { logits: model.valLogits, labels: model.valLabels }
    : { logits: model.testLogits, labels: model.testLabels };
}

// ---------------------------------------------------------------------------------------------
// 3a: the expected gradient on the max logit as a function of P_e.

export interface ExpectedGradientCurves {
  alpha: number;
  k: number;
  /** P_e on an even grid over [0, 1]. */
  pe: Float64Array;
  /** α·((K − 1)/K − P_e). */
  lsTerm: Float64Array;
  /** π_max − (1 − P_e) for the chosen fixed π_max; all zeros in the calibrated case (π_max = 1 − P_e). */
  cePart: Float64Array;
  /** cePart + lsTerm. */
  total: Float64Array;
  /** The fixed π_max, or null for the calibrated case. */
  pMax: number | null;
  /** P_e where the LS term crosses zero: (K − 1)/K. */
  zeroPe: number;
  /** The LS term at P_e = 0: α·(K − 1)/K. */
  lsTermAtZero: number;
}

/** E[∂L_LS/∂v_max] split into CE part and LS term on a P_e grid (science.md §2, third display). */
export function expectedGradientCurves(
  alpha: number,
  k: number,
  pMax: number | null = null,
  points = 101,
): ExpectedGradientCurves {
  const { pe, lsTerm } = expectedLsTermCurve(alpha, k, points);
  const cePart = new Float64Array(points);
  const total = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    // Calibrated case: π_max = 1 − P_e, so the CE part vanishes at every P_e.
    const g = expectedMaxLogitGradient(pMax ?? 1 - pe[i], pe[i], alpha, k);
    cePart[i] = pMax === null ? 0 : g.cePart;
    total[i] = cePart[i] + lsTerm[i];
  }
  return {
    alpha,
    k,
    pe,
    lsTerm,
    cePart,
    total,
    pMax,
    zeroPe: (k - 1) / k,
    lsTermAtZero: (alpha * (k - 1)) / k,
  };
}

// ---------------------------------------------------------------------------------------------
// 3b: the empirical, binned LS term.

export interface EmpiricalLsPoint {
  /** Bin edges on π_max (right-closed, as the reliability diagram). */
  lo: number;
  hi: number;
  count: number;
  meanPMax: number;
  /** P̂_e of the bin (x of the marker). */
  pe: number;
  /** α·(acc_bin − 1/K) (y of the marker). */
  lsTerm: number;
}

/** One marker per non-empty π_max bin: (P̂_e,bin, α(acc_bin − 1/K)), science.md §2 last bullet. */
export function empiricalLsTermPoints(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  alpha: number,
  bins = 15,
): EmpiricalLsPoint[] {
  if (n === 0) return [];
  return pointsOf(binnedLsTermEstimate(logits, labels, n, k, alpha, bins));
}

/** The same markers for a model's split, from its logits or (a loaded model) its per-sample scores. */
export function empiricalLsTermPointsOf(
  model: ModelView,
  split: Split,
  alpha: number,
  bins = 15,
): EmpiricalLsPoint[] {
  return cachedFor(model, `empirical:${split}:${alpha}:${bins}`, () =>
    computeEmpiricalLsTermPoints(model, split, alpha, bins),
  );
}

function computeEmpiricalLsTermPoints(
  model: ModelView,
  split: Split,
  alpha: number,
  bins: number,
): EmpiricalLsPoint[] {
  const s = splitSamples(model, split);
  if (!s) {
    const { logits, labels } = splitData(model, split);
    return empiricalLsTermPoints(logits, labels, labels.length, model.numClasses, alpha, bins);
  }
  if (s.n === 0) return [];
  return pointsOf(binnedLsTermEstimateFromSamples(s.pMax, sampleCorrect(s), s.k, alpha, bins));
}

function pointsOf(b: LsTermBins): EmpiricalLsPoint[] {
  const out: EmpiricalLsPoint[] = [];
  for (let i = 0; i < b.count.length; i++) {
    if (b.count[i] === 0) continue;
    out.push({
      lo: b.edges[i],
      hi: b.edges[i + 1],
      count: b.count[i],
      meanPMax: b.meanPMax[i],
      pe: b.errorRate[i],
      lsTerm: b.lsTermEstimate[i],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 3c: v_max given π_max, mean ± std in sliding windows.

/** Windows with fewer samples than this get no ± std band (the std of 2–4 values is noise). */
export const MIN_BAND_COUNT = 5;

export interface VMaxSeries {
  centres: Float64Array;
  count: Int32Array;
  mean: Float64Array;
  std: Float64Array;
  /** Window has at least one sample (mean drawn). */
  hasMean: Uint8Array;
  /** Window has at least MIN_BAND_COUNT samples (band drawn). */
  hasBand: Uint8Array;
}

export interface VMaxPanelData {
  correct: VMaxSeries;
  incorrect: VMaxSeries;
  nCorrect: number;
  nIncorrect: number;
  /** [min, max] of every drawn value (means, and mean ± std where banded); null if nothing is drawn. */
  extent: [number, number] | null;
}

export function vMaxPanelData(model: ModelView, split: Split, minBand = MIN_BAND_COUNT): VMaxPanelData {
  return cachedFor(model, `vmax:${split}:${minBand}`, () => computeVMaxPanelData(model, split, minBand));
}

function computeVMaxPanelData(model: ModelView, split: Split, minBand: number): VMaxPanelData {
  const { logits, labels } = splitData(model, split);
  const k = model.numClasses;
  const n = labels.length;
  const samples = splitSamples(model, split);
  const correctFlags = samples ? sampleCorrect(samples) : null;
  const w =
    samples && correctFlags
      ? vMaxGivenPMaxFromSamples(samples.pMax, samples.vMax, correctFlags)
      : vMaxGivenPMax(logits, labels, n, k);
  let lo = Infinity;
  let hi = -Infinity;
  const series = (s: typeof w.correct): VMaxSeries => {
    const m = s.count.length;
    const hasMean = new Uint8Array(m);
    const hasBand = new Uint8Array(m);
    for (let j = 0; j < m; j++) {
      if (s.count[j] < 1) continue;
      hasMean[j] = 1;
      lo = Math.min(lo, s.mean[j]);
      hi = Math.max(hi, s.mean[j]);
      if (s.count[j] >= minBand) {
        hasBand[j] = 1;
        lo = Math.min(lo, s.mean[j] - s.std[j]);
        hi = Math.max(hi, s.mean[j] + s.std[j]);
      }
    }
    return { centres: w.centres, count: s.count, mean: s.mean, std: s.std, hasMean, hasBand };
  };
  const correct = series(w.correct);
  const incorrect = series(w.incorrect);
  let nCorrect = 0;
  if (correctFlags) for (let i = 0; i < n; i++) nCorrect += correctFlags[i];
  else for (let i = 0; i < n; i++) nCorrect += labels[i] === argmaxRow(logits, i, k) ? 1 : 0;
  return { correct, incorrect, nCorrect, nIncorrect: n - nCorrect, extent: lo <= hi ? [lo, hi] : null };
}

function argmaxRow(logits: LogitArray, i: number, k: number): number {
  const off = i * k;
  let arg = 0;
  for (let j = 1; j < k; j++) if (logits[off + j] > logits[off + arg]) arg = j;
  return arg;
}

// ---------------------------------------------------------------------------------------------
// 3d: the LS term for correct vs incorrect samples over training.

export interface LsTermHistory {
  step: Float64Array;
  correct: Float64Array;
  incorrect: Float64Array;
  /**
   * Mean over all validation samples: valAcc·correct + (1 − valAcc)·incorrect, the two group means
   * weighted by their sizes.
   */
  overall: Float64Array;
}

export function lsTermHistory(history: readonly TrainingPoint[]): LsTermHistory {
  const m = history.length;
  const out: LsTermHistory = {
    step: new Float64Array(m),
    correct: new Float64Array(m),
    incorrect: new Float64Array(m),
    overall: new Float64Array(m),
  };
  history.forEach((h, i) => {
    out.step[i] = h.step;
    out.correct[i] = h.lsTermCorrect;
    out.incorrect[i] = h.lsTermIncorrect;
    const a = h.valAcc;
    // An empty group (NaN mean) has weight 0; only a NaN with positive weight makes the mean NaN.
    const c = a > 0 ? a * h.lsTermCorrect : 0;
    const e = a < 1 ? (1 - a) * h.lsTermIncorrect : 0;
    out.overall[i] = c + e;
  });
  return out;
}

/** [min, max] of the finite values of several arrays; null if none. */
export function finiteExtent(...arrays: ArrayLike<number>[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

// ---------------------------------------------------------------------------------------------
// The CSV exports of the three gradient charts: what each draws, one line per point.

export interface ExpectedGradientExport {
  curves: ExpectedGradientCurves;
  /** The LS term at the trained α, drawn when the slider has moved away from it. */
  trained: ExpectedGradientCurves | null;
  empirical: EmpiricalLsPoint[];
  /** α of the LS model whose samples the empirical bins come from. */
  empiricalAlpha: number | null;
}

/**
 * Theory curves (series expected-ls-term, expected-ce-part, expected-total when a fixed π_max is
 * chosen, trained-ls-term) on their P_e grid, then the LS model's bins (empirical-ls-term, with
 * count and π_max edges). fixed_pmax is empty in the calibrated case.
 */
export function expectedGradientTable(e: ExpectedGradientExport): ExportTable {
  const rows: ExportTable['rows'] = [];
  const c = e.curves;
  const curve = (series: string, alpha: number, values: Float64Array, pe: Float64Array): void => {
    for (let i = 0; i < pe.length; i++)
      rows.push([series, alpha, c.pMax, pe[i], values[i], null, null, null]);
  };
  curve('expected-ls-term', c.alpha, c.lsTerm, c.pe);
  curve('expected-ce-part', c.alpha, c.cePart, c.pe);
  if (c.pMax !== null) curve('expected-total', c.alpha, c.total, c.pe);
  if (e.trained)
    for (let i = 0; i < e.trained.pe.length; i++)
      rows.push([
        'trained-ls-term',
        e.trained.alpha,
        null,
        e.trained.pe[i],
        e.trained.lsTerm[i],
        null,
        null,
        null,
      ]);
  for (const p of e.empirical)
    rows.push(['empirical-ls-term', e.empiricalAlpha, null, p.pe, p.lsTerm, p.count, p.lo, p.hi]);
  return {
    columns: ['series', 'alpha', 'fixed_pmax', 'p_e', 'value', 'count', 'pmax_lo', 'pmax_hi'],
    rows,
  };
}

/** Every window with a drawn mean, per model and group; band_drawn says whether its ± std band is drawn. */
export function vMaxTable(
  panels: { role: ModelRole; alpha: number; data: VMaxPanelData | null }[],
): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const { role, alpha, data } of panels) {
    if (!data) continue;
    for (const group of ['correct', 'incorrect'] as const) {
      const s = data[group];
      for (let j = 0; j < s.centres.length; j++) {
        if (!s.hasMean[j]) continue;
        rows.push([role, alpha, group, s.centres[j], s.count[j], s.mean[j], s.std[j], s.hasBand[j] === 1]);
      }
    }
  }
  return {
    columns: ['model', 'alpha', 'group', 'pmax_centre', 'count', 'mean_vmax', 'std_vmax', 'band_drawn'],
    rows,
  };
}

/** The LS model's history of the mean expected LS term, one line per checkpoint. */
export function lsTermHistoryTable(h: LsTermHistory, alpha: number): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (let i = 0; i < h.step.length; i++)
    rows.push([h.step[i], alpha, h.correct[i], h.incorrect[i], h.overall[i]]);
  return { columns: ['step', 'alpha', 'ls_term_correct', 'ls_term_incorrect', 'ls_term_overall'], rows };
}

// ---------------------------------------------------------------------------------------------
// The specs of the three gradient charts (see specs.ts).

/** Number of classes the pair's charts use (from either model, else from its class names). */
export function pairClasses(pair: PairView): number {
  return pair.ls?.numClasses ?? pair.ce?.numClasses ?? pair.classNames.length;
}

export interface ExpectedGradientInput {
  pair: PairView;
  /** The α slider's current value: the theory curve follows it instantly (no retraining needed). */
  alpha: number;
}

export interface ExpectedGradientOptions {
  /** Split the LS model's empirical bins are computed on. */
  split: Split;
  /** π_max bins of the empirical markers. */
  bins: number;
  /** The CE part: null = calibrated (0), a number = that fixed π_max. */
  fixedPMax: number | null;
}

export interface ExpectedGradientData extends ExpectedGradientExport {
  k: number;
}

/** Expected gradient: the theory for the slider's α, the LS model's test bins in 15 π_max bins. */
export const expectedGradientSpec: ChartSpec<
  ExpectedGradientInput,
  ExpectedGradientOptions,
  ExpectedGradientData
> = {
  id: 'expected-gradient',
  initial: () => ({ split: 'test', bins: 15, fixedPMax: null }),
  build: ({ pair, alpha }, o) => {
    const k = pairClasses(pair);
    if (k < 2) return null;
    const ls = pair.ls;
    const empirical = ls && ls.alpha !== 0 ? empiricalLsTermPointsOf(ls, o.split, ls.alpha, o.bins) : [];
    // If the slider has moved since the LS model was trained, the markers sit on the trained α's line.
    const trained =
      ls && ls.alpha !== alpha && empirical.length > 0 ? expectedGradientCurves(ls.alpha, k) : null;
    return {
      k,
      curves: expectedGradientCurves(alpha, k, o.fixedPMax),
      trained,
      empirical,
      empiricalAlpha: ls ? ls.alpha : null,
    };
  },
  table: (data) => expectedGradientTable(data),
};

export interface VMaxPanel {
  role: ModelRole;
  model: ModelView | null;
  alpha: number;
  /** Null without the model or without samples in the split. */
  data: VMaxPanelData | null;
}

export interface VMaxData {
  k: number;
  ce: VMaxPanel;
  ls: VMaxPanel;
}

function hasRows(m: ModelView, split: Split): boolean {
  return (split === 'val' ? m.valLabels : m.testLabels).length > 0;
}

/** v_max given π_max: CE and LS panels on the test split (as the official code's plot). */
export const vMaxSpec: ChartSpec<PairView, { split: Split }, VMaxData> = {
  id: 'vmax-given-pmax',
  initial: () => ({ split: 'test' }),
  build: (pair, { split }) => {
    const panel = (role: ModelRole, model: ModelView | null): VMaxPanel => ({
      role,
      model,
      alpha: model?.alpha ?? 0,
      data: model && hasRows(model, split) ? vMaxPanelData(model, split) : null,
    });
    const ce = panel('ce', pair.ce);
    const ls = panel('ls', pair.ls);
    return ce.data || ls.data ? { k: pair.ls?.numClasses ?? pair.ce?.numClasses ?? 2, ce, ls } : null;
  },
  table: (data) => vMaxTable([data.ce, data.ls]),
};

export interface LsTermData {
  history: LsTermHistory;
  alpha: number;
  k: number;
  /** The LS model's planned steps: the x axis spans them while it trains. */
  totalSteps: number;
}

/** LS term over training: the LS model's checkpoints. */
export const lsTermSpec: ChartSpec<PairView, null, LsTermData> = {
  id: 'ls-term-training',
  initial: () => null,
  build: ({ ls }) =>
    ls && ls.history.length > 0
      ? { history: lsTermHistory(ls.history), alpha: ls.alpha, k: ls.numClasses, totalSteps: ls.totalSteps }
      : null,
  table: (data) => lsTermHistoryTable(data.history, data.alpha),
};
