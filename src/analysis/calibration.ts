/**
 * Calibration, the contrast to selective classification (science.md §3: "ECE with 15 equal-width bins
 * on π_max"). Bins are right-closed, (e_b, e_{b+1}], first bin closed (Guo et al. 2017), see
 * histogram.ts. Confidences outside the edges or NaN (only possible from non-finite logits) are left
 * out, and the weights use the number of binned samples.
 */
import { binIndexRightClosed, edgesOf } from './histogram';
import { checkSameLength, type ErrorFlags } from './types';

export interface ReliabilityBins {
  edges: Float64Array;
  count: Int32Array;
  /** Fraction correct per bin (NaN when empty). */
  accuracy: Float64Array;
  /** Mean confidence per bin (NaN when empty). */
  meanConfidence: Float64Array;
}

/** Per-bin accuracy and mean confidence: the reliability diagram. `bins`: a count on [0, 1] or edges. */
export function reliabilityBins(
  confidences: ArrayLike<number>,
  errors: ErrorFlags,
  bins: number | ArrayLike<number> = 15,
): ReliabilityBins {
  checkSameLength(confidences, errors, 'reliabilityBins');
  const edges = edgesOf(bins, 'reliabilityBins');
  const nb = edges.length - 1;
  const count = new Int32Array(nb);
  const accuracy = new Float64Array(nb);
  const meanConfidence = new Float64Array(nb);
  for (let i = 0; i < confidences.length; i++) {
    const b = binIndexRightClosed(confidences[i], edges);
    if (b < 0) continue;
    count[b]++;
    accuracy[b] += 1 - errors[i];
    meanConfidence[b] += confidences[i];
  }
  for (let b = 0; b < nb; b++) {
    accuracy[b] /= count[b];
    meanConfidence[b] /= count[b];
  }
  return { edges, count, accuracy, meanConfidence };
}

/** ECE = Σ_b (n_b/N)·|acc_b − conf_b| (NaN when no sample is binned). */
export function ece(
  confidences: ArrayLike<number>,
  errors: ErrorFlags,
  bins: number | ArrayLike<number> = 15,
): number {
  const r = reliabilityBins(confidences, errors, bins);
  let total = 0;
  let sum = 0;
  for (let b = 0; b < r.count.length; b++) {
    if (r.count[b] === 0) continue;
    total += r.count[b];
    sum += r.count[b] * Math.abs(r.accuracy[b] - r.meanConfidence[b]);
  }
  return sum / total;
}
