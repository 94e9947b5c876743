/**
 * What the user asked to look at closer: a histogram bar, a coverage on the risk–coverage plot, or
 * a 2-D test point. Charts report these through typed callbacks; Look closer shows the samples.
 */
import type { ModelRole } from './views';

/** A clicked histogram bar: one model's samples of one correctness with a score in [lo, hi). */
export interface BinSelection {
  kind: 'bin';
  role: ModelRole;
  row: 'msp' | 'pnorm';
  series: 'correct' | 'incorrect';
  lo: number;
  hi: number;
}

/** A click on the risk–coverage plot: the mistakes among the given fraction kept (most confident). */
export interface CoverageSelection {
  kind: 'coverage';
  coverage: number;
}

/** A clicked 2-D test point (or confident-error marker). */
export interface PointSelection {
  kind: 'point';
  index: number;
}

export type Selection = BinSelection | CoverageSelection | PointSelection;
