/**
 * Training jobs: Train, Sweep, Step, Pause, Resume, Reset, and the queue of banks behind the one
 * that trains. Each job's models get their records here; the engine binding fills them in.
 */
import { PRESETS } from '../../model/presets';
import type { TrainSettings } from '../../model/training';
import { SWEEP_ALPHAS, trainingKey, type Settings } from '../../model/settings';
import { historyCheckpointEvery, recordId, type Job } from '../../model/records';
import { datasetSpecFor, type ControllerContext } from './context';
import type { EngineBinding } from './engineBinding';

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

function stepsFor(s: Settings): number {
  const spec = datasetSpecFor(s);
  const n = spec.id === 'fashion-mnist' ? (spec.trainSize ?? 10_000) : s.trainSize;
  return Math.floor(n / Math.min(s.batchSize, n)) * s.epochs;
}

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

export type Training = ReturnType<typeof createTraining>;

export function createTraining(
  ctx: ControllerContext,
  engineBinding: Pick<EngineBinding, 'currentClient' | 'ensureDataset' | 'restartEngine'>,
  schedulePrewarm: () => void,
) {
  const { runs, engine, jobsByRun, getRecord, setStatus, settings } = ctx;
  const { currentClient, ensureDataset } = engineBinding;
  let runCounter = 0;

  function startJob(job: Job, opts: { paused?: boolean } = {}): void {
    // After an engine failure, any training action starts a fresh engine first.
    if (engine.getState().failure) engineBinding.restartEngine();
    ensureDataset();
    const s = settings();
    const runId = `run-${++runCounter}`;
    jobsByRun.set(runId, job);
    const totalSteps = stepsFor(s);
    runs.setState((st) => {
      const records = { ...st.records };
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
      return { records, active: { ...job, runId, paused: opts.paused ?? false } };
    });
    currentClient().train(runId, PRESETS[s.preset].model, trainSettings(s, job), {
      paused: opts.paused ?? false,
      checkpointIntervalMs: LIVE_REFRESH_MS,
      previewRows: LIVE_PREVIEW_ROWS,
    });
    schedulePrewarm();
  }

  function startNext(): void {
    const [next, ...rest] = runs.getState().queue;
    runs.setState({ queue: rest, active: null });
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
    const active = runs.getState().active;
    if (active) {
      // Models of the bank being replaced keep their last checkpoint, marked stopped.
      const keep = new Set(first.alphas.map((a) => recordId(first.key, a)));
      setStatus(
        active.alphas.map((a) => recordId(active.key, a)).filter((id) => !keep.has(id)),
        (status) => status !== 'done' && status !== 'diverged',
      );
    }
    runs.setState({ queue: rest });
    startJob(first, opts);
  }

  function pairJob(opts: { retrainLoaded?: boolean } = {}): Job {
    const s = settings();
    const key = trainingKey(s);
    return { key, seed: s.seed, alphas: needed(key, [0, s.alpha], opts) };
  }

  /**
   * Train: the CE model and the selected α, as a matched pair. Models that came from a bank (the
   * precomputed one or a file) are trained again here, live: that is what pressing Train asks for.
   */
  function train(): void {
    if (runs.getState().active?.paused) return resume();
    runJobs([pairJob({ retrainLoaded: true })]);
  }

  /** Sweep α: the whole grid for the current seed (and `seeds` − 1 further seeds). */
  function sweep(seeds = 1): void {
    const s = settings();
    const jobs: Job[] = [];
    for (let i = 0; i < seeds; i++) {
      const seed = s.seed + i;
      const key = trainingKey(s, seed);
      jobs.push({ key, seed, alphas: needed(key, SWEEP_ALPHAS) });
    }
    runJobs(jobs);
  }

  function pause(): void {
    const active = runs.getState().active;
    if (!active || active.paused) return;
    currentClient().pause();
    runs.setState({ active: { ...active, paused: true } });
  }

  function resume(): void {
    const active = runs.getState().active;
    if (!active?.paused) return;
    currentClient().resume();
    runs.setState({ active: { ...active, paused: false } });
  }

  /** Space: pause what trains, or train (resume) the pair on screen. */
  function playPause(): void {
    const active = runs.getState().active;
    if (active && !active.paused) pause();
    else train();
  }

  /** Step: a few optimisation steps, then a checkpoint. Starts a paused pair if nothing is training. */
  function step(n = 10): void {
    const active = runs.getState().active;
    if (!active) runJobs([pairJob({ retrainLoaded: true })], { paused: true });
    else if (!active.paused) pause();
    currentClient().step(n);
  }

  /**
   * Stops the running bank and drops the queue, keeping every model's last checkpoint (marked
   * stopped). Called when the configuration changes under a running job.
   */
  function stopAll(): void {
    const active = runs.getState().active;
    if (!active) return;
    currentClient().stop();
    setStatus(
      active.alphas.map((a) => recordId(active.key, a)),
      (status) => status === 'training',
    );
    runs.setState({ queue: [], active: null });
    schedulePrewarm();
  }

  /** Reset: stop training and forget the models of the current configuration and seed. */
  function reset(): void {
    if (runs.getState().active) currentClient().stop();
    const key = trainingKey(settings());
    runs.setState((s) => ({
      queue: [],
      active: null,
      records: Object.fromEntries(Object.entries(s.records).filter(([, r]) => r.key !== key)),
    }));
    schedulePrewarm();
  }

  return { startNext, needed, runJobs, train, sweep, pause, resume, playPause, step, stopAll, reset };
}
