import { describe, expect, it } from 'vitest';
import {
  energyScore,
  fitTemperature,
  logitMargin,
  nllAtTemperature,
  pNormalisedLogits,
  pNormSoftmaxLog,
  scaledMspLog,
} from '../../src/analysis/confidenceScores';
import { maxLogitPNorm, mspLog } from '../../src/analysis/scores';
import { createRng } from '../../src/data/rng';
import { naiveSoftmax, randomLabels, randomLogits, row } from './naive';

const f64 = (a: number[]) => Float64Array.from(a);

describe('logitMargin', () => {
  it('hand-worked: v_(1) − v_(2)', () => {
    // [1, 3, 2]: top 3, second 2 → 1.  [5, 5, 0]: tied top → 0.  [-1, -4, -9]: −1 − (−4) = 3.
    expect(Array.from(logitMargin(f64([1, 3, 2, 5, 5, 0, -1, -4, -9]), 3, 3))).toEqual([1, 0, 3]);
  });
  it('is 0 for K = 1 and exact for huge logits', () => {
    expect(Array.from(logitMargin(f64([7, -2]), 2, 1))).toEqual([0, 0]);
    // 1e300 and 0.5e300 are exact doubles; their difference 0.5e300 is exact too.
    expect(logitMargin(f64([1e300, 0.5e300]), 1, 2)[0]).toBe(0.5e300);
  });
});

describe('energyScore', () => {
  it('hand-worked: log Σ exp v', () => {
    // [0, 0]: log(1 + 1) = log 2.  [0, ln 3]: log(1 + 3) = log 4.  [ln 2, ln 2, ln 4]: log 8.
    const e = energyScore(f64([0, 0, 0, 0, 0, Math.log(3), Math.log(2), Math.log(2), Math.log(4)]), 3, 3);
    // Rows of three: the first row is [0, 0, 0] → log 3.
    expect(e[0]).toBeCloseTo(Math.log(3), 14);
    const e2 = energyScore(f64([0, 0, 0, Math.log(3)]), 2, 2);
    expect(e2[0]).toBeCloseTo(Math.log(2), 14);
    expect(e2[1]).toBeCloseTo(Math.log(4), 14);
    expect(energyScore(f64([Math.log(2), Math.log(2), Math.log(4)]), 1, 3)[0]).toBeCloseTo(Math.log(8), 14);
  });
  it('does not overflow: log(e^1000 + e^1000) = 1000 + log 2', () => {
    const e = energyScore(f64([1000, 1000, -1e6, 800]), 2, 2);
    expect(e[0]).toBeCloseTo(1000 + Math.LN2, 10);
    expect(e[1]).toBe(800); // e^{−1e6 − 800} underflows to 0 beside e^800
  });
  it('matches a naive log-sum-exp on moderate random logits', () => {
    const n = 50;
    const k = 6;
    const l = randomLogits(3, n, k, 2);
    const e = energyScore(l, n, k);
    for (let i = 0; i < n; i++) {
      const naive = Math.log(row(l, i, k).reduce((s, v) => s + Math.exp(v), 0));
      expect(e[i]).toBeCloseTo(naive, 12);
    }
  });
});

describe('scaledMspLog (temperature-scaled MSP)', () => {
  it('hand-worked: v = [0, ln 3]', () => {
    // T = 1: softmax = [1/4, 3/4] → log 0.75.
    // T = 1/2: v/T = [0, 2 ln 3] → exps 1 and 9 → π_max = 9/10.
    // T = 2: v/T = [0, ln 3 / 2] → exps 1 and √3 → π_max = √3 / (1 + √3).
    const v = f64([0, Math.log(3)]);
    expect(scaledMspLog(v, 1, 2, 1)[0]).toBeCloseTo(Math.log(0.75), 14);
    expect(scaledMspLog(v, 1, 2, 0.5)[0]).toBeCloseTo(Math.log(0.9), 14);
    expect(scaledMspLog(v, 1, 2, 2)[0]).toBeCloseTo(Math.log(Math.sqrt(3) / (1 + Math.sqrt(3))), 14);
  });
  it('equals mspLog at T = 1 exactly', () => {
    const l = randomLogits(5, 40, 5);
    expect(Array.from(scaledMspLog(l, 40, 5, 1))).toEqual(Array.from(mspLog(l, 40, 5)));
  });
  it('can change the ranking: softmax is not linear in the logits', () => {
    // A = [2, 0, 0], B = [2, 1.7, −10].
    // T = 1:   A: Z = 1 + 2e^{−2} ≈ 1.271 (π ≈ 0.787); B: Z = 1 + e^{−0.3} + e^{−12} ≈ 1.741 (π ≈ 0.574): A first.
    // T = 100: A: Z = 1 + 2e^{−0.02} ≈ 2.960;          B: Z = 1 + e^{−0.003} + e^{−0.12} ≈ 2.884:      B first.
    const l = f64([2, 0, 0, 2, 1.7, -10]);
    const at1 = scaledMspLog(l, 2, 3, 1);
    const at100 = scaledMspLog(l, 2, 3, 100);
    expect(at1[0]).toBeGreaterThan(at1[1]);
    expect(at100[1]).toBeGreaterThan(at100[0]);
    expect(Math.exp(at1[0])).toBeCloseTo(1 / (1 + 2 * Math.exp(-2)), 12);
  });
  it('stays finite and distinct for huge gaps, where π_max itself rounds to 1', () => {
    // Gaps 600 and 700: log π_max = −log1p(e^{−600}) ≈ −2.65e−261 and −log1p(e^{−700}) ≈ −9.86e−305,
    // both representable, while 1/(1 + e^{−600}) is exactly 1 in float64.
    const t = scaledMspLog(f64([600, 0, 700, 0]), 2, 2, 1);
    expect(t[0]).toBeCloseTo(-Math.exp(-600), 300);
    expect(t[0]).toBeLessThan(t[1]);
    expect(t[1]).toBeLessThan(0);
    expect(1 / (1 + Math.exp(-600))).toBe(1);
    // Huge logits with T < 1: everything underflows to π_max = 1 (log 0), never NaN.
    expect(Array.from(scaledMspLog(f64([1e6, 0, 2e6, 0]), 2, 2, 0.5)).every((v) => v === 0)).toBe(true);
  });
  it('rejects a non-positive temperature', () => {
    expect(() => scaledMspLog(f64([0, 1]), 1, 2, 0)).toThrow(RangeError);
    expect(() => scaledMspLog(f64([0, 1]), 1, 2, NaN)).toThrow(RangeError);
  });
});

describe('nllAtTemperature', () => {
  it('hand-worked: v = [0, ln 3] with labels 1 and 0', () => {
    // softmax = [1/4, 3/4]: −log(3/4) and −log(1/4), mean (log(4/3) + log 4) / 2.
    const l = f64([0, Math.log(3), 0, Math.log(3)]);
    expect(nllAtTemperature(l, [1, 0], 2, 2, 1)).toBeCloseTo((Math.log(4 / 3) + Math.log(4)) / 2, 14);
    // T = 1/2: softmax = [1/10, 9/10]: mean (log(10/9) + log 10) / 2.
    expect(nllAtTemperature(l, [1, 0], 2, 2, 0.5)).toBeCloseTo((Math.log(10 / 9) + Math.log(10)) / 2, 14);
  });
  it('matches the naive NLL and does not overflow on huge logits', () => {
    const n = 30;
    const k = 4;
    const l = randomLogits(8, n, k, 2);
    const y = randomLabels(8, n, k);
    let naive = 0;
    for (let i = 0; i < n; i++) naive -= Math.log(naiveSoftmax(row(l, i, k).map((v) => v / 1.7))[y[i]]);
    expect(nllAtTemperature(l, y, n, k, 1.7)).toBeCloseTo(naive / n, 12);
    // [1000, 0] with label 1: −log softmax = 1000 + log1p(e^{−1000}) = 1000.
    expect(nllAtTemperature(f64([1000, 0]), [1], 1, 2, 1)).toBe(1000);
  });
});

/** Logits w of n samples, labels drawn from softmax(w / tTrue): a model miscalibrated by tTrue. */
function temperedSample(seed: number, n: number, k: number, tTrue: number) {
  const rng = createRng(seed, 'tempered-model');
  const logits = new Float64Array(n * k);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) logits[i * k + j] = 3 * rng.normal();
    const p = naiveSoftmax(row(logits, i, k).map((v) => v / tTrue));
    let u = rng.uniform();
    let y = k - 1;
    for (let j = 0; j < k; j++) {
      u -= p[j];
      if (u < 0) {
        y = j;
        break;
      }
    }
    labels[i] = y;
  }
  return { logits, labels };
}

describe('fitTemperature', () => {
  for (const tTrue of [0.5, 2.5]) {
    it(`recovers T = ${tTrue} from labels drawn at that temperature`, () => {
      const n = 20000;
      const k = 5;
      const { logits, labels } = temperedSample(17, n, k, tTrue);
      const fit = fitTemperature(logits, labels, n, k);
      expect(Math.abs(fit.t / tTrue - 1)).toBeLessThan(0.06);
      expect(fit.atBound).toBe(false);
      expect(fit.nllAtOne).toBeCloseTo(nllAtTemperature(logits, labels, n, k, 1), 14);
    });
  }
  it('the fitted T has an NLL no higher than T = 1 and its neighbours', () => {
    const n = 3000;
    const k = 4;
    const { logits, labels } = temperedSample(4, n, k, 1.6);
    const fit = fitTemperature(logits, labels, n, k);
    expect(fit.nll).toBeLessThanOrEqual(fit.nllAtOne);
    for (const f of [0.98, 0.99, 1.01, 1.02]) {
      expect(fit.nll).toBeLessThanOrEqual(nllAtTemperature(logits, labels, n, k, fit.t * f) + 1e-15);
    }
    // A coarse independent grid agrees on the minimiser.
    let bestT = 0;
    let best = Infinity;
    for (let t = 0.5; t <= 4; t += 0.01) {
      const v = nllAtTemperature(logits, labels, n, k, t);
      if (v < best) [best, bestT] = [v, t];
    }
    expect(Math.abs(fit.t - bestT)).toBeLessThan(0.011);
  });
  it('says when the optimum lies at the end of the range', () => {
    // Every sample correct, argmax ever larger: the NLL keeps falling as T → 0.
    const fit = fitTemperature(f64([1, 0, 2, 0]), [0, 0], 2, 2, { lo: 0.1, hi: 10 });
    expect(fit.t).toBeCloseTo(0.1, 6);
    expect(fit.atBound).toBe(true);
  });
  it('returns T = 1 with no sample and rejects a bad range', () => {
    expect(fitTemperature(new Float64Array(0), [], 0, 3)).toMatchObject({ t: 1, n: 0 });
    expect(() => fitTemperature(f64([0, 1]), [1], 1, 2, { lo: 2, hi: 1 })).toThrow(RangeError);
  });
});

describe('pNormalisedLogits and pNormSoftmaxLog', () => {
  it('hand-worked: v = [3, 0, 0]', () => {
    // Centred: mean 1, u = [2, −1, −1]; ‖u‖_1 = 4 → z = [0.5, −0.25, −0.25]; ‖u‖_2 = √6.
    const v = f64([3, 0, 0]);
    expect(Array.from(pNormalisedLogits(v, 1, 3, 1))).toEqual([0.5, -0.25, -0.25]);
    const z2 = pNormalisedLogits(v, 1, 3, 2);
    expect(z2[0]).toBeCloseTo(2 / Math.sqrt(6), 15);
    expect(z2[1]).toBeCloseTo(-1 / Math.sqrt(6), 15);
    // Not centred, p = 1: ‖v‖_1 = 3 → z = [1, 0, 0].
    expect(Array.from(pNormalisedLogits(v, 1, 3, 1, false))).toEqual([1, 0, 0]);
    // pNormSoftmax, p = 1, T = 1/4: z/T = [2, −1, −1] → π_max = e²/(e² + 2e^{−1}) = 1/(1 + 2e^{−3}).
    expect(pNormSoftmaxLog(v, 1, 3, 1, 0.25)[0]).toBeCloseTo(-Math.log1p(2 * Math.exp(-3)), 14);
  });
  it('max_k z_k is MaxLogit-pNorm; an all-equal row gives zeros', () => {
    const n = 40;
    const k = 5;
    const l = randomLogits(9, n, k);
    for (const p of [1, 2, 3, 7]) {
      const z = pNormalisedLogits(l, n, k, p);
      const s = maxLogitPNorm(l, n, k, p);
      for (let i = 0; i < n; i++) expect(Math.max(...row(z, i, k))).toBeCloseTo(s[i], 13);
    }
    expect(Array.from(pNormalisedLogits(f64([2, 2, 2]), 1, 3, 2))).toEqual([0, 0, 0]);
  });
  it('is invariant to scaling and shifting the logits (centred), and overflow-free', () => {
    const n = 20;
    const k = 4;
    const l = randomLogits(10, n, k);
    const big = l.map((v) => 1e150 * v + 1e140);
    const a = pNormSoftmaxLog(l, n, k, 2, 0.1);
    const b = pNormSoftmaxLog(big, n, k, 2, 0.1);
    for (let i = 0; i < n; i++) expect(b[i]).toBeCloseTo(a[i], 9);
    expect(b.every(Number.isFinite)).toBe(true);
  });
});
