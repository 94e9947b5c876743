/**
 * Logit constructors for the words tests, each with a known story, and an independent brute-force
 * evaluation (own softmax, own p-norm, own sort and trapezoid) to check the numbers the words print.
 *
 * - `sharp`: a CE-like model. Correct predictions have a peak of 2–12 and a runner-up 1–7 below it,
 *   mistakes a peak of 2–8 with the true class close behind (0.2–2.2): both MSP and the normalised
 *   score rank most mistakes low.
 * - `shrunk`: the same draws with each sample's logits scaled, on correct predictions by 0.9 (margin
 *   2) down to 0.4 (margin 12), not at all on mistakes (LS's P_e-dependent shrink of science.md §2): MSP now puts more mistakes among
 *   the confident predictions; the normalised score is scale-free, so it ranks as for `sharp`.
 * - `antiNorm`: MSP ranks well (correct: margin ~8 with a runner-up 2.5 below; mistakes: one small
 *   peak ~3), but the normalised score ranks the single-peaked mistakes FIRST: normalisation hurts.
 */
import { createRng } from '../../src/data/rng';
import type { ModelView, PairView, SweepPoint } from '../../src/model/views';

export const K = 10;

export interface Logits {
  logits: Float32Array;
  labels: Int32Array;
  n: number;
}

type Kind = 'sharp' | 'shrunk' | 'antiNorm';

/** n samples, the first ~errorRate of them (at random) mistakes; the same draws for the same seed. */
export function makeLogits(kind: Kind, n = 2000, seed = 1, errorRate = 0.15): Logits {
  const rng = createRng(seed, 'words-fixture');
  const logits = new Float32Array(n * K);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.int(K);
    labels[i] = y;
    const wrong = rng.uniform() < errorRate;
    const pred = wrong ? (y + 1 + rng.int(K - 1)) % K : y;
    const row = i * K;
    for (let j = 0; j < K; j++) logits[row + j] = 0.05 * rng.normal();
    if (kind === 'antiNorm') {
      if (wrong) logits[row + pred] += 2.5 + rng.uniform();
      else {
        const m = 7 + 2 * rng.uniform();
        logits[row + pred] += m;
        logits[row + ((pred + 1) % K)] += m - 2.5;
      }
      continue;
    }
    const m = wrong ? 2 + 6 * rng.uniform() : 2 + 10 * rng.uniform();
    logits[row + pred] += m;
    // The runner-up: the true class for a mistake (close), another class for a correct one.
    const gap = wrong ? 0.2 + 2 * rng.uniform() : 1 + 6 * rng.uniform();
    logits[row + (wrong ? y : (pred + 1) % K)] += Math.max(0, m - gap);
    // The surer a correct prediction, the more it shrinks (0.9 at margin 2, 0.4 at margin 12).
    const r = wrong ? 1 : 0.9 - (0.5 * (m - 2)) / 10 + 0.05 * rng.uniform();
    if (kind === 'shrunk') for (let j = 0; j < K; j++) logits[row + j] *= r;
  }
  return { logits, labels, n };
}

export interface ViewOptions {
  role: 'ce' | 'ls';
  alpha?: number;
  p?: number | null;
  pAuto?: boolean;
  step?: number;
  totalSteps?: number;
  preview?: boolean;
  seed?: number;
}

export function viewOf(l: Logits, o: ViewOptions): ModelView {
  return {
    role: o.role,
    alpha: o.alpha ?? (o.role === 'ce' ? 0 : 0.2),
    seed: o.seed ?? 0,
    step: o.step ?? 1000,
    totalSteps: o.totalSteps ?? 1000,
    numClasses: K,
    testLogits: l.logits,
    valLogits: new Float32Array(0),
    testLabels: l.labels,
    valLabels: new Int32Array(0),
    p: o.p === undefined ? 2 : o.p,
    pAuto: o.pAuto ?? true,
    centred: true,
    history: [],
    ...(o.preview ? { preview: true } : {}),
  };
}

export function pairOf(
  ce: ModelView,
  ls: ModelView,
  normalise = true,
  kind?: PairView['dataKind'],
): PairView {
  return { ce, ls, normalise, classNames: [], ...(kind ? { dataKind: kind } : {}) };
}

// ---- Independent evaluation -------------------------------------------------------------------

/** Errors, log π_max and MaxLogit-pNorm (centred), computed here from the logits in float64. */
export function brute(l: Logits, p: number | null) {
  const { n, logits, labels } = l;
  const err = new Uint8Array(n);
  const logMsp = new Float64Array(n);
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from(logits.subarray(i * K, i * K + K));
    let best = 0;
    for (let j = 1; j < K; j++) if (row[j] > row[best]) best = j;
    err[i] = best === labels[i] ? 0 : 1;
    const max = row[best];
    logMsp[i] = -Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    if (p !== null) {
      const mean = row.reduce((s, v) => s + v, 0) / K;
      const u = row.map((v) => v - mean);
      const np = Math.pow(
        u.reduce((s, v) => s + Math.pow(Math.abs(v), p), 0),
        1 / p,
      );
      norm[i] = Math.max(...u) / np;
    }
  }
  return { err, logMsp, norm: p === null ? logMsp : norm };
}

/** Selective risk R_m for m = 0..n of a ranking by `score` (descending, ties in index order). */
export function riskCurve(score: Float64Array, err: Uint8Array): number[] {
  const idx = Array.from(score, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  const r = [0];
  let c = 0;
  idx.forEach((i, m) => {
    c += err[i];
    r.push(c / (m + 1));
  });
  return r;
}

/** AURC by the trapezoid rule from (0, 0). */
export function aurcOf(score: Float64Array, err: Uint8Array): number {
  const r = riskCurve(score, err);
  let a = 0;
  for (let m = 1; m < r.length; m++) a += (r[m - 1] + r[m]) / 2;
  return a / (r.length - 1);
}

/** Mean R_m over coverage m/N in [from, to]. */
export function bandMean(score: Float64Array, err: Uint8Array, from = 0.05, to = 0.3): number {
  const r = riskCurve(score, err);
  const n = r.length - 1;
  const ms: number[] = [];
  for (let m = 1; m <= n; m++) if (m / n >= from - 1e-12 && m / n <= to + 1e-12) ms.push(r[m]);
  return ms.reduce((s, v) => s + v, 0) / ms.length;
}

/** Percent with two decimals, as the page prints AURC. */
export const pct2 = (v: number): string => (v * 100).toFixed(2);

export const sweepPoint = (
  alpha: number,
  seed: number,
  aurcMsp: number,
  aurcPnorm: number,
  error = 0.15,
): SweepPoint => ({
  alpha,
  seed,
  error,
  aurcMsp,
  aurcPnorm,
  p: alpha === 0 ? null : 2,
  n: 2000,
});
