/**
 * What prewarm (state/prewarm.ts) computes ahead for a trained model: each chart family's data with
 * the options its spec (chartSpec.ts) opens with, exactly what the chart computes at first.
 */
import { confidenceHistogramsSpec } from './confidenceHistograms';
import { expectedGradientSpec, vMaxSpec } from './gradients';
import { riskCoverageSpec } from './riskCoverage';
import { shrinkSpec } from './twin';
import { rankRankSpec } from './twinSwap';
import { scoreSetPieces } from './confidenceScores';
import { evaluateView } from '../model/metricsRows';
import type { ModelView, PairView } from '../model/views';
import { buildInitial } from './chartSpec';

/**
 * The work the charts do for one LS model (beside its CE twin) when they open, in pieces small
 * enough for one idle callback each. The pair is the one the page shows once that α is chosen
 * (normalisation on, the app's default).
 */
export function warmPieces(view: ModelView, ce: ModelView | null): (() => void)[] {
  const pair: PairView = { ce, ls: view, normalise: true, classNames: [] };
  return [
    () => buildInitial(riskCoverageSpec, pair),
    () => {
      buildInitial(confidenceHistogramsSpec, pair);
      evaluateView(view);
    },
    () => {
      buildInitial(vMaxSpec, pair);
      buildInitial(expectedGradientSpec, { pair, alpha: view.alpha });
    },
    () => {
      buildInitial(shrinkSpec, pair);
      buildInitial(rankRankSpec, pair);
    },
    // "Compare confidence scores" and the reliability diagram: one score or temperature fit a piece.
    ...scoreSetPieces(ce),
    ...scoreSetPieces(view),
  ];
}
