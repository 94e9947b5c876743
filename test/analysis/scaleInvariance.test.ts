/**
 * analysis/scaleInvariance.ts: u_max and ‖u‖_p as MaxLogit-pNorm divides them, the scale invariance
 * that makes normalisation undo a per-sample rescaling of the logits (science.md §4), coverage cuts
 * and AURC for every p, against direct computations.
 */
import { describe, expect, it } from 'vitest';
import { aurcOverP, topAtCoverage } from '../../src/analysis/scaleInvariance';
import { maxAndPNorm } from '../../src/analysis/scores';
import { maxLogitPNorm, mspLog, predictions } from '../../src/analysis/scores';
import { errorsOf } from '../../src/analysis/riskCoverage';
import { argsortDescendingStable } from '../../src/analysis/sort';
import { spearman } from '../../src/analysis/rankAgreement';
import { createRng } from '../../src/data/rng';
import { naiveAurc, naiveOrder, naivePNorm, randomLabels, randomLogits, row } from './naive';

const N = 300;
const K = 6;

describe('maxAndPNorm', () => {
  const logits = randomLogits(3, N, K);
  for (const centred of [true, false]) {
    for (const p of [1, 2, 3, 7, 2.5, Infinity]) {
      it(`u_max / ‖u‖_p is MaxLogit-pNorm bit for bit, and ‖u‖_p the textbook norm (p = ${p}, centred ${centred})`, () => {
        const { uMax, norm } = maxAndPNorm(logits, N, K, p, centred);
        const score = maxLogitPNorm(logits, N, K, p, centred);
        for (let i = 0; i < N; i++) {
          expect(uMax[i] / norm[i]).toBe(score[i]);
          const v = row(logits, i, K);
          const mean = centred ? v.reduce((a, b) => a + b, 0) / K : 0;
          const u = v.map((x) => x - mean);
          const want =
            p === Infinity
              ? Math.max(...u.map(Math.abs))
              : Math.pow(
                  u.reduce((a, x) => a + Math.abs(x) ** p, 0),
                  1 / p,
                );
          expect(Math.abs(norm[i] - want)).toBeLessThan(1e-12 * want);
          expect(uMax[i]).toBeCloseTo(Math.max(...u), 12);
        }
      });
    }
  }
  it('gives a zero norm for a row of equal logits, and checks its input', () => {
    const { norm } = maxAndPNorm([2, 2, 2], 1, 3, 2, true);
    expect(norm[0]).toBe(0);
    expect(() => maxAndPNorm([1, 2], 1, 3, 2)).toThrow(RangeError);
    expect(() => maxAndPNorm([1, 2, 3], 1, 3, 0.5)).toThrow(RangeError);
  });
});

describe('scale invariance (science.md §4)', () => {
  it('multiplying a sample’s centred logits by r > 0 (and shifting them) leaves MaxLogit-pNorm alone and changes MSP', () => {
    const v = [2.1, -0.4, 0.7, -1.9, 0.3];
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    for (const r of [0.1, 0.37, 2, 5.5]) {
      for (const shift of [0, 3.25, -7]) {
        const scaled = v.map((x) => r * (x - mean) + shift);
        for (const p of [1, 2, 4, Infinity]) {
          const a = maxLogitPNorm(v, 1, 5, p, true)[0];
          const b = maxLogitPNorm(scaled, 1, 5, p, true)[0];
          expect(Math.abs(a - b)).toBeLessThan(1e-14);
          expect(b).toBeCloseTo(naivePNorm(scaled, p, true), 12);
        }
        // softmax(r·u) flattens as r shrinks and sharpens as it grows: π_max moves with r.
        const pa = mspLog(v, 1, 5)[0];
        const pb = mspLog(scaled, 1, 5)[0];
        if (r < 1) expect(pb).toBeLessThan(pa - 1e-3);
        else expect(pb).toBeGreaterThan(pa + 1e-3);
      }
    }
  });

  /** LS = r(x)·CE with r smaller where CE is surer: the shrink of science.md §2 made exact. */
  function rescaledPair(exact: boolean) {
    const n = 400;
    const k = 10;
    const ce = randomLogits(11, n, k, 2.5);
    const ceMsp = mspLog(ce, n, k);
    const rng = createRng(5, 'rescaled-pair');
    const ls = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const sure = Math.exp(ceMsp[i]); // π_max of CE
      // Powers of two scale every float operation exactly; otherwise a smooth r in (0.1, 0.5].
      const r = exact ? 2 ** -(1 + Math.floor(4 * sure)) : 0.5 - 0.4 * sure + 0.01 * rng.uniform();
      const shift = exact ? 0 : rng.normal();
      for (let j = 0; j < k; j++) ls[i * k + j] = r * ce[i * k + j] + shift;
    }
    return { n, k, ce, ls };
  }

  it('exact per-sample rescaling: LS·pNorm ranks exactly as CE·pNorm, LS·MSP does not', () => {
    const { n, k, ce, ls } = rescaledPair(true);
    for (const p of [1, 2, 5]) {
      const a = maxLogitPNorm(ce, n, k, p, true);
      const b = maxLogitPNorm(ls, n, k, p, true);
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(Array.from(argsortDescendingStable(b))).toEqual(Array.from(argsortDescendingStable(a)));
      expect(spearman(a, b)).toBe(1);
    }
    const mCe = mspLog(ce, n, k);
    const mLs = mspLog(ls, n, k);
    expect(Array.from(argsortDescendingStable(mLs))).not.toEqual(Array.from(argsortDescendingStable(mCe)));
    expect(spearman(mLs, mCe)).toBeLessThan(0.999);
  });

  it('smooth rescaling with shifts: the same ranking up to float rounding, MSP’s reordered', () => {
    const { n, k, ce, ls } = rescaledPair(false);
    const a = maxLogitPNorm(ce, n, k, 2, true);
    const b = maxLogitPNorm(ls, n, k, 2, true);
    for (let i = 0; i < n; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-13);
    expect(spearman(a, b)).toBe(1);
    expect(spearman(mspLog(ls, n, k), mspLog(ce, n, k))).toBeLessThan(0.99);
  });
});

describe('topAtCoverage', () => {
  const scores = Float64Array.from({ length: 97 }, (_, i) => Math.round(Math.cos(i * 2.3) * 5) / 5);
  for (const c of [0.01, 0.2, 0.5, 0.999, 1]) {
    it(`keeps the ceil(c·N) most confident in the stable order (c = ${c})`, () => {
      const cut = topAtCoverage(scores, c);
      const m = Math.max(1, Math.ceil(c * 97));
      const order = naiveOrder(scores);
      expect(cut.kept).toBe(m);
      expect(cut.threshold).toBe(scores[order[m - 1]]);
      const want = new Uint8Array(97);
      for (let r = 0; r < m; r++) want[order[r]] = 1;
      expect(Array.from(cut.inSet)).toEqual(Array.from(want));
      // Everything kept scores at least the threshold, everything left out at most.
      for (let i = 0; i < 97; i++) {
        if (cut.inSet[i]) expect(scores[i]).toBeGreaterThanOrEqual(cut.threshold);
        else expect(scores[i]).toBeLessThanOrEqual(cut.threshold);
      }
    });
  }
  it('refuses a coverage outside (0, 1] and handles no samples', () => {
    expect(() => topAtCoverage([1], 0)).toThrow(RangeError);
    expect(() => topAtCoverage([1], 1.5)).toThrow(RangeError);
    expect(topAtCoverage([], 0.5).kept).toBe(0);
  });
});

describe('aurcOverP', () => {
  it('is the AURC of MaxLogit-pNorm for each p, by the naive trapezoid', () => {
    const logits = randomLogits(9, 250, 5);
    const labels = randomLabels(9, 250, 5);
    const errors = errorsOf(predictions(logits, 250, 5), labels);
    const ps = [1, 2, 3, 10];
    const got = aurcOverP(errors, ps, (p) => maxLogitPNorm(logits, 250, 5, p, true));
    ps.forEach((p, i) => {
      const s = Array.from({ length: 250 }, (_, r) => naivePNorm(row(logits, r, 5), p, true));
      expect(got[i]).toBeCloseTo(naiveAurc(s, errors), 12);
    });
    expect(() => aurcOverP(errors, [1], () => new Float64Array(3))).toThrow(RangeError);
  });
});
