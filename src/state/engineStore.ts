/**
 * The engine store: what the training engine has reported (backend, dataset, progress, faults).
 * Its one writer is the controller's engine binding (controller/engineBinding.ts): the engine's own events, plus
 * the load request that clears the previous dataset. The client itself lives in the controller.
 * The high-frequency progress is one small slice that only the status line selects.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ReadyInfo } from '../training/client/client';
import type { DatasetMeta, SplitData } from '../model/training';
import type { DatasetSpec } from '../data/index';
import type { InputGrid } from '../model/grid';

/** The latest progress report of the running bank (per slice, so a few times a second or more). */
export interface Progress {
  runId: string;
  step: number;
  totalSteps: number;
}

/** What the charts need of a dataset: its description and the labels of the evaluated splits. */
export interface DatasetLabels {
  meta: DatasetMeta;
  valLabels: Int32Array;
  testLabels: Int32Array;
}

export interface EngineState {
  ready: ReadyInfo | null;
  /** Last error the engine reported, for the page to show. */
  error: string | null;
  /** The dataset could not be loaded (the message names the file at fault). */
  dataError: string | null;
  /** The engine broke for good (crashed): controller.restartEngine() makes a new one. */
  failure: string | null;
  /** The engine has not answered for a while (exited, hangs, or very busy): a restart is offered. */
  stalled: string | null;
  datasetSpec: DatasetSpec | null;
  datasetProgress: { loaded: number; total: number } | null;
  dataset: DatasetLabels | null;
  /** datasetSpecKey of the loaded dataset (checkpoints carry the key of the data they are for). */
  datasetKey: string | null;
  /** For 2-D data: the decision grid the engine evaluates every checkpoint on. */
  grid: InputGrid | null;
  /** Inputs and labels of each split, for low-dimensional (2-D) data only. */
  points: { train: SplitData; val: SplitData; test: SplitData } | null;
  progress: Progress | null;
}

export const INITIAL_ENGINE_STATE: EngineState = {
  ready: null,
  error: null,
  dataError: null,
  failure: null,
  stalled: null,
  datasetSpec: null,
  datasetProgress: null,
  dataset: null,
  datasetKey: null,
  grid: null,
  points: null,
  progress: null,
};

export type EngineStore = UseBoundStore<StoreApi<EngineState>>;

export function createEngineStore(): EngineStore {
  return create<EngineState>(() => ({ ...INITIAL_ENGINE_STATE }));
}

export const useEngine = createEngineStore();
