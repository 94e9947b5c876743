/**
 * Where one sample stands among all samples under a confidence score, in the order every
 * selective-classification metric uses (sort.ts: score descending, ties by index, NaN last). Used by
 * the worked example (science.md §2 and §4 on real samples): "rank 12 of 5,000 under CE·MSP".
 */
import { sortKey } from './sort';

/**
 * 1-based rank of sample i (1 = the most confident) in argsortDescendingStable(scores), counted
 * directly in O(N): the samples with a larger key, plus those with an equal key and a lower index.
 */
export function rankOf(scores: ArrayLike<number>, i: number): number {
  const n = scores.length;
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`sample ${i} is not in [0, ${n})`);
  const own = sortKey(scores[i]);
  let ahead = 0;
  for (let j = 0; j < n; j++) {
    const s = sortKey(scores[j]);
    if (s > own || (s === own && j < i)) ahead++;
  }
  return ahead + 1;
}

/** Whether a 1-based rank lies in the most confident `fraction` of n samples (the first round(f·n)). */
export function inTopFraction(rank: number, n: number, fraction: number): boolean {
  return rank <= Math.round(fraction * n);
}
