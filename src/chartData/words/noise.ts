/**
 * How large a difference has to be before the words call it one (science.md §3.9). Three sources,
 * each stated where it is used:
 * - AURC: with one seed the noise is unknown; differences below about 0.3 points are often noise at
 *   N = 5,000 test samples (over three seeds, the runner's sweep in science.md §5.2 spreads by 0.08
 *   points for CE and 0.41 for LS α = 0.2). The floor scales as 1/√N, like the sampling error of a
 *   mean risk.
 *   With several seeds, a direction counts only when every seed agrees on it.
 * - error rate and AUROC: twice the binomial / Hanley–McNeil standard error of the difference,
 *   treating the two models as independent samples (conservative: the pair shares its test set).
 */
import type { SweepPoint } from '../../model/views';

/** Float noise in a difference of two fractions: 4.50% − 4.20% must count as 0.30 points, not 0.2999…. */
export const EPS = 1e-12;

export type Verdict = 'higher' | 'lower' | 'same';

export interface Comparison {
  /** The value compared and the one it is compared with (fractions). */
  a: number;
  b: number;
  /** a − b. */
  diff: number;
  verdict: Verdict;
  /**
   * Why a small difference counts as none: under the floor, the seeds disagree, or the paired
   * bootstrap's 95% interval of the difference contains 0.
   */
  why: 'floor' | 'seeds' | 'interval' | null;
  /** The paired-bootstrap 95% interval of a − b, when the verdict comes from it. */
  ci?: { lo: number; hi: number };
}

/**
 * a against b by the paired bootstrap (science.md §3): 'same' when the 95% interval of a − b
 * contains 0, otherwise its direction. With several seeds, a direction also needs every seed to agree.
 */
export function compareByInterval(
  a: number,
  b: number,
  ci: { lo: number; hi: number },
  perSeed: number[] = [],
): Comparison {
  const diff = a - b;
  const base = { a, b, diff, ci: { lo: ci.lo, hi: ci.hi } };
  if (!Number.isFinite(diff) || !(ci.lo > 0 || ci.hi < 0))
    return { ...base, verdict: 'same', why: 'interval' };
  if (perSeed.length >= 2 && !perSeed.every((d) => Math.sign(d) === Math.sign(diff)))
    return { ...base, verdict: 'same', why: 'seeds' };
  return { ...base, verdict: ci.lo > 0 ? 'higher' : 'lower', why: null };
}

/** AURC differences below this (a fraction: 0.003 = 0.3 points) are often noise at N = 5,000. */
export const AURC_NOISE_AT_5000 = 0.003;

/** The AURC noise floor for N test samples (fraction). */
export function aurcNoiseFloor(n: number): number {
  return AURC_NOISE_AT_5000 * Math.sqrt(5000 / Math.max(1, n));
}

/** Twice the standard error of a difference of two error rates (fractions), as independent binomials. */
export function errorNoiseFloor(e1: number, n1: number, e2: number, n2: number): number {
  const v = (e1 * (1 - e1)) / Math.max(1, n1) + (e2 * (1 - e2)) / Math.max(1, n2);
  return 2 * Math.sqrt(v);
}

/** Hanley–McNeil standard error of an AUROC with nPos positives and nNeg negatives. */
export function aurocStdError(a: number, nPos: number, nNeg: number): number {
  if (!(nPos > 0 && nNeg > 0) || !Number.isFinite(a)) return Infinity;
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const v = (a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / (nPos * nNeg);
  return Math.sqrt(Math.max(0, v));
}

/**
 * a against b: 'same' when |a − b| is under the floor, or when per-seed differences (two or more)
 * do not all share the sign of a − b; otherwise 'higher' or 'lower'.
 */
export function compare(a: number, b: number, floor: number, perSeed: number[] = []): Comparison {
  const diff = a - b;
  if (!Number.isFinite(diff)) return { a, b, diff, verdict: 'same', why: 'floor' };
  if (diff === 0 || Math.abs(diff) < floor - EPS) return { a, b, diff, verdict: 'same', why: 'floor' };
  if (perSeed.length >= 2 && !perSeed.every((d) => Math.sign(d) === Math.sign(diff)))
    return { a, b, diff, verdict: 'same', why: 'seeds' };
  return { a, b, diff, verdict: diff > 0 ? 'higher' : 'lower', why: null };
}

/** The seeds trained for the pair's α and for CE, and what they say about the difference. */
export interface SeedSpread {
  /** Seeds with a finished model at α = 0 and at the pair's α, ascending. */
  seeds: number[];
  /** Per seed: LS − CE MSP AURC, and LS normalised − CE MSP AURC (fractions). */
  mspDiffs: number[];
  normDiffs: number[];
  /** Range of the LS model's MSP AURC over those seeds. */
  lsMsp: [number, number];
}

const SAME_ALPHA = 1e-9;

/** The seed-by-seed comparison at `alpha` from the sweep's points; null without a seed at both α. */
export function seedSpread(points: SweepPoint[], alpha: number): SeedSpread | null {
  const at = (a: number) => points.filter((p) => Math.abs(p.alpha - a) < SAME_ALPHA);
  const ce = new Map(at(0).map((p) => [p.seed, p]));
  const pairs = at(alpha)
    .filter((p) => ce.has(p.seed) && Number.isFinite(p.aurcMsp) && Number.isFinite(ce.get(p.seed)!.aurcMsp))
    .sort((x, y) => x.seed - y.seed);
  if (!pairs.length || Math.abs(alpha) < SAME_ALPHA) return null;
  const ls = pairs.map((p) => p.aurcMsp);
  return {
    seeds: pairs.map((p) => p.seed),
    mspDiffs: pairs.map((p) => p.aurcMsp - ce.get(p.seed)!.aurcMsp),
    normDiffs: pairs.map((p) => p.aurcPnorm - ce.get(p.seed)!.aurcMsp),
    lsMsp: [Math.min(...ls), Math.max(...ls)],
  };
}

/** The phrase for a verdict on a against b: higher, lower, or the same within noise. */
export function byVerdict(v: Verdict, higher: string, lower: string, same: string): string {
  return v === 'higher' ? higher : v === 'lower' ? lower : same;
}
