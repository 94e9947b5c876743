import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import {
  MIN_BAND_COUNT,
  empiricalLsTermPoints,
  expectedGradientCurves,
  lsTermHistory,
  vMaxPanelData,
} from '../../src/chartData/gradients';
import { linePath } from '../../src/charts/gradients/paths';
import { syntheticHistory, syntheticModel } from './gradientsFixtures';

/** π_max, ŷ by a naive softmax (no shared code with src/analysis). */
function naiveRow(logits: ArrayLike<number>, i: number, k: number): { pMax: number; pred: number } {
  const v = Array.from({ length: k }, (_, j) => logits[i * k + j]);
  let pred = 0;
  for (let j = 1; j < k; j++) if (v[j] > v[pred]) pred = j;
  const z = v.reduce((s, x) => s + Math.exp(x - v[pred]), 0);
  return { pMax: 1 / z, pred };
}

describe('expectedGradientCurves (science.md §2, E[∂L/∂v_max])', () => {
  for (const [k, zeroIdx] of [
    [2, 50],
    [4, 75],
    [10, 90],
  ] as const) {
    for (const alpha of [0.2, 0.5, -0.1]) {
      it(`K = ${k}, α = ${alpha}: α(K−1)/K at P_e = 0, 0 at P_e = (K−1)/K, slope −α`, () => {
        const c = expectedGradientCurves(alpha, k);
        expect(c.pe.length).toBe(101);
        expect(c.lsTerm[0]).toBeCloseTo((alpha * (k - 1)) / k, 12);
        expect(c.lsTermAtZero).toBeCloseTo((alpha * (k - 1)) / k, 12);
        expect(c.pe[zeroIdx]).toBeCloseTo((k - 1) / k, 12);
        expect(c.zeroPe).toBeCloseTo((k - 1) / k, 12);
        expect(Math.abs(c.lsTerm[zeroIdx])).toBeLessThan(1e-12);
        expect(c.lsTerm[100]).toBeCloseTo(-alpha / k, 12);
        for (let i = 1; i < 101; i++) expect(c.lsTerm[i] - c.lsTerm[i - 1]).toBeCloseTo(-alpha / 100, 12);
        // Calibrated case: the CE part is zero and the total is the LS term.
        for (let i = 0; i < 101; i++) {
          expect(c.cePart[i]).toBe(0);
          expect(c.total[i]).toBeCloseTo(c.lsTerm[i], 15);
        }
      });
    }
  }

  it('a fixed π_max gives the CE part π_max − (1 − P_e) and total = CE part + LS term', () => {
    const c = expectedGradientCurves(0.3, 5, 0.8, 11);
    expect(c.pMax).toBe(0.8);
    for (let i = 0; i < 11; i++) {
      const pe = i / 10;
      expect(c.cePart[i]).toBeCloseTo(0.8 - (1 - pe), 12);
      expect(c.total[i]).toBeCloseTo(0.8 - (1 - pe) + 0.3 * (4 / 5 - pe), 12);
    }
  });
});

describe('empiricalLsTermPoints (binned α(acc_bin − 1/K))', () => {
  it('equals a naive per-bin loop over 15 right-closed π_max bins', () => {
    const m = syntheticModel('ls', 0.2, 4);
    const k = 4;
    const alpha = 0.2;
    const n = m.testLabels.length;
    const pts = empiricalLsTermPoints(m.testLogits, m.testLabels, n, k, alpha, 15);
    const count = new Array<number>(15).fill(0);
    const correct = new Array<number>(15).fill(0);
    const lsSum = new Array<number>(15).fill(0);
    for (let i = 0; i < n; i++) {
      const { pMax, pred } = naiveRow(m.testLogits, i, k);
      let b = 0;
      while (b < 14 && !(pMax <= (b + 1) / 15)) b++;
      const c = pred === m.testLabels[i] ? 1 : 0;
      count[b]++;
      correct[b] += c;
      lsSum[b] += alpha * (c - 1 / k);
    }
    const nonEmpty = count.map((c, b) => [c, b]).filter(([c]) => c > 0);
    expect(pts.length).toBe(nonEmpty.length);
    expect(pts.reduce((s, p) => s + p.count, 0)).toBe(n);
    pts.forEach((p, i) => {
      const b = nonEmpty[i][1];
      expect(p.count).toBe(count[b]);
      expect(p.lo).toBeCloseTo(b / 15, 12);
      expect(p.hi).toBeCloseTo((b + 1) / 15, 12);
      expect(p.pe).toBeCloseTo(1 - correct[b] / count[b], 12);
      expect(p.lsTerm).toBeCloseTo(alpha * (correct[b] / count[b] - 1 / k), 12);
      // The mean per-sample LS term equals the closed form, and the point lies on α((K−1)/K − P_e).
      expect(p.lsTerm).toBeCloseTo(lsSum[b] / count[b], 12);
      expect(p.lsTerm).toBeCloseTo(alpha * ((k - 1) / k - p.pe), 12);
    });
  });

  it('is empty for no samples', () => {
    expect(empiricalLsTermPoints(new Float32Array(0), new Int32Array(0), 0, 3, 0.1)).toEqual([]);
  });
});

describe('lsTermHistory', () => {
  it('overall = valAcc·correct + (1 − valAcc)·incorrect = α(acc − 1/K)', () => {
    const h = syntheticHistory(0.2, 4);
    const s = lsTermHistory(h);
    h.forEach((p, i) => {
      expect(s.step[i]).toBe(p.step);
      expect(s.overall[i]).toBeCloseTo(0.2 * (p.valAcc - 1 / 4), 12);
    });
  });

  it('an empty group (NaN) with zero weight does not poison the mean', () => {
    const base = syntheticHistory(0.2, 4)[0];
    const s = lsTermHistory([{ ...base, valAcc: 1, lsTermIncorrect: NaN }]);
    expect(s.overall[0]).toBeCloseTo(0.15, 12);
    expect(s.incorrect[0]).toBeNaN();
  });
});

describe('vMaxPanelData', () => {
  it('bands only where a window has ≥ MIN_BAND_COUNT samples; counts and extent consistent', () => {
    const m = syntheticModel('ce', 0, 4);
    const d = vMaxPanelData(m, 'test');
    let nc = 0;
    for (let i = 0; i < m.testLabels.length; i++)
      nc += naiveRow(m.testLogits, i, 4).pred === m.testLabels[i] ? 1 : 0;
    expect(d.nCorrect).toBe(nc);
    expect(d.nIncorrect).toBe(m.testLabels.length - nc);
    for (const s of [d.correct, d.incorrect]) {
      for (let j = 0; j < s.count.length; j++) {
        expect(s.hasMean[j]).toBe(s.count[j] >= 1 ? 1 : 0);
        expect(s.hasBand[j]).toBe(s.count[j] >= MIN_BAND_COUNT ? 1 : 0);
        if (s.hasBand[j]) {
          expect(s.mean[j] - s.std[j]).toBeGreaterThanOrEqual(d.extent![0]);
          expect(s.mean[j] + s.std[j]).toBeLessThanOrEqual(d.extent![1]);
        }
      }
      expect(s.hasBand.some((v, j) => v === 1 && Number.isFinite(s.mean[j]))).toBe(true);
    }
  });

  it('the LS model has a lower mean v_max than its CE twin (fixture sanity)', () => {
    const ce = vMaxPanelData(syntheticModel('ce', 0), 'test');
    const ls = vMaxPanelData(syntheticModel('ls', 0.2), 'test');
    expect(ls.extent![1]).toBeLessThan(ce.extent![1]);
  });
});

describe('linePath', () => {
  it('leaves gaps at undefined and non-finite points', () => {
    const x = scaleLinear().domain([0, 1]).range([0, 100]);
    const y = scaleLinear().domain([0, 1]).range([100, 0]);
    const d = linePath([0, 0.25, 0.5, 0.75, 1], [0, 1, NaN, 0.5, 0.25], x, y);
    expect(d.match(/M/g)?.length).toBe(2);
    expect(d.startsWith('M0,100L25,0M75,50L100,75')).toBe(true);
    expect(linePath([0, 1], [0, 1], x, y, [0, 0])).toBe('');
  });
});
