import { describe, expect, it } from 'vitest';
import { searchP } from '../../src/analysis/pSearch';
import { predictions } from '../../src/analysis/scores';
import { naiveAurc, naivePNorm, naiveSoftmax, randomLabels, randomLogits, row } from './naive';

/** Naive search: AURC of every candidate recomputed from naive scores, smallest p on ties. */
function naiveSearch(logits: Float64Array, labels: Int32Array, n: number, k: number, cands: number[]) {
  const preds = predictions(logits, n, k);
  const errors = Array.from(labels, (y, i) => (y === preds[i] ? 0 : 1));
  const mspScores = Array.from({ length: n }, (_, i) =>
    Math.log(Math.max(...naiveSoftmax(row(logits, i, k)))),
  );
  const mspAurc = naiveAurc(mspScores, errors);
  const byP = cands.map((p) => ({
    p,
    aurc: naiveAurc(
      Array.from({ length: n }, (_, i) => naivePNorm(row(logits, i, k), p, true)),
      errors,
    ),
  }));
  const best = [...byP].sort((a, b) => a.aurc - b.aurc || a.p - b.p)[0];
  return { mspAurc, byP, best };
}

describe('searchP (science.md §4)', () => {
  it('picks the p minimising validation AURC, as a naive search does', () => {
    let picked = 0;
    for (let seed = 0; seed < 6; seed++) {
      const n = 150;
      const k = 6;
      // A model whose correct predictions have larger logit scale: p matters.
      const logits = randomLogits(100 + seed, n, k, 2);
      const labels = randomLabels(100 + seed, n, k);
      const preds = predictions(logits, n, k);
      for (let i = 0; i < n; i++) if (i % 4 !== 0) labels[i] = preds[i];
      const cands = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      const ref = naiveSearch(logits, labels, n, k, cands);
      const r = searchP(logits, labels, n, k, { fallbackToMsp: false });
      expect(r.aurcByP.map((x) => x.p)).toEqual(cands);
      r.aurcByP.forEach((x, j) => expect(x.aurc).toBeCloseTo(ref.byP[j].aurc, 12));
      expect(r.mspAurc).toBeCloseTo(ref.mspAurc, 12);
      expect(r.p).toBe(ref.best.p);
      expect(r.chosenAurc).toBeCloseTo(ref.best.aurc, 12);
      expect(r.usedFallback).toBe(false);
      const withFallback = searchP(logits, labels, n, k);
      const fires = !(ref.best.aurc < ref.mspAurc);
      expect(withFallback.usedFallback).toBe(fires);
      expect(withFallback.p).toBe(fires ? null : ref.best.p);
      if (!fires) picked++;
    }
    expect(picked).toBeGreaterThan(0); // the non-fallback branch was exercised
  });

  it('falls back to MSP when MSP ranks best (constructed case)', () => {
    // Correct: large but flat logits, MSP ≈ 1, centred pNorm small for every p.
    // Error: small one-hot-shaped logits, MSP ≈ 0.45, centred pNorm maximal for its shape.
    const logits = Float64Array.from([100, 90, -200, /**/ 0.5, 0, 0, /**/ 80, 75, -150, /**/ 0.6, 0, 0.1]);
    const labels = Int32Array.from([0, 1, 0, 2]);
    const r = searchP(logits, labels, 4, 3);
    expect(r.mspAurc).toBeCloseTo(0.25 * (0 + 0 + (0 + 1 / 3) / 2 + (1 / 3 + 1 / 2) / 2), 15); // oracle
    for (const { aurc } of r.aurcByP) expect(aurc).toBeGreaterThan(r.mspAurc);
    expect(r.usedFallback).toBe(true);
    expect(r.p).toBeNull();
    expect(r.chosenAurc).toBe(r.mspAurc);
    const noFb = searchP(logits, labels, 4, 3, { fallbackToMsp: false });
    expect(noFb.p).not.toBeNull();
    expect(noFb.chosenAurc).toBeGreaterThan(r.mspAurc);
  });

  it('an AURC equal to MSP does not beat it; ties between p go to the smallest p', () => {
    // All predictions correct: every AURC is 0.
    const logits = randomLogits(5, 40, 4);
    const labels = predictions(logits, 40, 4);
    const r = searchP(logits, labels, 40, 4, { candidates: [5, 3, 8] });
    expect(r.usedFallback).toBe(true);
    expect(r.p).toBeNull();
    const noFb = searchP(logits, labels, 40, 4, { candidates: [5, 3, 8], fallbackToMsp: false });
    expect(noFb.p).toBe(3);
  });

  it('honours centred = false', () => {
    const n = 100;
    const logits = randomLogits(7, n, 5).map((x) => x + 4);
    const labels = randomLabels(7, n, 5);
    const a = searchP(logits, labels, n, 5, { fallbackToMsp: false, centred: true });
    const b = searchP(logits, labels, n, 5, { fallbackToMsp: false, centred: false });
    expect(a.aurcByP.map((x) => x.aurc)).not.toEqual(b.aurcByP.map((x) => x.aurc));
  });

  it('rejects empty inputs', () => {
    expect(() => searchP(new Float64Array(0), new Int32Array(0), 0, 3)).toThrow(RangeError);
    expect(() => searchP(Float64Array.from([1, 0]), Int32Array.from([0]), 1, 2, { candidates: [] })).toThrow(
      RangeError,
    );
  });
});
