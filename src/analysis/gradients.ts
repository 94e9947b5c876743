/**
 * Logit-level gradients of the label-smoothing loss and their empirical counterparts, science.md §2.
 */
export * from './lsGradient';
export {
  binnedLsTermEstimate,
  binnedLsTermEstimateFromSamples,
  expectedLsTermByCorrectness,
  type LsTermBins,
} from './lsTermBins';
export {
  vMaxGivenPMax,
  vMaxGivenPMaxFromSamples,
  type VMaxWindowOptions,
  type VMaxWindows,
  type WindowStats,
} from './vMaxWindows';
