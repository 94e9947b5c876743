/**
 * The training engine behind the message protocol (protocol.ts). Host-agnostic: the worker and the
 * main-thread fallback both wrap it, and Node tests drive it directly with an injected loader.
 *
 * Messages are handled strictly in arrival order (a promise chain). `train` only STARTS a run — the
 * run continues in the background, yielding between slices (loop.ts), so pause / resume / step /
 * stop / predict messages are handled while it trains. A run's trainer is kept after it finishes
 * (for `predict`, e.g. decision regions) until the next `train`, or `dispose`.
 *
 * A lost WebGL context (deviceLoss.ts) does not end a run: the engine moves to the next backend
 * (wasm, then cpu) and continues the run there from its last snapshot — taken with a checkpoint at
 * most every SNAPSHOT_INTERVAL_MS while on WebGL — telling the page ('backendChanged', 'resumed').
 */
import { AlphaBankTrainer } from '../trainer/bankTrainer';
import { initBackendWithReport, type BackendChoice } from '../trainer/backend';
import type { BackendPreference } from '../protocol/backendPreference';
import { TrainingControl, trainBank } from '../trainer/loop';
import type { BankSnapshot } from '../trainer/bankState';
import { DeviceLostError, watchWebGL, type DeviceWatch } from '../trainer/deviceLoss';
import type { ClientMessage, DatasetMeta, EngineMessage, SplitData } from '../protocol/messages';
import { transferablesOf } from '../protocol/messages';
import type { DatasetSpec } from '../../data/index';
import { datasetSpecKey } from '../../data/spec';
import { buildGrid, GRID_SIZE, type InputGrid } from '../../model/grid';
import type { Dataset, Split } from '../../data/types';
import type { BackendName } from '../../model/training';
import { tf } from '../trainer/tf';
import { measureStepTime } from './stepBench';

export type DatasetLoader = (
  spec: DatasetSpec,
  context: { dataBaseUrl: string | undefined },
  onProgress: (loaded: number, total: number) => void,
) => Promise<Dataset>;

export interface EngineDeps {
  post(msg: EngineMessage, transfer: Transferable[]): void;
  loadDataset: DatasetLoader;
  /** Defaults to backend.ts's initBackendWithReport. */
  initBackend?: (preferred: BackendPreference) => Promise<BackendChoice>;
  /** The backend to move to when the device is lost. Default: the first of wasm, cpu that works. */
  fallbackBackend?: () => Promise<BackendChoice>;
  /** Watches the current backend's device; default watchWebGL (null when not on WebGL). */
  watchDevice?: () => DeviceWatch | null;
  /** Minimum time between two snapshots of a run on a device that can be lost. Default 2 s. */
  snapshotIntervalMs?: number;
}

export const SNAPSHOT_INTERVAL_MS = 2000;

export interface Engine {
  /** Queues a message; resolves when it (not a run it starts) has been handled. Never rejects. */
  handle(msg: ClientMessage): Promise<void>;
}

interface Run {
  runId: string;
  /** Replaced when the run moves to another backend. */
  trainer: AlphaBankTrainer;
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

function safeDispose(t: AlphaBankTrainer): void {
  try {
    t.dispose();
  } catch {
    // A trainer on a lost WebGL context may fail to free textures that no longer exist.
  }
}

export function createEngine(deps: EngineDeps): Engine {
  const post = (msg: EngineMessage): void => deps.post(msg, transferablesOf(msg));
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
      const choice = await (
        deps.fallbackBackend ?? (() => initBackendWithReport('auto', { exclude: ['webgl'] }))
      )();
      backend = choice.backend;
      post({ type: 'backendChanged', backend, reason: `the WebGL context was lost; now using ${backend}` });
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

  function startRun(msg: Extract<ClientMessage, { type: 'train' }>): void {
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
      trainer: new AlphaBankTrainer(data, msg.model, msg.settings, { backend }),
      control,
      finished: Promise.resolve(),
      looping: true,
      snapshot: null,
      lastSnapshotAt: -Infinity,
    };
    const loop = (trainer: AlphaBankTrainer, atStart: boolean) =>
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
          if (watch && now - r.lastSnapshotAt >= (deps.snapshotIntervalMs ?? SNAPSHOT_INTERVAL_MS)) {
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

  async function handleOne(msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case 'init': {
        dataBaseUrl = msg.dataBaseUrl;
        const choice = await (deps.initBackend ?? initBackendWithReport)(msg.backend ?? 'auto');
        backend = choice.backend;
        armWatch();
        const reply: EngineMessage = {
          type: 'ready',
          backend: choice.backend,
          webglFailed: choice.failures.some((f) => f.startsWith('webgl')),
        };
        if (choice.reason) reply.reason = choice.reason;
        post(reply);
        return;
      }
      case 'load': {
        // A running trainer holds its own copy of the data on the device: it is not disturbed.
        const loaded = await deps.loadDataset(msg.datasetSpec, { dataBaseUrl }, (loadedBytes, total) =>
          post({ type: 'datasetProgress', loaded: loadedBytes, total }),
        );
        dataset = loaded;
        datasetKey = datasetSpecKey(msg.datasetSpec);
        grid = loaded.featureSize === 2 ? buildGrid(loaded.test.x, GRID_SIZE) : null;
        const reply: EngineMessage = {
          type: 'datasetLoaded',
          datasetKey,
          meta: datasetMeta(loaded),
          valLabels: loaded.val.y.slice(),
          testLabels: loaded.test.y.slice(),
        };
        if (grid) reply.grid = { ...grid, x: grid.x.slice() };
        if (loaded.featureSize <= 3) {
          reply.points = {
            train: copySplit(loaded.train),
            val: copySplit(loaded.val),
            test: copySplit(loaded.test),
          };
        }
        post(reply);
        return;
      }
      case 'train':
        await endRun();
        startRun(msg);
        return;
      case 'pause':
        run?.control.pause();
        return;
      case 'resume':
        run?.control.resume();
        return;
      case 'step':
        run?.control.step(msg.n);
        return;
      case 'stop':
        run?.control.stop();
        return;
      case 'predict': {
        if (!run || run.runId !== msg.runId) throw new Error(`no trained models for run ${msg.runId}`);
        const logits = await onDevice(run.trainer.predictLogits(msg.x, msg.n));
        post({ type: 'prediction', requestId: msg.requestId, runId: msg.runId, logits });
        return;
      }
      case 'crossCheck': {
        // Waits for the run to finish: the check switches tfjs's backend, which no step may see.
        if (!run || run.runId !== msg.runId) throw new Error(`no trained models for run ${msg.runId}`);
        await run.finished;
        const { here, there } = await onDevice(run.trainer.crossCheckTestLogits(msg.reference));
        if (!backend) throw new Error('crossCheck before init');
        post({
          type: 'crossCheck',
          requestId: msg.requestId,
          runId: msg.runId,
          backend,
          reference: msg.reference,
          here,
          there,
        });
        return;
      }
      case 'dispose':
        await endRun();
        watch?.dispose();
        watch = null;
        dataset = null;
        return;
      case 'memory': {
        // gc() exists where the host exposes it (Chromium with --js-flags=--expose-gc): the soak script.
        (globalThis as { gc?: () => void }).gc?.();
        const mem = tf.memory();
        const heap = (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
        post({
          type: 'memory',
          requestId: msg.requestId,
          numTensors: mem.numTensors,
          numBytes: mem.numBytes,
          jsHeapBytes: heap ?? null,
        });
        return;
      }
      case 'bench': {
        if (!backend) throw new Error('bench before init: the backend is not initialised');
        if (!dataset) throw new Error('bench before load: no dataset loaded');
        await endRun();
        const result = await measureStepTime(dataset, msg.model, {
          models: msg.models,
          batchSize: msg.batchSize,
          ...(msg.repeats !== undefined ? { repeats: msg.repeats } : {}),
          ...(msg.targetBlockMs !== undefined ? { targetBlockMs: msg.targetBlockMs } : {}),
        });
        const reply: EngineMessage = { type: 'bench', requestId: msg.requestId, backend, ...result };
        if (backend === 'wasm') {
          reply.wasm = {
            simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
            threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
          };
        }
        post(reply);
        return;
      }
      case 'fault':
        provoke(msg.fault);
        return;
      case 'ping':
        post({ type: 'pong' });
        return;
      default: {
        const unknown: never = msg;
        throw new Error(`unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  function provoke(fault: Extract<ClientMessage, { type: 'fault' }>['fault']): void {
    switch (fault.kind) {
      case 'nan':
        if (!run?.looping) throw new Error('fault nan: no bank is training');
        run.trainer.poisonModel(fault.model);
        return;
      case 'loseContext':
        if (!watch?.loseContext()) throw new Error('fault loseContext: the engine is not on WebGL');
        return;
      default:
        throw new Error(`fault ${fault.kind}: only a worker host can do that`);
    }
  }

  return {
    handle(msg: ClientMessage): Promise<void> {
      // Liveness checks skip the queue: a long load or evaluation must not look like a dead engine.
      if (msg.type === 'ping') {
        post({ type: 'pong' });
        return Promise.resolve();
      }
      // A load overtaken by a later one is skipped: only the newest dataset is wanted (the page
      // asks for one per configuration change, and a link or quick clicks can change it often).
      const seq = msg.type === 'load' ? ++loadSeq : 0;
      const next = queue.then(() =>
        (msg.type === 'load' && seq !== loadSeq ? Promise.resolve() : handleOne(msg)).catch((e: unknown) => {
          const reply: EngineMessage = { type: 'error', during: msg.type, message: errorMessage(e) };
          if (msg.type === 'train' || msg.type === 'predict' || msg.type === 'crossCheck')
            reply.runId = msg.runId;
          if (msg.type === 'predict' || msg.type === 'crossCheck' || msg.type === 'bench')
            reply.requestId = msg.requestId;
          post(reply);
        }),
      );
      queue = next;
      return next;
    },
  };
}
