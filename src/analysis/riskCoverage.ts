/**
 * Risk–coverage metrics of selective classification, science.md §3, exactly:
 * samples sorted by score descending, e_i = 1[ŷ_i ≠ y_i], R_n = (1/n) Σ_{i≤n} e_i for n = 1..N and
 * R_0 := 0, curve points (n/N, R_n) for n = 0..N.
 *
 * Ties (science.md §3, ties.ts): the score-taking forms (`aurc`, `riskCoverage`, …) are tie-aware —
 * the expectation over all orders within each block of scores equal to 12 significant digits. The
 * `…FromOrder` forms take a ranking `order` and per-sample errors, which may be fractional: with the
 * identity order and ties.ts's positional expected errors they give that expectation; with
 * argsortDescendingStable and 0/1 flags they give the stable-sort value (ties in split order). With
 * N = 0 samples, numeric metrics are NaN and coverageAtRisk is null.
 */
import { tieAware, tieKey, tieRanking } from './ties';
import { checkSameLength, type ErrorFlags, type LabelArray } from './types';

/** Per-sample errors: 0/1 flags, or expected errors in [0, 1] per rank position (ties.ts). */
export type ErrorWeights = ArrayLike<number>;

/** e_i = 1[ŷ_i ≠ y_i]. */
export function errorsOf(preds: ArrayLike<number>, labels: LabelArray): ErrorFlags {
  checkSameLength(preds, labels, 'errorsOf');
  const out = new Uint8Array(preds.length);
  for (let i = 0; i < preds.length; i++) out[i] = preds[i] === labels[i] ? 0 : 1;
  return out;
}

/** Fraction of errors, R_N (NaN for N = 0). */
export function errorRate(errors: ErrorFlags): number {
  let s = 0;
  for (let i = 0; i < errors.length; i++) s += errors[i];
  return s / errors.length;
}

export interface RiskCoverageCurve {
  /** n/N for n = 0..N. */
  coverage: Float64Array;
  /** R_n for n = 0..N, R_0 = 0. */
  risk: Float64Array;
  /**
   * thresholds[n] = score of the n-th accepted sample (the smallest accepted score at coverage n/N);
   * thresholds[0] = +Infinity (accept nothing). Inside a block of tied scores the intermediate points
   * share the block's one score: they are expectations over the orders within the block.
   */
  thresholds: Float64Array;
}

export function riskCoverageFromOrder(
  order: Int32Array,
  errors: ErrorWeights,
  scores: ArrayLike<number>,
): RiskCoverageCurve {
  const n = order.length;
  const coverage = new Float64Array(n + 1);
  const risk = new Float64Array(n + 1);
  const thresholds = new Float64Array(n + 1);
  thresholds[0] = Infinity;
  let cum = 0;
  for (let m = 1; m <= n; m++) {
    const idx = order[m - 1];
    cum += errors[idx];
    coverage[m] = m / n;
    risk[m] = cum / m;
    thresholds[m] = scores[idx];
  }
  return { coverage, risk, thresholds };
}

/** The tie-aware RC curve (N + 1 points, starting at the origin as in the official code). */
export function riskCoverage(scores: ArrayLike<number>, errors: ErrorFlags): RiskCoverageCurve {
  checkSameLength(scores, errors, 'riskCoverage');
  const t = tieAware(scores, errors);
  return riskCoverageFromOrder(t.identity, t.errors, t.scores);
}

/** AURC: trapezoid rule over the N + 1 curve points, Σ_{n=1..N} (1/N)·(R_{n−1} + R_n)/2. */
export function aurcFromOrder(order: Int32Array, errors: ErrorWeights): number {
  const n = order.length;
  if (n === 0) return NaN;
  let cum = 0;
  return trapezoid(1, n, (m) => (cum += errors[order[m - 1]]) / m);
}

/**
 * Σ_{m=from..n} (R_{m−1} + R_m) / (2n) with R_{from−1} = 0: the trapezoid rule of AURC, for risks
 * that are 0 before `from`. riskAt is called once per m, in increasing order.
 */
function trapezoid(from: number, n: number, riskAt: (m: number) => number): number {
  let prev = 0;
  let area = 0;
  for (let m = from; m <= n; m++) {
    const r = riskAt(m);
    area += prev + r;
    prev = r;
  }
  return area / (2 * n);
}

/** Tie-aware AURC of a score. */
export function aurc(scores: ArrayLike<number>, errors: ErrorFlags): number {
  checkSameLength(scores, errors, 'aurc');
  const t = tieAware(scores, errors);
  return aurcFromOrder(t.identity, t.errors);
}

/** AURC of the perfect ranking (all correct predictions first), same trapezoid convention. */
export function oracleAurc(errors: ErrorFlags): number {
  const n = errors.length;
  if (n === 0) return NaN;
  let nCorrect = 0;
  for (let i = 0; i < n; i++) if (!errors[i]) nCorrect++;
  return trapezoid(nCorrect + 1, n, (m) => (m - nCorrect) / m);
}

/** E-AURC = AURC − AURC_oracle (science.md §3). */
export function eAurc(scores: ArrayLike<number>, errors: ErrorFlags): number {
  return aurc(scores, errors) - oracleAurc(errors);
}

/**
 * AUGRC (Traub et al. 2024): area under the generalised risk G_n = (1/N) Σ_{i≤n} e_i against coverage
 * n/N, trapezoid over n = 0..N starting at (0, 0), like AURC.
 */
export function augrcFromOrder(order: Int32Array, errors: ErrorWeights): number {
  const n = order.length;
  if (n === 0) return NaN;
  let cum = 0;
  let prevCum = 0;
  let area = 0;
  for (let m = 1; m <= n; m++) {
    cum += errors[order[m - 1]];
    area += prevCum + cum;
    prevCum = cum;
  }
  return area / (2 * n * n);
}

export function augrc(scores: ArrayLike<number>, errors: ErrorFlags): number {
  checkSameLength(scores, errors, 'augrc');
  const t = tieAware(scores, errors);
  return augrcFromOrder(t.identity, t.errors);
}

/**
 * Selective risk at coverage c ∈ (0, 1]: R_n with n = ceil(c·N), i.e. index ceil(c·N) − 1 on the
 * curve without the origin (science.md §3, Risk@80%Cov for c = 0.8).
 */
export function riskAtCoverageFromOrder(order: Int32Array, errors: ErrorWeights, coverage: number): number {
  if (!(coverage > 0 && coverage <= 1)) throw new RangeError(`coverage must be in (0, 1], got ${coverage}`);
  const n = order.length;
  if (n === 0) return NaN;
  const m = Math.min(n, Math.max(1, Math.ceil(coverage * n)));
  let cum = 0;
  for (let i = 0; i < m; i++) cum += errors[order[i]];
  return cum / m;
}

export function riskAtCoverage(scores: ArrayLike<number>, errors: ErrorFlags, coverage = 0.8): number {
  checkSameLength(scores, errors, 'riskAtCoverage');
  const t = tieAware(scores, errors);
  return riskAtCoverageFromOrder(t.identity, t.errors, coverage);
}

/**
 * Cov@Risk: the largest coverage n/N (n ≥ 1; the origin's R_0 := 0 is a convention, not an operating
 * point) with R_n ≤ maxRisk; null when no n qualifies (the UI shows "—"). Read from the curve it is
 * given: with tie-averaged errors, points inside tied blocks are those of the expected curve (a
 * maximum over the curve, so not the mean over tie orders of each order's Cov@Risk).
 */
export function coverageAtRiskFromOrder(
  order: Int32Array,
  errors: ErrorWeights,
  maxRisk: number,
): number | null {
  const n = order.length;
  let cum = 0;
  let best = 0;
  for (let m = 1; m <= n; m++) {
    cum += errors[order[m - 1]];
    if (cum / m <= maxRisk) best = m;
  }
  return best === 0 ? null : best / n;
}

export function coverageAtRisk(scores: ArrayLike<number>, errors: ErrorFlags, maxRisk = 0.05): number | null {
  checkSameLength(scores, errors, 'coverageAtRisk');
  const t = tieAware(scores, errors);
  return coverageAtRiskFromOrder(t.identity, t.errors, maxRisk);
}

/**
 * AUROC of misclassification detection: P(s_correct > s_error) + ½·P(s_correct = s_error) over all
 * (correct, error) pairs — correct predictions are the positives (Mann–Whitney U / (P·Q), ties ½).
 * Undefined, NaN, when all predictions are correct or all wrong. NaN scores count as −Infinity; scores
 * equal to 12 significant digits tie (ties.ts). `order` must rank by score descending with tied
 * scores adjacent (argsortDescendingStable or ties.ts's tieRanking); `errors` are 0/1 flags per sample.
 */
export function aurocFromOrder(order: Int32Array, errors: ErrorFlags, scores: ArrayLike<number>): number {
  const n = order.length;
  let nErr = 0;
  for (let i = 0; i < n; i++) nErr += errors[i];
  const nCorrect = n - nErr;
  if (nErr === 0 || nCorrect === 0) return NaN;
  let errorsAbove = 0;
  let u = 0;
  let i = 0;
  while (i < n) {
    const key = tieKey(scores[order[i]]);
    let c = 0;
    let w = 0;
    let j = i;
    for (; j < n && tieKey(scores[order[j]]) === key; j++) {
      if (errors[order[j]]) w++;
      else c++;
    }
    // Each correct sample of this tie group beats the errors strictly below and ties with w of them.
    u += c * (nErr - errorsAbove - w + 0.5 * w);
    errorsAbove += w;
    i = j;
  }
  return u / (nCorrect * nErr);
}

export function aurocMisclassification(scores: ArrayLike<number>, errors: ErrorFlags): number {
  checkSameLength(scores, errors, 'aurocMisclassification');
  return aurocFromOrder(tieRanking(scores).order, errors, scores);
}
