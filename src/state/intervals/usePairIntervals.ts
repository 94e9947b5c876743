/**
 * The paired-bootstrap AURC intervals of the pair on screen (science.md §3 "Uncertainty of a
 * comparison"): computed once per (CE view, LS view) in the bootstrap worker and shared by every
 * component that asks (useCachedJob: started once the pair has settled on screen, cancelled when
 * nobody waits). Live previews (a partial test split) and pairs whose models do not share the
 * sample count get none.
 */
import { DEFAULT_BOOTSTRAP, type PairedAurcIntervals } from '../../analysis/bootstrap';
import { modelScores } from '../../chartData/modelScores';
import type { ModelView, PairView } from '../../model/views';
import { startBootstrap } from './client';
import { JobCache, useCachedJob } from './useCachedJob';

const cache = new JobCache<ModelView, ModelView, PairedAurcIntervals>();

/** Two arrays of labels agree where both are present (a pair is paired only on the same samples). */
export function sameLabels(x: ArrayLike<number> | undefined, y: ArrayLike<number> | undefined): boolean {
  if (!x?.length || !y?.length) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** The pair's bootstrap, or null when its models' samples cannot be paired. */
function pairJob(ce: ModelView, ls: ModelView) {
  const a = modelScores(ce);
  const b = modelScores(ls);
  if (!a || !b || a.n !== b.n || a.n === 0 || !sameLabels(ce.testLabels, ls.testLabels)) return null;
  return startBootstrap(
    { errors: a.errors, msp: a.logMsp, pNorm: a.pNorm },
    { errors: b.errors, msp: b.logMsp, pNorm: b.pNorm },
    DEFAULT_BOOTSTRAP,
  );
}

/** The pair's intervals once computed (null before, and for pairs that get none). */
export function usePairIntervals(pair: Pick<PairView, 'ce' | 'ls'>): PairedAurcIntervals | null {
  const { ce, ls } = pair;
  const eligible = !!(ce && ls && !ce.preview && !ls.preview);
  return useCachedJob(cache, ce, ls, eligible && ce && ls ? () => pairJob(ce, ls) : null).result;
}
