/**
 * The validation p search of a loaded model (science.md §4, MSP fallback included), on its
 * validation split if the file has one, else on the held-out half of its samples (holdout.ts). Run
 * by the import worker right after the scores are computed, for both centrings, so that choosing p
 * costs the page nothing; the page reuses `searchOn` only for models loaded before this existed.
 */
import { searchPFromScores, type PSearchResult } from '../analysis/pSearch';
import { pNormOf, sampleErrors, subsetSamples, type SampleScores } from '../analysis/sampleScores';
import { holdoutSplit } from './holdout';
import type { LoadedModelData } from './types';

export function searchOn(s: SampleScores, centred: boolean): PSearchResult {
  return searchPFromScores(sampleErrors(s), s.logMsp, (p) => pNormOf(s, p, centred));
}

/** The samples p is searched on: the validation split, or the held-out half (null if N < 2). */
export function searchSamples(test: SampleScores, val: SampleScores | null): SampleScores | null {
  if (val) return val.n > 0 ? val : null;
  return test.n >= 2 ? subsetSamples(test, holdoutSplit(test.n).search) : null;
}

export function pSearchOf(test: SampleScores, val: SampleScores | null): LoadedModelData['pSearch'] {
  const on = searchSamples(test, val);
  if (!on) return null;
  return { on: val ? 'val' : 'holdout', centred: searchOn(on, true), raw: searchOn(on, false) };
}
