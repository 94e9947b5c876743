/**
 * Data for the risk–coverage chart (science.md §3): the full RC curves of CE and LS, ranked by MSP
 * and by MaxLogit-pNorm (§4), their AURC on the full curve, the oracle curves, a shape-keeping
 * downsampling for drawing, and the hover read-out. Pure: testable in Node.
 */
import { cachedFor } from '../model/viewCache';
import {
  aurcFromOrder,
  oracleAurc,
  riskCoverageFromOrder,
  tieAware,
  tiedBlocks,
  type RiskCoverageCurve,
} from '../analysis';
import type { ModelView, PairView } from '../model/views';
import type { ExportTable } from './table';
import { errorAurcPair, formatPMaxFromLog, pct } from '../model/format';
import { modelScores } from './modelScores';
import { COLORS, DASH } from './palette';
import { shortName } from '../model/format';
import type { ChartSpec } from './chartSpec';
import type { ModelRole } from '../model/views';

export type RcSeriesId = 'ce-msp' | 'ls-msp' | 'ce-pnorm' | 'ls-pnorm';
export type RcScore = 'msp' | 'pNorm';
export const RC_SERIES_IDS: readonly RcSeriesId[] = ['ce-msp', 'ls-msp', 'ce-pnorm', 'ls-pnorm'];

export interface RcSeries {
  id: RcSeriesId;
  role: ModelRole;
  alpha: number;
  score: RcScore;
  /** Short name, e.g. "LS α=0.2 · MSP". */
  name: string;
  /** Legend text with the paper's "(%error, %AURC)", e.g. "CE · MSP (14.4, 3.34)". */
  legend: string;
  color: string;
  dash: string | undefined;
  /** A normalised series whose model has p = null: it ranks by MSP (Cattelan & Silva's fallback). */
  fallback: boolean;
  p: number | null;
  n: number;
  error: number;
  /** AURC of the full curve (all N + 1 points), by src/analysis. */
  aurc: number;
  /**
   * The full tie-aware curve: N + 1 points, thresholds = the score of the last accepted sample (log
   * π_max for MSP; a tied block's one score inside it). Inside a tied block the cumulative error count
   * grows by m/b per sample: the expectation over the block's orders (science.md §3).
   */
  curve: RiskCoverageCurve;
  /** Blocks of ≥ 2 tied scores, in rank order: curve indices from..to (coverage from/N to to/N). */
  ties: RcTie[];
  /** Samples in the largest tied block (1 = no ties). */
  largestTie: number;
}

export interface RcTie {
  /** Curve index where the block starts (samples accepted before it) and ends (after it). */
  from: number;
  to: number;
  size: number;
  /** Errors among the block's samples. */
  errors: number;
  /** The block's score (log π_max for MSP). */
  score: number;
}

export interface RcOracle {
  id: 'oracle-ce' | 'oracle-ls';
  role: ModelRole;
  alpha: number;
  /** e.g. "Oracle · CE". */
  name: string;
  /** name and %AURC, e.g. "Oracle · CE (0.95)". */
  legend: string;
  n: number;
  aurc: number;
  /** Perfect ranking (all correct predictions first): risk max(0, m − n_correct)/m at coverage m/N. */
  coverage: Float64Array;
  risk: Float64Array;
}

export interface RcData {
  series: RcSeries[];
  oracles: RcOracle[];
}

function oracleCurve(errors: Uint8Array): { coverage: Float64Array; risk: Float64Array } {
  const n = errors.length;
  let nCorrect = 0;
  for (let i = 0; i < n; i++) if (!errors[i]) nCorrect++;
  const coverage = new Float64Array(n + 1);
  const risk = new Float64Array(n + 1);
  for (let m = 1; m <= n; m++) {
    coverage[m] = m / n;
    risk[m] = m > nCorrect ? (m - nCorrect) / m : 0;
  }
  return { coverage, risk };
}

function seriesOf(model: ModelView, score: RcScore): RcSeries | null {
  return cachedFor(model, `rc-series:${score}`, () => computeSeries(model, score));
}

/**
 * The view a model's normalised curve is evaluated on: a loaded file whose p was chosen on a
 * held-out half of its test samples is evaluated on the other half (ModelView.samples.pNormOn),
 * every other model on its whole test split. Cached, so its scores are computed once.
 */
export function pNormView(model: ModelView): ModelView {
  const half = model.samples?.pNormOn;
  if (!half || !model.samples) return model;
  const samples = model.samples;
  return cachedFor(model, 'rc-pnorm-view', () => ({
    ...model,
    testLabels: half.labels,
    samples: { test: half, val: samples.val },
  }));
}

function computeSeries(model: ModelView, score: RcScore): RcSeries | null {
  const half = score === 'pNorm' && pNormView(model) !== model;
  const s = modelScores(score === 'pNorm' ? pNormView(model) : model);
  if (!s) return null;
  const fallback = score === 'pNorm' && s.pNorm === null;
  const values = score === 'msp' || s.pNorm === null ? s.logMsp : s.pNorm;
  const t = tieAware(values, s.errors);
  const aurc = aurcFromOrder(t.identity, t.errors);
  const who = shortName(model);
  const on = half ? ` (evaluation half, ${s.n.toLocaleString('en-US')} samples)` : '';
  const what = (score === 'msp' ? 'MSP' : fallback ? 'pNorm (MSP fallback)' : `pNorm p=${model.p}`) + on;
  const name = `${who} · ${what}`;
  return {
    id: `${model.role}-${score === 'msp' ? 'msp' : 'pnorm'}`,
    role: model.role,
    alpha: model.alpha,
    score,
    name,
    legend: `${name} ${errorAurcPair(s.error, aurc)}`,
    color: COLORS[model.role],
    dash: score === 'msp' ? DASH.msp : DASH.pNorm,
    fallback,
    p: model.p,
    n: s.n,
    error: s.error,
    aurc,
    curve: riskCoverageFromOrder(t.identity, t.errors, t.scores),
    ties: tiedBlocks(t.ranking, s.errors, values),
    largestTie: t.ranking.largest,
  };
}

/** A tied block is said out loud when it holds at least this fraction of the samples. */
export const TIE_NOTE_SHARE = 0.02;

/** Most tied blocks marked per curve (the largest ones): enough for any real tie pattern, a bounded SVG. */
export const MAX_TIE_MARKS = 40;

/** The tied blocks a curve marks: its largest MAX_TIE_MARKS blocks, in rank order. */
export function tieMarks(s: RcSeries): RcTie[] {
  if (s.ties.length <= MAX_TIE_MARKS) return s.ties;
  const keep = new Set(
    [...s.ties].sort((a, b) => b.size - a.size || a.from - b.from).slice(0, MAX_TIE_MARKS),
  );
  return s.ties.filter((t) => keep.has(t));
}

const coverageText = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Hover text of a tied block's mark. */
export function tieTitle(s: RcSeries, t: RcTie): string {
  const usesMsp = s.score === 'msp' || s.fallback;
  const score = usesMsp ? `π_max = ${formatPMaxFromLog(t.score)}` : `s = ${t.score.toPrecision(6)}`;
  return `${s.name}: ${t.size.toLocaleString('en-US')} samples tie (${score}, ${t.errors.toLocaleString('en-US')} errors), coverage ${coverageText(t.from / s.n)}–${coverageText(t.to / s.n)}; the curve and its metrics average over their orders.`;
}

/**
 * Sentences about large ties (science.md §3): for each normalised curve whose largest tied block
 * holds ≥ TIE_NOTE_SHARE of the samples, how many samples share one score, the coverage they span,
 * and — for p = 1 at exactly ½ — why: centred MaxLogit-pNorm with p = 1 is u_max / ‖u‖₁, and when
 * the centred logits have a single positive entry, Σ u = 0 gives ‖u‖₁ = 2·u_max. Empty otherwise.
 */
export function tieNotes(data: RcData): string[] {
  const out: string[] = [];
  for (const s of data.series) {
    if (s.score !== 'pNorm' || s.fallback || !s.ties.length || s.largestTie < TIE_NOTE_SHARE * s.n) continue;
    const t = s.ties.reduce((a, b) => (b.size > a.size ? b : a));
    const share = `${t.size.toLocaleString('en-US')} of its ${s.n.toLocaleString('en-US')} test samples (${coverageText(t.size / s.n)})`;
    const span = `coverage ${coverageText(t.from / s.n)} to ${coverageText(t.to / s.n)}`;
    const half = s.p === 1 && Math.abs(t.score - 0.5) < 1e-9;
    const why = half
      ? ' With p = 1, centred MaxLogit-pNorm equals exactly ½ whenever the centred logits have a single positive entry (they sum to 0, so ‖u‖₁ = 2·u_max): every such confident prediction gets the same score, and the ranking cannot order them.'
      : '';
    out.push(
      `${s.name}: ${share} share one score, s = ${t.score.toPrecision(6)}, and form a tied block over ${span}.${why} The curve runs straight through the block and every metric averages over the orders within it (${t.errors.toLocaleString('en-US')} of the tied samples are errors).`,
    );
  }
  return out;
}

/** All curves of the pair (MSP and normalised for each model present); null when no model has test data. */
export function buildRiskCoverage(pair: PairView): RcData | null {
  const series: RcSeries[] = [];
  const oracles: RcOracle[] = [];
  for (const score of ['msp', 'pNorm'] as const) {
    for (const m of [pair.ce, pair.ls]) {
      const s = m ? seriesOf(m, score) : null;
      if (s) series.push(s);
    }
  }
  for (const m of [pair.ce, pair.ls]) {
    const s = modelScores(m);
    if (!m || !s) continue;
    const { aurc, curve } = cachedFor(m, 'rc-oracle', () => ({
      aurc: oracleAurc(s.errors),
      curve: oracleCurve(s.errors),
    }));
    const name = `Oracle · ${shortName(m)}`;
    oracles.push({
      id: m.role === 'ce' ? 'oracle-ce' : 'oracle-ls',
      role: m.role,
      alpha: m.alpha,
      name,
      legend: `${name} (${pct(aurc, 2)})`,
      n: s.n,
      aurc,
      ...curve,
    });
  }
  return series.length ? { series, oracles } : null;
}

/**
 * Indices of the points to draw among 0..last: the first `head` + 1 points exactly (low coverage,
 * where the curve is jagged and the LS penalty sits), then log-spaced indices (|R_{n+1} − R_n| ≤
 * 1/(n+1), so geometric spacing bounds the change hidden between two drawn points), plus evenly
 * spaced ones (even x spacing at high coverage), and always `last`. At most `maxPoints` indices,
 * ascending.
 */
export function drawIndices(last: number, maxPoints = 600, head = 50): Int32Array {
  maxPoints = Math.max(3, maxPoints);
  if (last + 1 <= maxPoints) return Int32Array.from({ length: last + 1 }, (_, i) => i);
  const keep = new Uint8Array(last + 1);
  const h = Math.min(head, maxPoints - 2);
  for (let i = 0; i <= h; i++) keep[i] = 1;
  keep[last] = 1;
  const budget = maxPoints - h - 2;
  const geo = Math.floor(budget / 2);
  const even = budget - geo;
  const from = Math.max(h, 1);
  const ratio = Math.log(last / from);
  for (let j = 1; j <= geo; j++) keep[Math.min(last, Math.round(from * Math.exp((ratio * j) / geo)))] = 1;
  for (let j = 1; j <= even; j++) keep[Math.min(last, h + Math.round(((last - h) * j) / (even + 1)))] = 1;
  const out: number[] = [];
  for (let i = 0; i <= last; i++) if (keep[i]) out.push(i);
  return Int32Array.from(out);
}

/** Last curve index needed to draw up to coverage xMax (one past it, so the line reaches the edge). */
export function lastIndexFor(n: number, xMax: number): number {
  return xMax >= 1 ? n : Math.min(n, Math.ceil(xMax * n) + 1);
}

/**
 * Largest risk among the given curves at coverage in [xMax/20, xMax]: the y extent. The first
 * twentieth of the visible range is left out because a handful of accepted samples make the risk
 * jump (R_1 is 0 or 1); those points are still drawn, clipped at the top.
 */
export function riskExtent(curves: { coverage: Float64Array; risk: Float64Array }[], xMax: number): number {
  let hi = 0;
  for (const c of curves) {
    for (let i = 1; i < c.coverage.length; i++) {
      const x = c.coverage[i];
      if (x > xMax) break;
      if (x >= xMax / 20 && c.risk[i] > hi) hi = c.risk[i];
    }
  }
  return hi;
}

export interface ReadoutRow {
  id: string;
  name: string;
  coverage: number;
  risk: number;
  /** The threshold as text: π_max (MSP) or s (pNorm) of the last accepted sample; "" for an oracle. */
  threshold: string;
}

/** The point nearest to `coverage` on each curve: coverage m/N, risk R_m, threshold of sample m. */
export function readoutAt(series: RcSeries[], oracles: RcOracle[], coverage: number): ReadoutRow[] {
  const rows: ReadoutRow[] = [];
  const c = Math.min(1, Math.max(0, coverage));
  for (const s of series) {
    const m = Math.round(c * s.n);
    const t = s.curve.thresholds[m];
    const usesMsp = s.score === 'msp' || s.fallback;
    const threshold =
      m === 0 ? '+∞ (accepts none)' : usesMsp ? `π_max ≥ ${formatPMaxFromLog(t)}` : `s ≥ ${t.toFixed(4)}`;
    rows.push({ id: s.id, name: s.name, coverage: s.curve.coverage[m], risk: s.curve.risk[m], threshold });
  }
  for (const o of oracles) {
    const m = Math.round(c * o.n);
    rows.push({ id: o.id, name: o.name, coverage: o.coverage[m], risk: o.risk[m], threshold: '' });
  }
  return rows;
}

/**
 * The curves shown, as the CSV export: every point of each full curve (N + 1 points from (0, 0), not
 * the drawn subset; the zoom only changes the view). `p` is the normalised score's p (empty for MSP
 * and for an MSP fallback); fractions, not percent.
 */
export function riskCoverageTable(data: RcData, shown: (id: RcSeriesId | 'oracle') => boolean): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const s of data.series) {
    if (!shown(s.id)) continue;
    const p = s.score === 'pNorm' && !s.fallback ? s.p : null;
    const score = s.score === 'msp' ? 'msp' : 'pnorm';
    for (let i = 0; i < s.curve.coverage.length; i++)
      rows.push([s.id, s.role, s.alpha, score, p, s.fallback, s.curve.coverage[i], s.curve.risk[i]]);
  }
  if (shown('oracle')) {
    for (const o of data.oracles)
      for (let i = 0; i < o.coverage.length; i++)
        rows.push([o.id, o.role, o.alpha, 'oracle', null, false, o.coverage[i], o.risk[i]]);
  }
  return {
    columns: ['series', 'model', 'alpha', 'score', 'p', 'msp_fallback', 'coverage', 'selective_risk'],
    rows,
  };
}

/** A curve toggle: one of the four series, or both oracles together. */
export type RcToggleId = RcSeriesId | 'oracle';

/** Coverage shown when zoomed on low coverage. */
export const RC_ZOOM_MAX = 0.3;

export interface RcOptions {
  shown: Record<RcToggleId, boolean>;
  /** Zoomed on low coverage: x in [0, RC_ZOOM_MAX]. */
  zoom: boolean;
  /** Most points drawn per curve (the legend's AURC always uses the full curve). */
  maxPoints: number;
}

/** Risk–coverage: every curve, the normalised ones shown when the pair is normalised. */
export const riskCoverageSpec: ChartSpec<PairView, RcOptions, RcData> = {
  id: 'risk-coverage',
  initial: (pair) => ({
    shown: {
      'ce-msp': true,
      'ls-msp': true,
      'ce-pnorm': pair.normalise,
      'ls-pnorm': pair.normalise,
      oracle: true,
    },
    zoom: false,
    maxPoints: 600,
  }),
  build: (pair) => buildRiskCoverage(pair),
  table: (data, o) => riskCoverageTable(data, (id) => o.shown[id]),
};

export interface RcDrawn<T> {
  curve: T;
  /** Indices of the points drawn (drawIndices up to the visible coverage). */
  indices: Int32Array;
}

/** What the chart draws for the options: the shown curves, their drawn points and the axes' domains. */
export interface RcPlot {
  /** Visible coverage, as a fraction: 1, or RC_ZOOM_MAX when zoomed. */
  xMax: number;
  /** y domain in percent (before nicing): the largest visible risk plus 5%, at least 0.5%. */
  yMax: number;
  series: RcDrawn<RcSeries>[];
  oracles: RcDrawn<RcOracle>[];
}

export function riskCoveragePlot(data: RcData, o: RcOptions): RcPlot {
  const xMax = o.zoom ? RC_ZOOM_MAX : 1;
  const series = data.series.filter((s) => o.shown[s.id]);
  const oracles = o.shown.oracle ? data.oracles : [];
  const yMax = Math.max(0.5, riskExtent([...series.map((s) => s.curve), ...oracles], xMax) * 100 * 1.05);
  const drawn = <T extends { n: number }>(curve: T): RcDrawn<T> => ({
    curve,
    indices: drawIndices(lastIndexFor(curve.n, xMax), o.maxPoints),
  });
  return { xMax, yMax, series: series.map(drawn), oracles: oracles.map(drawn) };
}
