/**
 * The mechanism measured against the CE twin (science.md §2.6, "Evidence that is not circular"): the
 * CE and LS models of a pair share initial weights and batches, so each test sample can be held
 * against itself under both. u = v − mean_k v (centred logits).
 *
 * - the shrink of the max logit, r = u_max(LS) / u_max(CE), in equal-count bins of the CE model's
 *   confidence (CE's π_max estimates P_e without using the LS model);
 * - the length ratio ‖u(LS)‖₂ / ‖u(CE)‖₂ and the cosine of u(LS) and u(CE) (full logits only);
 * - who gets into the confident set: at a coverage c each model keeps its ⌈c·N⌉ highest scores
 *   (stable order, ties by index, as the risk–coverage curve), and the samples only LS keeps
 *   ("admitted") or only CE keeps ("pushed out").
 *
 * Everything is float64; quantiles interpolate linearly between order statistics (h = (m − 1)·q,
 * numpy's default), so the median of an even count is the mean of the two middle values.
 */
import { centredExtremes } from './scores';
import { argsortAscendingStable, argsortDescendingStable, sortKey } from './sort';
import { checkLogitShape, checkSameLength, type LogitArray } from './types';

/** u_max = max_k (v_k − mean_k v) per row, exactly as centredExtremes computes it for MaxLogit-pNorm. */
export function centredMaxLogit(logits: LogitArray, n: number, k: number): Float64Array {
  checkLogitShape(logits, n, k);
  const out = new Float64Array(n);
  const ext = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += logits[off + j];
    centredExtremes(logits, off, k, sum / k, ext);
    out[i] = ext[0];
  }
  return out;
}

/**
 * Per sample, ‖u(LS)‖₂ / ‖u(CE)‖₂ and cos(u(LS), u(CE)) of two models' logits on the same samples.
 * NaN where a centred vector is all zeros (ratio: CE's; cosine: either).
 */
export function centredNormRatioAndCosine(
  ce: LogitArray,
  ls: LogitArray,
  n: number,
  k: number,
): { normRatio: Float64Array; cosine: Float64Array } {
  checkLogitShape(ce, n, k);
  checkLogitShape(ls, n, k);
  const normRatio = new Float64Array(n);
  const cosine = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    let mc = 0;
    let ml = 0;
    for (let j = 0; j < k; j++) {
      mc += ce[off + j];
      ml += ls[off + j];
    }
    mc /= k;
    ml /= k;
    let cc = 0;
    let ll = 0;
    let cl = 0;
    for (let j = 0; j < k; j++) {
      const a = ce[off + j] - mc;
      const b = ls[off + j] - ml;
      cc += a * a;
      ll += b * b;
      cl += a * b;
    }
    const nc = Math.sqrt(cc);
    const nl = Math.sqrt(ll);
    normRatio[i] = nc > 0 ? nl / nc : NaN;
    cosine[i] = nc > 0 && nl > 0 ? cl / (nc * nl) : NaN;
  }
  return { normRatio, cosine };
}

/** r_i = u_max(LS)_i / u_max(CE)_i; NaN where CE's u_max is 0 (all its logits equal) or not finite. */
export function shrinkRatios(uMaxLs: ArrayLike<number>, uMaxCe: ArrayLike<number>): Float64Array {
  checkSameLength(uMaxLs, uMaxCe, 'shrinkRatios');
  const out = new Float64Array(uMaxCe.length);
  for (let i = 0; i < out.length; i++) {
    const c = uMaxCe[i];
    out[i] = c > 0 && Number.isFinite(c) ? uMaxLs[i] / c : NaN;
  }
  return out;
}

/** Where the values of a group lie: count of finite values, their median, quartiles, deciles and mean. */
export interface Spread {
  /** Finite values counted (NaN and ±∞ are left out). */
  n: number;
  /** How many were left out as not finite. */
  dropped: number;
  median: number;
  q1: number;
  q3: number;
  p10: number;
  p90: number;
  mean: number;
}

/** q-quantile of ascending values by linear interpolation (h = (m − 1)·q). */
function interpolated(sorted: Float64Array, q: number): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  const h = (m - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(m - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The spread of values[indices] (all values when indices is omitted). */
export function spreadOf(values: ArrayLike<number>, indices?: ArrayLike<number>): Spread {
  const total = indices ? indices.length : values.length;
  const kept: number[] = [];
  let sum = 0;
  for (let t = 0; t < total; t++) {
    const v = values[indices ? indices[t] : t];
    if (Number.isFinite(v)) {
      kept.push(v);
      sum += v;
    }
  }
  const s = Float64Array.from(kept).sort();
  return {
    n: s.length,
    dropped: total - s.length,
    median: interpolated(s, 0.5),
    q1: interpolated(s, 0.25),
    q3: interpolated(s, 0.75),
    p10: interpolated(s, 0.1),
    p90: interpolated(s, 0.9),
    mean: s.length ? sum / s.length : NaN,
  };
}

/** ⌊f·N⌋ with f·N first rounded to 12 significant digits (0.9·5000 is 4500, not 4499). */
export function fractionIndex(f: number, n: number): number {
  return Math.floor(Number((f * n).toPrecision(12)));
}

/** One equal-count bin of the CE model's confidence, and the ratio's spread in it. */
export interface ConfidenceBin extends Spread {
  bin: number;
  /** Positions [rankLo, rankHi) in the least → most confident order of the CE model. */
  rankLo: number;
  rankHi: number;
  /** The CE confidence of the bin's least and most confident sample (the key given, e.g. log π_max). */
  confLo: number;
  confHi: number;
}

/**
 * The samples ordered by CE confidence ascending (least confident first, ties by index), cut into
 * `bins` equal-count bins (bin b holds positions ⌊b·N/B⌋ … ⌊(b+1)·N/B⌋ − 1), with the spread of
 * `values` in each. A bin with no sample is left out.
 */
export function binsByConfidence(
  values: ArrayLike<number>,
  ceConfidence: ArrayLike<number>,
  bins: number,
): { order: Int32Array; bins: ConfidenceBin[] } {
  checkSameLength(values, ceConfidence, 'binsByConfidence');
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const n = values.length;
  const order = argsortAscendingStable(ceConfidence);
  const out: ConfidenceBin[] = [];
  for (let b = 0; b < bins; b++) {
    const rankLo = Math.floor((b * n) / bins);
    const rankHi = Math.floor(((b + 1) * n) / bins);
    if (rankHi <= rankLo) continue;
    const idx = order.subarray(rankLo, rankHi);
    out.push({
      bin: b,
      rankLo,
      rankHi,
      confLo: ceConfidence[order[rankLo]],
      confHi: ceConfidence[order[rankHi - 1]],
      ...spreadOf(values, idx),
    });
  }
  return { order, bins: out };
}

/** The spread of values over the CE-confidence positions [⌊from·N⌋, ⌊to·N⌋) of `order` (ascending). */
export function sliceSpread(values: ArrayLike<number>, order: Int32Array, from: number, to: number): Spread {
  const n = order.length;
  return spreadOf(values, order.subarray(fractionIndex(from, n), fractionIndex(to, n)));
}

/** rank[i] = position of sample i when ranked by score descending (0 = most confident; ties by index). */
export function ranksDescending(scores: ArrayLike<number>): Int32Array {
  const order = argsortDescendingStable(scores);
  const rank = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  return rank;
}

/** ⌈c·N⌉ samples kept at coverage c ∈ (0, 1], with c·N first rounded to 12 significant digits. */
export function keptCount(coverage: number, n: number): number {
  if (!(coverage > 0 && coverage <= 1)) throw new RangeError(`coverage must be in (0, 1], got ${coverage}`);
  return Math.min(n, Math.ceil(Number((coverage * n).toPrecision(12))));
}

/** One group of swapped samples, and how often each model is wrong on it. */
export interface SwapGroup {
  /** Sample indices, ascending. */
  indices: Int32Array;
  lsErrors: number;
  ceErrors: number;
}

export interface SwapResult {
  n: number;
  /** Kept by each model: ⌈c·N⌉. */
  kept: number;
  /** Kept by LS, not by CE. */
  admitted: SwapGroup;
  /** Kept by CE, not by LS. */
  pushedOut: SwapGroup;
  /** Kept by both. */
  both: SwapGroup;
  /**
   * Size of the block of scores tied (12 significant digits) with the last kept one, when that block
   * straddles the cut (some kept, some not: index order decided); 0 otherwise.
   */
  cutTies: { ce: number; ls: number };
}

/** How many scores tie with the one at rank m − 1 if the tie runs past the cut; 0 when it does not. */
function tieAcrossCut(scores: ArrayLike<number>, rank: Int32Array, m: number): number {
  const n = rank.length;
  if (m <= 0 || m >= n) return 0;
  const key = (s: number) => Number(sortKey(s).toPrecision(12));
  let last = -1;
  for (let i = 0; i < n && last < 0; i++) if (rank[i] === m - 1) last = i;
  const at = key(scores[last]);
  let inside = 0;
  let outside = 0;
  for (let i = 0; i < n; i++) {
    if (key(scores[i]) !== at) continue;
    if (rank[i] < m) inside++;
    else outside++;
  }
  return outside > 0 ? inside + outside : 0;
}

/**
 * The confident sets of both models at coverage c, from their scores (higher = more confident) and
 * error flags (1 = wrong) on the same samples.
 */
export function swapAtCoverage(
  ce: { score: ArrayLike<number>; errors: ArrayLike<number>; rank?: Int32Array },
  ls: { score: ArrayLike<number>; errors: ArrayLike<number>; rank?: Int32Array },
  coverage: number,
): SwapResult {
  const n = ce.score.length;
  checkSameLength(ce.score, ls.score, 'swapAtCoverage scores');
  checkSameLength(ce.errors, ls.errors, 'swapAtCoverage errors');
  checkSameLength(ce.score, ce.errors, 'swapAtCoverage');
  const m = keptCount(coverage, n);
  const rc = ce.rank ?? ranksDescending(ce.score);
  const rl = ls.rank ?? ranksDescending(ls.score);
  const groups = { admitted: [] as number[], pushedOut: [] as number[], both: [] as number[] };
  for (let i = 0; i < n; i++) {
    const inCe = rc[i] < m;
    const inLs = rl[i] < m;
    if (inLs && !inCe) groups.admitted.push(i);
    else if (inCe && !inLs) groups.pushedOut.push(i);
    else if (inCe && inLs) groups.both.push(i);
  }
  const group = (idx: number[]): SwapGroup => {
    let lsErrors = 0;
    let ceErrors = 0;
    for (const i of idx) {
      lsErrors += ls.errors[i] ? 1 : 0;
      ceErrors += ce.errors[i] ? 1 : 0;
    }
    return { indices: Int32Array.from(idx), lsErrors, ceErrors };
  };
  return {
    n,
    kept: m,
    admitted: group(groups.admitted),
    pushedOut: group(groups.pushedOut),
    both: group(groups.both),
    cutTies: { ce: tieAcrossCut(ce.score, rc, m), ls: tieAcrossCut(ls.score, rl, m) },
  };
}
