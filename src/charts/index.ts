/** The selective-classification charts (risk–coverage, confidence histograms, α sweep, training curves). */
export { RiskCoverageChart, type RiskCoverageChartProps } from './riskCoverage/RiskCoverageChart';
export {
  ConfidenceHistogramsChart,
  type ConfidenceHistogramsChartProps,
} from './confidenceHistograms/ConfidenceHistogramsChart';
export { AlphaSweepChart, type AlphaSweepChartProps } from './alphaSweep/AlphaSweepChart';
export { TrainingCurvesChart, type TrainingCurvesChartProps } from './trainingCurves/TrainingCurvesChart';
