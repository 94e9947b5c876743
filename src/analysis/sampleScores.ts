/**
 * Per-sample quantities of one split from which every selective-classification metric and chart of
 * the explorer can be computed without keeping the logits: prediction, log π_max (ranking form of
 * MSP), π_max, v_max, the centred max logit u_max and MaxLogit-pNorm for every p of the validation
 * grid, centred and not.
 *
 * Why: a logits file of ImageNet size (50,000 × 1,000) is read in a worker, row chunk by row chunk;
 * only these 25 numbers per sample travel to the page. `scoreRowsInto` computes them with the SAME
 * float64 arithmetic, in the same order, as the analysis functions (predictions, mspLog,
 * maxLogitGradient, maxLogitPNorm), so every number equals what those give on the full logits —
 * test/analysis/sampleScores.test.ts checks bit-for-bit equality.
 */
import { errorsOf } from './riskCoverage';
import { centredExtremes } from './scores';
import { checkLabels, checkLogitShape, type ErrorFlags, type LabelArray, type LogitArray } from './types';

/** The p grid of the validation search (science.md §4), for which MaxLogit-pNorm is precomputed. */
export const SAMPLE_P_MAX = 10;

export interface SampleScores {
  n: number;
  k: number;
  labels: Int32Array;
  /** ŷ = argmax, first index on ties (as `predictions`). */
  preds: Int32Array;
  /** log π_max as `mspLog` (ranks without float ties). */
  logMsp: Float64Array;
  /** π_max = 1/Z as `maxLogitGradient` computes it (the π_max of the v_max and LS-term plots). */
  pMax: Float64Array;
  vMax: Float64Array;
  /**
   * u_max = max_k (v_k − mean_k v), the centred max logit, as centredExtremes computes it for
   * MaxLogit-pNorm (the CE-twin shrink ratio of science.md §2.6 divides two of these).
   */
  uMax: Float64Array;
  /** pNormCentred[p − 1] = maxLogitPNorm(…, p, true), p = 1..SAMPLE_P_MAX. */
  pNormCentred: Float64Array[];
  /** pNormRaw[p − 1] = maxLogitPNorm(…, p, false). */
  pNormRaw: Float64Array[];
}

/** Empty arrays for n samples of k classes (labels to be filled by the caller). */
export function allocSampleScores(n: number, k: number): SampleScores {
  const many = () => Array.from({ length: SAMPLE_P_MAX }, () => new Float64Array(n));
  return {
    n,
    k,
    labels: new Int32Array(n),
    preds: new Int32Array(n),
    logMsp: new Float64Array(n),
    pMax: new Float64Array(n),
    vMax: new Float64Array(n),
    uMax: new Float64Array(n),
    pNormCentred: many(),
    pNormRaw: many(),
  };
}

/** Every typed array of `s`, e.g. to transfer them to another thread. */
export function sampleBuffers(s: SampleScores): ArrayBuffer[] {
  const arrays = [s.labels, s.preds, s.logMsp, s.pMax, s.vMax, s.uMax, ...s.pNormCentred, ...s.pNormRaw];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** MaxLogit-pNorm of every sample for an integer p in 1..SAMPLE_P_MAX. */
export function pNormOf(s: SampleScores, p: number, centred: boolean): Float64Array {
  if (!Number.isInteger(p) || p < 1 || p > SAMPLE_P_MAX) {
    throw new RangeError(`precomputed MaxLogit-pNorm exists for p = 1..${SAMPLE_P_MAX}, got ${p}`);
  }
  return (centred ? s.pNormCentred : s.pNormRaw)[p - 1];
}

/** e_i = 1[ŷ_i ≠ y_i]. */
export function sampleErrors(s: SampleScores): ErrorFlags {
  return errorsOf(s.preds, s.labels);
}

/** c_i = 1[ŷ_i = y_i]. */
export function sampleCorrect(s: SampleScores): Uint8Array {
  const out = new Uint8Array(s.n);
  for (let i = 0; i < s.n; i++) out[i] = s.preds[i] === s.labels[i] ? 1 : 0;
  return out;
}

/** The samples at `indices`, in that order. */
export function subsetSamples(s: SampleScores, indices: ArrayLike<number>): SampleScores {
  const m = indices.length;
  const out = allocSampleScores(m, s.k);
  for (let i = 0; i < m; i++) {
    out.labels[i] = s.labels[indices[i]];
    out.preds[i] = s.preds[indices[i]];
  }
  const floats: [Float64Array, Float64Array][] = [
    [s.logMsp, out.logMsp],
    [s.pMax, out.pMax],
    [s.vMax, out.vMax],
    [s.uMax, out.uMax],
  ];
  for (let q = 0; q < SAMPLE_P_MAX; q++) {
    floats.push([s.pNormCentred[q], out.pNormCentred[q]], [s.pNormRaw[q], out.pNormRaw[q]]);
  }
  for (const [from, to] of floats) pickFloats(from, to, indices);
  return out;
}

/** One monomorphic gather loop (a shared one over Int32 and Float64 arrays runs several times slower). */
function pickFloats(from: Float64Array, to: Float64Array, indices: ArrayLike<number>): void {
  for (let i = 0; i < to.length; i++) to[i] = from[indices[i]];
}

/**
 * Fills samples `at .. at + rows − 1` of `out` from `rows` logit rows (row-major, `rows × out.k`).
 * Returns the index (0-based, within this chunk) of the first row holding a non-finite logit, or −1;
 * rows after it are not computed. Labels are not touched. `scratch` must hold at least k numbers.
 */
export function scoreRowsInto(
  logits: LogitArray,
  rows: number,
  out: SampleScores,
  at: number,
  scratch: Float64Array = new Float64Array(out.k),
): number {
  const k = out.k;
  const rowScratch = { extremes: new Float64Array(2), sums: new Float64Array(SAMPLE_P_MAX + 1) };
  for (let i = 0; i < rows; i++) {
    const off = i * k;
    // Pass 1: finiteness, argmax (first index on ties), v_max, and the centring mean Σ v / K.
    let vMax = logits[off];
    let arg = 0;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const v = logits[off + j];
      if (!(v - v === 0)) return i; // NaN or ±Infinity
      if (v > vMax) {
        vMax = v;
        arg = j;
      }
      sum += v;
    }
    const o = at + i;
    out.preds[o] = arg;
    out.vMax[o] = vMax;
    // mspLog: −log1p(Σ_{j≠ŷ} e^{v_j − v_max}); maxLogitGradient: π_max = 1/Σ_j e^{v_j − v_max}.
    for (let j = 0; j < k; j++) scratch[j] = Math.exp(logits[off + j] - vMax);
    let s = 0;
    let z = 0;
    for (let j = 0; j < k; j++) {
      if (j !== arg) s += scratch[j];
      z += scratch[j];
    }
    out.logMsp[o] = -Math.log1p(s);
    out.pMax[o] = 1 / z;
    pNormRow(logits, off, k, sum / k, out.pNormCentred, o, rowScratch);
    // pNormRow left max_k (v_k − Σv/K) of this row in extremes[0]: the centred max logit.
    out.uMax[o] = rowScratch.extremes[0];
    pNormRow(logits, off, k, 0, out.pNormRaw, o, rowScratch);
  }
  return -1;
}

/**
 * MaxLogit-pNorm (science.md §4) of one row for p = 1..10 at once, bit-identical to maxLogitPNorm:
 * the same u = v − mean, the same ‖u‖_1 = Σ|u|, ‖u‖_2 = m·√Σ(u/m)², and for p ≥ 3 the same
 * left-to-right repeated products r^p = ((r·r)·r)… summed in index order, ‖u‖_p = m·(Σ r^p)^{1/p}.
 */
function pNormRow(
  logits: LogitArray,
  off: number,
  k: number,
  mean: number,
  out: Float64Array[],
  o: number,
  scratch: { extremes: Float64Array; sums: Float64Array },
) {
  const { extremes, sums } = scratch;
  centredExtremes(logits, off, k, mean, extremes);
  const uMax = extremes[0];
  const absMax = extremes[1];
  if (absMax === 0) {
    for (let q = 0; q < SAMPLE_P_MAX; q++) out[q][o] = 0;
    return;
  }
  const inv = 1 / absMax;
  // sums[p] = Σ_j r_j^p with r^p built as ((r·r)·r)… in index order, as maxLogitPNorm does.
  sums.fill(0);
  for (let j = 0; j < k; j++) {
    const a = Math.abs(logits[off + j] - mean);
    sums[1] += a;
    const r = a * inv;
    let t = r;
    for (let p = 2; p <= SAMPLE_P_MAX; p++) {
      t *= r;
      sums[p] += t;
    }
  }
  out[0][o] = uMax / sums[1];
  out[1][o] = uMax / (absMax * Math.sqrt(sums[2]));
  for (let p = 3; p <= SAMPLE_P_MAX; p++) out[p - 1][o] = uMax / (absMax * Math.pow(sums[p], 1 / p));
}

/** All per-sample quantities of n × k logits (Node tests, and models whose logits are in memory). */
export function sampleScoresFromLogits(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
): SampleScores {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  const out = allocSampleScores(n, k);
  for (let i = 0; i < n; i++) out.labels[i] = labels[i];
  const bad = scoreRowsInto(logits, n, out, 0);
  if (bad >= 0) throw new RangeError(`row ${bad} holds a NaN or infinite logit`);
  return out;
}
