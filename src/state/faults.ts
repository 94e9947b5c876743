/**
 * What the page says and does when training meets a fault: a model that diverged, a lost GPU, an
 * engine that broke. Every message names what happened and what to do; notices are dismissible.
 */
import { formatAlpha } from '../model/format';
import type { TrainingClient } from '../training/client/client';
import { patchRecords, useRuns } from './runs';
import { useSettings } from './settings';
import { useUi } from './ui';

const notify = (text: string): void => useUi.getState().notify(text);

/** A model's loss or logits became non-finite: it was stopped; say what to change. */
export function divergedNotice(alpha: number, seed: number, step: number): void {
  const lr = useSettings.getState().learningRate;
  notify(
    `The model with α = ${formatAlpha(alpha)} (seed ${seed}) diverged at step ${step.toLocaleString('en')}: ` +
      `its loss or logits stopped being finite numbers, so it was stopped and is not shown; the other ` +
      `models train on. Lower the learning rate (now ${lr}, e.g. to ${lr / 10}) or α, then train again.`,
  );
}

/** The run lost its GPU and continues elsewhere from an earlier step. */
export function resumedNotice(step: number, backend: string): void {
  notify(
    `The GPU (WebGL) context was lost during training. Training continues on ${backend} from step ` +
      `${step.toLocaleString('en')}, its last saved state${step === 0 ? ' (none yet: from the start)' : ''}.`,
  );
}

/** Drops history points after `step` (a run that resumed from there will report them again). */
export function truncateHistories(ids: string[], step: number): void {
  const records = useRuns.getState().records;
  patchRecords(
    ids
      .filter((id) => records[id])
      .map((id) => ({ id, patch: { history: records[id].history.filter((h) => h.step <= step) } })),
  );
}

/** Notices for faults the engine reports on its own. */
export function watchFaults(client: TrainingClient): void {
  client.on('backendChanged', (m) => {
    // During a run, resumedNotice says it all; when idle, this is the only sign.
    if (!useRuns.getState().active) notify(`The GPU (WebGL) context was lost: ${m.reason}.`);
  });
}
