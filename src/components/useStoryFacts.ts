/**
 * The facts the guided story and presentation mode describe: the pair on screen (the same pair the
 * charts draw) and every finished α of the configuration, for the sweep and the spread over seeds,
 * and the pair's paired-bootstrap intervals once computed (science.md §3.9).
 */
import { useMemo } from 'react';
import { usePairView, useSweepPoints } from '../state/chartInputs';
import { usePairIntervals } from '../state/intervals/usePairIntervals';
import { storyFacts, type StoryFacts } from '../chartData/words/storyFacts';

export function useStoryFacts(enabled = true): StoryFacts | null {
  const pair = usePairView();
  const sweep = useSweepPoints();
  const intervals = usePairIntervals(pair);
  return useMemo(
    () => (enabled ? storyFacts(pair, sweep, undefined, intervals) : null),
    [enabled, pair, sweep, intervals],
  );
}
