/**
 * The two numbers MaxLogit-pNorm divides (science.md §4): u_max and ‖u‖_p of each sample, u the
 * centred (or raw) logits, so that a chart can place every sample at (‖u‖_p, u_max) and the score
 * s = u_max / ‖u‖_p is the slope of the ray from the origin through it. Multiplying a sample's u by
 * r > 0 slides it along its ray: the score does not change, its softmax confidence does.
 *
 * Also the operating points a selective classifier uses (the threshold that keeps a given coverage)
 * and the test AURC of MaxLogit-pNorm for each p of a grid.
 */
import { aurc } from './riskCoverage';
import { argsortDescendingStable } from './sort';
import { checkSameLength, type ErrorFlags } from './types';

export interface CoverageCut {
  coverage: number;
  /** Samples kept: m = ceil(coverage · N), at least 1 (science.md §3's Risk@Cov index). */
  kept: number;
  /** The score of the m-th most confident sample: keeping scores ≥ it keeps at least m samples. */
  threshold: number;
  /** 1 for the m samples kept (in the stable order, so ties at the threshold are split by index). */
  inSet: Uint8Array;
}

/** The most confident fraction `coverage` ∈ (0, 1] of the samples by `scores` (higher = surer). */
export function topAtCoverage(scores: ArrayLike<number>, coverage: number): CoverageCut {
  if (!(coverage > 0 && coverage <= 1)) throw new RangeError(`coverage must be in (0, 1], got ${coverage}`);
  const n = scores.length;
  const inSet = new Uint8Array(n);
  if (n === 0) return { coverage, kept: 0, threshold: NaN, inSet };
  const order = argsortDescendingStable(scores);
  const m = Math.min(n, Math.max(1, Math.ceil(coverage * n)));
  for (let r = 0; r < m; r++) inSet[order[r]] = 1;
  return { coverage, kept: m, threshold: scores[order[m - 1]], inSet };
}

/** Tie-aware test AURC of a score for each p: pNormFor(p) gives the per-sample MaxLogit-pNorm. */
export function aurcOverP(
  errors: ErrorFlags,
  ps: readonly number[],
  pNormFor: (p: number) => ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(ps.length);
  ps.forEach((p, i) => {
    const scores = pNormFor(p);
    checkSameLength(scores, errors, 'aurcOverP');
    out[i] = aurc(scores, errors);
  });
  return out;
}
