/**
 * What the charts receive: plain data about the CE/LS pair being shown, assembled by the stores from
 * the engine's checkpoints. No tensors, no store access in charts: they are pure functions of these.
 */

import type { SampleScores } from '../analysis/sampleScores';
import type { GridGeometry } from './grid';

/** Which model of the pair: the cross-entropy reference or the label-smoothed one. */
export type ModelRole = 'ce' | 'ls';

/** One point of a model's training history (one per checkpoint). */
export interface TrainingPoint {
  step: number;
  epoch: number;
  /** Mean LS training loss (the loss this model trains with) since the previous checkpoint. */
  trainLoss: number;
  trainAcc: number;
  /** Validation-split accuracy at this checkpoint. */
  valAcc: number;
  /**
   * Mean expected LS term on the max logit, α((K−1)/K − P̂_e) with P̂_e the error rate of the
   * sample's π_max bin (science.md §2), over validation samples currently predicted correctly and
   * incorrectly (analysis/lsTermBins.ts expectedLsTermByCorrectness). 0 for the CE model (α = 0).
   */
  lsTermCorrect: number;
  lsTermIncorrect: number;
}

/** One trained (or training) model, at its latest checkpoint. */
export interface ModelView {
  role: ModelRole;
  alpha: number;
  seed: number;
  step: number;
  totalSteps: number;
  numClasses: number;
  /** n_test × K and n_val × K, row-major, float32 as the engine produced them. */
  testLogits: Float32Array;
  valLogits: Float32Array;
  testLabels: Int32Array;
  valLabels: Int32Array;
  /** p of MaxLogit-pNorm in use (validation search or set by hand); null = MSP fallback fired. */
  p: number | null;
  /** Whether p came from the validation search (true) or was set by hand (false). */
  pAuto: boolean;
  centred: boolean;
  history: TrainingPoint[];
  /**
   * A live preview of a model still training: its logits (and these labels) are only the first
   * rows of each split (ModelCheckpoint.preview), so every number from it is a rough estimate.
   */
  preview?: boolean;
  /** Name in legends and tables instead of the role's ("CE", "LS α=0.2"): a loaded model's file. */
  name?: string;
  /**
   * Per-sample scores in place of the logits (models loaded from a file: their logits never reach
   * the page, see src/import). When set, the logit arrays are empty, the label arrays are these
   * samples' labels, and every chart and metric reads the scores (`val`: where p was searched).
   */
  samples?: {
    test: SampleScores;
    val: SampleScores | null;
    /**
     * When p was chosen on a held-out half of these test samples (a file without a validation
     * split): the other half, on which the normalised (MaxLogit-pNorm) curves are evaluated.
     */
    pNormOn?: SampleScores;
  };
}

/** What a pair was trained on, for the words beside the charts: images, or 2-D points. */
export type DataKind = 'images' | 'points';

export interface PairView {
  ce: ModelView | null;
  ls: ModelView | null;
  /** Logit normalisation switched on (show the normalised-score curves/bars). */
  normalise: boolean;
  classNames: string[];
  /** The kind of data of a trained pair (absent for loaded models and test fixtures). */
  dataKind?: DataKind;
}

/** One trained model's summary for the α-sweep chart. Fractions, not percent. */
export interface SweepPoint {
  alpha: number;
  seed: number;
  error: number;
  aurcMsp: number;
  aurcPnorm: number;
  p: number | null;
  /** Test samples the numbers are computed on (absent: unknown). */
  n?: number;
}

/** For 2-D data: a grid of inputs and the pair's logits on it, plus the test points. */
export interface DecisionGrid extends GridGeometry {
  /** (nx·ny) × K, row-major over the grid with x varying fastest (row j = y index). */
  ceLogits: Float32Array;
  lsLogits: Float32Array;
  numClasses: number;
  /** Test points (n × 2) and labels. */
  points: Float32Array;
  labels: Int32Array;
}
