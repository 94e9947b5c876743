/**
 * Summary of one quantity over seeds (independent training runs of one configuration): mean,
 * range and the SAMPLE standard deviation (divide by n − 1, the unbiased variance estimate for a
 * handful of runs; the runner's table uses the same). Pure.
 */
export interface SeedStats {
  n: number;
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n − 1); null for a single value, where it is undefined. */
  sd: number | null;
}

/** Stats of finite values (the caller drops non-finite ones); throws on an empty list. */
export function seedStats(values: readonly number[]): SeedStats {
  const n = values.length;
  if (n === 0) throw new RangeError('seedStats needs at least one value');
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { n, mean, min, max, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null };
}
