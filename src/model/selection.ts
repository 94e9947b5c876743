/**
 * What the user asked to look at closer: a histogram bar, a coverage on the risk–coverage plot, a
 * 2-D test point, or the samples swapped between the CE and LS confident sets. Charts report these through typed callbacks; Look closer shows the samples.
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

/**
 * The samples that change hands between the CE twin's and the LS model's confident sets at a
 * coverage (science.md §2.6): kept by LS and not by CE ("admitted") or the other way ("pushedOut").
 * CE is ranked by MSP; LS by MSP or by the normalised score (MaxLogit-pNorm with its p).
 */
export interface SwapSelection {
  kind: 'swap';
  coverage: number;
  group: 'admitted' | 'pushedOut';
  lsScore: 'msp' | 'pnorm';
}

export type Selection = BinSelection | CoverageSelection | PointSelection | SwapSelection;
