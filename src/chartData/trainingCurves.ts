/**
 * Data for the training curves: train loss, train accuracy and validation accuracy of the CE and LS
 * models against the step, from ModelView.history. Pure.
 */
import type { ModelView, PairView, TrainingPoint } from '../model/views';
import type { ModelRole } from '../model/views';
import type { ExportTable } from './table';
import type { ChartSpec } from './chartSpec';

export type TrainingMetric = 'trainLoss' | 'trainAcc' | 'valAcc';

export interface TrainingSeries {
  /** e.g. "ce-train-loss", "ls-val-acc". */
  id: string;
  role: ModelRole;
  alpha: number;
  metric: TrainingMetric;
  /** Points with a finite value, in step order. Accuracies as fractions. */
  steps: number[];
  values: number[];
}

export interface TrainingData {
  loss: TrainingSeries[];
  accuracy: TrainingSeries[];
  /** Largest step seen (or the planned total, whichever is larger), for the shared x axis. */
  maxStep: number;
  /** The LS model's loss floor (entropy of its smoothed target), or null without an LS model. */
  lsLossFloor: { alpha: number; value: number } | null;
}

const METRIC_ID: Record<TrainingMetric, string> = {
  trainLoss: 'train-loss',
  trainAcc: 'train-acc',
  valAcc: 'val-acc',
};

/**
 * The smallest value of the LS loss (science.md §1), reached at π = y_LS: the entropy
 * H(y_LS) = −(1 − α + α/K)·log(1 − α + α/K) − (K − 1)·(α/K)·log(α/K). 0 for α = 0; for α < 0 the
 * target has negative entries and the loss has no minimum, so the floor is not defined (NaN).
 */
export function lsLossFloor(alpha: number, k: number): number {
  if (alpha === 0) return 0;
  if (alpha < 0 || alpha > 1 || k < 2) return NaN;
  const on = 1 - alpha + alpha / k;
  const off = alpha / k;
  return -on * Math.log(on) - (k - 1) * off * Math.log(off);
}

function seriesOf(m: ModelView, metric: TrainingMetric): TrainingSeries {
  const pts = [...m.history]
    .filter((h: TrainingPoint) => Number.isFinite(h[metric]) && Number.isFinite(h.step))
    .sort((a, b) => a.step - b.step);
  return {
    id: `${m.role}-${METRIC_ID[metric]}`,
    role: m.role,
    alpha: m.alpha,
    metric,
    steps: pts.map((h) => h.step),
    values: pts.map((h) => h[metric]),
  };
}

/** Null when neither model has a history point yet. */
export function buildTrainingCurves(pair: PairView): TrainingData | null {
  const models = [pair.ce, pair.ls].filter((m): m is ModelView => m !== null && m.history.length > 0);
  if (!models.length) return null;
  const loss = models.map((m) => seriesOf(m, 'trainLoss'));
  const accuracy = models.flatMap((m) => [seriesOf(m, 'trainAcc'), seriesOf(m, 'valAcc')]);
  let maxStep = 0;
  for (const m of models) {
    maxStep = Math.max(maxStep, m.totalSteps || 0);
    for (const h of m.history) if (h.step > maxStep) maxStep = h.step;
  }
  const ls = models.find((m) => m.role === 'ls');
  const floor = ls ? lsLossFloor(ls.alpha, ls.numClasses) : NaN;
  return {
    loss,
    accuracy,
    maxStep,
    lsLossFloor: ls && Number.isFinite(floor) ? { alpha: ls.alpha, value: floor } : null,
  };
}

const METRIC_NAME: Record<TrainingMetric, string> = {
  trainLoss: 'train_loss',
  trainAcc: 'train_accuracy',
  valAcc: 'val_accuracy',
};

/** The curves as the CSV export: one line per point (accuracies as fractions), then the LS loss floor. */
export function trainingCurvesTable(data: TrainingData): ExportTable {
  const rows: ExportTable['rows'] = [];
  for (const s of [...data.loss, ...data.accuracy])
    for (let i = 0; i < s.steps.length; i++)
      rows.push([s.id, s.role, s.alpha, METRIC_NAME[s.metric], s.steps[i], s.values[i]]);
  if (data.lsLossFloor)
    rows.push([
      'ls-loss-floor',
      'ls',
      data.lsLossFloor.alpha,
      'train_loss_floor',
      null,
      data.lsLossFloor.value,
    ]);
  return { columns: ['series', 'model', 'alpha', 'metric', 'step', 'value'], rows };
}

/** Training curves of the pair; no options. */
export const trainingCurvesSpec: ChartSpec<PairView, null, TrainingData> = {
  id: 'training-curves',
  initial: () => null,
  build: (pair) => buildTrainingCurves(pair),
  table: (data) => trainingCurvesTable(data),
};
