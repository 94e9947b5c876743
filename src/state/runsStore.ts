/**
 * Trained models and the training jobs that make them. A model is identified by its training key
 * (everything but α, settings.ts) and its α; models with the same key are a matched set — same seed,
 * same initial weights, same batch order — whichever bank they were trained in, because the engine
 * derives all of that from the seed alone. So the CE model trained once pairs with every α trained
 * later.
 *
 * Jobs run one at a time (the engine trains one bank at a time); a user action that needs training
 * replaces the queue. Its one writer is the controller: checkpoints update the records, actions
 * start and stop jobs; charts read records through views (model/modelView.ts).
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ActiveRun, Job, ModelRecord } from '../model/records';
import type { DatasetLabels } from './engineStore';

export interface RunsState {
  records: Record<string, ModelRecord>;
  active: ActiveRun | null;
  queue: Job[];
  /**
   * The labels a loaded bank carries, shown until the engine's own copy of the data arrives (then
   * checked against it and dropped): charts of a bank draw at once.
   */
  bankData: DatasetLabels | null;
}

export type RunsStore = UseBoundStore<StoreApi<RunsState>>;

export function createRunsStore(): RunsStore {
  return create<RunsState>(() => ({ records: {}, active: null, queue: [], bankData: null }));
}

export const useRuns = createRunsStore();
