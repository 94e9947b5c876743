/**
 * The ranking of every metric: the radix sort used for large N must give exactly the order of the
 * definition (score descending / ascending, NaN as −Infinity, +0 = −0, ties by index).
 */
import { describe, expect, it } from 'vitest';
import { argsortAscendingStable, argsortDescendingStable } from '../../src/analysis/sort';
import { createRng } from '../../src/data/rng';

/** The definition, by a plain comparison sort of [key, index] pairs. */
function reference(scores: ArrayLike<number>, descending: boolean): number[] {
  const key = (x: number) => (Number.isNaN(x) ? -Infinity : x);
  return Array.from(scores, (s, i) => [key(s), i] as const)
    .sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : (descending ? a[0] < b[0] : a[0] > b[0]) ? 1 : -1))
    .map((p) => p[1]);
}

function scoresWithTies(n: number, seed: number): Float64Array {
  const rng = createRng(seed, 'sort-test');
  const special = [
    0,
    -0,
    Infinity,
    -Infinity,
    NaN,
    1e-300,
    -1e-300,
    5e-324,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
  ];
  return Float64Array.from({ length: n }, () => {
    const u = rng.uniform();
    if (u < 0.1) return special[rng.int(special.length)];
    if (u < 0.4) return rng.int(20) - 10; // many exact ties
    return (rng.normal() * 10 ** rng.int(8)) / 10 ** rng.int(8);
  });
}

describe('argsort', () => {
  for (const n of [0, 1, 7, 511, 512, 5000, 50_000]) {
    it(`matches the definition for N = ${n}, descending and ascending`, () => {
      const s = scoresWithTies(n, n);
      expect(Array.from(argsortDescendingStable(s))).toEqual(reference(s, true));
      expect(Array.from(argsortAscendingStable(s))).toEqual(reference(s, false));
    });
  }
  it('is stable for all-equal and float32 scores', () => {
    const eq = new Float64Array(3000).fill(0.25);
    expect(Array.from(argsortDescendingStable(eq))).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    const f32 = Float32Array.from(scoresWithTies(2000, 9));
    expect(Array.from(argsortDescendingStable(f32))).toEqual(reference(f32, true));
  });
});
