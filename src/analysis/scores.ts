/**
 * Confidence scores s(x), one per sample, all in float64 and all oriented so that HIGHER = MORE
 * CONFIDENT (selective classification keeps the highest scores, science.md §3). Only the ranking of a
 * score matters for SC, so each function returns the form that ranks without float ties.
 *
 * Logits are expected finite; a row containing NaN gives a NaN score, which the metrics rank as the
 * least confident (see sort.ts).
 */
import { checkLogitShape, type LogitArray } from './types';

export type ScoreName = 'msp' | 'maxLogit' | 'pNorm' | 'entropy' | 'margin';

export const SCORE_NAMES: readonly ScoreName[] = ['msp', 'maxLogit', 'pNorm', 'entropy', 'margin'];

export interface ScoreOptions {
  /** p of MaxLogit-pNorm (default 2). */
  p?: number;
  /** Centre the logits before normalising (default true). */
  centred?: boolean;
}

/**
 * max_k u_k and max_k |u_k| of u = v − mean over the row of k logits at `off`, into out[0], out[1]
 * (shared by MaxLogit-pNorm here and the per-sample scores, which must stay bit-identical to it).
 */
export function centredExtremes(
  logits: LogitArray,
  off: number,
  k: number,
  mean: number,
  out: Float64Array,
): void {
  let uMax = -Infinity;
  let absMax = 0;
  for (let j = 0; j < k; j++) {
    const u = logits[off + j] - mean;
    if (u > uMax) uMax = u;
    const a = Math.abs(u);
    if (a > absMax) absMax = a;
  }
  out[0] = uMax;
  out[1] = absMax;
}

/** argmax_k of the row of k logits starting at `off`; the first index wins on ties. */
export function argmaxRow(logits: LogitArray, off: number, k: number): number {
  let best = logits[off];
  let arg = 0;
  for (let j = 1; j < k; j++) {
    if (logits[off + j] > best) {
      best = logits[off + j];
      arg = j;
    }
  }
  return arg;
}

/** One score per row of n × k logits, from the row's offset; the shape is checked first. */
function perRow(logits: LogitArray, n: number, k: number, score: (off: number) => number): Float64Array {
  checkLogitShape(logits, n, k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = score(i * k);
  return out;
}

/** ŷ = argmax_k v_k (science.md §1); the first index wins on ties. */
export function predictions(logits: LogitArray, n: number, k: number): Int32Array {
  checkLogitShape(logits, n, k);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = argmaxRow(logits, i * k, k);
  return out;
}

/**
 * log π_max = −log Σ_k exp(v_k − v_max), the ranking form of MSP. science.md §3: never rank by
 * float32 probabilities, which saturate to exactly 1.0. Even float64 π_max = 1/Z saturates once the
 * logit gap exceeds ~37, so we write Z = 1 + S (S = the sum over the non-argmax classes) and return
 * −log1p(S), which stays distinct down to S ≈ 1e-308.
 */
export function mspLog(logits: LogitArray, n: number, k: number): Float64Array {
  return perRow(logits, n, k, (off) => {
    const arg = argmaxRow(logits, off, k);
    const vMax = logits[off + arg];
    let s = 0;
    for (let j = 0; j < k; j++) if (j !== arg) s += Math.exp(logits[off + j] - vMax);
    return -Math.log1p(s);
  });
}

/** π_max in float64 (for display and ECE); rank by `mspLog` instead. */
export function msp(logits: LogitArray, n: number, k: number): Float64Array {
  const out = mspLog(logits, n, k);
  for (let i = 0; i < n; i++) out[i] = Math.exp(out[i]);
  return out;
}

/** v_max = max_k v_k (science.md §1). */
export function maxLogit(logits: LogitArray, n: number, k: number): Float64Array {
  return perRow(logits, n, k, (off) => logits[off + argmaxRow(logits, off, k)]);
}

/**
 * ‖u‖_p of one row, u_j = v_j − mean, given absMax = max_j |u_j| (from centredExtremes), computed as
 * absMax·(Σ (|u_j|/absMax)^p)^(1/p) so that a large p cannot overflow; 0 for an all-zero u.
 */
export function centredPNorm(
  logits: LogitArray,
  off: number,
  k: number,
  mean: number,
  absMax: number,
  p: number,
): number {
  if (absMax === 0) return 0;
  if (p === Infinity) return absMax;
  if (p === 1) {
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.abs(logits[off + j] - mean);
    return s;
  }
  const inv = 1 / absMax;
  let sum = 0;
  if (p === 2) {
    for (let j = 0; j < k; j++) {
      const r = (logits[off + j] - mean) * inv;
      sum += r * r;
    }
    return absMax * Math.sqrt(sum);
  }
  if (Number.isInteger(p) && p <= 64) {
    for (let j = 0; j < k; j++) {
      const r = Math.abs(logits[off + j] - mean) * inv;
      let t = r;
      for (let e = 1; e < p; e++) t *= r;
      sum += t;
    }
  } else {
    for (let j = 0; j < k; j++) sum += Math.pow(Math.abs(logits[off + j] - mean) * inv, p);
  }
  return absMax * Math.pow(sum, 1 / p);
}

export interface MaxAndNorm {
  /** max_k u_k. */
  uMax: Float64Array;
  /** ‖u‖_p (0 for a row whose u is all zeros). */
  norm: Float64Array;
}

/**
 * u_max and ‖u‖_p per row of n × k logits (u = v − mean_k v when centred, else v): the two parts of
 * MaxLogit-pNorm, which is uMax[i] / norm[i] for every row with a non-zero u (the scale-invariance
 * view plots them apart). p ≥ 1 or Infinity.
 */
export function maxAndPNorm(logits: LogitArray, n: number, k: number, p: number, centred = true): MaxAndNorm {
  checkLogitShape(logits, n, k);
  if (!(p >= 1)) throw new RangeError(`p must be >= 1 (or Infinity), got ${p}`);
  const uMax = new Float64Array(n);
  const norm = new Float64Array(n);
  const extremes = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let mean = 0;
    if (centred) {
      for (let j = 0; j < k; j++) mean += logits[off + j];
      mean /= k;
    }
    centredExtremes(logits, off, k, mean, extremes);
    uMax[i] = extremes[0];
    norm[i] = centredPNorm(logits, off, k, mean, extremes[1], p);
  }
  return { uMax, norm };
}

/**
 * MaxLogit-pNorm, science.md §4: u = v − mean_k(v) (if centred, else u = v), s = max_k u_k / ‖u‖_p.
 * p ≥ 1 real, or Infinity (‖u‖_∞ = max_k |u_k|). The norm is computed as m·(Σ (|u_k|/m)^p)^(1/p)
 * with m = max|u_k| so that large p cannot overflow. The score is invariant to positive scaling of
 * the logits and, when centred, to adding a constant to all of them.
 *
 * Degenerate rows with ‖u‖_p = 0 (all logits equal when centred, all zero otherwise) carry no
 * confidence information: their score is defined as 0.
 */
export function maxLogitPNorm(
  logits: LogitArray,
  n: number,
  k: number,
  p: number,
  centred = true,
): Float64Array {
  const { uMax, norm } = maxAndPNorm(logits, n, k, p, centred);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = norm[i] === 0 ? 0 : uMax[i] / norm[i];
  return out;
}

/**
 * Negative entropy −H(π) = Σ_k π_k log π_k (higher = more peaked = more confident), in float64 via
 * log π_k = (v_k − v_max) − log Z. Classes whose probability underflows to 0 contribute 0.
 */
export function negEntropy(logits: LogitArray, n: number, k: number): Float64Array {
  return perRow(logits, n, k, (off) => {
    const vMax = logits[off + argmaxRow(logits, off, k)];
    let z = 0;
    let weighted = 0;
    for (let j = 0; j < k; j++) {
      const d = logits[off + j] - vMax;
      const e = Math.exp(d);
      if (e > 0) {
        z += e;
        weighted += e * d;
      }
    }
    return weighted / z - Math.log(z);
  });
}

/** The largest and second-largest logit of the row starting at `off` (−Infinity where none). */
export function topTwo(logits: LogitArray, off: number, k: number): [number, number] {
  let top1 = -Infinity;
  let top2 = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = logits[off + j];
    if (v > top1) {
      top2 = top1;
      top1 = v;
    } else if (v > top2) {
      top2 = v;
    }
  }
  return [top1, top2];
}

/**
 * Softmax margin π_(1) − π_(2) between the two largest probabilities, computed in float64 as
 * −expm1(v_(2) − v_(1)) / Z (Z = Σ_k exp(v_k − v_max)). We use probabilities rather than logits so that
 * the margin is a softmax score in [0, 1] like MSP; note it saturates to 1 in float64 once the top
 * logit gap exceeds ~37, creating ties among very confident samples. A tie for the top logit gives 0;
 * K = 1 gives 1.
 */
export function margin(logits: LogitArray, n: number, k: number): Float64Array {
  return perRow(logits, n, k, (off) => {
    const [top1, top2] = topTwo(logits, off, k);
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(logits[off + j] - top1);
    return -Math.expm1(top2 - top1) / z + 0; // + 0 turns the −0 of a top tie into 0
  });
}

/**
 * One score by name. 'msp' returns the ranking form log π_max (see `mspLog`), not π_max itself;
 * 'pNorm' uses opts.p (default 2) and opts.centred (default true).
 */
export function computeScore(
  name: ScoreName,
  logits: LogitArray,
  n: number,
  k: number,
  opts: ScoreOptions = {},
): Float64Array {
  switch (name) {
    case 'msp':
      return mspLog(logits, n, k);
    case 'maxLogit':
      return maxLogit(logits, n, k);
    case 'pNorm':
      return maxLogitPNorm(logits, n, k, opts.p ?? 2, opts.centred ?? true);
    case 'entropy':
      return negEntropy(logits, n, k);
    case 'margin':
      return margin(logits, n, k);
  }
}
