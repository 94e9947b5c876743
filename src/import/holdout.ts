/**
 * When a loaded file has no validation split, p can still be chosen without touching the samples it
 * is judged on: a seeded random half of the samples is held out for the p search, and every metric
 * and chart uses the other half (science.md §4: never choose p on the evaluated samples). The same
 * seed and N give the same halves, so two models of the same test set (a CE and an LS checkpoint)
 * are split alike.
 */
import { createRng } from '../data/rng';

export const HOLDOUT_SEED = 0;

export interface Holdout {
  /** Indices for the p search, ascending (ties keep file order). */
  search: Int32Array;
  /** Indices evaluated, ascending. */
  evaluate: Int32Array;
}

export function holdoutSplit(n: number, seed = HOLDOUT_SEED): Holdout {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  createRng(seed, 'import-holdout').shuffle(idx);
  const half = Math.floor(n / 2);
  return { search: idx.slice(0, half).sort(), evaluate: idx.slice(half).sort() };
}
