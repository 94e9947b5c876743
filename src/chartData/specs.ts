/**
 * One spec per chart family: the options a chart opens with, the data it draws and the table its
 * CSV export writes. The chart components, prewarm (state/prewarm.ts, through warmPieces) and the
 * export all go through the same spec, so they hit the same cache entries and can never disagree
 * about a default.
 */
import { confidenceHistogramsSpec } from './confidenceHistograms';
import { expectedGradientSpec, vMaxSpec } from './gradients';
import { riskCoverageSpec } from './riskCoverage';
import { evaluateView } from '../model/metricsRows';
import type { ModelView, PairView } from '../model/views';
import type { ExportTable } from './table';

export interface ChartSpec<Input, Options, Data> {
  /** The chart's id: its data-chart attribute and the stem of its exported files. */
  id: string;
  /** The options the chart opens with for this input (before the user changes any). */
  initial: (input: Input) => Options;
  /** What the chart draws; null when there is nothing to draw yet. */
  build: (input: Input, options: Options) => Data | null;
  /** The plotted data as one table, for "Download CSV". */
  table: (data: Data, options: Options) => ExportTable;
}

/** Builds a chart's data with the options it opens with: exactly what the chart computes at first. */
export function buildInitial<I, O, D>(spec: ChartSpec<I, O, D>, input: I): D | null {
  return spec.build(input, spec.initial(input));
}

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
  ];
}
