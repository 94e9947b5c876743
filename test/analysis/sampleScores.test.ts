/**
 * The per-sample scores of sampleScores.ts must be bit-identical to the analysis functions applied to
 * the full logits, so that a model analysed from streamed scores (the import worker) shows exactly
 * the numbers the logits would give. Also: every consumer built on them (p search, metrics, v_max
 * windows, LS-term bins) equals its logits-based counterpart.
 */
import { describe, expect, it } from 'vitest';
import {
  binnedLsTermEstimate,
  binnedLsTermEstimateFromSamples,
  evaluateFromScores,
  evaluateModel,
  maxLogitGradient,
  maxLogitPNorm,
  mspLog,
  predictions,
  sampleCorrect,
  sampleErrors,
  sampleScoresFromLogits,
  scoreRowsInto,
  allocSampleScores,
  searchP,
  searchPFromScores,
  subsetSamples,
  sampleBuffers,
  pNormOf,
  vMaxGivenPMax,
  vMaxGivenPMaxFromSamples,
} from '../../src/analysis';
import { centredMaxLogit } from '../../src/analysis/twin';
import { concatSamples } from '../../src/import/samples';
import { randomLabels, randomLogits } from './naive';

const N = 400;
const K = 9;
const logits64 = randomLogits(3, N, K, 4);
// Float32 input as the engine and most files give it; exact ties and saturated rows included.
const logits32 = Float32Array.from(logits64);
logits32.set([5, 5, 1, 0, 0, 0, 0, 0, 0], 0);
logits32.set([80, 0, 0, 0, 0, 0, 0, 0, 0], K);
logits32.set([2, 2, 2, 2, 2, 2, 2, 2, 2], 2 * K);
const labels = randomLabels(4, N, K);

describe('sampleScoresFromLogits', () => {
  for (const [name, logits] of [
    ['float64', logits64],
    ['float32', logits32],
  ] as const) {
    it(`is bit-identical to the analysis functions (${name})`, () => {
      const s = sampleScoresFromLogits(logits, labels, N, K);
      expect(s.preds).toEqual(predictions(logits, N, K));
      expect(s.logMsp).toEqual(mspLog(logits, N, K));
      const g = maxLogitGradient(logits, labels, N, K, 0);
      expect(s.pMax).toEqual(g.pMax);
      expect(s.vMax).toEqual(g.vMax);
      expect(s.uMax).toEqual(centredMaxLogit(logits, N, K));
      // And against u_max written out here: max_j (v_j − Σ_j v_j / K), the sum in index order.
      for (let i = 0; i < N; i++) {
        let sum = 0;
        for (let j = 0; j < K; j++) sum += logits[i * K + j];
        let best = -Infinity;
        for (let j = 0; j < K; j++) best = Math.max(best, logits[i * K + j] - sum / K);
        expect(s.uMax[i]).toBe(best);
      }
      expect(sampleCorrect(s)).toEqual(g.correct);
      for (let p = 1; p <= 10; p++) {
        expect(pNormOf(s, p, true)).toEqual(maxLogitPNorm(logits, N, K, p, true));
        expect(pNormOf(s, p, false)).toEqual(maxLogitPNorm(logits, N, K, p, false));
      }
    });
  }

  it('gives the same numbers when the rows arrive in chunks', () => {
    const whole = sampleScoresFromLogits(logits32, labels, N, K);
    const chunked = allocSampleScores(N, K);
    for (let at = 0; at < N; at += 37) {
      const rows = Math.min(37, N - at);
      expect(scoreRowsInto(logits32.subarray(at * K, (at + rows) * K), rows, chunked, at)).toBe(-1);
    }
    expect(chunked.pNormCentred).toEqual(whole.pNormCentred);
    expect(chunked.logMsp).toEqual(whole.logMsp);
    expect(chunked.uMax).toEqual(whole.uMax);
    // Blocks joined back together keep every field, u_max included.
    const parts = [subsetSamples(whole, [0, 1, 2]), subsetSamples(whole, [3, 4])];
    const joined = concatSamples(parts, K);
    expect(joined.uMax).toEqual(whole.uMax.subarray(0, 5));
    expect(joined.vMax).toEqual(whole.vMax.subarray(0, 5));
  });

  it('reports the first row with a NaN or infinite logit', () => {
    const bad = logits32.slice(0, 5 * K);
    bad[3 * K + 2] = NaN;
    expect(scoreRowsInto(bad, 5, allocSampleScores(5, K), 0)).toBe(3);
    bad[3 * K + 2] = 0;
    bad[K] = -Infinity;
    expect(scoreRowsInto(bad, 5, allocSampleScores(5, K), 0)).toBe(1);
    expect(() => sampleScoresFromLogits(bad, labels.subarray(0, 5), 5, K)).toThrow(/row 1/);
  });

  it('rejects a p outside the precomputed grid', () => {
    const s = sampleScoresFromLogits(logits32, labels, N, K);
    expect(() => pNormOf(s, 11, true)).toThrow(RangeError);
    expect(() => pNormOf(s, 2.5, true)).toThrow(RangeError);
  });

  it('subsets keep each sample’s numbers', () => {
    const s = sampleScoresFromLogits(logits32, labels, N, K);
    const idx = [5, 0, 399, 17];
    const sub = subsetSamples(s, idx);
    expect(sub.n).toBe(4);
    idx.forEach((i, j) => {
      expect(sub.labels[j]).toBe(s.labels[i]);
      expect(sub.logMsp[j]).toBe(s.logMsp[i]);
      expect(sub.pNormRaw[6][j]).toBe(s.pNormRaw[6][i]);
      expect(sub.uMax[j]).toBe(s.uMax[i]);
    });
    // Every array travels to the page when the import worker hands the scores over.
    const buffers = sampleBuffers(s);
    for (const a of [s.labels, s.preds, s.logMsp, s.pMax, s.vMax, s.uMax, ...s.pNormCentred])
      expect(buffers).toContain(a.buffer);
  });
});

describe('consumers of sample scores equal their logits-based forms', () => {
  const s = sampleScoresFromLogits(logits32, labels, N, K);
  it('p search', () => {
    for (const centred of [true, false]) {
      const fromLogits = searchP(logits32, labels, N, K, { centred });
      const fromScores = searchPFromScores(sampleErrors(s), s.logMsp, (p) => pNormOf(s, p, centred));
      expect(fromScores).toEqual(fromLogits);
    }
  });
  it('metrics', () => {
    for (const p of [null, 1, 4]) {
      const ev = evaluateModel(logits32, labels, N, K, { p, centred: false });
      const fromScores = evaluateFromScores(
        sampleErrors(s),
        s.logMsp,
        p === null ? null : pNormOf(s, p, false),
        {
          p,
          centred: false,
        },
      );
      expect(fromScores).toEqual(ev);
    }
  });
  it('v_max windows and LS-term bins', () => {
    const c = sampleCorrect(s);
    expect(vMaxGivenPMaxFromSamples(s.pMax, s.vMax, c)).toEqual(vMaxGivenPMax(logits32, labels, N, K));
    const a = binnedLsTermEstimateFromSamples(s.pMax, c, K, 0.2);
    const b = binnedLsTermEstimate(logits32, labels, N, K, 0.2);
    expect(a).toEqual(b);
  });
});
