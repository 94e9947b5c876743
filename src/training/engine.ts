/**
 * The training engine behind the message protocol (protocol.ts). Host-agnostic: the worker and the
 * main-thread fallback both wrap it, and Node tests drive it directly with an injected loader.
 *
 * Messages are handled strictly in arrival order (a promise chain). `train` only STARTS a run — the
 * run continues in the background, yielding between slices (loop.ts), so pause / resume / step /
 * stop / predict messages are handled while it trains. A run's trainer is kept after it finishes
 * (for `predict`, e.g. decision regions) until the next `train`, or `dispose`.
 */
import { AlphaBankTrainer } from './bankTrainer';
import { initBackendWithReport, type BackendChoice } from './backend';
import type { BackendPreference } from './backendPreference';
import { TrainingControl, trainBank } from './loop';
import type { ClientMessage, DatasetMeta, EngineMessage, SplitData } from './protocol';
import { transferablesOf } from './protocol';
import type { DatasetSpec } from '../data/index';
import type { Dataset, Split } from '../data/types';
import type { BackendName } from './types';

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
}

export interface Engine {
  /** Queues a message; resolves when it (not a run it starts) has been handled. Never rejects. */
  handle(msg: ClientMessage): Promise<void>;
}

interface Run {
  runId: string;
  trainer: AlphaBankTrainer;
  control: TrainingControl;
  /** Settles when the loop has ended (the trainer is then still alive). */
  finished: Promise<void>;
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

export function createEngine(deps: EngineDeps): Engine {
  const post = (msg: EngineMessage): void => deps.post(msg, transferablesOf(msg));
  let queue: Promise<void> = Promise.resolve();
  let backend: BackendName | null = null;
  let dataBaseUrl: string | undefined;
  let dataset: Dataset | null = null;
  let run: Run | null = null;

  /** Stops the current run (if any), waits for its loop to end, frees its trainer. */
  async function endRun(): Promise<void> {
    if (!run) return;
    const r = run;
    run = null;
    r.control.stop();
    await r.finished;
    r.trainer.dispose();
  }

  function startRun(msg: Extract<ClientMessage, { type: 'train' }>): void {
    if (!backend) throw new Error('train before init: the backend is not initialised');
    if (!dataset) throw new Error('train before load: no dataset loaded');
    const trainer = new AlphaBankTrainer(dataset, msg.model, msg.settings, { backend });
    const control = new TrainingControl();
    if (msg.paused) control.pause();
    const { runId } = msg;
    const t0 = performance.now();
    const finished = trainBank(trainer, {
      control,
      stepsPerSlice: msg.stepsPerSlice ?? 'auto',
      checkpointAtStart: msg.checkpointAtStart ?? false,
      ...(msg.checkpointIntervalMs !== undefined ? { checkpointIntervalMs: msg.checkpointIntervalMs } : {}),
      onProgress: (step, totalSteps) => post({ type: 'progress', runId, step, totalSteps }),
      onCheckpoint: (checkpoint) => post({ type: 'checkpoint', runId, checkpoint }),
    }).then(
      (result) =>
        post({
          type: 'done',
          runId,
          stopped: result.stopped,
          step: result.step,
          totalSteps: trainer.totalSteps,
          seconds: (performance.now() - t0) / 1000,
        }),
      (e: unknown) => post({ type: 'error', during: 'train', runId, message: errorMessage(e) }),
    );
    run = { runId, trainer, control, finished };
  }

  async function handleOne(msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case 'init': {
        dataBaseUrl = msg.dataBaseUrl;
        const choice = await (deps.initBackend ?? initBackendWithReport)(msg.backend ?? 'auto');
        backend = choice.backend;
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
        const reply: EngineMessage = {
          type: 'datasetLoaded',
          meta: datasetMeta(loaded),
          valLabels: loaded.val.y.slice(),
          testLabels: loaded.test.y.slice(),
        };
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
        const logits = await run.trainer.predictLogits(msg.x, msg.n);
        post({ type: 'prediction', requestId: msg.requestId, runId: msg.runId, logits });
        return;
      }
      case 'crossCheck': {
        // Waits for the run to finish: the check switches tfjs's backend, which no step may see.
        if (!run || run.runId !== msg.runId) throw new Error(`no trained models for run ${msg.runId}`);
        await run.finished;
        const { here, there } = await run.trainer.crossCheckTestLogits(msg.reference);
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
        dataset = null;
        return;
      default: {
        const unknown: never = msg;
        throw new Error(`unknown message ${JSON.stringify(unknown)}`);
      }
    }
  }

  return {
    handle(msg: ClientMessage): Promise<void> {
      const next = queue.then(() =>
        handleOne(msg).catch((e: unknown) => {
          const reply: EngineMessage = { type: 'error', during: msg.type, message: errorMessage(e) };
          if (msg.type === 'train' || msg.type === 'predict' || msg.type === 'crossCheck')
            reply.runId = msg.runId;
          if (msg.type === 'predict' || msg.type === 'crossCheck') reply.requestId = msg.requestId;
          post(reply);
        }),
      );
      queue = next;
      return next;
    },
  };
}
