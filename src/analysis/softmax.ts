import { checkLogitShape, type LogitArray } from './types';

/**
 * Softmax of row `i` into `out[outOff .. outOff+k-1]`, in float64, shifted by the row max so that
 * nothing overflows (science.md §1: π = softmax(v)). Returns the row's partition sum
 * Z = Σ_k exp(v_k − v_max), so that π_max = 1/Z.
 */
export function softmaxRowInto(
  logits: LogitArray,
  i: number,
  k: number,
  out: Float64Array,
  outOff: number,
): number {
  const off = i * k;
  let vMax = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = logits[off + j];
    if (v > vMax) vMax = v;
  }
  let z = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp(logits[off + j] - vMax);
    out[outOff + j] = e;
    z += e;
  }
  const inv = 1 / z;
  for (let j = 0; j < k; j++) out[outOff + j] *= inv;
  return z;
}

/** Row-wise softmax of N×K logits in float64 (N×K, row-major). */
export function softmax(logits: LogitArray, n: number, k: number): Float64Array {
  checkLogitShape(logits, n, k);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) softmaxRowInto(logits, i, k, out, i * k);
  return out;
}
