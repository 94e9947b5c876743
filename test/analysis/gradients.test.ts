import { describe, expect, it } from 'vitest';
import {
  binnedLsTermEstimate,
  expectedLsTermCurve,
  expectedMaxLogitGradient,
  lsGradient,
  lsGradientParts,
  maxLogitGradient,
  vMaxGivenPMax,
} from '../../src/analysis/gradients';
import { predictions } from '../../src/analysis/scores';
import { naiveArgmax, naiveLsLoss, naiveSoftmax, randomLabels, randomLogits, row } from './naive';

const ALPHAS = [0, 0.1, 0.3, -0.1];

describe('lsGradient vs central finite differences of L_LS (science.md §2)', () => {
  for (const k of [2, 10]) {
    for (const alpha of ALPHAS) {
      it(`K = ${k}, α = ${alpha}`, () => {
        const n = 6;
        const logits = randomLogits(20 + k, n, k, 2.5);
        const labels = randomLabels(20 + k, n, k);
        const g = lsGradient(logits, labels, n, k, alpha);
        const h = 1e-5;
        let worst = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < k; j++) {
            const plus = row(logits, i, k);
            const minus = row(logits, i, k);
            plus[j] += h;
            minus[j] -= h;
            const fd = (naiveLsLoss(plus, labels[i], alpha) - naiveLsLoss(minus, labels[i], alpha)) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - g[i * k + j]));
          }
        }
        expect(worst).toBeLessThan(1e-8);
      });
    }
  }
});

describe('lsGradientParts', () => {
  it('total = cePart + lsTerm = π − (1 − α)y − α/K, cePart = π − y, lsTerm = α(y − 1/K)', () => {
    const n = 30;
    const k = 4;
    const alpha = 0.2;
    const logits = randomLogits(1, n, k);
    const labels = randomLabels(1, n, k);
    const parts = lsGradientParts(logits, labels, n, k, alpha);
    const g = lsGradient(logits, labels, n, k, alpha);
    for (let i = 0; i < n; i++) {
      const pi = naiveSoftmax(row(logits, i, k));
      for (let j = 0; j < k; j++) {
        const y = labels[i] === j ? 1 : 0;
        const idx = i * k + j;
        expect(parts.cePart[idx]).toBeCloseTo(pi[j] - y, 14);
        expect(parts.lsTerm[idx]).toBeCloseTo(alpha * (y - 1 / k), 15);
        expect(parts.total[idx]).toBeCloseTo(parts.cePart[idx] + parts.lsTerm[idx], 14);
        expect(g[idx]).toBeCloseTo(parts.total[idx], 14);
      }
    }
  });
  it('rejects labels out of range', () => {
    expect(() => lsGradient(Float64Array.from([1, 2]), Int32Array.from([2]), 1, 2, 0.1)).toThrow(RangeError);
  });
});

describe('maxLogitGradient', () => {
  it('is the column ŷ of the full gradient, with c = 1[y = ŷ]', () => {
    const n = 50;
    const k = 5;
    const alpha = 0.3;
    const logits = randomLogits(2, n, k);
    const labels = randomLabels(2, n, k);
    const preds = predictions(logits, n, k);
    for (let i = 0; i < n; i += 2) labels[i] = preds[i];
    const full = lsGradient(logits, labels, n, k, alpha);
    const g = maxLogitGradient(logits, labels, n, k, alpha);
    for (let i = 0; i < n; i++) {
      const v = row(logits, i, k);
      const yhat = naiveArgmax(v);
      const c = labels[i] === yhat ? 1 : 0;
      const pMax = Math.max(...naiveSoftmax(v));
      expect(g.correct[i]).toBe(c);
      expect(g.vMax[i]).toBe(Math.max(...v));
      expect(g.pMax[i]).toBeCloseTo(pMax, 14);
      expect(g.total[i]).toBeCloseTo(full[i * k + yhat], 14);
      expect(g.total[i]).toBeCloseTo(pMax - (1 - alpha) * c - alpha / k, 14);
      expect(g.cePart[i]).toBeCloseTo(pMax - c, 14);
      expect(g.lsTerm[i]).toBeCloseTo(alpha * (c - 1 / k), 15);
    }
  });
});

describe('expected max-logit gradient', () => {
  it('equals the average over labels drawn with P(y = ŷ) = 1 − P_e (exact enumeration)', () => {
    const k = 6;
    const v = [0.3, 2.1, -1, 0.7, 1.5, -0.2];
    const yhat = naiveArgmax(v);
    const logits = new Float64Array(k * k);
    const labels = new Int32Array(k);
    for (let y = 0; y < k; y++) {
      logits.set(v, y * k);
      labels[y] = y;
    }
    for (const alpha of ALPHAS) {
      for (const pe of [0, 0.13, 0.5, 0.9]) {
        // Error mass on the other classes, unevenly (weights 1, 2, 3, …).
        const q = new Array<number>(k).fill(0);
        let w = 0;
        for (let y = 0; y < k; y++) if (y !== yhat) w += y + 1;
        for (let y = 0; y < k; y++) q[y] = y === yhat ? 1 - pe : (pe * (y + 1)) / w;
        const g = maxLogitGradient(logits, labels, k, k, alpha);
        let total = 0;
        let ce = 0;
        let ls = 0;
        for (let y = 0; y < k; y++) {
          total += q[y] * g.total[y];
          ce += q[y] * g.cePart[y];
          ls += q[y] * g.lsTerm[y];
        }
        const e = expectedMaxLogitGradient(g.pMax[0], pe, alpha, k);
        expect(e.total).toBeCloseTo(total, 14);
        expect(e.cePart).toBeCloseTo(ce, 14);
        expect(e.lsTerm).toBeCloseTo(ls, 14);
      }
    }
  });
  it('LS term: α(K−1)/K at P_e = 0, zero at P_e = (K−1)/K, linear in between', () => {
    const { pe, lsTerm } = expectedLsTermCurve(0.2, 10, 11);
    expect(pe.length).toBe(11);
    expect(pe[10]).toBe(1);
    expect(lsTerm[0]).toBeCloseTo(0.18, 15);
    expect(lsTerm[9]).toBeCloseTo(0, 15);
    expect(lsTerm[10]).toBeCloseTo(-0.02, 15);
    expect(lsTerm[4] - lsTerm[5]).toBeCloseTo(0.02, 15);
    expect(expectedMaxLogitGradient(0.7, 0.3, 0, 10).total).toBeCloseTo(0, 15); // calibrated CE: 0
  });
});

describe('binnedLsTermEstimate', () => {
  const n = 2000;
  const k = 10;
  const alpha = 0.25;
  const logits = randomLogits(8, n, k, 2.5);
  const labels = randomLabels(8, n, k);
  const preds = predictions(logits, n, k);
  for (let i = 0; i < n; i++) if (i % 3) labels[i] = preds[i];

  it('mean per-sample LS term equals α(acc_bin − 1/K) in every bin', () => {
    const b = binnedLsTermEstimate(logits, labels, n, k, alpha);
    let nonEmpty = 0;
    for (let j = 0; j < 15; j++) {
      if (b.count[j] === 0) {
        expect(b.meanLsTerm[j]).toBeNaN();
        continue;
      }
      nonEmpty++;
      expect(b.meanLsTerm[j]).toBeCloseTo(b.lsTermEstimate[j], 12);
      expect(b.lsTermEstimate[j]).toBeCloseTo(alpha * ((k - 1) / k - b.errorRate[j]), 12);
      expect(b.meanTotal[j]).toBeCloseTo(b.meanCePart[j] + b.meanLsTerm[j], 12);
    }
    expect(nonEmpty).toBeGreaterThan(5);
  });

  it('bins match a naive loop over right-closed bins (b/15, (b+1)/15]', () => {
    const b = binnedLsTermEstimate(logits, labels, n, k, alpha);
    let total = 0;
    for (let j = 0; j < 15; j++) {
      let count = 0;
      let correct = 0;
      let sumP = 0;
      for (let i = 0; i < n; i++) {
        const v = row(logits, i, k);
        const p = Math.max(...naiveSoftmax(v));
        if (!(p > j / 15 && p <= (j + 1) / 15)) continue;
        count++;
        correct += labels[i] === naiveArgmax(v) ? 1 : 0;
        sumP += p;
      }
      expect(b.count[j]).toBe(count);
      if (count) {
        expect(b.accuracy[j]).toBeCloseTo(correct / count, 12);
        expect(b.meanPMax[j]).toBeCloseTo(sumP / count, 12);
      }
      total += count;
    }
    expect(total).toBe(n);
  });

  it('accepts custom edges', () => {
    const b = binnedLsTermEstimate(logits, labels, n, k, alpha, [0, 0.5, 1]);
    expect(b.count.length).toBe(2);
    expect(b.count[0] + b.count[1]).toBe(n);
  });
});

describe('vMaxGivenPMax', () => {
  const n = 1500;
  const k = 5;
  const logits = randomLogits(12, n, k, 2);
  const labels = randomLabels(12, n, k);
  const preds = predictions(logits, n, k);
  for (let i = 0; i < n; i++) if (i % 2) labels[i] = preds[i];

  it('matches a naive per-window scan, for correct and incorrect separately', () => {
    const w = vMaxGivenPMax(logits, labels, n, k);
    expect(w.centres.length).toBe(191); // starts 0, 0.005, …, 0.95
    expect(w.centres[0]).toBeCloseTo(0.025, 15);
    expect(w.centres[190]).toBeCloseTo(0.975, 12);
    const pMax: number[] = [];
    const vMax: number[] = [];
    const ok: boolean[] = [];
    for (let i = 0; i < n; i++) {
      const v = row(logits, i, k);
      pMax.push(Math.max(...naiveSoftmax(v)));
      vMax.push(Math.max(...v));
      ok.push(labels[i] === naiveArgmax(v));
    }
    let seen = 0;
    for (let j = 0; j < w.centres.length; j++) {
      const a = j * 0.005;
      const b = j === w.centres.length - 1 ? Infinity : a + 0.05;
      for (const [group, stats] of [
        [true, w.correct],
        [false, w.incorrect],
      ] as const) {
        const vs: number[] = [];
        for (let i = 0; i < n; i++) if (ok[i] === group && pMax[i] >= a && pMax[i] < b) vs.push(vMax[i]);
        expect(stats.count[j]).toBe(vs.length);
        if (vs.length === 0) {
          expect(stats.mean[j]).toBeNaN();
          expect(stats.std[j]).toBeNaN();
          continue;
        }
        seen++;
        const mean = vs.reduce((s, x) => s + x, 0) / vs.length;
        const std = Math.sqrt(vs.reduce((s, x) => s + (x - mean) ** 2, 0) / vs.length);
        expect(stats.mean[j]).toBeCloseTo(mean, 10);
        expect(stats.std[j]).toBeCloseTo(std, 10);
      }
    }
    expect(seen).toBeGreaterThan(200);
  });

  it('honours width and step, and counts π_max = 1 in the last window', () => {
    const l = Float64Array.from([800, 0, /**/ 0, 0]); // π_max = 1 exactly, and ½
    const w = vMaxGivenPMax(l, Int32Array.from([0, 0]), 2, 2, { width: 0.5, step: 0.25 });
    expect(Array.from(w.centres)).toEqual([0.25, 0.5, 0.75]);
    expect(Array.from(w.correct.count)).toEqual([0, 1, 2]);
    expect(w.correct.mean[2]).toBe(400);
    expect(w.correct.std[2]).toBe(400);
    expect(w.incorrect.count.every((c) => c === 0)).toBe(true);
  });
});
