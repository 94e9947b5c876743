import { describe, expect, it } from 'vitest';
import {
  computeScore,
  margin,
  maxLogit,
  maxLogitPNorm,
  msp,
  mspLog,
  negEntropy,
  predictions,
  SCORE_NAMES,
} from '../../src/analysis/scores';
import { aurc } from '../../src/analysis/riskCoverage';
import { naiveArgmax, naivePNorm, naiveSoftmax, randomLogits, row } from './naive';

const N = 200;
const K = 7;
const logits = randomLogits(11, N, K, 3);

describe('predictions', () => {
  it('is the argmax, first index on ties', () => {
    const l = Float32Array.from([1, 3, 3, 0, /**/ 5, 5, 5, 5, /**/ -1, -2, -3, 0]);
    expect(Array.from(predictions(l, 3, 4))).toEqual([1, 0, 3]);
  });
  it('matches a naive argmax on random logits', () => {
    const p = predictions(logits, N, K);
    for (let i = 0; i < N; i++) expect(p[i]).toBe(naiveArgmax(row(logits, i, K)));
  });
  it('rejects a wrong shape', () => {
    expect(() => predictions(new Float32Array(5), 2, 3)).toThrow(RangeError);
  });
});

describe('mspLog and msp', () => {
  it('equal log and value of the largest naive softmax probability', () => {
    const lg = mspLog(logits, N, K);
    const p = msp(logits, N, K);
    for (let i = 0; i < N; i++) {
      const pmax = Math.max(...naiveSoftmax(row(logits, i, K)));
      expect(lg[i]).toBeCloseTo(Math.log(pmax), 12);
      expect(p[i]).toBeCloseTo(pmax, 12);
    }
  });

  it('hand-worked: logits [0, 0] give log(1/2); [log 3, 0] gives log(3/4)', () => {
    const lg = mspLog(Float64Array.from([0, 0, Math.log(3), 0]), 2, 2);
    expect(lg[0]).toBeCloseTo(Math.log(0.5), 15);
    expect(lg[1]).toBeCloseTo(Math.log(0.75), 15);
  });

  it('ranks samples that float32 softmax saturates to exactly 1.0 (science.md §3)', () => {
    // Gaps 20 and 30: float32 π_max = 1/(1 + 2e^{−gap}) rounds to exactly 1 for both.
    const l = Float32Array.from([20, 0, 0, 30, 0, 0]);
    const f32Pmax = (gap: number): number =>
      Math.fround(1 / Math.fround(1 + Math.fround(2 * Math.fround(Math.exp(-gap)))));
    expect(f32Pmax(20)).toBe(1);
    expect(f32Pmax(30)).toBe(1);
    const lg = mspLog(l, 2, 3);
    expect(lg[1]).toBeGreaterThan(lg[0]);
    const x = 2 * Math.exp(-20); // log π_max = −log(1 + x) = −(x − x²/2 + x³/3 − …)
    expect(lg[0] / -(x - (x * x) / 2 + (x * x * x) / 3)).toBeCloseTo(1, 14);
    // With the confident one wrong, ranking by the saturated float32 values (a tie) can only average
    // the two orders; mspLog accepts the wrong sample first, which is the honest (worse) AURC.
    const errors = Uint8Array.from([0, 1]);
    expect(aurc(Float64Array.from([1, 1]), errors)).toBeCloseTo(0.375, 15); // R = 0, 1/2, 1/2
    expect(aurc(lg, errors)).toBeCloseTo(0.625, 15); // R = 0, 1, 1/2
  });

  it('stays distinct where even float64 π_max = 1/Z saturates (gaps 40 and 60)', () => {
    const l = Float64Array.from([40, 0, 60, 0]);
    expect(msp(l, 2, 2)[0]).toBe(1);
    expect(msp(l, 2, 2)[1]).toBe(1);
    const lg = mspLog(l, 2, 2);
    expect(lg[0]).toBeLessThan(lg[1]);
    expect(lg[0] / -Math.exp(-40)).toBeCloseTo(1, 12);
    expect(lg[1] / -Math.exp(-60)).toBeCloseTo(1, 12);
  });

  it('takes Float32Array and Float64Array alike', () => {
    const f32 = Float32Array.from(logits);
    const f64 = Float64Array.from(f32);
    expect(Array.from(mspLog(f32, N, K))).toEqual(Array.from(mspLog(f64, N, K)));
  });
});

describe('maxLogit', () => {
  it('is the row maximum', () => {
    const m = maxLogit(logits, N, K);
    for (let i = 0; i < N; i++) expect(m[i]).toBe(Math.max(...row(logits, i, K)));
  });
});

describe('maxLogitPNorm (science.md §4)', () => {
  // v = [2, 0, −1]: mean 1/3, u = [5/3, −1/3, −4/3].
  const v = Float64Array.from([2, 0, -1]);
  it('hand-worked, centred: p=1 → (5/3)/(10/3) = 1/2, p=2 → 5/√42, p=∞ → 1', () => {
    expect(maxLogitPNorm(v, 1, 3, 1)[0]).toBeCloseTo(0.5, 15);
    expect(maxLogitPNorm(v, 1, 3, 2)[0]).toBeCloseTo(5 / Math.sqrt(42), 15);
    expect(maxLogitPNorm(v, 1, 3, Infinity)[0]).toBeCloseTo(1, 15);
  });
  it('hand-worked, not centred: p=1 → 2/3, p=2 → 2/√5, p=∞ → 1', () => {
    expect(maxLogitPNorm(v, 1, 3, 1, false)[0]).toBeCloseTo(2 / 3, 15);
    expect(maxLogitPNorm(v, 1, 3, 2, false)[0]).toBeCloseTo(2 / Math.sqrt(5), 15);
    expect(maxLogitPNorm(v, 1, 3, Infinity, false)[0]).toBeCloseTo(1, 15);
  });
  it('matches a naive implementation for many p, centred and not', () => {
    for (const p of [1, 1.5, 2, 3, 7, 10, Infinity]) {
      for (const centred of [true, false]) {
        const s = maxLogitPNorm(logits, N, K, p, centred);
        for (let i = 0; i < N; i++) expect(s[i]).toBeCloseTo(naivePNorm(row(logits, i, K), p, centred), 12);
      }
    }
  });
  it('is invariant to positive scaling; centred, also to a shift; uncentred, not to a shift', () => {
    const scaled = logits.map((x) => 7.5 * x);
    const shifted = logits.map((x, i) => x + 3 + Math.floor(i / K)); // a different constant per row
    for (const p of [1, 2, 5, Infinity]) {
      const base = maxLogitPNorm(logits, N, K, p);
      const bs = maxLogitPNorm(scaled, N, K, p);
      const bt = maxLogitPNorm(shifted, N, K, p);
      const u0 = maxLogitPNorm(logits, N, K, p, false);
      const us = maxLogitPNorm(scaled, N, K, p, false);
      const ut = maxLogitPNorm(shifted, N, K, p, false);
      let shiftChange = 0;
      for (let i = 0; i < N; i++) {
        expect(bs[i]).toBeCloseTo(base[i], 12);
        expect(bt[i]).toBeCloseTo(base[i], 12);
        expect(us[i]).toBeCloseTo(u0[i], 12);
        shiftChange = Math.max(shiftChange, Math.abs(ut[i] - u0[i]));
      }
      expect(shiftChange).toBeGreaterThan(0.01);
    }
  });
  it('gives 0 for degenerate rows (documented guard) and never NaN', () => {
    const l = Float64Array.from([3, 3, 3, 0, 0, 0]);
    expect(Array.from(maxLogitPNorm(l, 2, 3, 2))).toEqual([0, 0]);
    expect(maxLogitPNorm(l, 2, 3, 2, false)[1]).toBe(0);
    expect(maxLogitPNorm(l, 2, 3, 2, false)[0]).toBeCloseTo(1 / Math.sqrt(3), 15);
  });
  it('does not overflow for large logits and large p', () => {
    const big = Float64Array.from([2e200, 0, -1e200]);
    const s = maxLogitPNorm(big, 1, 3, 10);
    expect(s[0]).toBeCloseTo(naivePNorm([2, 0, -1], 10, true), 12);
  });
  it('rejects p < 1 and NaN', () => {
    expect(() => maxLogitPNorm(v, 1, 3, 0.5)).toThrow(RangeError);
    expect(() => maxLogitPNorm(v, 1, 3, NaN)).toThrow(RangeError);
  });
});

describe('negEntropy and margin', () => {
  it('negEntropy = Σ π log π of a naive softmax', () => {
    const s = negEntropy(logits, N, K);
    for (let i = 0; i < N; i++) {
      const pi = naiveSoftmax(row(logits, i, K));
      let h = 0;
      for (const p of pi) h += p * Math.log(p);
      expect(s[i]).toBeCloseTo(h, 12);
    }
  });
  it('negEntropy: uniform → −log K, and finite with −Infinity logits', () => {
    expect(negEntropy(Float64Array.from([1, 1, 1, 1]), 1, 4)[0]).toBeCloseTo(-Math.log(4), 15);
    expect(negEntropy(Float64Array.from([0, 0, -Infinity]), 1, 3)[0]).toBeCloseTo(-Math.log(2), 15);
  });
  it('margin = top-1 minus top-2 naive softmax probabilities', () => {
    const s = margin(logits, N, K);
    for (let i = 0; i < N; i++) {
      const pi = naiveSoftmax(row(logits, i, K)).sort((a, b) => b - a);
      expect(s[i]).toBeCloseTo(pi[0] - pi[1], 12);
    }
  });
  it('margin: tie for the top → 0; K = 1 → 1', () => {
    expect(margin(Float64Array.from([2, 2, 0]), 1, 3)[0]).toBe(0);
    expect(margin(Float64Array.from([5]), 1, 1)[0]).toBe(1);
  });
});

describe('computeScore', () => {
  it('dispatches every name, msp as log π_max, pNorm with p = 2 centred by default', () => {
    expect(SCORE_NAMES.length).toBe(5);
    expect(computeScore('msp', logits, N, K)).toEqual(mspLog(logits, N, K));
    expect(computeScore('maxLogit', logits, N, K)).toEqual(maxLogit(logits, N, K));
    expect(computeScore('pNorm', logits, N, K)).toEqual(maxLogitPNorm(logits, N, K, 2, true));
    expect(computeScore('pNorm', logits, N, K, { p: 4, centred: false })).toEqual(
      maxLogitPNorm(logits, N, K, 4, false),
    );
    expect(computeScore('entropy', logits, N, K)).toEqual(negEntropy(logits, N, K));
    expect(computeScore('margin', logits, N, K)).toEqual(margin(logits, N, K));
  });
});
