/**
 * What the controls do: turns settings and user actions (Train, slider, Sweep α, Pause, Step,
 * Reset) into training jobs for the engine, and engine reports into model records (runs.ts).
 */
import { PRESETS } from '../model/presets';
import type { TrainingPoint } from '../model/views';
import type { DatasetSpec } from '../data/index';
import { datasetSpecKey, datasetSpecOf } from '../data/spec';
import type { TrainSettings } from '../model/training';
import type { TrainingClient } from '../training/client/client';
import { engineClient, loadDatasetInEngine, onEngineClient, restartEngine, useEngine } from './engineStore';
import { divergedNotice, resumedNotice, truncateHistories, watchFaults } from './faults';
import { useSettings } from './settings';
import { SWEEP_ALPHAS, trainingKey, type Settings } from '../model/settings';
import { beginJob, clearKey, getRecord, patchRecords, useRuns } from './runs';
import {
  historyCheckpointEvery,
  historyPoint,
  recordId,
  type Job,
  type ModelRecord,
  checkpointLabels,
} from '../model/records';

export function datasetSpecFor(s: Settings): DatasetSpec {
  return datasetSpecOf(PRESETS[s.preset].dataset.id, s.trainSize);
}

/** Loads the dataset the settings call for, unless it is already loaded or loading. */
export function ensureDataset(s: Settings = useSettings.getState()): void {
  const spec = datasetSpecFor(s);
  const current = useEngine.getState().datasetSpec;
  if (current && datasetSpecKey(current) === datasetSpecKey(spec)) return;
  loadDatasetInEngine(spec);
}

const jobsByRun = new Map<string, Job>();
let runCounter = 0;

/**
 * The history with a new point: appended, or replacing the last one at the same step (a full
 * evaluation following a live preview of that step).
 */
function withPoint(history: TrainingPoint[], point: TrainingPoint): TrainingPoint[] {
  const last = history[history.length - 1];
  return last && last.step === point.step ? [...history.slice(0, -1), point] : [...history, point];
}

/**
 * Target interval between the starts of two live checkpoints. Below 500 ms so that, with the
 * training slice under way when it falls due (about 40 ms), plots still refresh at least twice a
 * second where evaluation allows (loop.ts).
 */
export const LIVE_REFRESH_MS = 450;

/**
 * Live checkpoints evaluate this many validation and test samples (the first ones: both splits are
 * in shuffled order), so evaluation is cheap enough to refresh twice a second on wasm; the final
 * checkpoint, and one on pause or after Step, evaluate every sample.
 */
export const LIVE_PREVIEW_ROWS = 500;

function trainSettings(s: Settings, job: Job): TrainSettings {
  return {
    alphas: job.alphas,
    seed: job.seed,
    epochs: s.epochs,
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    checkpointEvery: historyCheckpointEvery(stepsFor(s)),
  };
}

function stepsFor(s: Settings): number {
  const spec = datasetSpecFor(s);
  const n = spec.id === 'fashion-mnist' ? (spec.trainSize ?? 10_000) : s.trainSize;
  return Math.floor(n / Math.min(s.batchSize, n)) * s.epochs;
}

function startJob(job: Job, opts: { paused?: boolean } = {}): void {
  const s = useSettings.getState();
  // After an engine failure, any training action starts a fresh engine first.
  if (useEngine.getState().failure) restartEngine();
  ensureDataset(s);
  const runId = `run-${++runCounter}`;
  jobsByRun.set(runId, job);
  beginJob(job, runId, stepsFor(s));
  if (opts.paused) useRuns.setState((st) => (st.active ? { active: { ...st.active, paused: true } } : {}));
  engineClient().train(runId, PRESETS[s.preset].model, trainSettings(s, job), {
    paused: opts.paused ?? false,
    checkpointIntervalMs: LIVE_REFRESH_MS,
    previewRows: LIVE_PREVIEW_ROWS,
  });
}

function startNext(): void {
  const [next, ...rest] = useRuns.getState().queue;
  useRuns.setState({ queue: rest, active: null });
  if (next) startJob(next);
}

/** The α's of `wanted` that still need training under `key`, with CE (α = 0) whenever it does. */
function needed(key: string, wanted: number[], opts: { retrainLoaded?: boolean } = {}): number[] {
  const out = new Set<number>();
  const has = (a: number): boolean => {
    const r = getRecord(key, a);
    if (r?.origin && opts.retrainLoaded) return false;
    return !!r && (r.status === 'done' || r.status === 'training' || r.status === 'paused');
  };
  for (const a of wanted) if (!has(a)) out.add(a);
  if (out.size && !has(0)) out.add(0);
  return [...out].sort((a, b) => a - b);
}

/** Jobs replace whatever is queued; the running bank is replaced by the first job. */
function runJobs(jobs: Job[], opts: { paused?: boolean } = {}): void {
  const todo = jobs.filter((j) => j.alphas.length > 0);
  if (!todo.length) return;
  const [first, ...rest] = todo;
  const active = useRuns.getState().active;
  if (active) {
    // Models of the bank being replaced keep their last checkpoint, marked stopped.
    const keep = new Set(first.alphas.map((a) => recordId(first.key, a)));
    patchRecords(
      active.alphas
        .map((a) => recordId(active.key, a))
        .filter((id) => {
          const status = useRuns.getState().records[id]?.status;
          return !keep.has(id) && status !== 'done' && status !== 'diverged';
        })
        .map((id) => ({ id, patch: { status: 'stopped' as const } })),
    );
  }
  useRuns.setState({ queue: rest });
  startJob(first, opts);
}

/**
 * Train: the CE model and the selected α, as a matched pair. Models that came from a bank (the
 * precomputed one or a file) are trained again here, live: that is what pressing Train asks for.
 */
export function train(): void {
  const s = useSettings.getState();
  const active = useRuns.getState().active;
  if (active?.paused) return resume();
  const key = trainingKey(s);
  runJobs([{ key, seed: s.seed, alphas: needed(key, [0, s.alpha], { retrainLoaded: true }) }]);
}

/** Sweep α: the whole grid for the current seed (and `seeds` − 1 further seeds). */
export function sweep(seeds = 1): void {
  const s = useSettings.getState();
  const jobs: Job[] = [];
  for (let i = 0; i < seeds; i++) {
    const seed = s.seed + i;
    const key = trainingKey(s, seed);
    jobs.push({ key, seed, alphas: needed(key, SWEEP_ALPHAS) });
  }
  runJobs(jobs);
}

/** How long the slider must rest on an untrained α before it trains (dragging starts nothing). */
export const SLIDER_SETTLE_MS = 350;
let settleTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * The slider: show α at once; if it is not trained but this configuration is being explored (its
 * CE model exists or trains), train it — once the slider has settled there.
 */
export function selectAlpha(alpha: number): void {
  useSettings.getState().set('alpha', alpha);
  if (settleTimer) clearTimeout(settleTimer);
  settleTimer = setTimeout(() => {
    settleTimer = null;
    const s = useSettings.getState();
    const key = trainingKey(s);
    if (getRecord(key, s.alpha)) return; // trained, training or stopped with a checkpoint: show it
    const explored = !!getRecord(key, 0) || useRuns.getState().active?.key === key;
    if (explored) runJobs([{ key, seed: s.seed, alphas: needed(key, [0, s.alpha]) }]);
  }, SLIDER_SETTLE_MS);
}

export function pause(): void {
  const active = useRuns.getState().active;
  if (!active || active.paused) return;
  engineClient().pause();
  useRuns.setState({ active: { ...active, paused: true } });
}

export function resume(): void {
  const active = useRuns.getState().active;
  if (!active?.paused) return;
  engineClient().resume();
  useRuns.setState({ active: { ...active, paused: false } });
}

/** Step: a few optimisation steps, then a checkpoint. Starts a paused pair if nothing is training. */
export function step(n = 10): void {
  const active = useRuns.getState().active;
  if (!active) {
    const s = useSettings.getState();
    const key = trainingKey(s);
    runJobs([{ key, seed: s.seed, alphas: needed(key, [0, s.alpha], { retrainLoaded: true }) }], {
      paused: true,
    });
  } else if (!active.paused) {
    pause();
  }
  engineClient().step(n);
}

/**
 * Stops the running bank and drops the queue, keeping every model's last checkpoint (marked
 * stopped). Called when the configuration changes under a running job.
 */
export function stopAll(): void {
  const active = useRuns.getState().active;
  if (!active) return;
  engineClient().stop();
  patchRecords(
    active.alphas
      .map((a) => recordId(active.key, a))
      .filter((id) => useRuns.getState().records[id]?.status === 'training')
      .map((id) => ({ id, patch: { status: 'stopped' as const } })),
  );
  useRuns.setState({ queue: [], active: null });
}

/** Reset: stop training and forget the models of the current configuration and seed. */
export function reset(): void {
  const s = useSettings.getState();
  if (useRuns.getState().active) engineClient().stop();
  useRuns.setState({ queue: [], active: null });
  clearKey(trainingKey(s));
}

let connected = false;

function isDrawable(id: string, logits: Float32Array | undefined): boolean {
  return !!logits && useRuns.getState().records[id]?.status !== 'diverged' && logits.every(Number.isFinite);
}

/**
 * Wires engine reports into the records, for this engine and any made after a failure; idempotent
 * (React's StrictMode runs effects twice).
 */
export function connectEngine(): void {
  if (connected) return;
  connected = true;
  engineClient();
  onEngineClient(connectClient);
}

function connectClient(client: TrainingClient): void {
  watchFaults(client);
  // The engine broke: the bank it was training stops (models keep their last checkpoint).
  client.onFatal(() => {
    stopAll();
    jobsByRun.clear();
  });
  client.on('resumed', (m) => {
    const job = jobsByRun.get(m.runId);
    if (!job) return;
    truncateHistories(
      job.alphas.map((a) => recordId(job.key, a)),
      m.step,
    );
    resumedNotice(m.step, m.backend);
  });
  client.onCheckpoint((runId, cp) => {
    const job = jobsByRun.get(runId);
    const { dataset: data, datasetKey } = useEngine.getState();
    if (!job || !data) return;
    const k = cp.numClasses;
    // A checkpoint of a run on other data (the dataset changed meanwhile) is not analysed.
    if (cp.datasetKey !== datasetKey || cp.models.some((m) => checkpointLabels(m, data, k) === null)) return;
    patchRecords(
      cp.models.map((m) => {
        const id = recordId(job.key, m.alpha);
        const prev: ModelRecord | undefined = useRuns.getState().records[id];
        if (m.diverged) {
          // Its logits are not finite: the record keeps its last finite checkpoint and history.
          if (prev && prev.status !== 'diverged') divergedNotice(m.alpha, job.seed, cp.step);
          return { id, patch: { status: 'diverged' as const, gridLogits: null } };
        }
        return {
          id,
          patch: {
            checkpoint: m,
            // A diverged model's grid is not drawn (NaN, or the zeros of the frozen model).
            ...(m.gridLogits && isDrawable(id, m.gridLogits) ? { gridLogits: m.gridLogits } : {}),
            step: cp.step,
            totalSteps: cp.totalSteps,
            history: withPoint(prev?.history ?? [], historyPoint(m, cp.step, cp.epoch, data.valLabels, k)),
          },
        };
      }),
    );
  });
  client.onDone((m) => {
    const job = jobsByRun.get(m.runId);
    jobsByRun.delete(m.runId);
    if (!job) return;
    patchRecords(
      job.alphas
        .map((a) => useRuns.getState().records[recordId(job.key, a)])
        .filter((r): r is ModelRecord => !!r && r.status !== 'diverged' && r.status !== 'done')
        .map((r) => ({ id: r.id, patch: { status: m.stopped ? ('stopped' as const) : ('done' as const) } })),
    );
    if (useRuns.getState().active?.runId === m.runId) startNext();
  });
}
