/**
 * Spearman's ρ with average ranks for ties (analysis/rankAgreement.ts) against a brute-force
 * version written from the definition, and hand-worked cases.
 */
import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman, tieKey } from '../../src/analysis/rankAgreement';
import { createRng } from '../../src/data/rng';

/** Rank of each value by counting, O(N²): 1 + #smaller + (#equal − 1)/2; ties at 12 significant digits. */
function bruteRanks(s: ArrayLike<number>): number[] {
  const key = (v: number) =>
    Number.isNaN(v) ? -Infinity : Number.isFinite(v) ? Number(v.toPrecision(12)) : v;
  const keys = Array.from(s, key);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let smaller = 0;
    let equal = 0;
    for (let j = 0; j < s.length; j++) {
      if (keys[j] < keys[i]) smaller++;
      else if (keys[j] === keys[i]) equal++;
    }
    out.push(1 + smaller + (equal - 1) / 2);
  }
  return out;
}

/** Pearson from the textbook formula Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), in one expression each. */
function brutePearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  const sxy = x.reduce((a, xi, i) => a + (xi - mx) * (y[i] - my), 0);
  const sxx = x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
  const syy = y.reduce((a, yi) => a + (yi - my) ** 2, 0);
  return sxy / Math.sqrt(sxx * syy);
}

const bruteSpearman = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  brutePearson(bruteRanks(a), bruteRanks(b));

/** n scores drawn from `levels` distinct values (many ties), some NaN. */
function tiedScores(seed: number, n: number, levels: number, nanRate = 0): Float64Array {
  const rng = createRng(seed, 'rank-agreement-test');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform() < nanRate ? NaN : Math.floor(rng.uniform() * levels) / 7;
  return out;
}

describe('averageRanks', () => {
  it('gives tied blocks the mean of their ranks', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });
  it('counts values equal to 12 significant digits as tied (0.1 + 0.2 and 0.3), NaN lowest', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(Array.from(averageRanks([0.1 + 0.2, 0.3, NaN, 1]))).toEqual([2.5, 2.5, 1, 4]);
    expect(tieKey(-0)).toBe(tieKey(0));
    expect(tieKey(NaN)).toBe(-Infinity);
  });
  for (const n of [1, 7, 300, 1500]) {
    it(`equals the counting ranks, N = ${n} with many ties and NaNs (radix path above 512)`, () => {
      const s = tiedScores(n, n, 9, 0.05);
      expect(Array.from(averageRanks(s))).toEqual(bruteRanks(s));
    });
  }
});

describe('spearman', () => {
  it('matches a hand-worked case with a tie: ρ = 8/√95', () => {
    // Ranks of b: 5→1, 6→2, 7→3.5, 8→5, 7→3.5; Σdxdy = 8, Σdx² = 10, Σdy² = 9.5.
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 14);
  });
  it('is 1 for any increasing transform, −1 for a decreasing one', () => {
    const a = Array.from({ length: 50 }, (_, i) => Math.sin(i * 1.7));
    expect(
      spearman(
        a,
        a.map((v) => Math.exp(3 * v)),
      ),
    ).toBe(1);
    expect(
      spearman(
        a,
        a.map((v) => -v * v * v),
      ),
    ).toBe(-1);
  });
  it('is NaN when a score is constant or there are fewer than two samples, and checks lengths', () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([1], [2])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
  for (const [n, levels] of [
    [40, 3],
    [400, 12],
    [900, 40],
  ] as const) {
    it(`equals the brute-force ρ, N = ${n}, ${levels} levels`, () => {
      const a = tiedScores(1 + n, n, levels, 0.03);
      const b = new Float64Array(n);
      const rng = createRng(n, 'rank-agreement-b');
      // b partly follows a (ρ well away from 0 and 1), with ties of its own.
      for (let i = 0; i < n; i++) b[i] = Math.round((Number.isNaN(a[i]) ? 0 : a[i]) * 3 + rng.normal() * 2);
      const rho = spearman(a, b);
      expect(rho).toBeGreaterThan(0.2);
      expect(rho).toBeLessThan(0.99);
      expect(rho).toBeCloseTo(bruteSpearman(a, b), 12);
    });
  }
});
