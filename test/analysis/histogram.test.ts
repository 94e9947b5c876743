import { describe, expect, it } from 'vitest';
import {
  binIndex,
  binIndexRightClosed,
  confidenceHistograms,
  histogram,
  sharedBins,
  uniformEdges,
} from '../../src/analysis/histogram';
import { createRng } from '../../src/data/rng';

describe('bin look-ups', () => {
  const edges = Float64Array.from([0, 1, 2, 4]);
  it('left-closed (numpy): [e_b, e_{b+1}), last bin closed, outside → −1', () => {
    expect([-0.1, 0, 0.5, 1, 1.999, 2, 3.9, 4, 4.1, NaN].map((x) => binIndex(x, edges))).toEqual([
      -1, 0, 0, 1, 1, 2, 2, 2, -1, -1,
    ]);
  });
  it('right-closed (calibration): (e_b, e_{b+1}], first bin closed, outside → −1', () => {
    expect([-0.1, 0, 0.5, 1, 1.5, 2, 3.9, 4, 4.1, NaN].map((x) => binIndexRightClosed(x, edges))).toEqual([
      -1, 0, 0, 0, 1, 1, 2, 2, -1, -1,
    ]);
  });
  it('uniformEdges ends exactly at hi', () => {
    const e = uniformEdges(3, 0.1, 0.7);
    expect(e.length).toBe(4);
    expect(e[3]).toBe(0.7);
    expect(e[1]).toBeCloseTo(0.3, 15);
  });
});

describe('sharedBins and histogram', () => {
  it('covers the finite values of every array, ignoring NaN and ±Infinity', () => {
    const e = sharedBins([Float64Array.from([1, 2, NaN]), [5, -Infinity, 3], [Infinity]], 4);
    expect(Array.from(e)).toEqual([1, 2, 3, 4, 5]);
  });
  it('degenerate inputs: no finite value → [0, 1]; one value v → [v − ½, v + ½]', () => {
    const none = sharedBins([[NaN]], 2);
    expect([none[0], none[2]]).toEqual([0, 1]);
    const one = sharedBins([[3, 3]], 2);
    expect([one[0], one[2]]).toEqual([2.5, 3.5]);
  });
  it('counts every value of the arrays exactly once (naive per-bin loop)', () => {
    const rng = createRng(4, 'hist');
    const a = Array.from({ length: 500 }, () => rng.normal());
    const b = Array.from({ length: 300 }, () => 2 + rng.normal());
    const edges = sharedBins([a, b], 17);
    for (const values of [a, b]) {
      const counts = histogram(values, edges);
      let total = 0;
      for (let k = 0; k < 17; k++) {
        const last = k === 16;
        const naive = values.filter(
          (x) => x >= edges[k] && (last ? x <= edges[k + 1] : x < edges[k + 1]),
        ).length;
        expect(counts[k]).toBe(naive);
        total += counts[k];
      }
      expect(total).toBe(values.length);
    }
  });
  it('respects a mask', () => {
    const edges = uniformEdges(2, 0, 1);
    expect(Array.from(histogram([0.1, 0.2, 0.9], edges, Uint8Array.from([1, 0, 1])))).toEqual([1, 1]);
  });
  it('confidenceHistograms splits correct and incorrect', () => {
    const edges = uniformEdges(2, 0, 1);
    const h = confidenceHistograms([0.1, 0.2, 0.9, 0.7], Uint8Array.from([0, 1, 1, 0]), edges);
    expect(Array.from(h.correct)).toEqual([1, 1]);
    expect(Array.from(h.incorrect)).toEqual([1, 1]);
  });
});
