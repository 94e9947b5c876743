/**
 * The facts the guided story and presentation mode describe: the pair on screen (the same pair the
 * charts draw) and every finished α of the configuration, for the sweep and the spread over seeds.
 */
import { useMemo } from 'react';
import { usePairView, useSweepPoints } from '../state/chartInputs';
import { storyFacts, type StoryFacts } from '../chartData/words/storyFacts';

export function useStoryFacts(enabled = true): StoryFacts | null {
  const pair = usePairView();
  const sweep = useSweepPoints();
  return useMemo(() => (enabled ? storyFacts(pair, sweep) : null), [enabled, pair, sweep]);
}
