/**
 * The training engine behind the message protocol (protocol/messages.ts, and the diagnostics of
 * protocol/diagnostics.ts, answered by diagnostics.ts). Host-agnostic: the worker and the
 * main-thread fallback both wrap it, and Node tests drive it directly with an injected loader.
 *
 * Messages are handled strictly in arrival order (a promise chain), each by its kind's handler.
 * `train` only STARTS a run — the run continues in the background, yielding between slices
 * (loop.ts), so pause / resume / step / stop and diagnostics are handled while it trains. A run's
 * trainer is kept after it finishes (for the cross-check and predict diagnostics) until the next
 * `train`, or `dispose`. A failed message is posted as an 'error' naming it (and, for a request,
 * carrying its requestId), so every request is answered.
 *
 * A lost WebGL context (deviceLoss.ts) does not end a run: the engine moves to the next backend
 * (wasm, then cpu) and continues the run there from its last snapshot — taken with a checkpoint at
 * most every SNAPSHOT_INTERVAL_MS while on WebGL — telling the page ('backendChanged', 'resumed').
 *
 * Under `auto`, where the host gives a prober (deps.probe: the browser does), the first run of each
 * model shape first races the backends on a throwaway bank (backendProbe.ts) and trains on the
 * fastest; the decision is kept for the engine's life (the session) and told to the page
 * ('backendProbed'). A forced backend is never probed.
 */
import { AlphaBankTrainer } from '../trainer/bankTrainer';
import type { BankRunner } from '../trainer/bankRunner';
import { ShardClient, SplitBankTrainer } from './splitBank';
import type { ShardAnswer, ShardRequest } from '../protocol/shard';
import { logicalCores } from '../protocol/backendPreference';
import type { Endpoint } from '../../browser/channel';
import { wasmThreads } from './wasmThreads';
import { initBackendWithReport, type BackendChoice } from '../trainer/backend';
import type { BackendPreference } from '../protocol/backendPreference';
import { probeKey, type ProbeReport } from '../protocol/backendProbe';
import type { BackendProber } from './backendProbe';
import { TrainingControl, trainBank } from '../trainer/loop';
import type { BankSnapshot } from '../trainer/bankState';
import { DeviceLostError, watchWebGL, type DeviceWatch } from '../trainer/deviceLoss';
import type { ClientMessage, FromEngine, ToEngine, TrainMessage, WasmThreads } from '../protocol/messages';
import type { DatasetMeta, SplitData } from '../../model/training';
import { transferablesOf } from '../protocol/messages';
import { isDiagnosticRequest } from '../protocol/diagnostics';
import { dispatch, type Handlers } from '../../browser/channel';
import { answerDiagnostic, diagnosticHandlers, type DiagnosticsDeps } from './diagnostics';
import type { DatasetSpec } from '../../data/index';
import { datasetSpecKey } from '../../data/spec';
import { buildGrid, GRID_SIZE, type InputGrid } from '../../model/grid';
import type { Dataset, Split } from '../../data/types';
import type { BackendName, ModelSpec, TrainSettings } from '../../model/training';

export type DatasetLoader = (
  spec: DatasetSpec,
  context: { dataBaseUrl: string | undefined },
  onProgress: (loaded: number, total: number) => void,
) => Promise<Dataset>;

export interface EngineDeps extends DiagnosticsDeps {
  post(msg: FromEngine, transfer: Transferable[]): void;
  loadDataset: DatasetLoader;
  /** Defaults to backend.ts's initBackendWithReport. */
  initBackend?: (preferred: BackendPreference) => Promise<BackendChoice>;
  /** The backend to move to when the device is lost. Default: the first of wasm, cpu that works. */
  fallbackBackend?: () => Promise<BackendChoice>;
  /** Watches the current backend's device; default watchWebGL (null when not on WebGL). */
  watchDevice?: () => DeviceWatch | null;
  /** Minimum time between two snapshots of a run on a device that can be lost. Default 2 s. */
  snapshotIntervalMs?: number;
  /**
   * Races the backends under `auto` before the first run of a model shape (backendProbe.ts).
   * Default none: the backend init chose is kept (Node hosts, most tests).
   */
  probe?: BackendProber;
  /** Moves tfjs to a backend the probe chose before (a cached decision). Default initBackendWithReport. */
  switchBackend?: (name: BackendName, exclude: readonly BackendName[]) => Promise<BackendChoice>;
  /**
   * Starts the helper worker a bank is split with on wasm (splitBank.ts, shardServer.ts), once,
   * when the engine first runs on wasm. Default none: banks train on the engine's thread alone.
   */
  startHelper?: () => Endpoint<ShardRequest, ShardAnswer>;
  /** How long the helper may take to start (default HELPER_START_MS). */
  helperStartMs?: number;
}

export const SNAPSHOT_INTERVAL_MS = 2000;
/** How long the helper worker may take to start its backend before banks train without it. */
export const HELPER_START_MS = 20_000;

export interface Engine {
  /** Queues a message; resolves when it (not a run it starts) has been handled. Never rejects. */
  handle(msg: ToEngine): Promise<void>;
}

interface Run {
  runId: string;
  /** Replaced when the run moves to another backend. */
  trainer: BankRunner;
  control: TrainingControl;
  /** Settles when the loop has ended, after any move (the trainer is then still alive). */
  finished: Promise<void>;
  /** False once the loop has ended. */
  looping: boolean;
  /** Latest full state, kept while the device can be lost. */
  snapshot: BankSnapshot | null;
  lastSnapshotAt: number;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function copySplit(s: Split): SplitData {
  return { n: s.n, x: s.x.slice(), y: s.y.slice() };
}

export function datasetMeta(d: Dataset): DatasetMeta {
  return {
    id: d.id,
    name: d.name,
    numClasses: d.numClasses,
    classNames: [...d.classNames],
    sampleShape: [...d.sampleShape],
    featureSize: d.featureSize,
    nTrain: d.train.n,
    nVal: d.val.n,
    nTest: d.test.n,
    settings: { ...d.settings },
  };
}

function safeDispose(t: BankRunner): void {
  try {
    t.dispose();
  } catch {
    // A trainer on a lost WebGL context may fail to free textures that no longer exist.
  }
}

export function createEngine(deps: EngineDeps): Engine {
  const post = (msg: FromEngine): void => deps.post(msg, transferablesOf(msg));
  let queue: Promise<void> = Promise.resolve();
  let backend: BackendName | null = null;
  let dataBaseUrl: string | undefined;
  let dataset: Dataset | null = null;
  /** The loaded dataset's identity, and its decision grid for 2-D data. */
  let datasetKey = '';
  let grid: InputGrid | null = null;
  let run: Run | null = null;
  let watch: DeviceWatch | null = null;
  let loadSeq = 0;
  let preference: BackendPreference = 'auto';
  /** Backends whose device was lost: never probed again. */
  const lost: BackendName[] = [];
  /** The probe's decisions, per model shape (probeKey), for the engine's life. */
  const probes = new Map<string, ProbeReport>();
  /** Threads a bank may be split across, as the init message asked (`?workers=`); else by cores. */
  let workersAsked: number | undefined;
  /** The helper worker, once started on wasm; why there is none where it failed or is not wanted. */
  let helper: ShardClient | null = null;
  let helperReason: string | null = null;

  /** Starts the helper (once) where the engine is on wasm and splitting is wanted; waits for it. */
  async function ensureHelper(): Promise<void> {
    if (backend !== 'wasm' || helper || helperReason) return;
    if ((workersAsked ?? (logicalCores() >= 2 ? 2 : 1)) < 2) {
      helperReason = workersAsked ? 'asked for one thread per bank (?workers=1)' : 'one logical core';
      return;
    }
    if (!deps.startHelper) {
      helperReason = 'this host has no helper worker';
      return;
    }
    let client: ShardClient | null = null;
    try {
      client = new ShardClient(deps.startHelper());
      // Answered once the helper's backend has started (or failed to); a helper that never
      // answers must not hold up the engine.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = deps.helperStartMs ?? HELPER_START_MS;
      await Promise.race([
        client.request('close', {}),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${limit / 1000} s`)), limit);
        }),
      ]).finally(() => clearTimeout(timer));
      helper = client;
    } catch (e) {
      client?.terminate();
      helperReason = `the helper worker could not start (${errorMessage(e)})`;
    }
  }

  /** Threads a bank of m models trains on: 2 where it is split with the helper, else 1. */
  function workersFor(m: number): number {
    if (helper?.broken) {
      helperReason = `the helper worker failed (${helper.broken})`;
      helper = null;
    }
    return backend === 'wasm' && helper && m >= 2 ? 2 : 1;
  }

  /** A bank as a run trains it: split with the helper where workersFor says so. */
  async function openBank(model: ModelSpec, settings: TrainSettings): Promise<BankRunner> {
    const data = dataset;
    if (!data) throw new Error('train before load: no dataset loaded');
    const options = { backend: backend ?? undefined };
    if (helper && workersFor(settings.alphas.length) === 2) {
      try {
        return await SplitBankTrainer.open(helper, { dataset: data, datasetKey }, model, settings, options);
      } catch (e) {
        helper.terminate();
        helper = null;
        helperReason = `the helper worker failed (${errorMessage(e)})`;
      }
    }
    return new AlphaBankTrainer(data, model, settings, options);
  }

  /** `{ wasm }` where the backend is wasm, else nothing (a message field that is present or absent). */
  function withWasmThreads(): { wasm?: WasmThreads } {
    const wasm = wasmThreads();
    if (!wasm) return {};
    const workers = workersFor(2);
    return {
      wasm: { ...wasm, workers, ...(workers < 2 && helperReason ? { workersReason: helperReason } : {}) },
    };
  }

  /** Stops the current run (if any), waits for its loop to end, frees its trainer. */
  async function endRun(): Promise<void> {
    if (!run) return;
    const r = run;
    run = null;
    r.control.stop();
    await r.finished;
    safeDispose(r.trainer);
  }

  /** Moves the engine off a lost device, once; resolves when the new backend is in use. */
  let moving: Promise<void> | null = null;
  function leaveLostDevice(): Promise<void> {
    moving ??= (async () => {
      watch?.dispose();
      watch = null;
      if (!lost.includes('webgl')) lost.push('webgl');
      // Decisions that chose the lost device are void.
      for (const [key, report] of probes) if (report.backend === 'webgl') probes.delete(key);
      const choice = await (
        deps.fallbackBackend ?? (() => initBackendWithReport('auto', { exclude: ['webgl'] }))
      )();
      backend = choice.backend;
      await ensureHelper();
      post({
        type: 'backendChanged',
        backend,
        reason: `the WebGL context was lost; now using ${backend}`,
        ...withWasmThreads(),
      });
      // A finished run's trainer lived on the lost device: nothing can be read from it any more.
      if (run && !run.looping) {
        safeDispose(run.trainer);
        run = null;
      }
    })();
    return moving;
  }

  function armWatch(): void {
    watch?.dispose();
    watch = (deps.watchDevice ?? watchWebGL)();
    watch?.interrupt.catch(() =>
      leaveLostDevice().catch((e: unknown) =>
        post({
          type: 'error',
          during: 'init',
          message: `after the WebGL context was lost: ${errorMessage(e)}`,
        }),
      ),
    );
  }

  /** Races a device read-back against the loss of the device. */
  function onDevice<T>(p: Promise<T>): Promise<T> {
    return watch ? Promise.race([p, watch.interrupt]) : p;
  }

  async function startRun(msg: TrainMessage): Promise<void> {
    if (!backend) throw new Error('train before init: the backend is not initialised');
    if (!dataset) throw new Error('train before load: no dataset loaded');
    const data = dataset;
    const runDatasetKey = datasetKey;
    const runGrid = grid;
    const control = new TrainingControl();
    if (msg.paused) control.pause();
    const { runId } = msg;
    const t0 = performance.now();
    const r: Run = {
      runId,
      trainer: await openBank(msg.model, msg.settings),
      control,
      finished: Promise.resolve(),
      looping: true,
      snapshot: null,
      lastSnapshotAt: -Infinity,
    };
    const loop = (trainer: BankRunner, atStart: boolean) =>
      trainBank(trainer, {
        control,
        stepsPerSlice: msg.stepsPerSlice ?? 'auto',
        checkpointAtStart: atStart && (msg.checkpointAtStart ?? false),
        ...(msg.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: msg.checkpointIntervalMs } : {}),
        ...(msg.previewRows !== undefined ? { previewRows: msg.previewRows } : {}),
        ...(watch ? { interrupt: watch.interrupt } : {}),
        onProgress: (step, totalSteps) => post({ type: 'progress', runId, step, totalSteps }),
        onCheckpoint: async (bank) => {
          // The grid is evaluated here, with the checkpoint: the page never asks for it.
          const gridLogits = runGrid ? await trainer.predictLogits(runGrid.x, runGrid.n) : null;
          const checkpoint = {
            ...bank,
            datasetKey: runDatasetKey,
            models: bank.models.map((m, i) => (gridLogits ? { ...m, gridLogits: gridLogits[i] } : m)),
          };
          post({ type: 'checkpoint', runId, checkpoint });
          const now = performance.now();
          if (
            watch &&
            trainer instanceof AlphaBankTrainer &&
            now - r.lastSnapshotAt >= (deps.snapshotIntervalMs ?? SNAPSHOT_INTERVAL_MS)
          ) {
            r.snapshot = await trainer.snapshot();
            r.lastSnapshotAt = now;
          }
        },
      });
    const drive = async (): Promise<void> => {
      for (let atStart = true; ; atStart = false) {
        try {
          const result = await loop(r.trainer, atStart);
          post({
            type: 'done',
            runId,
            stopped: result.stopped,
            step: result.step,
            totalSteps: r.trainer.totalSteps,
            seconds: (performance.now() - t0) / 1000,
          });
          return;
        } catch (e) {
          if (!(e instanceof DeviceLostError)) throw e;
          // Continue on the next backend from the last snapshot (or from the start without one).
          safeDispose(r.trainer);
          await leaveLostDevice();
          const next = new AlphaBankTrainer(data, msg.model, msg.settings, { backend: backend ?? undefined });
          r.trainer = next;
          if (r.snapshot) await next.restore(r.snapshot);
          r.snapshot = null;
          post({ type: 'resumed', runId, step: next.currentStep, backend: backend ?? 'cpu' });
        }
      }
    };
    r.finished = drive()
      .catch((e: unknown) => post({ type: 'error', during: 'train', runId, message: errorMessage(e) }))
      .finally(() => (r.looping = false));
    run = r;
  }

  /**
   * Under `auto` with a prober: trains the run's model shape on the backend the probe finds fastest
   * (probing once per shape). A failed probe keeps the backend in use and says why.
   */
  async function probeFor(msg: TrainMessage): Promise<void> {
    if (!deps.probe || preference !== 'auto' || !dataset || !backend) return;
    const bank = { models: msg.settings.alphas.length, batchSize: msg.settings.batchSize };
    const key = probeKey(msg.model, dataset.sampleShape, bank.models, bank.batchSize);
    const known = probes.get(key);
    if (known) {
      if (known.backend === backend) return;
      const choice = await (deps.switchBackend ?? ((n, exclude) => initBackendWithReport(n, { exclude })))(
        known.backend,
        lost,
      );
      backend = choice.backend;
      armWatch();
      await ensureHelper();
      post({
        type: 'backendProbed',
        backend,
        reason: choice.backend === known.backend ? known.reason : (choice.reason ?? known.reason),
        probe: known,
        ...withWasmThreads(),
      });
      return;
    }
    let report: ProbeReport;
    try {
      report = await deps.probe(dataset, msg.model, bank, { exclude: lost });
    } catch (e) {
      post({
        type: 'backendProbed',
        backend,
        reason: `the speed test of the backends failed (${errorMessage(e)}); staying on ${backend}`,
        ...withWasmThreads(),
      });
      return;
    }
    probes.set(key, report);
    backend = report.backend;
    armWatch();
    await ensureHelper();
    post({ type: 'backendProbed', backend, reason: report.reason, probe: report, ...withWasmThreads() });
  }

  /** One handler per queued message kind (ping never waits: see handle). */
  const handlers: Handlers<Exclude<ClientMessage, { type: 'ping' }>, Promise<void> | void> = {
    init: async (msg) => {
      dataBaseUrl = msg.dataBaseUrl;
      preference = msg.backend ?? 'auto';
      workersAsked = msg.workers;
      const choice = await (deps.initBackend ?? initBackendWithReport)(preference);
      backend = choice.backend;
      armWatch();
      await ensureHelper();
      post({
        type: 'ready',
        backend: choice.backend,
        webglFailed: choice.failures.some((f) => f.startsWith('webgl')),
        ...(choice.reason ? { reason: choice.reason } : {}),
        ...withWasmThreads(),
      });
    },
    load: async (msg) => {
      // A running trainer holds its own copy of the data on the device: it is not disturbed.
      const loaded = await deps.loadDataset(msg.datasetSpec, { dataBaseUrl }, (loadedBytes, total) =>
        post({ type: 'datasetProgress', loaded: loadedBytes, total }),
      );
      dataset = loaded;
      datasetKey = datasetSpecKey(msg.datasetSpec);
      grid = loaded.featureSize === 2 ? buildGrid(loaded.test.x, GRID_SIZE) : null;
      post({
        type: 'datasetLoaded',
        datasetKey,
        meta: datasetMeta(loaded),
        valLabels: loaded.val.y.slice(),
        testLabels: loaded.test.y.slice(),
        ...(grid ? { grid: { ...grid, x: grid.x.slice() } } : {}),
        ...(loaded.featureSize <= 3
          ? {
              points: {
                train: copySplit(loaded.train),
                val: copySplit(loaded.val),
                test: copySplit(loaded.test),
              },
            }
          : {}),
      });
    },
    train: async (msg) => {
      await endRun();
      await probeFor(msg);
      await startRun(msg);
    },
    pause: () => run?.control.pause(),
    resume: () => run?.control.resume(),
    step: (msg) => run?.control.step(msg.n),
    stop: () => run?.control.stop(),
    dispose: async () => {
      await endRun();
      watch?.dispose();
      watch = null;
      dataset = null;
    },
  };

  const diagnostics = diagnosticHandlers(
    {
      backend: () => backend,
      dataset: () => dataset,
      run: () => run,
      watch: () => watch,
      endRun,
      onDevice,
      openBank,
      workersFor,
      helperMemory: async () => {
        if (!helper || helper.broken) return null;
        const { numTensors, numBytes } = await helper.request('memory', {});
        return { numTensors, numBytes };
      },
    },
    deps,
  );

  /** Handles one queued message; a failure is posted as an error (with the requestId of a request). */
  async function handleOne(msg: Exclude<ToEngine, { type: 'ping' }>): Promise<void> {
    try {
      if (isDiagnosticRequest(msg)) post(await answerDiagnostic(diagnostics, msg));
      else await dispatch(handlers, msg);
    } catch (e) {
      post({
        type: 'error',
        during: msg.type,
        message: errorMessage(e),
        ...('runId' in msg ? { runId: msg.runId } : {}),
        ...('requestId' in msg ? { requestId: msg.requestId } : {}),
      });
    }
  }

  return {
    handle(msg: ToEngine): Promise<void> {
      // Liveness checks skip the queue: a long load or evaluation must not look like a dead engine.
      if (msg.type === 'ping') {
        post({ type: 'pong' });
        return Promise.resolve();
      }
      // A load overtaken by a later one is skipped: only the newest dataset is wanted (the page
      // asks for one per configuration change, and a link or quick clicks can change it often).
      const seq = msg.type === 'load' ? ++loadSeq : 0;
      const next = queue.then(() => (msg.type === 'load' && seq !== loadSeq ? undefined : handleOne(msg)));
      queue = next;
      return next;
    },
  };
}
