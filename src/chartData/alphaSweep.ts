/**
 * Data for the α-sweep chart: %error, %AURC (MSP) and %AURC (normalised) against α, aggregated over
 * seeds per α: mean (the line), min–max (the band drawn) and sample standard deviation (n − 1,
 * in the CSV). Pure.
 */
import { seedStats } from '../analysis/seedStats';
import type { SweepPoint } from '../model/views';
import type { ExportTable } from './table';
import type { ChartSpec } from './chartSpec';

export type SweepMetric = 'error' | 'aurcMsp' | 'aurcPnorm';
export const SWEEP_METRICS: readonly SweepMetric[] = ['error', 'aurcMsp', 'aurcPnorm'];

export interface SweepStat {
  alpha: number;
  /** Seeds with a finite value of this metric at this α. */
  count: number;
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (divide by count − 1); null for one seed. */
  sd: number | null;
}

export interface SweepSeries {
  metric: SweepMetric;
  /** One entry per α with at least one finite value, ascending α. Fractions. */
  stats: SweepStat[];
  /** The individual runs with a finite value. */
  points: { alpha: number; seed: number; value: number; fallback: boolean }[];
}

export interface SweepData {
  alphas: number[];
  series: Record<SweepMetric, SweepSeries>;
  /** Largest number of seeds at one α (the band is drawn only when ≥ 2). */
  maxSeeds: number;
  /** Smallest number of seeds at one α (equal to maxSeeds when every α has as many). */
  minSeeds: number;
  /** Mean MSP AURC at α = 0 (the CE model), the level the normalised LS models should reach; null if α = 0 is missing. */
  ceMspLevel: number | null;
}

/** α values that differ by less than this are the same α (they come from a float slider / bank list). */
const ALPHA_EPS = 1e-9;

function statsOf(alpha: number, values: number[]): SweepStat {
  const st = seedStats(values);
  return { alpha, count: st.n, mean: st.mean, min: st.min, max: st.max, sd: st.sd };
}

/** Aggregates runs per α; null when there is no run. Non-finite values (diverged runs) are left out. */
export function buildAlphaSweep(points: SweepPoint[]): SweepData | null {
  if (!points.length) return null;
  const sorted = [...points].sort((a, b) => a.alpha - b.alpha || a.seed - b.seed);
  const groups: { alpha: number; runs: SweepPoint[] }[] = [];
  for (const p of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(p.alpha - last.alpha) < ALPHA_EPS) last.runs.push(p);
    else groups.push({ alpha: p.alpha, runs: [p] });
  }
  const seriesOf = (metric: SweepMetric): SweepSeries => {
    const stats: SweepStat[] = [];
    const pts: SweepSeries['points'] = [];
    for (const g of groups) {
      const finite = g.runs.filter((r) => Number.isFinite(r[metric]));
      for (const r of finite) {
        pts.push({
          alpha: g.alpha,
          seed: r.seed,
          value: r[metric],
          fallback: metric === 'aurcPnorm' && r.p === null,
        });
      }
      if (finite.length)
        stats.push(
          statsOf(
            g.alpha,
            finite.map((r) => r[metric]),
          ),
        );
    }
    return { metric, stats, points: pts };
  };
  const series = { error: seriesOf('error'), aurcMsp: seriesOf('aurcMsp'), aurcPnorm: seriesOf('aurcPnorm') };
  const ce = series.aurcMsp.stats.find((s) => Math.abs(s.alpha) < ALPHA_EPS);
  return {
    alphas: groups.map((g) => g.alpha),
    series,
    maxSeeds: Math.max(...groups.map((g) => g.runs.length)),
    minSeeds: Math.min(...groups.map((g) => g.runs.length)),
    ceMspLevel: ce ? ce.mean : null,
  };
}

/** The α axis extent, padded by 5% (±0.05 around a single α). */
export function alphaDomain(alphas: number[], selected: number | null): [number, number] {
  const all = selected === null || !Number.isFinite(selected) ? alphas : [...alphas, selected];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  if (hi - lo < 1e-12) return [lo - 0.05, hi + 0.05];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

const METRIC_NAME: Record<SweepMetric, string> = {
  error: 'error',
  aurcMsp: 'aurc_msp',
  aurcPnorm: 'aurc_pnorm',
};

/** The per-α statistics of the CSV export, in order; "sd" is the sample sd (n − 1). */
export const SWEEP_STATS = ['mean', 'min', 'max', 'sd'] as const;

/**
 * The sweep as the CSV export: each run's value (stat "run", with its seed), then per α the mean
 * (the line), min and max (the band) and the sample standard deviation "sd" (n − 1; empty for one
 * seed) over the n_seeds seeds. Fractions. msp_fallback marks a normalised AURC that is MSP's
 * because no p beat MSP on validation.
 */
export function alphaSweepTable(data: SweepData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const metric of SWEEP_METRICS) {
    const s = data.series[metric];
    const name = METRIC_NAME[metric];
    for (const p of s.points) rows.push([name, 'run', p.alpha, p.seed, null, p.value, p.fallback]);
    for (const st of s.stats)
      for (const stat of SWEEP_STATS) rows.push([name, stat, st.alpha, null, st.count, st[stat], null]);
  }
  return { columns: ['metric', 'stat', 'alpha', 'seed', 'n_seeds', 'value', 'msp_fallback'], rows };
}

/** The α sweep: every trained (α, seed) of the configuration; it has no options. */
export const alphaSweepSpec: ChartSpec<SweepPoint[], null, SweepData> = {
  id: 'alpha-sweep',
  initial: () => null,
  build: (points) => buildAlphaSweep(points),
  table: (data) => alphaSweepTable(data),
};
