/**
 * The CE-twin measures (src/analysis/twin.ts) against brute force written here with plain arrays and
 * loops: per-sample u_max, norm ratio and cosine; medians, quartiles and deciles; equal-count bins of
 * CE confidence; the confident-set swaps on hand-worked cases and on random data with ties.
 */
import { describe, expect, it } from 'vitest';
import {
  binsByConfidence,
  centredMaxLogit,
  centredNormRatioAndCosine,
  fractionIndex,
  keptCount,
  ranksDescending,
  shrinkRatios,
  sliceSpread,
  spreadOf,
  swapAtCoverage,
} from '../../src/analysis/twin';
import { createRng } from '../../src/data/rng';
import { randomLogits, row } from './naive';

/** Linear-interpolation quantile of a plain array (numpy's default), NaN/∞ left out. */
function naiveQuantile(values: number[], q: number): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const below = Math.floor(pos);
  const above = Math.ceil(pos);
  return s[below] + (s[above] - s[below]) * (pos - below);
}

/** Rank of every sample: how many others come first (higher score, or equal score and lower index). */
function naiveRanks(score: number[]): number[] {
  return score.map((s, i) => score.filter((t, j) => t > s || (t === s && j < i)).length);
}

function randomArray(seed: number, n: number, digits?: number): number[] {
  const rng = createRng(seed, 'twin-test');
  return Array.from({ length: n }, () => {
    const v = rng.normal();
    return digits === undefined ? v : Number(v.toFixed(digits)) + 0; // + 0: no −0
  });
}

describe('per-sample vectors', () => {
  const n = 50;
  const k = 7;
  const ce = randomLogits(1, n, k);
  const ls = randomLogits(2, n, k, 1);
  it('u_max is the largest logit minus the row mean', () => {
    const u = centredMaxLogit(ce, n, k);
    for (let i = 0; i < n; i++) {
      const v = row(ce, i, k);
      const mean = v.reduce((a, b) => a + b, 0) / k;
      expect(u[i]).toBeCloseTo(Math.max(...v) - mean, 12);
    }
  });
  it('norm ratio and cosine of the centred vectors', () => {
    const { normRatio, cosine } = centredNormRatioAndCosine(ce, ls, n, k);
    for (let i = 0; i < n; i++) {
      const a = row(ce, i, k);
      const b = row(ls, i, k);
      const ma = a.reduce((x, y) => x + y) / k;
      const mb = b.reduce((x, y) => x + y) / k;
      const ua = a.map((v) => v - ma);
      const ub = b.map((v) => v - mb);
      const na = Math.hypot(...ua);
      const nb = Math.hypot(...ub);
      expect(normRatio[i]).toBeCloseTo(nb / na, 12);
      expect(cosine[i]).toBeCloseTo(ua.reduce((s, v, j) => s + v * ub[j], 0) / (na * nb), 12);
    }
  });
  it('a constant row has no direction: NaN, not a number made up', () => {
    const flat = Float64Array.from([3, 3, 3, 1, 2, 0]);
    const other = Float64Array.from([1, 2, 3, 4, 4, 4]);
    const { normRatio, cosine } = centredNormRatioAndCosine(flat, other, 2, 3);
    expect(normRatio[0]).toBeNaN();
    expect(cosine[0]).toBeNaN();
    expect(cosine[1]).toBeNaN(); // LS's second row is constant
    expect(normRatio[1]).toBe(0);
    expect(Array.from(shrinkRatios([1, 2, 3], [0, 4, Infinity]))).toEqual([NaN, 0.5, NaN]);
  });
});

describe('spreads', () => {
  it('hand-worked: 1, 2, 3, 4 (and a NaN left out)', () => {
    const s = spreadOf([4, NaN, 1, 3, 2]);
    expect(s).toMatchObject({ n: 4, dropped: 1, median: 2.5, q1: 1.75, q3: 3.25, mean: 2.5 });
    expect(s.p10).toBeCloseTo(1.3, 12);
    expect(s.p90).toBeCloseTo(3.7, 12);
    expect(spreadOf([7])).toMatchObject({ n: 1, median: 7, q1: 7, q3: 7 });
    expect(spreadOf([]).median).toBeNaN();
  });
  it('random values against the brute-force quantile', () => {
    for (const n of [1, 2, 9, 100, 101]) {
      const v = randomArray(n, n);
      const s = spreadOf(v);
      for (const [q, got] of [
        [0.5, s.median],
        [0.25, s.q1],
        [0.75, s.q3],
        [0.1, s.p10],
        [0.9, s.p90],
      ] as const)
        expect(got).toBeCloseTo(naiveQuantile(v, q), 12);
      expect(s.mean).toBeCloseTo(v.reduce((a, b) => a + b, 0) / n, 12);
    }
  });
});

describe('bins of CE confidence', () => {
  it('equal counts, least confident first, ties by index, spreads per bin', () => {
    const n = 203;
    // Confidences with many ties (two decimals) and ratios with a few NaN.
    const conf = randomArray(5, n, 1);
    const r = randomArray(6, n).map((v, i) => (i % 37 === 5 ? NaN : v + 1));
    const { bins, order } = binsByConfidence(r, conf, 10);
    const want = conf.map((_, i) => i).sort((a, b) => conf[a] - conf[b] || a - b);
    expect(Array.from(order)).toEqual(want);
    expect(bins).toHaveLength(10);
    let start = 0;
    bins.forEach((b, j) => {
      const end = Math.floor(((j + 1) * n) / 10);
      expect([b.rankLo, b.rankHi]).toEqual([start, end]);
      const idx = want.slice(start, end);
      const vals = idx.map((i) => r[i]);
      expect(b.n + b.dropped).toBe(end - start);
      expect(b.dropped).toBe(vals.filter((v) => Number.isNaN(v)).length);
      expect(b.median).toBeCloseTo(naiveQuantile(vals, 0.5), 12);
      expect(b.q1).toBeCloseTo(naiveQuantile(vals, 0.25), 12);
      expect(b.q3).toBeCloseTo(naiveQuantile(vals, 0.75), 12);
      expect(b.confLo).toBe(Math.min(...idx.map((i) => conf[i])));
      expect(b.confHi).toBe(Math.max(...idx.map((i) => conf[i])));
      start = end;
    });
    expect(start).toBe(n);
  });
  it('the least confident fifth and the most confident tenth', () => {
    const n = 5000;
    const conf = randomArray(7, n);
    const r = randomArray(8, n);
    const { order } = binsByConfidence(r, conf, 10);
    const want = conf.map((_, i) => i).sort((a, b) => conf[a] - conf[b]);
    const fifth = sliceSpread(r, order, 0, 0.2);
    const tenth = sliceSpread(r, order, 0.9, 1);
    expect(fifth.n).toBe(1000);
    expect(tenth.n).toBe(500);
    expect(fifth.median).toBeCloseTo(
      naiveQuantile(
        want.slice(0, 1000).map((i) => r[i]),
        0.5,
      ),
      12,
    );
    expect(tenth.median).toBeCloseTo(
      naiveQuantile(
        want.slice(4500).map((i) => r[i]),
        0.5,
      ),
      12,
    );
    expect(fractionIndex(0.9, 5000)).toBe(4500);
    expect(fractionIndex(0.7, 10)).toBe(7); // 0.7 · 10 = 7.000000000000001 in floats
  });
  it('more bins than samples leaves the empty ones out', () => {
    const { bins } = binsByConfidence([1, 2, 3], [0.3, 0.1, 0.2], 5);
    expect(bins.map((b) => [b.bin, b.rankLo, b.rankHi, b.median])).toEqual([
      [1, 0, 1, 2],
      [3, 1, 2, 3],
      [4, 2, 3, 1],
    ]);
  });
});

describe('confident-set swaps', () => {
  it('kept count is ⌈c·N⌉, robust to float noise', () => {
    expect(keptCount(0.2, 5000)).toBe(1000);
    expect(keptCount(0.07, 100)).toBe(7);
    expect(keptCount(0.5, 5)).toBe(3);
    expect(keptCount(1, 5)).toBe(5);
    expect(() => keptCount(0, 5)).toThrow(RangeError);
  });

  it('six samples worked by hand', () => {
    // CE keeps its top 3 = samples 0, 1, 2; LS's top 3 = 1, 2, 3.
    const ce = { score: [6, 5, 4, 3, 2, 1], errors: [0, 0, 1, 0, 1, 1] };
    const ls = { score: [1, 6, 5, 4, 2, 3], errors: [0, 1, 0, 1, 1, 0] };
    const w = swapAtCoverage(ce, ls, 0.5);
    expect(w.kept).toBe(3);
    expect(Array.from(w.admitted.indices)).toEqual([3]);
    expect(Array.from(w.pushedOut.indices)).toEqual([0]);
    expect(Array.from(w.both.indices)).toEqual([1, 2]);
    expect([w.admitted.lsErrors, w.admitted.ceErrors]).toEqual([1, 0]);
    expect([w.pushedOut.lsErrors, w.pushedOut.ceErrors]).toEqual([0, 0]);
    expect([w.both.lsErrors, w.both.ceErrors]).toEqual([1, 1]);
    expect(w.cutTies).toEqual({ ce: 0, ls: 0 });
  });

  it('ties are kept in index order, and a tie across the cut is reported', () => {
    const ce = { score: [1, 2, 3, 4, 5, 6], errors: [0, 0, 0, 0, 0, 0] };
    const ls = { score: [5, 5, 1, 5, 0, 0], errors: [1, 0, 0, 0, 0, 0] };
    // m = 2: LS keeps 0 and 1 of the tied 0, 1, 3; CE keeps 5 and 4.
    const w = swapAtCoverage(ce, ls, 2 / 6);
    expect(w.kept).toBe(2);
    expect(Array.from(w.admitted.indices)).toEqual([0, 1]);
    expect(Array.from(w.pushedOut.indices)).toEqual([4, 5]);
    expect(w.admitted.lsErrors).toBe(1);
    expect(w.cutTies).toEqual({ ce: 0, ls: 3 });
    // m = 3 takes the whole tied block: nothing straddles the cut.
    expect(swapAtCoverage(ce, ls, 0.5).cutTies.ls).toBe(0);
    // Equal after rounding to 12 significant digits counts as a tie.
    const near = { score: [0.3, 0.1 + 0.2, 0], errors: [0, 0, 0] };
    expect(swapAtCoverage(near, near, 1 / 3).cutTies.ce).toBe(2);
  });

  it('random scores with ties against brute force', () => {
    // [seed, N, coverage, ⌈c·N⌉ worked out by hand]
    for (const [seed, n, c, m] of [
      [11, 300, 0.2, 60],
      [12, 257, 0.05, 13],
      [13, 100, 0.9, 90],
    ] as const) {
      const ceScore = randomArray(seed, n, 1);
      const lsScore = randomArray(seed + 100, n, 1);
      const rng = createRng(seed, 'twin-errors');
      const ceErr = Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 1 : 0));
      const lsErr = Array.from({ length: n }, () => (rng.uniform() < 0.2 ? 1 : 0));
      const w = swapAtCoverage({ score: ceScore, errors: ceErr }, { score: lsScore, errors: lsErr }, c);
      expect(w.kept).toBe(m);
      const rc = naiveRanks(ceScore);
      const rl = naiveRanks(lsScore);
      expect(Array.from(ranksDescending(ceScore))).toEqual(rc);
      const admitted: number[] = [];
      const pushed: number[] = [];
      for (let i = 0; i < n; i++) {
        if (rl[i] < m && rc[i] >= m) admitted.push(i);
        if (rc[i] < m && rl[i] >= m) pushed.push(i);
      }
      expect(Array.from(w.admitted.indices)).toEqual(admitted);
      expect(Array.from(w.pushedOut.indices)).toEqual(pushed);
      expect(w.admitted.lsErrors).toBe(admitted.filter((i) => lsErr[i]).length);
      expect(w.admitted.ceErrors).toBe(admitted.filter((i) => ceErr[i]).length);
      expect(w.pushedOut.lsErrors).toBe(pushed.filter((i) => lsErr[i]).length);
      expect(w.pushedOut.ceErrors).toBe(pushed.filter((i) => ceErr[i]).length);
      expect(admitted.length).toBe(pushed.length); // both sets hold m samples
    }
  });
});
