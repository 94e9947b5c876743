/**
 * Tied scores, science.md §3 "Ties": two scores are tied when they are equal after rounding to 12
 * significant digits (`Number(s.toPrecision(12))`, which absorbs float rounding of values that are
 * equal in exact arithmetic). The RC curve and every metric read from it are the expectation over all
 * orders within each tied block: in a block of b samples holding m errors, every position of the
 * block carries m/b expected errors, so the cumulative error count at n₀ + j is c₀ + j·m/b.
 *
 * `tieRanking` ranks once; `tieAveragedErrors` gives the positional expected errors, on which the
 * `…FromOrder` metrics of riskCoverage.ts, run with the identity order, return that expectation.
 * Without ties the order is argsortDescendingStable's and the errors are the 0/1 flags, so every
 * metric is bit-for-bit its stable-sort value.
 */
import { argsortDescendingStable, sortKey } from './sort';
import { checkSameLength } from './types';

/** The tie key of a score: NaN → −Infinity, then 12 significant digits (±0 → 0). */
export function tieKey(s: number): number {
  const k = sortKey(s);
  return k === Infinity || k === -Infinity ? k : Number(k.toPrecision(12)) + 0;
}

export interface TieRanking {
  /** Sample indices by tie key descending (NaN last), ties by ascending index: tied samples adjacent. */
  order: Int32Array;
  /**
   * Block boundaries in rank positions: block t holds positions starts[t] .. starts[t+1] − 1;
   * starts[0] = 0 and the last entry is N (length = number of blocks + 1).
   */
  starts: Int32Array;
  /** Size of the largest tied block (1 when no two scores tie; 0 for no samples). */
  largest: number;
}

/**
 * Whether two scores share a tie key. Keys of scores further apart than 1e-10 of the larger are
 * never equal — rounding to 12 significant digits moves a value by at most half a unit of its
 * 12th digit, under 1e-11 of it — so the decimal rounding (a string round trip, the slow part of
 * ranking) runs only for neighbours that close.
 */
function sameTieKey(a: number, b: number): boolean {
  const x = sortKey(a);
  const y = sortKey(b);
  if (x === y) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (Math.abs(x - y) > 1e-10 * Math.max(Math.abs(x), Math.abs(y))) return false;
  return tieKey(x) === tieKey(y);
}

/**
 * Ranks scores by their tie key (one sort) and finds the tied blocks. The raw scores are sorted:
 * rounding is monotone, so equal keys come out adjacent, and each tied block of unequal raw scores
 * is then put in index order — the order of a stable sort of the keys themselves (tested against it).
 */
export function tieRanking(scores: ArrayLike<number>): TieRanking {
  const order = argsortDescendingStable(scores);
  const n = order.length;
  const starts: number[] = [0];
  let largest = n > 0 ? 1 : 0;
  for (let r = 1; r <= n; r++) {
    if (r === n || !sameTieKey(scores[order[r]], scores[order[r - 1]])) {
      const from = starts[starts.length - 1];
      if (r - from > 1) {
        largest = Math.max(largest, r - from);
        // Tied but unequal raw scores were ordered by value: ties go by ascending index.
        const block = order.subarray(from, r);
        if (sortKey(scores[block[0]]) !== sortKey(scores[block[r - from - 1]])) block.sort();
      }
      if (r < n) starts.push(r);
    }
  }
  if (n > 0) starts.push(n);
  return { order, starts: Int32Array.from(starts), largest };
}

/** Per rank position, the block's error fraction m/b (0/1 flags where a block has one sample). */
export function tieAveragedErrors(t: TieRanking, errors: ArrayLike<number>): Float64Array {
  const n = t.order.length;
  if (errors.length !== n)
    throw new RangeError(`tieAveragedErrors: lengths differ (${errors.length} vs ${n})`);
  const out = new Float64Array(n);
  for (let b = 0; b + 1 < t.starts.length; b++) {
    const from = t.starts[b];
    const to = t.starts[b + 1];
    let m = 0;
    for (let r = from; r < to; r++) m += errors[t.order[r]];
    const f = to - from === 1 ? m : m / (to - from);
    for (let r = from; r < to; r++) out[r] = f;
  }
  return out;
}

/** The identity order 0..n−1 (the positional errors are already in rank order). */
export function identityOrder(n: number): Int32Array {
  const o = new Int32Array(n);
  for (let i = 0; i < n; i++) o[i] = i;
  return o;
}

export interface TieAware {
  ranking: TieRanking;
  /** Positional expected errors (tieAveragedErrors), in rank order. */
  errors: Float64Array;
  /** identityOrder(N), to pass to the `…FromOrder` metrics with `errors`. */
  identity: Int32Array;
  /** Positional scores: the block's first score at every position of the block (its one threshold). */
  scores: Float64Array;
}

/** Everything a metric needs to be tie-aware, from one sort. */
export function tieAware(scores: ArrayLike<number>, errors: ArrayLike<number>): TieAware {
  checkSameLength(scores, errors, 'tieAware');
  const ranking = tieRanking(scores);
  const n = ranking.order.length;
  const pos = new Float64Array(n);
  for (let b = 0; b + 1 < ranking.starts.length; b++) {
    const s = scores[ranking.order[ranking.starts[b]]];
    for (let r = ranking.starts[b]; r < ranking.starts[b + 1]; r++) pos[r] = s;
  }
  return { ranking, errors: tieAveragedErrors(ranking, errors), identity: identityOrder(n), scores: pos };
}

/** A tied block of at least two samples, in rank positions [from, to) and coverage [from/N, to/N]. */
export interface TiedBlock {
  from: number;
  to: number;
  size: number;
  /** Errors in the block. */
  errors: number;
  /** The block's score (its first sample's). */
  score: number;
}

/** The tied blocks with ≥ minSize samples, in rank order. */
export function tiedBlocks(
  t: TieRanking,
  errors: ArrayLike<number>,
  scores: ArrayLike<number>,
  minSize = 2,
): TiedBlock[] {
  const out: TiedBlock[] = [];
  for (let b = 0; b + 1 < t.starts.length; b++) {
    const from = t.starts[b];
    const to = t.starts[b + 1];
    if (to - from < minSize) continue;
    let m = 0;
    for (let r = from; r < to; r++) m += errors[t.order[r]];
    out.push({ from, to, size: to - from, errors: m, score: scores[t.order[from]] });
  }
  return out;
}
