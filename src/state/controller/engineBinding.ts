/**
 * The engine binding: the training client (made on first use, a new one after a fault or on
 * request), its events turned into store updates, and the dataset loads.
 */
import type { DatasetSpec } from '../../data/index';
import { datasetSpecKey } from '../../data/spec';
import type { TrainingPoint } from '../../model/views';
import type { TrainingClient } from '../../training/client/client';
import { checkpointFits, historyPoint, recordId, type ModelRecord } from '../../model/records';
import { INITIAL_ENGINE_STATE, type DatasetLabels, type EngineState } from '../engineStore';
import { contextLostNotice, divergedNotice, resumedNotice } from '../faultNotices';
import { datasetSpecFor, type ControllerContext } from './context';

/** What the engine's events call in the concerns made after this one. */
export interface EngineHooks {
  stopAll(): void;
  startNext(): void;
  schedulePrewarm(): void;
  /** The engine's data arrived (a bank applied before it is checked against it then). */
  dataArrived(data: DatasetLabels): void;
}

export interface EngineBinding {
  /** The training client, made (and bound to the stores) on first use. */
  currentClient(): TrainingClient;
  /** Loads the dataset the settings call for, unless it is already loaded or loading. */
  ensureDataset(): void;
  restartEngine(): void;
  retryDataset(): void;
  /** Terminates the engine (the controller's dispose). */
  dispose(): void;
}

/**
 * The history with a new point: appended, or replacing the last one at the same step (a full
 * evaluation following a live preview of that step).
 */
function withPoint(history: TrainingPoint[], point: TrainingPoint): TrainingPoint[] {
  const last = history[history.length - 1];
  return last && last.step === point.step ? [...history.slice(0, -1), point] : [...history, point];
}

export function createEngineBinding(ctx: ControllerContext, hooks: EngineHooks): EngineBinding {
  const { deps, runs, engine, jobsByRun, notify, patchRecords, setStatus } = ctx;
  let client: TrainingClient | null = null;

  function currentClient(): TrainingClient {
    if (client) return client;
    const c = deps.createClient();
    client = c;
    bindClient(c);
    return c;
  }

  function bindClient(c: TrainingClient): void {
    const set = (patch: Partial<EngineState>): void => {
      if (client === c) engine.setState(patch);
    };
    const mine = (): boolean => client === c;
    c.onReady((info) => set({ ready: info }));
    c.ready.catch((e: unknown) => set({ error: e instanceof Error ? e.message : String(e) }));
    c.on('datasetProgress', (m) => set({ datasetProgress: { loaded: m.loaded, total: m.total } }));
    c.onDatasetLoaded((m) => {
      if (!mine()) return;
      const data = { meta: m.meta, valLabels: m.valLabels, testLabels: m.testLabels };
      set({
        dataset: data,
        datasetKey: m.datasetKey,
        grid: m.grid ?? null,
        points: m.points ?? null,
        error: null,
      });
      hooks.dataArrived(data);
    });
    c.onProgress((m) => set({ progress: { runId: m.runId, step: m.step, totalSteps: m.totalSteps } }));
    c.on('backendProbed', () => {
      if (mine()) set({ ready: c.info });
    });
    c.on('backendChanged', (m) => {
      if (!mine()) return;
      set({ ready: c.info });
      // During a run, the resumed notice says it all; when idle, this is the only sign.
      if (!runs.getState().active) notify(contextLostNotice(m.reason));
    });
    c.onError((m) => set(m.during === 'load' ? { dataError: m.message } : { error: m.message }));
    c.onStall((message) => set({ stalled: message }));
    c.onFatal((message) => {
      if (!mine()) return;
      set({ failure: message, stalled: null, progress: null });
      // The engine broke: the bank it was training stops (models keep their last checkpoint).
      hooks.stopAll();
      jobsByRun.clear();
    });
    c.on('resumed', (m) => {
      const job = mine() ? jobsByRun.get(m.runId) : undefined;
      if (!job) return;
      const records = runs.getState().records;
      patchRecords(
        job.alphas
          .map((a) => recordId(job.key, a))
          .filter((id) => records[id])
          .map((id) => ({ id, patch: { history: records[id].history.filter((h) => h.step <= m.step) } })),
      );
      notify(resumedNotice(m.step, m.backend));
    });
    c.onCheckpoint((runId, cp) => {
      const job = mine() ? jobsByRun.get(runId) : undefined;
      const { dataset: data, datasetKey } = engine.getState();
      if (!job || !data) return;
      const k = cp.numClasses;
      // A checkpoint of a run on other data (the dataset changed meanwhile) is not analysed.
      if (!checkpointFits(cp, data, datasetKey)) return;
      const records = runs.getState().records;
      patchRecords(
        cp.models.map((m) => {
          const id = recordId(job.key, m.alpha);
          const prev: ModelRecord | undefined = records[id];
          if (m.diverged) {
            // Its logits are not finite: the record keeps its last finite checkpoint and history.
            if (prev && prev.status !== 'diverged') {
              notify(divergedNotice(m.alpha, job.seed, cp.step, ctx.settings().learningRate));
            }
            return { id, patch: { status: 'diverged' as const, gridLogits: null } };
          }
          const drawable = m.gridLogits && prev?.status !== 'diverged' && m.gridLogits.every(Number.isFinite);
          return {
            id,
            patch: {
              checkpoint: m,
              // A diverged model's grid is not drawn (NaN, or the zeros of the frozen model).
              ...(drawable ? { gridLogits: m.gridLogits } : {}),
              step: cp.step,
              totalSteps: cp.totalSteps,
              history: withPoint(prev?.history ?? [], historyPoint(m, cp.step, cp.epoch, data.valLabels, k)),
            },
          };
        }),
      );
    });
    c.onDone((m) => {
      const job = mine() ? jobsByRun.get(m.runId) : undefined;
      jobsByRun.delete(m.runId);
      if (!job) return;
      setStatus(
        job.alphas.map((a) => recordId(job.key, a)),
        (status) => status !== 'diverged' && status !== 'done',
        m.stopped ? 'stopped' : 'done',
      );
      if (runs.getState().active?.runId === m.runId) hooks.startNext();
      hooks.schedulePrewarm();
    });
  }

  function loadData(spec: DatasetSpec): void {
    engine.setState({
      datasetSpec: spec,
      datasetProgress: null,
      dataset: null,
      datasetKey: null,
      grid: null,
      points: null,
      dataError: null,
    });
    currentClient().load(spec);
  }

  function ensureDataset(): void {
    const spec = datasetSpecFor(ctx.settings());
    const current = engine.getState().datasetSpec;
    if (current && datasetSpecKey(current) === datasetSpecKey(spec)) return;
    loadData(spec);
  }

  /**
   * A new engine after the old one broke (or on request): the running bank stops (its models keep
   * their last checkpoint), the old engine is terminated, and the data is loaded again.
   */
  function restartEngine(): void {
    hooks.stopAll();
    jobsByRun.clear();
    const old = client;
    client = null;
    old?.dispose();
    engine.setState({ ...INITIAL_ENGINE_STATE });
    currentClient();
    ensureDataset();
  }

  /** "Try again" after a failed data load. */
  function retryDataset(): void {
    loadData(datasetSpecFor(ctx.settings()));
  }

  function dispose(): void {
    client?.dispose();
    client = null;
  }

  return { currentClient, ensureDataset, restartEngine, retryDataset, dispose };
}
