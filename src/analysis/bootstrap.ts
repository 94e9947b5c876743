/**
 * Uncertainty of a comparison, science.md §3: a paired bootstrap over test samples. Each of B draws
 * takes N indices with replacement (seeded), and every series (a model's errors with one of its
 * scores, p fixed at its validation choice) gets its tie-aware AURC on that same draw; the 2.5 and
 * 97.5 percentiles of each AURC and of each difference (compared − reference) are the 95% intervals.
 *
 * Fast: each score is ranked once (ties.ts); a draw is a multiplicity vector over the samples, and
 * its AURC one O(N) pass over the fixed ranking — a drawn sample's copies are tied with each other
 * and with its block, so a block of the draw holds W = Σ w_i samples with M = Σ w_i·e_i errors and
 * every one of its positions carries M/W expected errors, exactly as ties.ts on the materialised
 * draw (the same floating-point operations in the same order, so the same bits).
 */
import { tieRanking, type TieRanking } from './ties';
import { checkSameLength } from './types';

/** A small seeded generator (mulberry32): uniform in [0, 1), reproducible from a 32-bit seed. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One draw: N indices in [0, N) with replacement, from `next`. */
export function drawIndices(next: () => number, n: number, out = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) out[i] = Math.min(n - 1, Math.floor(next() * n));
  return out;
}

/** One series to resample: a model's error flags and one score per sample (higher = surer). */
export interface BootstrapSeries {
  errors: ArrayLike<number>;
  score: ArrayLike<number>;
}

/** A series ranked once, ready for many draws. */
export interface PreparedSeries {
  ranking: TieRanking;
  errors: ArrayLike<number>;
}

export function prepareSeries(s: BootstrapSeries): PreparedSeries {
  checkSameLength(s.score, s.errors, 'bootstrap series');
  return { ranking: tieRanking(s.score), errors: s.errors };
}

/**
 * Tie-aware AURC of the draw whose multiplicities are `w` (w[i] = how often sample i was drawn;
 * Σ w = N), as aurcFromOrder on the materialised draw's tie-averaged errors.
 */
export function aurcOfDraw(p: PreparedSeries, w: ArrayLike<number>, total: number): number {
  const { order, starts } = p.ranking;
  const e = p.errors;
  if (total === 0) return NaN;
  let cum = 0;
  let pos = 0;
  let prev = 0;
  let area = 0;
  for (let b = 0; b + 1 < starts.length; b++) {
    let big = 0;
    let m = 0;
    for (let r = starts[b]; r < starts[b + 1]; r++) {
      const i = order[r];
      big += w[i];
      m += w[i] * e[i];
    }
    if (big === 0) continue;
    const f = big === 1 ? m : m / big;
    for (let j = 0; j < big; j++) {
      cum += f;
      pos++;
      const risk = cum / pos;
      area += prev + risk;
      prev = risk;
    }
  }
  return area / (2 * total);
}

export interface BootstrapOptions {
  /** Number of draws B (≥ 1; science.md asks for ≥ 1,000). */
  resamples: number;
  seed: number;
}

/**
 * The AURC of every series on each of B shared draws: out[s][b]. All series must have the same N
 * (they are paired: the same test samples).
 */
export function bootstrapAurcDraws(series: BootstrapSeries[], opts: BootstrapOptions): Float64Array[] {
  const { resamples, seed } = opts;
  if (!(Number.isInteger(resamples) && resamples >= 1))
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (series.length === 0) return [];
  const n = series[0].errors.length;
  for (const s of series)
    if (s.errors.length !== n)
      throw new RangeError(`bootstrap: series lengths differ (${s.errors.length} vs ${n})`);
  const prepared = series.map(prepareSeries);
  const out = series.map(() => new Float64Array(resamples));
  const next = seededUniform(seed);
  const idx = new Int32Array(n);
  const w = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    drawIndices(next, n, idx);
    w.fill(0);
    for (let i = 0; i < n; i++) w[idx[i]]++;
    for (let s = 0; s < prepared.length; s++) out[s][b] = aurcOfDraw(prepared[s], w, n);
  }
  return out;
}

/** The q-quantile (0–1) by linear interpolation between order statistics (type 7); NaN if empty. */
export function percentile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** A 95% percentile interval, with the full-sample value it brackets. */
export interface Interval {
  /** The value on the full test split. */
  value: number;
  lo: number;
  hi: number;
}

export function intervalOf(value: number, draws: ArrayLike<number>): Interval {
  return { value, lo: percentile(draws, 0.025), hi: percentile(draws, 0.975) };
}

/** Does the interval exclude 0 (a difference the bootstrap calls real)? */
export function excludesZero(i: Interval): boolean {
  return i.lo > 0 || i.hi < 0;
}

/** One model's inputs: error flags, log π_max and its normalised score (null: MSP fallback). */
export interface BootstrapModel {
  errors: ArrayLike<number>;
  msp: ArrayLike<number>;
  pNorm: ArrayLike<number> | null;
}

export interface ScorePair<T> {
  msp: T;
  pNorm: T;
}

export interface PairedAurcIntervals {
  n: number;
  resamples: number;
  seed: number;
  reference: ScorePair<Interval>;
  compared: ScorePair<Interval>;
  /** compared − reference, per score. */
  difference: ScorePair<Interval>;
  /** Other paired contrasts on the same draws: compared pNorm − reference MSP, and each model's pNorm − MSP. */
  normVsReferenceMsp: Interval;
  comparedNormVsMsp: Interval;
  referenceNormVsMsp: Interval;
}

/** Tie-aware AURC of a series on the full sample (the identity draw). */
function fullAurc(s: BootstrapSeries): number {
  const n = s.errors.length;
  return aurcOfDraw(prepareSeries(s), new Int32Array(n).fill(1), n);
}

/**
 * The paired bootstrap of science.md §3: reference (CE) and compared (LS) models on the same test
 * samples, MSP and the normalised score each (MSP again where pNorm is null, the fallback).
 */
export function pairedAurcBootstrap(
  reference: BootstrapModel,
  compared: BootstrapModel,
  opts: BootstrapOptions,
): PairedAurcIntervals {
  const n = reference.errors.length;
  if (compared.errors.length !== n)
    throw new RangeError(`paired bootstrap needs the same test samples (${n} vs ${compared.errors.length})`);
  const series: BootstrapSeries[] = [
    { errors: reference.errors, score: reference.msp },
    { errors: reference.errors, score: reference.pNorm ?? reference.msp },
    { errors: compared.errors, score: compared.msp },
    { errors: compared.errors, score: compared.pNorm ?? compared.msp },
  ];
  const draws = bootstrapAurcDraws(series, opts);
  const full = series.map(fullAurc);
  const diff = (a: number, b: number): Interval => {
    const d = new Float64Array(opts.resamples);
    for (let i = 0; i < d.length; i++) d[i] = draws[b][i] - draws[a][i];
    return intervalOf(full[b] - full[a], d);
  };
  return {
    n,
    resamples: opts.resamples,
    seed: opts.seed,
    reference: { msp: intervalOf(full[0], draws[0]), pNorm: intervalOf(full[1], draws[1]) },
    compared: { msp: intervalOf(full[2], draws[2]), pNorm: intervalOf(full[3], draws[3]) },
    difference: { msp: diff(0, 2), pNorm: diff(1, 3) },
    normVsReferenceMsp: diff(0, 3),
    comparedNormVsMsp: diff(2, 3),
    referenceNormVsMsp: diff(0, 1),
  };
}

/** One model alone: the interval of each score's AURC. */
export function aurcBootstrap(model: BootstrapModel, opts: BootstrapOptions): ScorePair<Interval> {
  const series: BootstrapSeries[] = [
    { errors: model.errors, score: model.msp },
    { errors: model.errors, score: model.pNorm ?? model.msp },
  ];
  const draws = bootstrapAurcDraws(series, opts);
  return {
    msp: intervalOf(fullAurc(series[0]), draws[0]),
    pNorm: intervalOf(fullAurc(series[1]), draws[1]),
  };
}

export const DEFAULT_BOOTSTRAP: BootstrapOptions = { resamples: 1000, seed: 20240601 };

/**
 * One model's series for the score-set bootstrap: its error flags and its scores by id (null: the
 * score is unavailable for this model, e.g. a loaded file without logits).
 */
export interface ScoreSetModel {
  errors: ArrayLike<number>;
  scores: Readonly<Record<string, ArrayLike<number> | null>>;
}

/** The 95% intervals of every score of one or two models, on the shared draws of one seed. */
export interface ScoreSetIntervals {
  n: number;
  resamples: number;
  seed: number;
  /** Per model (in the order given), per available score id: the AURC and its interval. */
  models: Record<string, Interval>[];
  /**
   * Per model, per ordered pair of its available scores `${a}|${b}` (a ≠ b): AURC(a) − AURC(b) on
   * the same draws (which score of one model ranks better).
   */
  within: Record<string, Interval>[];
  /** With two models, per score id available for both: AURC(second) − AURC(first) (compared − reference). */
  difference: Record<string, Interval>;
}

/** The key of a within-model contrast: AURC(a) − AURC(b). */
export const withinKey = (a: string, b: string): string => `${a}|${b}`;

/**
 * The paired bootstrap of science.md §3 over every score of one or two models (the score
 * comparison): each model's scores, each score's compared − reference difference, and each model's
 * score-against-score differences, all on the same B draws of `opts.seed` — so the MSP and pNorm
 * intervals equal those of pairedAurcBootstrap with the same options (its draws depend only on the
 * seed and N), and every interval is tie-aware (each series is ranked by ties.ts and each draw's
 * AURC averages over orders within tied blocks).
 */
export function scoreSetBootstrap(models: ScoreSetModel[], opts: BootstrapOptions): ScoreSetIntervals {
  if (models.length < 1 || models.length > 2)
    throw new RangeError(`score-set bootstrap takes one or two models, got ${models.length}`);
  const n = models[0].errors.length;
  for (const m of models)
    if (m.errors.length !== n)
      throw new RangeError(`paired bootstrap needs the same test samples (${n} vs ${m.errors.length})`);
  const series: BootstrapSeries[] = [];
  const at = models.map(() => new Map<string, number>());
  models.forEach((m, i) => {
    for (const [id, score] of Object.entries(m.scores)) {
      if (!score) continue;
      at[i].set(id, series.length);
      series.push({ errors: m.errors, score });
    }
  });
  const draws = bootstrapAurcDraws(series, opts);
  const full = series.map(fullAurc);
  const diff = (a: number, b: number): Interval => {
    const d = new Float64Array(opts.resamples);
    for (let i = 0; i < d.length; i++) d[i] = draws[b][i] - draws[a][i];
    return intervalOf(full[b] - full[a], d);
  };
  const own = at.map((ids) => {
    const out: Record<string, Interval> = {};
    for (const [id, s] of ids) out[id] = intervalOf(full[s], draws[s]);
    return out;
  });
  const within = at.map((ids) => {
    const out: Record<string, Interval> = {};
    for (const [a, sa] of ids) for (const [b, sb] of ids) if (a !== b) out[withinKey(a, b)] = diff(sb, sa);
    return out;
  });
  const difference: Record<string, Interval> = {};
  if (models.length === 2)
    for (const [id, s0] of at[0]) {
      const s1 = at[1].get(id);
      if (s1 !== undefined) difference[id] = diff(s0, s1);
    }
  return { n, resamples: opts.resamples, seed: opts.seed, models: own, within, difference };
}
