/**
 * The engine store: the one training client of the page and what it has reported (backend, dataset,
 * progress). Checkpoints go to the model records (runs.ts, via orchestrator.ts); the high-frequency
 * progress is one small slice that only the status line selects.
 */
import { create } from 'zustand';
import { createTrainingClient, type ReadyInfo, type TrainingClient } from '../training/client/client';
import { parseBackendPreference } from '../training/protocol/backendPreference';
import type { DatasetMeta, SplitData } from '../training/protocol/messages';
import type { DatasetSpec } from '../data/index';
import type { InputGrid } from '../model/grid';

/** The latest progress report of the running bank (per slice, so a few times a second or more). */
export interface Progress {
  runId: string;
  step: number;
  totalSteps: number;
}

export interface EngineState {
  ready: ReadyInfo | null;
  /** Last error the engine reported, for the page to show. */
  error: string | null;
  /** The dataset could not be loaded (the message names the file at fault). */
  dataError: string | null;
  /** The engine broke for good (crashed): restartEngine() makes a new one. */
  failure: string | null;
  /** The engine has not answered for a while (exited, hangs, or very busy): a restart is offered. */
  stalled: string | null;
  datasetSpec: DatasetSpec | null;
  datasetProgress: { loaded: number; total: number } | null;
  dataset: { meta: DatasetMeta; valLabels: Int32Array; testLabels: Int32Array } | null;
  /** datasetSpecKey of the loaded dataset (checkpoints carry the key of the data they are for). */
  datasetKey: string | null;
  /** For 2-D data: the decision grid the engine evaluates every checkpoint on. */
  grid: InputGrid | null;
  /** Inputs and labels of each split, for low-dimensional (2-D) data only. */
  points: { train: SplitData; val: SplitData; test: SplitData } | null;
  progress: Progress | null;
}

const INITIAL: EngineState = {
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

export const useEngine = create<EngineState>(() => ({ ...INITIAL }));

let client: TrainingClient | null = null;
const clientHooks = new Set<(c: TrainingClient) => void>();

/** Runs `hook` on the current client (if any) and on every client made later (restartEngine). */
export function onEngineClient(hook: (c: TrainingClient) => void): void {
  clientHooks.add(hook);
  if (client) hook(client);
}

/**
 * The page's training client, created on first use with the backend the URL asks for
 * (?backend=webgl|wasm|cpu) and, with ?engine=main, on the main thread instead of a worker (the
 * fallback the client takes by itself when only the page can get WebGL; forcing it helps debugging).
 */
export function engineClient(): TrainingClient {
  if (client) return client;
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  const c = createTrainingClient({
    backend: parseBackendPreference(params.get('backend')),
    forceMainThread: params.get('engine') === 'main',
  });
  client = c;
  const set = useEngine.setState;
  c.onReady((info) => set({ ready: info }));
  c.ready.catch((e: unknown) => set({ error: e instanceof Error ? e.message : String(e) }));
  c.on('datasetProgress', (m) => set({ datasetProgress: { loaded: m.loaded, total: m.total } }));
  c.onDatasetLoaded((m) =>
    set({
      dataset: { meta: m.meta, valLabels: m.valLabels, testLabels: m.testLabels },
      datasetKey: m.datasetKey,
      grid: m.grid ?? null,
      points: m.points ?? null,
      error: null,
    }),
  );
  c.onProgress((m) => set({ progress: { runId: m.runId, step: m.step, totalSteps: m.totalSteps } }));
  c.on('backendChanged', () => set({ ready: c.info }));
  c.onError((m) => set(m.during === 'load' ? { dataError: m.message } : { error: m.message }));
  c.onFatal((message) => set({ failure: message, stalled: null, progress: null }));
  c.onStall((message) => set({ stalled: message }));
  for (const hook of clientHooks) hook(c);
  return c;
}

/**
 * A new engine after the old one broke (or on request): the old one is terminated, the engine
 * state starts over, and the data the settings need is loaded again by the caller.
 */
export function restartEngine(): TrainingClient {
  const old = client;
  client = null;
  old?.dispose();
  useEngine.setState({ ...INITIAL });
  return engineClient();
}

export function loadDatasetInEngine(spec: DatasetSpec): void {
  useEngine.setState({
    datasetSpec: spec,
    datasetProgress: null,
    dataset: null,
    datasetKey: null,
    grid: null,
    points: null,
    dataError: null,
  });
  engineClient().load(spec);
}
