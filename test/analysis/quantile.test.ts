import { describe, expect, it } from 'vitest';
import { median, quantile } from '../../src/analysis/quantile';

describe('median and quantile (benchmark summaries)', () => {
  it('works hand-worked cases, leaves the input unsorted, and gives NaN for no values', () => {
    const v = [5, 1, 4, 2, 3];
    expect(median(v)).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(v).toEqual([5, 1, 4, 2, 3]);
    // Nearest rank: the ceil(q·n)-th smallest value.
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
    expect(quantile(twenty, 0.95)).toBe(19);
    expect(quantile(twenty, 0.5)).toBe(10);
    expect(quantile(twenty, 1)).toBe(20);
    expect(quantile(twenty, 0)).toBe(1);
    expect(median([])).toBeNaN();
    expect(quantile([], 0.5)).toBeNaN();
  });
});
