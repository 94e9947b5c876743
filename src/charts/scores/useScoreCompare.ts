/**
 * The score comparison of a pair without a long task on the main thread: when its numbers are not
 * cached yet (eight scores, two temperature fits, eight sorts: about half a second per model at
 * N = 5,000 on a slow machine), they are computed one piece per macrotask (chartData/confidenceScores
 * scoreSetPieces) and the charts show "Computing…" meanwhile; prewarm usually has them ready.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  buildScoreCompare,
  scoreSetPieces,
  scoreSetReady,
  type ScoreCompareData,
} from '../../chartData/confidenceScores';
import type { PairView } from '../../model/views';

export function useScoreCompare(pair: PairView): { data: ScoreCompareData | null; pending: boolean } {
  const ready = scoreSetReady(pair.ce) && scoreSetReady(pair.ls);
  const [, setDone] = useState(0);
  useEffect(() => {
    if (scoreSetReady(pair.ce) && scoreSetReady(pair.ls)) return;
    const pieces = [...scoreSetPieces(pair.ce), ...scoreSetPieces(pair.ls)];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const step = () => {
      if (cancelled) return;
      const piece = pieces.shift();
      if (piece) {
        piece();
        timer = setTimeout(step, 0);
      } else {
        setDone((d) => d + 1);
      }
    };
    timer = setTimeout(step, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [pair.ce, pair.ls]);
  const data = useMemo(() => (ready ? buildScoreCompare(pair) : null), [pair, ready]);
  return { data, pending: !ready };
}
