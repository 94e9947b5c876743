import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/rng';

describe('createRng', () => {
  it('is deterministic per (seed, stream) and differs across streams and seeds', () => {
    const a = Array.from({ length: 5 }, createRng(7, 'init').nextUint32);
    const b = Array.from({ length: 5 }, createRng(7, 'init').nextUint32);
    const c = Array.from({ length: 5 }, createRng(7, 'batches').nextUint32);
    const d = Array.from({ length: 5 }, createRng(8, 'init').nextUint32);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
  });

  it('gives uniform and normal draws with the right first two moments', () => {
    const rng = createRng(1, 'moments');
    const n = 200_000;
    let su = 0,
      su2 = 0,
      sn = 0,
      sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      su2 += u * u;
      const z = rng.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(su2 / n - (su / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(sn / n).toBeCloseTo(0, 1.5);
    expect(sn2 / n).toBeCloseTo(1, 1.5);
  });

  it('int(n) covers [0, n) evenly and shuffle is a permutation', () => {
    const rng = createRng(3, 'int');
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const perm = rng.shuffle(Int32Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(perm).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(perm)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
