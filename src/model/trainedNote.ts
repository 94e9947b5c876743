/**
 * Whether the pair on screen is a finished result, in words for presentation mode: there nothing
 * trains unless the speaker asks (T), so an α without a finished model must say so instead of
 * showing a half-trained model as if it were the result.
 */
import type { ModelRecord } from './records';
import { formatAlpha } from './format';

export interface TrainedNote {
  kind: 'untrained' | 'diverged' | 'training' | 'partial';
  text: string;
}

function progress(r: ModelRecord): string {
  return `step ${r.step.toLocaleString('en')} of ${r.totalSteps.toLocaleString('en')}`;
}

/** What is missing for one model to count as a result; null when it is finished. */
function noteFor(name: string, r: ModelRecord | undefined): TrainedNote | null {
  if (r?.status === 'diverged')
    return {
      kind: 'diverged',
      text: `${name} diverged in training (its loss stopped being finite), so no chart shows it.`,
    };
  if (!r || !r.checkpoint)
    return { kind: 'untrained', text: `${name} is not trained: press T to train it here.` };
  if (r.status === 'training' || r.status === 'paused')
    return {
      kind: 'training',
      text: `${name} is ${r.status === 'paused' ? 'paused' : 'training live'} (${progress(r)}): the charts show a model still in training, not the result.`,
    };
  if (r.status !== 'done')
    return {
      kind: 'partial',
      text: `${name} is only partly trained (stopped at ${progress(r)}): press T to train it to the end.`,
    };
  return null;
}

/**
 * Null when both models of the pair (CE = α 0, LS = α) are finished; else what is missing, the LS
 * model's first (it is the one α names).
 */
export function trainedNote(
  alpha: number,
  ce: ModelRecord | undefined,
  ls: ModelRecord | undefined,
): TrainedNote | null {
  if (alpha === 0) return noteFor('CE (α = 0)', ce);
  return noteFor(`α = ${formatAlpha(alpha)}`, ls) ?? noteFor('the CE model (α = 0)', ce);
}
