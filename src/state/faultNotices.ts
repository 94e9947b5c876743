/**
 * What the page says when training meets a fault: a model that diverged, a lost GPU. Every message
 * names what happened and what to do. The controller decides when to show them.
 */
import { formatAlpha } from '../model/format';

/** A model's loss or logits became non-finite: it was stopped; say what to change. */
export function divergedNotice(alpha: number, seed: number, step: number, learningRate: number): string {
  const lr = learningRate;
  return (
    `The model with α = ${formatAlpha(alpha)} (seed ${seed}) diverged at step ${step.toLocaleString('en')}: ` +
    `its loss or logits stopped being finite numbers, so it was stopped and is not shown; the other ` +
    `models train on. Lower the learning rate (now ${lr}, e.g. to ${lr / 10}) or α, then train again.`
  );
}

/** The run lost its GPU and continues elsewhere from an earlier step. */
export function resumedNotice(step: number, backend: string): string {
  return (
    `The GPU (WebGL) context was lost during training. Training continues on ${backend} from step ` +
    `${step.toLocaleString('en')}, its last saved state${step === 0 ? ' (none yet: from the start)' : ''}.`
  );
}

/** The GPU went while nothing trained: this is the only sign of it. */
export function contextLostNotice(reason: string): string {
  return `The GPU (WebGL) context was lost: ${reason}.`;
}
