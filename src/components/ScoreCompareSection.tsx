/**
 * "Compare confidence scores" and the reliability diagram with their paired-bootstrap intervals,
 * computed in the bootstrap worker: the score table's (state/intervals/useScoreIntervals, once the
 * eight scores of the pair are computed) and the pair's MSP difference for the calibration sentence
 * (state/intervals/usePairIntervals, the metrics table's). Used by the explorer's score section and
 * by "Analyse your own model".
 */
import { ScoreCompareChart } from '../charts/scores/ScoreCompareChart';
import { ReliabilityChart } from '../charts/scores/ReliabilityChart';
import { useScoreCompare } from '../charts/scores/useScoreCompare';
import { useScoreIntervals } from '../state/intervals/useScoreIntervals';
import { usePairIntervals } from '../state/intervals/usePairIntervals';
import type { PairView } from '../model/views';

export function ScoreCompareSection({ pair }: { pair: PairView }) {
  const { data } = useScoreCompare(pair);
  const { intervals, state } = useScoreIntervals(pair, data);
  return <ScoreCompareChart pair={pair} intervals={intervals} intervalState={state} />;
}

export function ReliabilitySection({ pair }: { pair: PairView }) {
  const intervals = usePairIntervals(pair);
  return <ReliabilityChart pair={pair} mspDiff={intervals?.difference.msp ?? null} />;
}
