import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/rng';
import {
  argsortDescendingStable,
  aurc,
  aurocMisclassification,
  augrc,
  coverageAtRisk,
  eAurc,
  ece,
  errorRate,
  errorsOf,
  evaluateModel,
  oracleAurc,
  reliabilityBins,
  riskAtCoverage,
  riskCoverage,
  selectiveMetrics,
  selectiveMetricsFromErrors,
} from '../../src/analysis/metrics';
import { maxLogitPNorm, msp, mspLog, predictions } from '../../src/analysis/scores';
import {
  naiveAugrc,
  naiveAuroc,
  naiveAurc,
  naiveEce,
  naiveOracleAurc,
  naiveOrder,
  naiveRisks,
  randomLabels,
  randomLogits,
} from './naive';

const u8 = (a: number[]): Uint8Array => Uint8Array.from(a);
const f64 = (a: number[]): Float64Array => Float64Array.from(a);

/** Random scores with many ties (few distinct values) and errors more likely at low scores. */
function randomCase(seed: number, n: number, levels: number): { scores: Float64Array; errors: Uint8Array } {
  const rng = createRng(seed, 'metrics-fuzz');
  const scores = new Float64Array(n);
  const errors = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = levels > 0 ? rng.int(levels) / levels : rng.uniform();
    scores[i] = s;
    errors[i] = rng.uniform() < 0.6 * (1 - s) ? 1 : 0;
  }
  return { scores, errors };
}

describe('argsortDescendingStable', () => {
  it('sorts descending, ties in index order, NaN last as −Infinity', () => {
    const s = f64([0.5, NaN, 0.9, 0.5, -Infinity, Infinity, 0.5, NaN, Infinity]);
    expect(Array.from(argsortDescendingStable(s))).toEqual([5, 8, 2, 0, 3, 6, 1, 4, 7]);
  });
  it('matches a naive stable insertion sort on tied random scores', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { scores } = randomCase(seed, 150, seed % 2 ? 7 : 0);
      expect(Array.from(argsortDescendingStable(scores))).toEqual(naiveOrder(scores));
    }
  });
  it('sorts 50,000 scores into descending order', () => {
    const { scores } = randomCase(1, 50_000, 0);
    const order = argsortDescendingStable(scores);
    let inversions = 0;
    for (let i = 1; i < order.length; i++) if (scores[order[i - 1]] < scores[order[i]]) inversions++;
    expect(inversions).toBe(0);
  });
});

describe('N = 2 worked by hand', () => {
  // Scores [0.9, 0.6], errors [1, 0]: the confident sample is wrong.
  // Curve: R_0 = 0, R_1 = 1/1 = 1, R_2 = 1/2.
  // AURC = ½·[(0 + 1)/2 + (1 + ½)/2] = ½·(0.5 + 0.75) = 0.625.
  // Oracle (correct first): R = 0, 0, ½ → ½·[0 + ¼] = 0.125; E-AURC = 0.5.
  // AUGRC: G = 0, ½, ½ → ½·[¼ + ½] = 0.375.
  // Risk@80: n = ceil(1.6) = 2 → R_2 = 0.5. Cov@5%: R_1 = 1, R_2 = 0.5 → none → null.
  // AUROC: the only correct (0.6) scores below the only error (0.9) → 0.
  // ECE (15 bins, confidences = scores): bins hold one sample each: ½·|0 − 0.9| + ½·|1 − 0.6| = 0.65.
  const s = f64([0.9, 0.6]);
  const e = u8([1, 0]);
  it('gives the hand-worked numbers', () => {
    const c = riskCoverage(s, e);
    expect(Array.from(c.coverage)).toEqual([0, 0.5, 1]);
    expect(Array.from(c.risk)).toEqual([0, 1, 0.5]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.9, 0.6]);
    expect(aurc(s, e)).toBeCloseTo(0.625, 15);
    expect(oracleAurc(e)).toBeCloseTo(0.125, 15);
    expect(eAurc(s, e)).toBeCloseTo(0.5, 15);
    expect(augrc(s, e)).toBeCloseTo(0.375, 15);
    expect(riskAtCoverage(s, e, 0.8)).toBe(0.5);
    expect(coverageAtRisk(s, e, 0.05)).toBeNull();
    expect(coverageAtRisk(s, e, 0.5)).toBe(1);
    expect(aurocMisclassification(s, e)).toBe(0);
    expect(ece(s, e)).toBeCloseTo(0.65, 15);
    expect(errorRate(e)).toBe(0.5);
  });
  it('reversing the scores gives the oracle', () => {
    const r = f64([0.6, 0.9]);
    expect(aurc(r, e)).toBeCloseTo(0.125, 15);
    expect(eAurc(r, e)).toBeCloseTo(0, 15);
    expect(aurocMisclassification(r, e)).toBe(1);
    expect(coverageAtRisk(r, e, 0.05)).toBe(0.5);
  });
});

describe('ties: the expectation over the orders within a tied block (science.md §3)', () => {
  // Scores [0.9, 0.5, 0.5, 0.1]: samples 1 and 2 tie.
  // Order 0,1,2,3 with errors [0, 1, 0, 0]: R = 0, 0, ½, ⅓, ¼ → AURC = ¼·(0 + ¼ + 5/12 + 7/24) = 23/96.
  // The other order of the tie: R = 0, 0, 0, ⅓, ¼ → AURC = ¼·(0 + 0 + 1/6 + 7/24) = 11/96.
  // Tie-aware: the mean, 17/96, whichever of the two tied samples is the error.
  const s = f64([0.9, 0.5, 0.5, 0.1]);
  it('AURC does not depend on which tied sample comes first', () => {
    expect(aurc(s, u8([0, 1, 0, 0]))).toBeCloseTo(17 / 96, 15);
    expect(aurc(s, u8([0, 0, 1, 0]))).toBeCloseTo(17 / 96, 15);
  });
  it('AUROC counts the tied pair ½, independent of order', () => {
    // correct {0.9, 0.5, 0.1} vs error {0.5}: 1 + ½ + 0 = 1.5 of 3 pairs.
    expect(aurocMisclassification(s, u8([0, 1, 0, 0]))).toBeCloseTo(0.5, 15);
    expect(aurocMisclassification(s, u8([0, 0, 1, 0]))).toBeCloseTo(0.5, 15);
  });
});

describe('degenerate cases', () => {
  it('all correct: every risk 0, AURC = oracle = AUGRC = 0, Cov@5% = 1, AUROC NaN', () => {
    const s = f64([0.3, 0.2, 0.9]);
    const e = u8([0, 0, 0]);
    expect(aurc(s, e)).toBe(0);
    expect(oracleAurc(e)).toBe(0);
    expect(augrc(s, e)).toBe(0);
    expect(coverageAtRisk(s, e, 0.05)).toBe(1);
    expect(aurocMisclassification(s, e)).toBeNaN();
  });
  it('all wrong: R_n = 1 for n ≥ 1, AURC = oracle = 1 − 1/(2N), AUGRC = ½, Cov null, AUROC NaN', () => {
    const s = f64([0.3, 0.2, 0.9, 0.1]);
    const e = u8([1, 1, 1, 1]);
    expect(aurc(s, e)).toBeCloseTo(1 - 1 / 8, 15);
    expect(oracleAurc(e)).toBeCloseTo(1 - 1 / 8, 15);
    expect(eAurc(s, e)).toBeCloseTo(0, 15);
    expect(augrc(s, e)).toBeCloseTo(0.5, 15);
    expect(riskAtCoverage(s, e, 0.8)).toBe(1);
    expect(coverageAtRisk(s, e, 0.05)).toBeNull();
    expect(aurocMisclassification(s, e)).toBeNaN();
  });
  it('a single sample', () => {
    expect(aurc(f64([0.7]), u8([1]))).toBe(0.5); // R = 0, 1
    expect(aurc(f64([0.7]), u8([0]))).toBe(0);
    expect(riskAtCoverage(f64([0.7]), u8([1]), 0.8)).toBe(1);
    expect(coverageAtRisk(f64([0.7]), u8([0]), 0.05)).toBe(1);
  });
  it('no samples: NaN / null, no throw', () => {
    const s = new Float64Array(0);
    const e = new Uint8Array(0);
    expect(aurc(s, e)).toBeNaN();
    expect(oracleAurc(e)).toBeNaN();
    expect(coverageAtRisk(s, e, 0.05)).toBeNull();
    expect(selectiveMetricsFromErrors(s, e).riskAt80).toBeNaN();
  });
  it('Risk@80 uses index ceil(0.8N) − 1 without the origin: N = 10 → R_8', () => {
    const s = f64([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const e = u8([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(riskAtCoverage(s, e, 0.8)).toBeCloseTo(1 / 8, 15);
    expect(riskAtCoverage(s, e, 0.71)).toBeCloseTo(1 / 8, 15); // ceil(7.1) = 8 → R_8
    expect(riskAtCoverage(s, e, 0.65)).toBe(0); // ceil(6.5) = 7 → R_7
    expect(() => riskAtCoverage(s, e, 0)).toThrow(RangeError);
  });
  it('rejects arrays of different lengths', () => {
    expect(() => aurc(f64([1, 2]), u8([0]))).toThrow(RangeError);
  });
});

describe('fuzz: fast metrics vs naive references (1e-12)', () => {
  it('random cases with and without ties', () => {
    for (let seed = 0; seed < 40; seed++) {
      const n = 1 + ((seed * 37) % 120);
      const { scores, errors } = randomCase(seed, n, seed % 3 === 0 ? 0 : 1 + (seed % 9));
      const curve = riskCoverage(scores, errors);
      const ref = naiveRisks(scores, errors);
      for (let m = 0; m <= n; m++) {
        expect(curve.risk[m]).toBeCloseTo(ref[m], 12);
        expect(curve.coverage[m]).toBeCloseTo(m / n, 15);
      }
      expect(aurc(scores, errors)).toBeCloseTo(naiveAurc(scores, errors), 12);
      expect(oracleAurc(errors)).toBeCloseTo(naiveOracleAurc(errors), 12);
      expect(augrc(scores, errors)).toBeCloseTo(naiveAugrc(scores, errors), 12);
      const m80 = Math.ceil(0.8 * n);
      expect(riskAtCoverage(scores, errors, 0.8)).toBeCloseTo(ref[m80], 12);
      let cov: number | null = null;
      for (let m = 1; m <= n; m++) if (ref[m] <= 0.05) cov = m / n;
      expect(coverageAtRisk(scores, errors, 0.05)).toBe(cov);
      const nErr = errors.reduce((a, b) => a + b, 0);
      if (nErr > 0 && nErr < n)
        expect(aurocMisclassification(scores, errors)).toBeCloseTo(naiveAuroc(scores, errors), 12);
      expect(ece(scores, errors)).toBeCloseTo(naiveEce(scores, errors, 15), 12);
      expect(ece(scores, errors, 7)).toBeCloseTo(naiveEce(scores, errors, 7), 12);
    }
  });
});

describe('ECE and reliability bins', () => {
  it('puts a confidence on an edge into the lower bin (right-closed) and 0 into the first', () => {
    const r = reliabilityBins(f64([0, 0.2, 0.2000001, 1]), u8([0, 0, 1, 0]), 5);
    expect(Array.from(r.count)).toEqual([2, 1, 0, 0, 1]);
    expect(r.accuracy[0]).toBe(1);
    expect(r.accuracy[1]).toBe(0);
    expect(r.accuracy[2]).toBeNaN();
  });
  it('is 0 for a perfectly calibrated bin and |acc − conf| otherwise', () => {
    // 4 samples at confidence 0.75, 3 correct → ECE 0; 4 at 0.95, 2 correct → 0.45.
    expect(ece(f64([0.75, 0.75, 0.75, 0.75]), u8([0, 0, 0, 1]))).toBeCloseTo(0, 15);
    expect(ece(f64([0.95, 0.95, 0.95, 0.95]), u8([0, 1, 0, 1]))).toBeCloseTo(0.45, 15);
  });
});

describe('selectiveMetrics and evaluateModel', () => {
  const N = 300;
  const K = 5;
  const logits = randomLogits(3, N, K, 2);
  const labels = randomLabels(3, N, K);
  // Make the labels mostly agree with the logits so errors are informative.
  const preds = predictions(logits, N, K);
  for (let i = 0; i < N; i++) if (i % 3 !== 0) labels[i] = preds[i];
  const errors = errorsOf(preds, labels);

  it('selectiveMetrics equals the individual metrics', () => {
    const score = mspLog(logits, N, K);
    const m = selectiveMetrics(logits, labels, N, K, score);
    expect(m.n).toBe(N);
    expect(m.error).toBe(errorRate(errors));
    expect(m.aurc).toBe(aurc(score, errors));
    expect(m.oracleAurc).toBe(oracleAurc(errors));
    expect(m.eAurc).toBeCloseTo(m.aurc - m.oracleAurc, 15);
    expect(m.augrc).toBe(augrc(score, errors));
    expect(m.riskAt80).toBe(riskAtCoverage(score, errors, 0.8));
    expect(m.covAt5).toBe(coverageAtRisk(score, errors, 0.05));
    expect(m.auroc).toBe(aurocMisclassification(score, errors));
    expect(m.aurc).toBeCloseTo(naiveAurc(score, errors), 12);
  });

  it('evaluateModel: MSP by log π_max, pNorm by MaxLogit-pNorm, ECE of π_max', () => {
    const ev = evaluateModel(logits, labels, N, K, { p: 3 });
    expect(ev.error).toBe(errorRate(errors));
    expect(ev.centred).toBe(true);
    expect(ev.msp).toEqual(selectiveMetricsFromErrors(mspLog(logits, N, K), errors));
    expect(ev.pNorm).toEqual(selectiveMetricsFromErrors(maxLogitPNorm(logits, N, K, 3, true), errors));
    expect(ev.pNorm.aurc).not.toBe(ev.msp.aurc);
    expect(ev.ece).toBeCloseTo(naiveEce(msp(logits, N, K), errors, 15), 12);
    const unc = evaluateModel(logits, labels, N, K, { p: 3, centred: false });
    expect(unc.pNorm.aurc).toBe(aurc(maxLogitPNorm(logits, N, K, 3, false), errors));
  });

  it('evaluateModel with p = null (MSP fallback) reports MSP for pNorm', () => {
    const ev = evaluateModel(logits, labels, N, K, { p: null });
    expect(ev.p).toBeNull();
    expect(ev.pNorm).toEqual(ev.msp);
  });

  // No wall-clock assertion here (timings on a shared machine are noise): this checks the sizes work.
  it('handles N = 50,000, K = 10', () => {
    const n = 50_000;
    const big = randomLogits(9, n, 10, 3);
    const lab = randomLabels(9, n, 10);
    const ev = evaluateModel(big, lab, n, 10, { p: 2 });
    expect(ev.error).toBeGreaterThan(0.8); // random labels: ~90% error
  });
});
