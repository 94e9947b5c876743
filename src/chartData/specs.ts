/**
 * The options each chart family opens with, and what it computes for one model: read by the chart
 * components, by prewarm (state/prewarm.ts) and by export, so the three hit the same cache entries
 * and can never disagree about a default.
 */
import { buildConfidenceHistograms } from './confidenceHistograms';
import { empiricalLsTermPointsOf, vMaxPanelData } from './gradients';
import { buildRiskCoverage } from './riskCoverage';
import { evaluateView } from '../model/metricsRows';
import type { ModelView } from '../model/views';

/** Confidence histograms: MSP on the log-confidence scale, 30 shared bins. */
export const HISTOGRAM_DEFAULTS = { logScale: true, bins: 30 } as const;

/** π_max bins of the empirical LS-term markers on the expected-gradient chart. */
export const EMPIRICAL_BINS = 15;

/** The split the gradient charts open on. */
export const GRADIENT_SPLIT = 'test' as const;

/**
 * The work the charts do for one LS model (beside its CE twin) with their default options, in
 * pieces small enough for one idle callback each.
 */
export function warmPieces(view: ModelView, ce: ModelView | null): (() => void)[] {
  const pair = { ce, ls: view, normalise: true, classNames: [] };
  return [
    () => buildRiskCoverage(pair),
    () => {
      buildConfidenceHistograms(pair, {
        showNormalised: true,
        mspScale: HISTOGRAM_DEFAULTS.logScale ? 'log' : 'linear',
        bins: HISTOGRAM_DEFAULTS.bins,
      });
      evaluateView(view);
    },
    () => {
      vMaxPanelData(view, GRADIENT_SPLIT);
      if (view.alpha > 0) empiricalLsTermPointsOf(view, GRADIENT_SPLIT, view.alpha, EMPIRICAL_BINS);
    },
  ];
}
