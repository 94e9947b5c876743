/**
 * The training curves' explanation: how to read them, then where this pair's training stands
 * (over-fitting is the regime of science.md §5.3).
 */
import type { TrainingData, TrainingSeries } from '../trainingCurves';
import { formatAlpha } from '../../model/format';
import { countText, pctText } from './numbers';
import { link } from './pieces';

const READING =
  'Loss and accuracy of the CE model (blue) and the label-smoothed model (orange) as training goes on (x axis: optimisation steps); both start from the same weights and see the same batches. Top: the training loss each model minimises. LS’s loss can never reach zero: its best value is the entropy of its smoothed targets (dotted line), so compare the shapes, not the levels. Bottom: accuracy on the training batches (solid) and on the held-out validation split (dashed).';

/** A gap between training and validation accuracy above this (a fraction) counts as over-fitting. */
export const OVERFIT_GAP = 0.03;

const last = (s: TrainingSeries | undefined): { step: number; value: number } | null =>
  s && s.steps.length ? { step: s.steps[s.steps.length - 1], value: s.values[s.values.length - 1] } : null;

export interface TrainingFacts {
  step: number;
  totalSteps: number;
  models: { role: 'ce' | 'ls'; name: string; trainAcc: number; valAcc: number; gap: number }[];
  lsLoss: { loss: number; floor: number } | null;
}

/** `step`: the models' own step when known (the history's last point can be older). */
export function trainingFacts(d: TrainingData, totalSteps: number, step?: number): TrainingFacts | null {
  const models: TrainingFacts['models'] = [];
  let latest = 0;
  for (const role of ['ce', 'ls'] as const) {
    const trSeries = d.accuracy.find((s) => s.role === role && s.metric === 'trainAcc');
    const tr = last(trSeries);
    const va = last(d.accuracy.find((s) => s.role === role && s.metric === 'valAcc'));
    if (!tr || !va) continue;
    latest = Math.max(latest, tr.step, va.step);
    const name = role === 'ce' ? 'CE' : `LS α=${formatAlpha(trSeries?.alpha ?? 0)}`;
    models.push({ role, name, trainAcc: tr.value, valAcc: va.value, gap: tr.value - va.value });
  }
  if (!models.length) return null;
  const lossLs = last(d.loss.find((s) => s.role === 'ls'));
  return {
    step: step ?? latest,
    totalSteps,
    models,
    lsLoss: lossLs && d.lsLossFloor ? { loss: lossLs.value, floor: d.lsLossFloor.value } : null,
  };
}

/** Paragraphs for the training curves. */
export function trainingWords(t: TrainingFacts | null): string[] {
  if (!t) return [READING];
  const at =
    t.totalSteps > 0 && t.step < t.totalSteps
      ? `At step ${countText(t.step)} of ${countText(t.totalSteps)} (not finished)`
      : `At the last step (${countText(t.step)})`;
  const acc = t.models
    .map((m) => `${m.name} ${pctText(m.trainAcc)} on training batches and ${pctText(m.valAcc)} on validation`)
    .join('; ');
  const over = t.models.filter((m) => m.gap > OVERFIT_GAP);
  const gaps = t.models
    .map((m) => `${(m.gap * 100).toFixed(1).replace('-', '−')} points for ${m.name}`)
    .join(' and ');
  const fit =
    over.length === t.models.length
      ? `Both do better on their training batches than on the validation split (by ${gaps}): they have begun to over-fit (on 2-D toy data the notes see label smoothing change the ranking only in that regime, ${link('science notes §5.3', 'points')}).`
      : over.length
        ? `Only ${over.map((m) => m.name).join(' and ')} does clearly better on training batches than on the validation split (${gaps}).`
        : `Training and validation accuracy are close (training minus validation: ${gaps}): the models are not over-fitting much, and LS may then change the ranking little (${link('science notes §5.3', 'points')}).`;
  const floor = t.lsLoss
    ? `LS’s training loss is ${t.lsLoss.loss.toFixed(3)}, ${Math.abs(t.lsLoss.loss - t.lsLoss.floor) < 0.02 ? 'close to' : t.lsLoss.loss > t.lsLoss.floor ? 'above' : 'below'} its floor of ${t.lsLoss.floor.toFixed(3)}.`
    : '';
  return [READING, `${at} the accuracy is ${acc}. ${fit} ${floor}`.trim()];
}
