/**
 * The scale-invariance scatter (science.md §4, "what makes that visible"): every test sample of one
 * model at (‖u‖_p, u_max). MaxLogit-pNorm s = u_max / ‖u‖_p is the slope of the ray from the
 * origin through a dot, so a threshold on it is a ray and the samples it keeps are the wedge above;
 * MSP's kept samples are not a region of this plane (softmax depends on the scale as well as the
 * direction), so they are marked dot by dot.
 */
import { cachedFor } from '../model/viewCache';
import { topAtCoverage, type CoverageCut } from '../analysis/scaleInvariance';
import { maxAndPNorm } from '../analysis/scores';
import { tieKey } from '../analysis/rankAgreement';
import { median } from '../analysis/quantile';
import type { SampleScores } from '../analysis/sampleScores';
import { shortName } from '../model/format';
import type { ModelRole, ModelView, PairView } from '../model/views';
import { modelScores } from './modelScores';
import { pictureP, precomputedP, testPNorm, type PChoice } from './normalisation';
import type { ChartSpec } from './chartSpec';
import type { ExportTable } from './table';

/** Coverages whose pNorm thresholds are drawn as rays; MSP's set is shown at the first. */
export const RAY_COVERAGES = [0.2, 0.5] as const;

export interface ScatterOptions {
  role: ModelRole;
  /** Mark the samples MSP keeps at RAY_COVERAGES[0]. */
  showMsp: boolean;
}

/** How the two kept sets at one coverage differ: who only one score keeps, and how often it is wrong. */
export interface SetSwap {
  coverage: number;
  kept: number;
  both: number;
  onlyMsp: number;
  onlyMspErrors: number;
  onlyPNorm: number;
  onlyPNormErrors: number;
  mspErrors: number;
  pNormErrors: number;
  /** Median ‖u‖_p of the samples only MSP keeps, and of those only pNorm keeps (NaN when none). */
  onlyMspMedianNorm: number;
  onlyPNormMedianNorm: number;
}

export interface ScatterReady {
  kind: 'ready';
  role: ModelRole;
  name: string;
  p: PChoice;
  centred: boolean;
  n: number;
  /** x = ‖u‖_p, y = u_max; NaN where a dot cannot be placed (u all zero). */
  norm: Float64Array;
  uMax: Float64Array;
  score: Float64Array;
  errors: Uint8Array;
  /** The pNorm cuts (rays), one per RAY_COVERAGES entry. */
  rays: CoverageCut[];
  /** MSP's kept set at RAY_COVERAGES[0]. */
  msp: CoverageCut;
  swap: SetSwap;
  /** How many samples share the highest score (a tied block at the top). */
  topTies: number;
  /** Samples without a dot (u all zero). */
  undrawn: number;
  extent: { xMax: number; yMin: number; yMax: number };
}

export interface ScatterUnavailable {
  kind: 'unavailable';
  role: ModelRole;
  name: string;
  reason: string;
}

export type ScatterData = ScatterReady | ScatterUnavailable;

/** A loaded model's u_max: the centred max logit its scores carry, or v_max when not centring. */
function loadedUMax(s: SampleScores, centred: boolean): Float64Array {
  return centred ? s.uMax : s.vMax;
}

function placed(model: ModelView, p: number): { uMax: Float64Array; norm: Float64Array } | string {
  const s = model.samples?.test;
  if (!s) {
    const n = model.testLabels.length;
    return maxAndPNorm(model.testLogits, n, model.numClasses, p, model.centred);
  }
  if (!precomputedP(p)) return `Scores of loaded files exist for p = 1…10 only, not p = ${p}.`;
  const uMax = loadedUMax(s, model.centred);
  // ‖u‖_p = u_max / s (s = MaxLogit-pNorm); a sample with s = 0 has u all zero: no dot.
  const score = testPNorm(model, p)!;
  const norm = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) norm[i] = score[i] === 0 ? NaN : uMax[i] / score[i];
  return { uMax, norm };
}

function swapOf(pn: CoverageCut, msp: CoverageCut, errors: Uint8Array, norm: Float64Array): SetSwap {
  const mspNorms: number[] = [];
  const pNormNorms: number[] = [];
  const out: SetSwap = {
    coverage: pn.coverage,
    kept: pn.kept,
    both: 0,
    onlyMsp: 0,
    onlyMspErrors: 0,
    onlyPNorm: 0,
    onlyPNormErrors: 0,
    mspErrors: 0,
    pNormErrors: 0,
    onlyMspMedianNorm: NaN,
    onlyPNormMedianNorm: NaN,
  };
  for (let i = 0; i < errors.length; i++) {
    const a = pn.inSet[i];
    const b = msp.inSet[i];
    const e = errors[i];
    out.mspErrors += b * e;
    out.pNormErrors += a * e;
    if (a && b) out.both++;
    else if (b) {
      out.onlyMsp++;
      out.onlyMspErrors += e;
      if (norm[i] === norm[i]) mspNorms.push(norm[i]);
    } else if (a) {
      out.onlyPNorm++;
      out.onlyPNormErrors += e;
      if (norm[i] === norm[i]) pNormNorms.push(norm[i]);
    }
  }
  out.onlyMspMedianNorm = median(mspNorms);
  out.onlyPNormMedianNorm = median(pNormNorms);
  return out;
}

function scatterOf(model: ModelView): ScatterData | null {
  const scores = modelScores(model);
  if (!scores) return null;
  const p = pictureP(model);
  const name = shortName(model);
  const where = placed(model, p.p);
  if (typeof where === 'string') return { kind: 'unavailable', role: model.role, name, reason: where };
  const score = testPNorm(model, p.p);
  if (!score) return null;
  const { uMax, norm } = where;
  let xMax = 0;
  let yMin = 0;
  let yMax = 0;
  let undrawn = 0;
  for (let i = 0; i < scores.n; i++) {
    if (!(norm[i] > 0) || !Number.isFinite(uMax[i])) {
      norm[i] = NaN;
      undrawn++;
      continue;
    }
    xMax = Math.max(xMax, norm[i]);
    yMin = Math.min(yMin, uMax[i]);
    yMax = Math.max(yMax, uMax[i]);
  }
  const rays = RAY_COVERAGES.map((c) => topAtCoverage(score, c));
  const msp = topAtCoverage(scores.logMsp, RAY_COVERAGES[0]);
  let best = -Infinity;
  for (let i = 0; i < score.length; i++) best = Math.max(best, tieKey(score[i]));
  let topTies = 0;
  for (let i = 0; i < score.length; i++) if (tieKey(score[i]) === best) topTies++;
  return {
    kind: 'ready',
    role: model.role,
    name,
    p,
    centred: model.centred,
    n: scores.n,
    norm,
    uMax,
    score,
    errors: scores.errors,
    rays,
    msp,
    swap: swapOf(rays[0], msp, scores.errors, norm),
    topTies,
    undrawn,
    extent: { xMax, yMin, yMax },
  };
}

/** The scatter of one model (cached on its view). */
export function scatterData(model: ModelView): ScatterData | null {
  return cachedFor(model, `norm-scatter:${model.p}:${model.centred}`, () => scatterOf(model));
}

/** One row per test sample: where its dot is, its scores, and which kept sets it belongs to. */
export function scatterTable(d: ScatterReady): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (let i = 0; i < d.n; i++) {
    rows.push([
      i,
      d.role,
      d.p.p,
      d.centred,
      d.norm[i],
      d.uMax[i],
      d.score[i],
      d.errors[i] === 0,
      d.rays[0].inSet[i] === 1,
      d.rays[1].inSet[i] === 1,
      d.msp.inSet[i] === 1,
    ]);
  }
  const c = RAY_COVERAGES.map((v) => Math.round(v * 100));
  return {
    columns: [
      'sample',
      'model',
      'p',
      'centred',
      'norm_p',
      'u_max',
      'pnorm_score',
      'correct',
      `pnorm_top_${c[0]}pct`,
      `pnorm_top_${c[1]}pct`,
      `msp_top_${c[0]}pct`,
    ],
    rows,
  };
}

export const scaleInvarianceSpec: ChartSpec<PairView, ScatterOptions, ScatterData> = {
  id: 'scale-invariance',
  initial: (pair) => ({ role: pair.ls ? 'ls' : 'ce', showMsp: true }),
  build: (pair, o) => {
    const model = o.role === 'ls' ? pair.ls : pair.ce;
    return model ? scatterData(model) : null;
  },
  table: (d) =>
    d.kind === 'ready' ? scatterTable(d) : { columns: ['model', 'unavailable'], rows: [[d.role, d.reason]] },
};

// ---------------------------------------------------------------------------------------------
// Geometry of an iso-score ray in the plot's data box [0, xMax] × [yMin, yMax] (yMin ≤ 0 < yMax).

export interface Box {
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Where the ray y = t·x (x ≥ 0) from the origin leaves the box. */
export function rayEnd(t: number, b: Box): [number, number] {
  let x = b.xMax;
  if (t * x > b.yMax) x = b.yMax / t;
  else if (t * x < b.yMin) x = b.yMin / t;
  return [x, t * x];
}

/**
 * The part of the box on or above the ray, y ≥ t·x: the samples a threshold t on MaxLogit-pNorm
 * keeps (those with a dot there), as a polygon (clockwise from the origin; empty if none).
 */
export function wedge(t: number, b: Box): [number, number][] {
  const corners: [number, number][] = [
    [0, b.yMin],
    [0, b.yMax],
    [b.xMax, b.yMax],
    [b.xMax, b.yMin],
  ];
  const side = ([x, y]: [number, number]) => y - t * x;
  const out: [number, number][] = [];
  // Sutherland–Hodgman against the one half-plane y − t·x ≥ 0.
  for (let i = 0; i < corners.length; i++) {
    const a = corners[i];
    const c = corners[(i + 1) % corners.length];
    const sa = side(a);
    const sc = side(c);
    if (sa >= 0) out.push(a);
    if (sa >= 0 !== sc >= 0) {
      const f = sa / (sa - sc);
      out.push([a[0] + f * (c[0] - a[0]), a[1] + f * (c[1] - a[1])]);
    }
  }
  return out;
}
