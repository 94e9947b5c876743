/** rankOf against a rank read off a naive sort, with ties, NaN and ±Infinity; inTopFraction by hand. */
import { describe, expect, it } from 'vitest';
import { inTopFraction, rankOf } from '../../src/analysis/sampleRank';
import { createRng } from '../../src/data/rng';

/** 1-based position of i after sorting by (score desc, NaN as −∞, then index asc), written plainly. */
function naiveRank(scores: number[], i: number): number {
  const key = (v: number): number => (Number.isNaN(v) ? -Infinity : v);
  const order = scores.map((_, j) => j);
  order.sort((a, b) => {
    const ka = key(scores[a]);
    const kb = key(scores[b]);
    if (ka !== kb) return ka > kb ? -1 : 1;
    return a - b;
  });
  return order.indexOf(i) + 1;
}

describe('rankOf', () => {
  it('is the position in the metrics’ order, ties by index, NaN last', () => {
    const s = [0.5, 0.9, 0.5, NaN, -Infinity, Infinity, 0.9, NaN, -0, 0];
    for (let i = 0; i < s.length; i++) expect(rankOf(s, i)).toBe(naiveRank(s, i));
    // By hand: Infinity (5) first, then the two 0.9 by index (1, 6), then 0.5 (0, 2).
    expect([5, 1, 6, 0, 2].map((i) => rankOf(s, i))).toEqual([1, 2, 3, 4, 5]);
    // −0 and +0 are equal: index 8 before 9; −∞ and NaN tie as −∞, by index: 3, 4, 7.
    expect([8, 9, 3, 4, 7].map((i) => rankOf(s, i))).toEqual([6, 7, 8, 9, 10]);
  });

  it('agrees with the naive rank on random scores with many ties', () => {
    const rng = createRng(7, 'rank-test');
    const s = Array.from({ length: 700 }, () => Math.round(rng.normal() * 4) / 4);
    const f = new Float64Array(s);
    for (let i = 0; i < s.length; i += 7) expect(rankOf(f, i)).toBe(naiveRank(s, i));
  });

  it('refuses an index outside the samples', () => {
    expect(() => rankOf([1, 2], 2)).toThrow(RangeError);
    expect(() => rankOf([1, 2], -1)).toThrow(RangeError);
    expect(() => rankOf([1, 2], 0.5)).toThrow(RangeError);
  });
});

describe('inTopFraction', () => {
  it('keeps the first round(f·n) ranks', () => {
    expect(inTopFraction(1000, 5000, 0.2)).toBe(true);
    expect(inTopFraction(1001, 5000, 0.2)).toBe(false);
    expect(inTopFraction(1, 6, 0.2)).toBe(true);
    expect(inTopFraction(2, 6, 0.2)).toBe(false);
  });
});
