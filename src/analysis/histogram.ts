/**
 * Histograms and bin look-ups for the confidence plots. Two bin conventions, both over an increasing
 * edge array e_0 < … < e_B:
 * - `binIndex` (histograms, numpy's convention): bin b holds e_b ≤ x < e_{b+1}, the last bin also
 *   holds x = e_B.
 * - `binIndexRightClosed` (calibration / reliability bins, the ECE convention of Guo et al. 2017):
 *   bin b holds e_b < x ≤ e_{b+1}, the first bin also holds x = e_0.
 * Both return −1 for values outside [e_0, e_B] and for NaN.
 */
import type { ErrorFlags } from './types';

/** B + 1 equal-width edges on [lo, hi]; edge b is lo + (hi − lo)·b/B, the last is exactly hi. */
export function uniformEdges(bins: number, lo = 0, hi = 1): Float64Array {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b < bins; b++) edges[b] = lo + ((hi - lo) * b) / bins;
  edges[bins] = hi;
  return edges;
}

/** Edges from a bin count (uniform on [0, 1]) or a given edge list; `who` names the caller in the error. */
export function edgesOf(bins: number | ArrayLike<number>, who: string): Float64Array {
  const edges = typeof bins === 'number' ? uniformEdges(bins) : Float64Array.from(bins);
  if (edges.length < 2) throw new RangeError(`${who} needs at least two edges`);
  return edges;
}

/** Bin of x with left-closed bins [e_b, e_{b+1}), last bin closed; −1 if outside. Binary search. */
export function binIndex(x: number, edges: ArrayLike<number>): number {
  const last = edges.length - 1;
  if (!(x >= edges[0] && x <= edges[last])) return -1;
  if (x === edges[last]) return last - 1;
  let lo = 0;
  let hi = last; // invariant: edges[lo] ≤ x < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Bin of x with right-closed bins (e_b, e_{b+1}], first bin closed; −1 if outside. Binary search. */
export function binIndexRightClosed(x: number, edges: ArrayLike<number>): number {
  const last = edges.length - 1;
  if (!(x >= edges[0] && x <= edges[last])) return -1;
  if (x === edges[0]) return 0;
  let lo = 0;
  let hi = last; // invariant: edges[lo] < x ≤ edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < x) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Equal-width edges covering the finite values of every array, so that several histograms (e.g. CE
 * vs LS, correct vs incorrect) share one x axis. Non-finite values are ignored. With no finite value
 * the edges span [0, 1]; when all finite values are equal to v they span [v − 0.5, v + 0.5].
 */
export function sharedBins(arrays: ArrayLike<number>[], bins = 30): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (!Number.isFinite(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  if (lo > hi) return uniformEdges(bins, 0, 1);
  if (lo === hi) return uniformEdges(bins, lo - 0.5, hi + 0.5);
  return uniformEdges(bins, lo, hi);
}

/**
 * Counts of `values` per bin (left-closed bins, see `binIndex`); values outside the edges and NaN are
 * not counted. With `mask`, only samples with mask[i] ≠ 0 are counted.
 */
export function histogram(
  values: ArrayLike<number>,
  edges: ArrayLike<number>,
  mask?: ArrayLike<number>,
): Int32Array {
  if (edges.length < 2) throw new RangeError('histogram needs at least two edges');
  if (mask && mask.length !== values.length)
    throw new RangeError('histogram: mask and values differ in length');
  const counts = new Int32Array(edges.length - 1);
  for (let i = 0; i < values.length; i++) {
    if (mask && !mask[i]) continue;
    const b = binIndex(values[i], edges);
    if (b >= 0) counts[b]++;
  }
  return counts;
}

/** Histograms of a confidence score for correct (e_i = 0) and incorrect (e_i = 1) predictions. */
export function confidenceHistograms(
  score: ArrayLike<number>,
  errors: ErrorFlags,
  edges: ArrayLike<number>,
): { correct: Int32Array; incorrect: Int32Array } {
  if (score.length !== errors.length)
    throw new RangeError('confidenceHistograms: score and errors differ in length');
  const correct = new Int32Array(edges.length - 1);
  const incorrect = new Int32Array(edges.length - 1);
  for (let i = 0; i < score.length; i++) {
    const b = binIndex(score[i], edges);
    if (b < 0) continue;
    if (errors[i]) incorrect[b]++;
    else correct[b]++;
  }
  return { correct, incorrect };
}
