/**
 * The other confidence scores researchers compare with MSP and MaxLogit-pNorm (science.md §3, "Other
 * confidence scores"), and the temperature fit two of them need. Everything is float64 and oriented
 * HIGHER = MORE CONFIDENT, like scores.ts (which already has MSP, MaxLogit, MaxLogit-pNorm and the
 * negative entropy; they are not repeated here):
 *
 * - logit margin      v_(1) − v_(2)
 * - energy            log Σ_k exp v_k   (the negative free energy)
 * - temperature MSP   log π_max of softmax(v / T), T fitted by NLL on the validation split
 * - pNormSoftmax      log π_max of softmax(u / (‖u‖_p · T)), u the (centred) logits (Cattelan & Silva)
 *
 * MSP-type scores are returned in their ranking form log π_max (see scores.ts mspLog), which does
 * not saturate to 0 the way π_max saturates to 1.
 */
import { argmaxRow, centredExtremes, centredPNorm, topTwo } from './scores';
import { checkLabels, checkLogitShape, type LabelArray, type LogitArray } from './types';

/**
 * Logit margin v_(1) − v_(2): the gap between the two largest logits (0 when the top is tied, and 0
 * for K = 1, where there is nothing to compare). Unlike the softmax margin (scores.ts `margin`) it
 * never saturates.
 */
export function logitMargin(logits: LogitArray, n: number, k: number): Float64Array {
  checkLogitShape(logits, n, k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [top1, top2] = topTwo(logits, i * k, k);
    out[i] = k < 2 ? 0 : top1 - top2;
  }
  return out;
}

/**
 * Energy score log Σ_k exp v_k (Liu et al. 2020 define the energy as −T·log Σ exp(v/T); with T = 1
 * its negative is this, so higher = more confident). Computed as v_max + log1p(Σ_{j≠argmax}
 * exp(v_j − v_max)), which cannot overflow for large logits.
 */
export function energyScore(logits: LogitArray, n: number, k: number): Float64Array {
  checkLogitShape(logits, n, k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    const arg = argmaxRow(logits, off, k);
    const vMax = logits[off + arg];
    let s = 0;
    for (let j = 0; j < k; j++) if (j !== arg) s += Math.exp(logits[off + j] - vMax);
    out[i] = vMax + Math.log1p(s);
  }
  return out;
}

function checkTemperature(t: number): void {
  if (!(t > 0 && Number.isFinite(t))) throw new RangeError(`temperature must be a positive number, got ${t}`);
}

/**
 * log π_max of softmax(v / T) per row: −log1p(Σ_{j≠argmax} exp((v_j − v_max)/T)). T > 0 keeps the
 * argmax, so the predictions are unchanged; the ranking of samples can change, because the softmax
 * is not linear in the logits (two samples with equal π_max at T = 1 can differ at T = 2).
 */
export function scaledMspLog(logits: LogitArray, n: number, k: number, t: number): Float64Array {
  checkLogitShape(logits, n, k);
  checkTemperature(t);
  const inv = 1 / t;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    const arg = argmaxRow(logits, off, k);
    const vMax = logits[off + arg];
    let s = 0;
    for (let j = 0; j < k; j++) if (j !== arg) s += Math.exp((logits[off + j] - vMax) * inv);
    out[i] = -Math.log1p(s);
  }
  return out;
}

/**
 * Mean negative log-likelihood −(1/N) Σ_i log softmax(v_i / T)_{y_i}, in float64 via
 * log Σ_j exp((v_j − v_max)/T) − (v_y − v_max)/T (no overflow for large logits). NaN for N = 0.
 */
export function nllAtTemperature(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  t: number,
): number {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  checkTemperature(t);
  if (n === 0) return NaN;
  const inv = 1 / t;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let vMax = -Infinity;
    for (let j = 0; j < k; j++) if (logits[off + j] > vMax) vMax = logits[off + j];
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp((logits[off + j] - vMax) * inv);
    total += Math.log(z) - (logits[off + labels[i]] - vMax) * inv;
  }
  return total / n;
}

export interface TemperatureFit {
  /** The fitted temperature (within [lo, hi]). */
  t: number;
  /** Validation NLL at t and at T = 1. */
  nll: number;
  nllAtOne: number;
  /** The fit stopped at an end of the search range (the best T may lie beyond it). */
  atBound: boolean;
  /** Samples the fit used. */
  n: number;
}

export interface TemperatureFitOptions {
  /** Search range for T (default [0.05, 20]). */
  lo?: number;
  hi?: number;
  /** Stop when the log T bracket is narrower than this (default 1e-6). */
  tol?: number;
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * T minimising the validation NLL (Guo et al. 2017), by golden-section search on log T in [lo, hi].
 * The NLL is convex in 1/T (a log-sum-exp of linear functions of 1/T minus a linear one), hence
 * unimodal in log T, so the search finds the minimum of the range (an end of it when the minimum lies
 * outside; `atBound` says so). With no sample (N = 0) it returns T = 1, NLL NaN.
 */
export function fitTemperature(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  opts: TemperatureFitOptions = {},
): TemperatureFit {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  const lo = opts.lo ?? 0.05;
  const hi = opts.hi ?? 20;
  const tol = opts.tol ?? 1e-6;
  if (!(lo > 0 && hi > lo))
    throw new RangeError(`temperature range must satisfy 0 < lo < hi, got [${lo}, ${hi}]`);
  if (n === 0) return { t: 1, nll: NaN, nllAtOne: NaN, atBound: false, n };
  const f = (logT: number) => nllAtTemperature(logits, labels, n, k, Math.exp(logT));
  let a = Math.log(lo);
  let b = Math.log(hi);
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = f(d);
    }
  }
  // The best of the last bracket and the two ends (the minimum may sit at an end of the range).
  const candidates = [(a + b) / 2, Math.log(lo), Math.log(hi)];
  let best = candidates[0];
  let bestF = f(best);
  for (const x of candidates.slice(1)) {
    const fx = f(x);
    if (fx < bestF) {
      best = x;
      bestF = fx;
    }
  }
  const t = Math.exp(best);
  const atBound = Math.abs(best - Math.log(lo)) < 1e-3 || Math.abs(best - Math.log(hi)) < 1e-3;
  return { t, nll: bestF, nllAtOne: nllAtTemperature(logits, labels, n, k, 1), atBound, n };
}

/**
 * The p-normalised logits z = u / ‖u‖_p per row (u = v − mean_k v when centred, else v), n × k; a row
 * with ‖u‖_p = 0 gives all zeros (a uniform softmax). max_k z_k is MaxLogit-pNorm (science.md §4); the
 * norm is the overflow-safe one of scores.ts.
 */
export function pNormalisedLogits(
  logits: LogitArray,
  n: number,
  k: number,
  p: number,
  centred = true,
): Float64Array {
  checkLogitShape(logits, n, k);
  if (!(p >= 1)) throw new RangeError(`p must be >= 1 (or Infinity), got ${p}`);
  const out = new Float64Array(n * k);
  const extremes = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let mean = 0;
    if (centred) {
      for (let j = 0; j < k; j++) mean += logits[off + j];
      mean /= k;
    }
    centredExtremes(logits, off, k, mean, extremes);
    const norm = centredPNorm(logits, off, k, mean, extremes[1], p);
    if (norm === 0) continue;
    for (let j = 0; j < k; j++) out[off + j] = (logits[off + j] - mean) / norm;
  }
  return out;
}

/** The search range of pNormSoftmax's T: z has |z_k| ≤ 1, so the fitted T is small (1/T ≈ 10–100). */
export const PNORM_SOFTMAX_T_RANGE = { lo: 1e-3, hi: 20 } as const;

/**
 * pNormSoftmax (Cattelan & Silva): log π_max of softmax(u / (‖u‖_p · T)). The argmax is that of v
 * (centring and a positive scale keep it), so the predictions are unchanged.
 */
export function pNormSoftmaxLog(
  logits: LogitArray,
  n: number,
  k: number,
  p: number,
  t: number,
  centred = true,
): Float64Array {
  return scaledMspLog(pNormalisedLogits(logits, n, k, p, centred), n, k, t);
}
