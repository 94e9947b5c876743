import { describe, expect, it } from 'vitest';
import { expectedLsTermByCorrectness } from '../../src/analysis/gradients';
import { naiveArgmax, naiveSoftmax, randomLabels, randomLogits, row } from './naive';

/** Brute force: bin π_max into 15 right-closed equal bins, bin accuracy, per-sample α(acc_bin − 1/K). */
function naiveExpected(logits: Float64Array, labels: Int32Array, n: number, k: number, alpha: number) {
  const bins = 15;
  const binOf = (p: number): number => Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
  const pm: number[] = [];
  const correct: boolean[] = [];
  const cnt = new Array<number>(bins).fill(0);
  const acc = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const v = row(logits, i, k);
    const pi = naiveSoftmax(v);
    const yhat = naiveArgmax(v);
    pm.push(pi[yhat]);
    correct.push(yhat === labels[i]);
    cnt[binOf(pi[yhat])]++;
    if (yhat === labels[i]) acc[binOf(pi[yhat])]++;
  }
  let sc = 0,
    nc = 0,
    si = 0,
    ni = 0;
  for (let i = 0; i < n; i++) {
    const b = binOf(pm[i]);
    const term = alpha * (acc[b] / cnt[b] - 1 / k);
    if (correct[i]) {
      sc += term;
      nc++;
    } else {
      si += term;
      ni++;
    }
  }
  return { correct: nc ? sc / nc : NaN, incorrect: ni ? si / ni : NaN };
}

describe('expectedLsTermByCorrectness', () => {
  it('equals a brute-force binned computation on random cases', () => {
    for (let seed = 0; seed < 8; seed++) {
      const n = 400;
      const k = seed % 2 ? 10 : 3;
      const logits = randomLogits(seed, n, k, 2 + seed);
      const labels = randomLabels(seed + 100, n, k);
      const alpha = 0.05 * (seed + 1);
      const got = expectedLsTermByCorrectness(logits, labels, n, k, alpha);
      const want = naiveExpected(Float64Array.from(logits), labels, n, k, alpha);
      expect(got.correct).toBeCloseTo(want.correct, 12);
      expect(got.incorrect).toBeCloseTo(want.incorrect, 12);
    }
  });

  it('gives α(K−1)/K to a group that sits in bins of perfect accuracy, NaN to an empty group', () => {
    // Two confident, correct samples: the top bin's accuracy is 1, so the term is α(1 − 1/K).
    const logits = new Float64Array([10, 0, 0, 0, 10, 0]);
    const r = expectedLsTermByCorrectness(logits, new Int32Array([0, 1]), 2, 3, 0.3);
    expect(r.correct).toBeCloseTo(0.3 * (2 / 3), 12);
    expect(r.incorrect).toBeNaN();
  });
});
