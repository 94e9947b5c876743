/**
 * How far two confidence scores agree on the order of the same samples: Spearman's rank
 * correlation, with tied scores given their average rank (science.md §4, "Why it works": the LS
 * model's score held against its CE twin's MSP ranking). Float64 throughout.
 *
 * Ties follow science.md §3: two scores are tied when they are equal after rounding to 12
 * significant digits, which absorbs the float rounding of values equal in exact arithmetic (the
 * centred p = 1 score is exactly 1/2 for every sample with a single positive centred logit, but its
 * floating-point value may differ in the last bit). NaN ranks as −Infinity (sort.ts).
 */
import { argsortAscendingStable, sortKey } from './sort';
import { checkSameLength } from './types';

/** The key two scores are compared by: NaN → −Infinity, finite values to 12 significant digits. */
export function tieKey(s: number): number {
  const k = sortKey(s);
  return Number.isFinite(k) ? Number(k.toPrecision(12)) + 0 : k; // + 0: −0 and +0 are one key
}

/**
 * Ranks 1..N in ascending order of score (the smallest score has rank 1); a block of b tied
 * scores starting after r samples gets the average rank r + (b + 1)/2 each.
 */
export function averageRanks(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = tieKey(scores[i]);
  const order = argsortAscendingStable(keys);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && keys[order[j]] === keys[order[i]]) j++;
    const avg = (i + 1 + j) / 2; // mean of the ranks i + 1 … j
    for (let t = i; t < j; t++) ranks[order[t]] = avg;
    i = j;
  }
  return ranks;
}

/** Pearson's correlation of two equally long arrays (two-pass, float64); NaN when either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength(a, b, 'pearson');
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  if (saa === 0 || sbb === 0) return NaN;
  // Rounding can carry |r| a hair past 1 for identical rankings.
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * Spearman's ρ of two scores of the same samples: Pearson's correlation of their average ranks.
 * 1 = the same order, −1 = reversed; NaN for fewer than two samples or a score constant over all.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkSameLength(a, b, 'spearman');
  return pearson(averageRanks(a), averageRanks(b));
}
