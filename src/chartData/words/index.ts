/**
 * Words that follow the data: every explanatory paragraph and story sentence of the page, computed
 * from the numbers on screen (PairFacts, SweepFacts, …), saying so when the data do not show the
 * paper's effect and how large the noise is.
 */
export { wordPieces, plainText, link, NOTES, type WordPiece } from './pieces';
export { modelFacts, bandRisk, LOW_BAND, type ModelFacts, type ScoreFacts } from './modelFacts';
export {
  pairFacts,
  curveRun,
  type PairFacts,
  type PairComparisons,
  type CurveRun,
  type WordsContext,
  type WordsKind,
} from './pairFacts';
export { compare, seedSpread, aurcNoiseFloor, type Comparison, type Verdict, type SeedSpread } from './noise';
export { riskCoverageWords } from './riskCoverageWords';
export { histogramWords } from './histogramWords';
export { sweepFacts, sweepWords, sweepSentences, trendOf, type SweepFacts, type Trend } from './sweepWords';
export { regionFacts, regionsWords, type RegionFacts } from './regionsWords';
export { trainingFacts, trainingWords, type TrainingFacts } from './trainingWords';
export { metricsWords } from './metricsWords';
export { introWords } from './introWords';
export { storyFacts, type StoryFacts } from './storyFacts';
export * as storyWords from './storyWords';
