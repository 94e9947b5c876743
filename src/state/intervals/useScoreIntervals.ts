/**
 * The paired-bootstrap intervals of the score comparison (science.md §3): every confidence score's
 * AURC for each model on screen, each score's compared − reference difference, and each model's
 * score-against-score differences — computed once per pair of score sets in the bootstrap worker,
 * on the draws of DEFAULT_BOOTSTRAP (the same seed and B as the metrics table's intervals, so its MSP
 * and pNorm intervals are the table's). Shared and scheduled as usePairIntervals' (useCachedJob); live
 * previews get none.
 */
import { DEFAULT_BOOTSTRAP, type ScoreSetIntervals, type ScoreSetModel } from '../../analysis/bootstrap';
import type { ModelScoreSet, ScoreCompareData } from '../../chartData/confidenceScores';
import type { ModelView, PairView } from '../../model/views';
import { startScoreBootstrap } from './client';
import { JobCache, useCachedJob, type JobState } from './useCachedJob';
import { sameLabels } from './usePairIntervals';

/** Where the intervals stand: computing, in, not computed for this pair, or failed. */
export type IntervalState = JobState;

/** Keyed by the first score set, then the second (ALONE for a single model). */
const ALONE = {};
const cache = new JobCache<ModelScoreSet, object, ScoreSetIntervals>();

/** Whether the pair's score sets get intervals: no preview, and two models on the same test samples. */
export function scoreIntervalsEligible(pair: Pick<PairView, 'ce' | 'ls'>, data: ScoreCompareData): boolean {
  const views = [pair.ce, pair.ls].filter((v): v is ModelView => !!v);
  if (!data.models.length || views.some((v) => v.preview)) return false;
  if (data.models.some((m) => m.n === 0)) return false;
  if (data.models.length === 2) {
    const [a, b] = data.models;
    if (a.n !== b.n || !sameLabels(pair.ce?.testLabels, pair.ls?.testLabels)) return false;
  }
  return true;
}

/** The worker's input: each model's errors and available scores by id. */
export function scoreSetModels(data: ScoreCompareData): ScoreSetModel[] {
  return data.models.map((m) => ({
    errors: m.errors,
    scores: Object.fromEntries(m.scores.filter((e) => e.values).map((e) => [e.id, e.values])),
  }));
}

/** The score comparison's intervals once computed, and where they stand. */
export function useScoreIntervals(
  pair: Pick<PairView, 'ce' | 'ls'>,
  data: ScoreCompareData | null,
): { intervals: ScoreSetIntervals | null; state: IntervalState } {
  const eligible = !!data && scoreIntervalsEligible(pair, data);
  // Keyed on the score sets (cached per view), not on `data`, which is rebuilt with every pair object.
  const first = data?.models[0] ?? null;
  const second = data?.models[1] ?? null;
  const make =
    eligible && first
      ? () =>
          startScoreBootstrap(
            scoreSetModels({ models: second ? [first, second] : [first] }),
            DEFAULT_BOOTSTRAP,
          )
      : null;
  const { result, state } = useCachedJob(cache, first, second ?? ALONE, make);
  return { intervals: result, state };
}
