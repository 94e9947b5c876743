/**
 * Trained models as the page keeps them, and what is derived from one checkpoint alone. A model is
 * identified by its training key (everything but α, model/settings.ts) and its α; models with the
 * same key are a matched set — same seed, same initial weights, same batch order — whichever bank
 * they were trained in, because the engine derives all of that from the seed alone.
 */
import type { EngineCheckpoint, ModelCheckpoint } from './training';
import type { TrainingPoint } from './views';
import { expectedLsTermByCorrectness } from '../analysis/gradients';
import { predictions } from '../analysis/scores';

export type ModelStatus = 'training' | 'paused' | 'done' | 'stopped' | 'diverged';

export interface ModelRecord {
  id: string;
  key: string;
  alpha: number;
  seed: number;
  status: ModelStatus;
  step: number;
  totalSteps: number;
  checkpoint: ModelCheckpoint | null;
  history: TrainingPoint[];
  /** For 2-D data: logits on the decision grid at the latest checkpoint that fetched them. */
  gridLogits: Float32Array | null;
  /** Where a model not trained in this page came from: 'precomputed' or a bank file's name. */
  origin?: string;
}

export interface Job {
  key: string;
  seed: number;
  alphas: number[];
}

export interface ActiveRun extends Job {
  runId: string;
  paused: boolean;
}

export function recordId(key: string, alpha: number): string {
  return `${key}|${alpha}`;
}

/** Fraction of validation samples predicted correctly. */
function accuracy(logits: Float32Array, labels: Int32Array, k: number): number {
  const n = labels.length;
  const pred = predictions(logits, n, k);
  let c = 0;
  for (let i = 0; i < n; i++) if (pred[i] === labels[i]) c++;
  return n ? c / n : NaN;
}

/**
 * Checkpoint spacing in steps: at least about 40 checkpoints per run, so training curves have shape
 * (the page adds time-based checkpoints where evaluation is cheap, state/controller/training.ts LIVE_REFRESH_MS).
 */
/**
 * The labels a checkpoint's logits are for: all of them, or the first rows of a live preview
 * (ModelCheckpoint.preview). Null when the logits fit no prefix of these labels (other data).
 */
export function labelsOf(logits: Float32Array, labels: Int32Array, k: number): Int32Array | null {
  const n = logits.length / k;
  if (!Number.isInteger(n) || n > labels.length) return null;
  return n === labels.length ? labels : labels.subarray(0, n);
}

/**
 * The validation and test labels a model checkpoint's logits are for: the dataset's, or their first
 * rows for a live preview. Null when the logits are for other data (a full checkpoint of another
 * size, or more rows than there are labels).
 */
export function checkpointLabels(
  cp: ModelCheckpoint,
  data: { valLabels: Int32Array; testLabels: Int32Array },
  k: number,
): { val: Int32Array; test: Int32Array } | null {
  const val = labelsOf(cp.valLogits, data.valLabels, k);
  const test = labelsOf(cp.testLogits, data.testLabels, k);
  if (!val || !test) return null;
  if (!cp.preview && (val !== data.valLabels || test !== data.testLabels)) return null;
  return { val, test };
}

/**
 * Whether an engine checkpoint is for this data: its dataset key is the loaded one, its row counts
 * fit the splits (all rows, or fewer for a live preview), and every model's logits hold exactly
 * those rows. Anything else (a run on data loaded before, a malformed message) is not analysed.
 */
export function checkpointFits(
  cp: EngineCheckpoint,
  data: { valLabels: Int32Array; testLabels: Int32Array },
  datasetKey: string | null,
): boolean {
  const { val, test } = cp.rows;
  const k = cp.numClasses;
  const nVal = data.valLabels.length;
  const nTest = data.testLabels.length;
  if (cp.datasetKey !== datasetKey || val > nVal || test > nTest) return false;
  return cp.models.every(
    (m) =>
      m.valLogits.length === val * k &&
      m.testLogits.length === test * k &&
      (m.preview === true) === (val < nVal || test < nTest),
  );
}

export function historyCheckpointEvery(totalSteps: number): number {
  return Math.max(10, Math.round(totalSteps / 40));
}

/** The history point of one model at one checkpoint (science.md §2 LS term on the validation split). */
export function historyPoint(
  m: ModelCheckpoint,
  step: number,
  epoch: number,
  valLabels: Int32Array,
  k: number,
): TrainingPoint {
  const labels = labelsOf(m.valLogits, valLabels, k) ?? valLabels;
  const terms = expectedLsTermByCorrectness(m.valLogits, labels, labels.length, k, m.alpha);
  return {
    step,
    epoch,
    trainLoss: m.trainLoss,
    trainAcc: m.trainAcc,
    valAcc: accuracy(m.valLogits, labels, k),
    lsTermCorrect: terms.correct,
    lsTermIncorrect: terms.incorrect,
  };
}
