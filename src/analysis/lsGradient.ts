/**
 * Logit-level gradients of the label-smoothing loss, science.md §2 (the mechanism of paper §4), in
 * float64. They must agree with tf.grad of src/training/loss.ts and with central finite differences
 * (test/analysis/gradients*.test.ts checks both). Import them through gradients.ts.
 */
import { argmaxRow } from './scores';
import { softmaxRowInto } from './softmax';
import { checkLabels, checkLogitShape, type LabelArray, type LogitArray } from './types';

export interface LsGradientParts {
  /** ∂L_LS/∂v_k = π_k − (1 − α)·y_k − α/K, N×K row-major. */
  total: Float64Array;
  /** π_k − y_k, the cross-entropy gradient. */
  cePart: Float64Array;
  /** α·(y_k − 1/K), the extra term label smoothing adds. */
  lsTerm: Float64Array;
}

/** Per-sample, per-logit LS gradient and its CE / LS split (science.md §2, first display). */
export function lsGradientParts(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  alpha: number,
): LsGradientParts {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  const total = new Float64Array(n * k);
  const cePart = new Float64Array(n * k);
  const lsTerm = new Float64Array(n * k);
  const pi = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    softmaxRowInto(logits, i, k, pi, 0);
    const y = labels[i];
    const off = i * k;
    for (let j = 0; j < k; j++) {
      const yk = j === y ? 1 : 0;
      cePart[off + j] = pi[j] - yk;
      lsTerm[off + j] = alpha * (yk - 1 / k);
      total[off + j] = pi[j] - (1 - alpha) * yk - alpha / k;
    }
  }
  return { total, cePart, lsTerm };
}

/** ∂L_LS/∂v_k = π_k − (1 − α)·y_k − α/K for every sample and logit (N×K). */
export function lsGradient(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  alpha: number,
): Float64Array {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    softmaxRowInto(logits, i, k, out, off);
    out[off + labels[i]] -= 1 - alpha;
    for (let j = 0; j < k; j++) out[off + j] -= alpha / k;
  }
  return out;
}

export interface MaxLogitGradient {
  /** ∂L_LS/∂v_max = π_max − (1 − α)·c − α/K. */
  total: Float64Array;
  /** π_max − c. */
  cePart: Float64Array;
  /** α·(c − 1/K). */
  lsTerm: Float64Array;
  /** c = 1[y = ŷ], ŷ = argmax (first index on ties, as `predictions`). */
  correct: Uint8Array;
  pMax: Float64Array;
  vMax: Float64Array;
}

/** The gradient on the max logit k = ŷ, per sample (science.md §2, second display). */
export function maxLogitGradient(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  alpha: number,
): MaxLogitGradient {
  checkLogitShape(logits, n, k);
  checkLabels(labels, n, k);
  const correct = new Uint8Array(n);
  const pMax = new Float64Array(n);
  const vMax = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    const arg = argmaxRow(logits, off, k);
    const vm = logits[off + arg];
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(logits[off + j] - vm);
    correct[i] = labels[i] === arg ? 1 : 0;
    pMax[i] = 1 / z;
    vMax[i] = vm;
  }
  return maxLogitGradientFromSamples(pMax, vMax, correct, alpha, k);
}

/** The gradient on the max logit from per-sample π_max, v_max and c (e.g. sampleScores.ts). */
export function maxLogitGradientFromSamples(
  pMax: Float64Array,
  vMax: Float64Array,
  correct: Uint8Array,
  alpha: number,
  k: number,
): MaxLogitGradient {
  const n = pMax.length;
  const total = new Float64Array(n);
  const cePart = new Float64Array(n);
  const lsTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = pMax[i];
    const c = correct[i];
    cePart[i] = p - c;
    lsTerm[i] = alpha * (c - 1 / k);
    total[i] = p - (1 - alpha) * c - alpha / k;
  }
  return { total, cePart, lsTerm, correct, pMax, vMax };
}

export interface ExpectedMaxLogitGradient {
  /** π_max − (1 − P_e): zero when calibrated. */
  cePart: number;
  /** α·((K − 1)/K − P_e): largest at P_e = 0, falls linearly in P_e. */
  lsTerm: number;
  total: number;
}

/** E[∂L_LS/∂v_max] over the label given the input, with P_e = P(y ≠ ŷ | x) (science.md §2, third display). */
export function expectedMaxLogitGradient(
  pMax: number,
  pe: number,
  alpha: number,
  k: number,
): ExpectedMaxLogitGradient {
  const cePart = pMax - (1 - pe);
  const lsTerm = alpha * ((k - 1) / k - pe);
  return { cePart, lsTerm, total: cePart + lsTerm };
}

/** The LS term α·((K − 1)/K − P_e) on `points` equally spaced P_e ∈ [0, 1], for the mechanism plot. */
export function expectedLsTermCurve(
  alpha: number,
  k: number,
  points = 101,
): { pe: Float64Array; lsTerm: Float64Array } {
  if (!Number.isInteger(points) || points < 2)
    throw new RangeError(`points must be an integer >= 2, got ${points}`);
  const pe = new Float64Array(points);
  const lsTerm = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    pe[i] = i / (points - 1);
    lsTerm[i] = alpha * ((k - 1) / k - pe[i]);
  }
  return { pe, lsTerm };
}
