/** The metrics table's note: when the numbers are a live preview's estimates, or an unfinished model's. */
import type { PairFacts } from './pairFacts';
import { caveatSentence, noiseSentence } from './phrases';

/** Sentences under the metrics table about where its numbers come from; [] for finished models. */
export function metricsWords(f: PairFacts): string[] {
  const caveat = caveatSentence(f);
  const out: string[] = [];
  if (caveat) out.push(caveat);
  if (f.preview) out.push('The whole test split is evaluated when training ends, on Pause, and after Step.');
  if (f.cmp) out.push(noiseSentence(f));
  return out;
}
