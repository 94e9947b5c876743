/**
 * Trained models and the training jobs that make them. A model is identified by its training key
 * (everything but α, settings.ts) and its α; models with the same key are a matched set — same seed,
 * same initial weights, same batch order — whichever bank they were trained in, because the engine
 * derives all of that from the seed alone. So the CE model trained once pairs with every α trained
 * later.
 *
 * Jobs run one at a time (the engine trains one bank at a time); a user action that needs training
 * replaces the queue. Checkpoints update the records; charts read records through views (views.ts).
 */
import { create } from 'zustand';
import { recordId, type ActiveRun, type Job, type ModelRecord } from '../model/records';

export interface RunsState {
  records: Record<string, ModelRecord>;
  active: ActiveRun | null;
  queue: Job[];
}

export const useRuns = create<RunsState>(() => ({ records: {}, active: null, queue: [] }));

export function getRecord(key: string, alpha: number): ModelRecord | undefined {
  return useRuns.getState().records[recordId(key, alpha)];
}

export function patchRecords(patches: { id: string; patch: Partial<ModelRecord> }[]): void {
  useRuns.setState((s) => {
    const records = { ...s.records };
    for (const { id, patch } of patches) {
      const prev = records[id];
      if (prev) records[id] = { ...prev, ...patch };
    }
    return { records };
  });
}

/** Creates (or resets to "training") the records of a job about to start. */
export function beginJob(job: Job, runId: string, totalSteps: number): void {
  useRuns.setState((s) => {
    const records = { ...s.records };
    for (const alpha of job.alphas) {
      const id = recordId(job.key, alpha);
      records[id] = {
        id,
        key: job.key,
        alpha,
        seed: job.seed,
        status: 'training',
        step: 0,
        totalSteps,
        checkpoint: null,
        history: [],
        gridLogits: null,
      };
    }
    return { records, active: { ...job, runId, paused: false } };
  });
}

/** Forgets every record of a training key (Reset). */
export function clearKey(key: string): void {
  useRuns.setState((s) => {
    const records: Record<string, ModelRecord> = {};
    for (const [id, r] of Object.entries(s.records)) if (r.key !== key) records[id] = r;
    return { records };
  });
}
