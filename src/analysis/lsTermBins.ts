/**
 * Empirical estimate of the LS term on the max logit, science.md §2 (last bullet): bin samples by
 * π_max; in each bin the mean LS extra term α·(c − 1/K) equals α·(acc_bin − 1/K) = α·((K−1)/K − P̂_e,bin).
 * Bins are right-closed like the calibration bins (see histogram.ts), so the bins match the
 * reliability diagram. Empty bins hold NaN.
 */
import { binIndexRightClosed, edgesOf } from './histogram';
import { maxLogitGradient, maxLogitGradientFromSamples } from './lsGradient';
import type { LabelArray, LogitArray } from './types';

export interface LsTermBins {
  edges: Float64Array;
  count: Int32Array;
  /** Fraction correct, acc_bin. */
  accuracy: Float64Array;
  /** P̂_e,bin = 1 − acc_bin. */
  errorRate: Float64Array;
  meanPMax: Float64Array;
  /** α·(acc_bin − 1/K), the closed form. */
  lsTermEstimate: Float64Array;
  /** Mean over the bin of the per-sample α·(c − 1/K): equal to lsTermEstimate by construction. */
  meanLsTerm: Float64Array;
  /** Mean over the bin of the per-sample CE part π_max − c. */
  meanCePart: Float64Array;
  /** Mean over the bin of the per-sample total gradient on v_max. */
  meanTotal: Float64Array;
}

export function binnedLsTermEstimate(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  alpha: number,
  bins: number | ArrayLike<number> = 15,
): LsTermBins {
  return binsFromGradient(maxLogitGradient(logits, labels, n, k, alpha), n, k, alpha, bins);
}

/** The same estimate from per-sample π_max and c = 1[y = ŷ] (e.g. sampleScores.ts). */
export function binnedLsTermEstimateFromSamples(
  pMax: Float64Array,
  correct: Uint8Array,
  k: number,
  alpha: number,
  bins: number | ArrayLike<number> = 15,
): LsTermBins {
  const g = maxLogitGradientFromSamples(pMax, new Float64Array(pMax.length), correct, alpha, k);
  return binsFromGradient(g, pMax.length, k, alpha, bins);
}

function binsFromGradient(
  g: ReturnType<typeof maxLogitGradient>,
  n: number,
  k: number,
  alpha: number,
  bins: number | ArrayLike<number>,
): LsTermBins {
  const edges = edgesOf(bins, 'binnedLsTermEstimate');
  const nb = edges.length - 1;
  const count = new Int32Array(nb);
  const accuracy = new Float64Array(nb);
  const errorRate = new Float64Array(nb);
  const meanPMax = new Float64Array(nb);
  const lsTermEstimate = new Float64Array(nb);
  const meanLsTerm = new Float64Array(nb);
  const meanCePart = new Float64Array(nb);
  const meanTotal = new Float64Array(nb);
  for (let i = 0; i < n; i++) {
    const b = binIndexRightClosed(g.pMax[i], edges);
    if (b < 0) continue;
    count[b]++;
    accuracy[b] += g.correct[i];
    meanPMax[b] += g.pMax[i];
    meanLsTerm[b] += g.lsTerm[i];
    meanCePart[b] += g.cePart[i];
    meanTotal[b] += g.total[i];
  }
  for (let b = 0; b < nb; b++) {
    const c = count[b];
    accuracy[b] /= c;
    errorRate[b] = 1 - accuracy[b];
    meanPMax[b] /= c;
    meanLsTerm[b] /= c;
    meanCePart[b] /= c;
    meanTotal[b] /= c;
    lsTermEstimate[b] = alpha * (accuracy[b] - 1 / k);
  }
  return { edges, count, accuracy, errorRate, meanPMax, lsTermEstimate, meanLsTerm, meanCePart, meanTotal };
}

/**
 * The expected LS term on the max logit, α((K−1)/K − P_e(x)) (science.md §2), averaged over the
 * samples currently predicted correctly and over those predicted wrongly, with P_e(x) estimated by
 * the error rate of the sample's π_max bin (the binned estimate above). Unlike the per-sample
 * α(c − 1/K), which is constant within each group, this moves with training: it shows how much more
 * the correct (confident) samples are pushed down than the wrong ones. NaN for an empty group.
 */
export function expectedLsTermByCorrectness(
  logits: LogitArray,
  labels: LabelArray,
  n: number,
  k: number,
  alpha: number,
  bins: number | ArrayLike<number> = 15,
): { correct: number; incorrect: number } {
  const g = maxLogitGradient(logits, labels, n, k, alpha);
  const est = binsFromGradient(g, n, k, alpha, bins);
  let sc = 0;
  let nc = 0;
  let si = 0;
  let ni = 0;
  for (let i = 0; i < n; i++) {
    const b = binIndexRightClosed(g.pMax[i], est.edges);
    if (b < 0) continue;
    if (g.correct[i]) {
      sc += est.lsTermEstimate[b];
      nc++;
    } else {
      si += est.lsTermEstimate[b];
      ni++;
    }
  }
  return { correct: nc ? sc / nc : NaN, incorrect: ni ? si / ni : NaN };
}
