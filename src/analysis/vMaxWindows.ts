/**
 * v_max given π_max, science.md §2 (empirical counterpart): mean ± std of the max logit in sliding
 * windows over π_max (width 0.05, step 0.005 by default), for correct and incorrect predictions
 * separately. LS models show visibly lower v_max at the same π_max.
 *
 * Windows: window j covers [j·step, j·step + width), for j = 0..J−1 with J the fewest windows whose
 * union covers [0, 1]; the last window also takes everything above its start (π_max = 1 included).
 * centre = j·step + width/2. Std is the population std (divide by count, numpy's default). Windows with
 * no sample have count 0 and NaN mean and std.
 */
import { maxLogitGradient } from './lsGradient';
import { argsortAscendingStable } from './sort';
import type { LabelArray, LogitArray } from './types';

export interface WindowStats {
  count: Int32Array;
  mean: Float64Array;
  std: Float64Array;
}

export interface VMaxWindows {
  centres: Float64Array;
  width: number;
  step: number;
  correct: WindowStats;
  incorrect: WindowStats;
}

export interface VMaxWindowOptions {
  width?: number;
  step?: number;
}

/** Sorts one group by π_max once, then slides the window with two monotone pointers. */
function windowStats(
  pMax: Float64Array,
  vMax: Float64Array,
  members: Int32Array,
  starts: Float64Array,
  width: number,
): WindowStats {
  // π_max ascending, ties by sample index (members are ascending).
  const byPMax = argsortAscendingStable(Float64Array.from(members, (i) => pMax[i]));
  const order = Int32Array.from(byPMax, (j) => members[j]);
  const m = order.length;
  const xs = new Float64Array(m);
  const vs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    xs[i] = pMax[order[i]];
    vs[i] = vMax[order[i]];
  }
  const nw = starts.length;
  const count = new Int32Array(nw);
  const mean = new Float64Array(nw);
  const std = new Float64Array(nw);
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < nw; j++) {
    const a = starts[j];
    const b = j === nw - 1 ? Infinity : a + width;
    while (lo < m && xs[lo] < a) lo++;
    if (hi < lo) hi = lo;
    while (hi < m && xs[hi] < b) hi++;
    const c = hi - lo;
    count[j] = c;
    if (c === 0) {
      mean[j] = NaN;
      std[j] = NaN;
      continue;
    }
    // Two passes over the window (≈ width/step · N work in total) keep the std free of cancellation.
    let s = 0;
    for (let i = lo; i < hi; i++) s += vs[i];
    const mu = s / c;
    let ss = 0;
    for (let i = lo; i < hi; i++) ss += (vs[i] - mu) * (vs[i] - mu);
    mean[j] = mu;
    std[j] = Math.sqrt(ss / c);
  }
  return { count, mean, std };
}

export function vMaxGivenPMax(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  opts: VMaxWindowOptions = {},
): VMaxWindows {
  const g = maxLogitGradient(logits, labels, n, k, 0);
  return vMaxGivenPMaxFromSamples(g.pMax, g.vMax, g.correct, opts);
}

/** The same windows from per-sample π_max, v_max and c = 1[y = ŷ] (e.g. sampleScores.ts). */
export function vMaxGivenPMaxFromSamples(
  pMax: Float64Array,
  vMax: Float64Array,
  correct: Uint8Array,
  opts: VMaxWindowOptions = {},
): VMaxWindows {
  const { width = 0.05, step = 0.005 } = opts;
  if (!(width > 0) || !(step > 0)) throw new RangeError(`width and step must be > 0, got ${width}, ${step}`);
  const n = pMax.length;
  // Fewest windows covering [0, 1]; the 1e-9 absorbs float error in (1 − width)/step (e.g. 180.0000001).
  const nw = width >= 1 ? 1 : Math.ceil((1 - width) / step - 1e-9) + 1;
  const starts = new Float64Array(nw);
  const centres = new Float64Array(nw);
  for (let j = 0; j < nw; j++) {
    starts[j] = j * step;
    centres[j] = starts[j] + width / 2;
  }
  let nCorrect = 0;
  for (let i = 0; i < n; i++) nCorrect += correct[i];
  const correctIdx = new Int32Array(nCorrect);
  const incorrectIdx = new Int32Array(n - nCorrect);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (correct[i]) correctIdx[a++] = i;
    else incorrectIdx[b++] = i;
  }
  return {
    centres,
    width,
    step,
    correct: windowStats(pMax, vMax, correctIdx, starts, width),
    incorrect: windowStats(pMax, vMax, incorrectIdx, starts, width),
  };
}
