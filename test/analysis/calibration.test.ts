/**
 * The reliability diagram's bins and ECE (science.md §3: 15 equal-width bins on π_max) against a
 * brute-force count: for each bin, every sample is tested against the bin's bounds b/15 and (b+1)/15
 * directly (first bin closed on the left, the others right-closed).
 */
import { describe, expect, it } from 'vitest';
import { ece, reliabilityBins } from '../../src/analysis/calibration';
import { createRng } from '../../src/data/rng';

function randomCase(seed: number, n: number) {
  const rng = createRng(seed, 'calibration-test');
  const conf = new Float64Array(n);
  const errors = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // π_max of a K = 10 model lies in [0.1, 1]; a few samples exactly at 1 (saturated softmax).
    conf[i] = i % 50 === 0 ? 1 : 0.1 + 0.9 * rng.uniform() ** 0.3;
    errors[i] = rng.uniform() > conf[i] ? 1 : 0;
  }
  return { conf, errors };
}

function bruteBins(conf: Float64Array, errors: Uint8Array, nb: number) {
  const rows = [];
  for (let b = 0; b < nb; b++) {
    const lo = b / nb;
    const hi = (b + 1) / nb;
    let count = 0;
    let correct = 0;
    let sum = 0;
    for (let i = 0; i < conf.length; i++) {
      const c = conf[i];
      const inside = b === 0 ? c >= lo && c <= hi : c > lo && c <= hi;
      if (!inside) continue;
      count++;
      correct += errors[i] ? 0 : 1;
      sum += c;
    }
    rows.push({ count, accuracy: correct / count, mean: sum / count });
  }
  return rows;
}

describe('reliabilityBins (15 equal-width bins)', () => {
  it('matches a brute-force count, accuracy and mean confidence per bin', () => {
    const { conf, errors } = randomCase(1, 3000);
    const r = reliabilityBins(conf, errors, 15);
    const brute = bruteBins(conf, errors, 15);
    expect(r.count.length).toBe(15);
    let total = 0;
    for (let b = 0; b < 15; b++) {
      expect(r.edges[b]).toBeCloseTo(b / 15, 15);
      expect(r.count[b]).toBe(brute[b].count);
      total += r.count[b];
      if (brute[b].count === 0) {
        expect(r.accuracy[b]).toBeNaN();
        expect(r.meanConfidence[b]).toBeNaN();
      } else {
        expect(r.accuracy[b]).toBeCloseTo(brute[b].accuracy, 14);
        expect(r.meanConfidence[b]).toBeCloseTo(brute[b].mean, 14);
      }
    }
    expect(total).toBe(3000);
    // π_max ≥ 0.1 here, so the first bin [0, 1/15] is empty; the samples at exactly 1 are in the last.
    expect(r.count[0]).toBe(0);
    expect(r.count[14]).toBeGreaterThanOrEqual(60);
  });
  it('ECE = Σ_b (n_b / N)·|acc_b − conf_b| over the brute-force bins', () => {
    const { conf, errors } = randomCase(2, 2000);
    let sum = 0;
    for (const b of bruteBins(conf, errors, 15))
      if (b.count > 0) sum += b.count * Math.abs(b.accuracy - b.mean);
    expect(ece(conf, errors, 15)).toBeCloseTo(sum / 2000, 14);
  });
  it('hand-worked: two bins', () => {
    // Bins [0, 0.5] and (0.5, 1]. Confidences 0.3, 0.5 (correct, wrong) → bin 0: acc 1/2, conf 0.4.
    // 0.9, 0.7, 1 (correct, correct, wrong) → bin 1: acc 2/3, conf 0.8667.
    // ECE = (2/5)·|0.5 − 0.4| + (3/5)·|2/3 − 2.6/3| = 0.04 + 0.12 = 0.16.
    const conf = Float64Array.from([0.3, 0.5, 0.9, 0.7, 1]);
    const err = Uint8Array.from([0, 1, 0, 0, 1]);
    const r = reliabilityBins(conf, err, 2);
    expect(Array.from(r.count)).toEqual([2, 3]);
    expect(r.accuracy[1]).toBeCloseTo(2 / 3, 15);
    expect(r.meanConfidence[0]).toBeCloseTo(0.4, 15);
    expect(ece(conf, err, 2)).toBeCloseTo(0.16, 14);
  });
});
