import { describe, expect, it } from 'vitest';
import { seedStats } from '../../src/analysis/seedStats';

describe('seedStats', () => {
  it('mean, range and the sample sd (n − 1), by hand', () => {
    // 2, 4, 9: mean 5; squared deviations 9, 1, 16 = 26; / (3 − 1) = 13.
    expect(seedStats([2, 4, 9])).toEqual({ n: 3, mean: 5, min: 2, max: 9, sd: Math.sqrt(13) });
    // Two values: sd = |a − b| / √2.
    expect(seedStats([1, 3]).sd).toBeCloseTo(2 / Math.SQRT2, 15);
  });

  it('has no sd for one value and refuses none', () => {
    expect(seedStats([0.25])).toEqual({ n: 1, mean: 0.25, min: 0.25, max: 0.25, sd: null });
    expect(() => seedStats([])).toThrow(RangeError);
  });
});
