/**
 * A page controller in Node against the real training engine: createEngine on the cpu backend,
 * wrapped as an in-process endpoint the real client talks to, with synthetic data made by the
 * app's own generator (small val/test splits so the unit suite stays fast), fresh stores, a manual
 * clock for the controller's timers and a manual idle queue.
 */
import { createEngine } from '../../src/training/host/engine';
import { initBackendWithReport } from '../../src/training/trainer/backend';
import { createTrainingClient } from '../../src/training/client/client';
import type { EngineEndpoint } from '../../src/training/protocol/endpoint';
import type { FromEngine } from '../../src/training/protocol/messages';
import { makeSynthetic } from '../../src/data/synthetic';
import type { Dataset } from '../../src/data/types';
import { makeBlobs } from '../training/fixtures';
import type { DatasetSpec } from '../../src/data/index';
import {
  createController,
  type Controller,
  type ControllerDeps,
  type Timers,
} from '../../src/state/controller';
import { createSettingsStore } from '../../src/state/settingsStore';
import { createEngineStore } from '../../src/state/engineStore';
import { createRunsStore } from '../../src/state/runsStore';
import { createViewStore } from '../../src/state/viewStore';

/** Val and test split sizes of the test data (the app's blobs use 1,000 and 4,000). */
export const VAL_SIZE = 60;
export const TEST_SIZE = 80;

/**
 * A link to a tiny configuration: 50 training samples in batches of 25, so 2 steps per epoch.
 * The Fashion-MNIST MLP (on the stand-in data) unless `dataset=blobs` (2-D, with a decision grid).
 */
export function query(extra = '', dataset: 'fashion-mnist' | 'blobs' = 'fashion-mnist'): string {
  return `?dataset=${dataset}&model=mlp&trainSize=50&batch=25&epochs=2&lr=0.001${extra}`;
}

export interface TestEndpoint extends EngineEndpoint {
  /** The engine host dies (as a crashed worker does): the client reports it as fatal. */
  crash(message: string): void;
  readonly terminated: boolean;
}

/** The stand-in's full training set, made once: each load takes the prefix it asks for. */
let fakeFull: Dataset | null = null;

/**
 * A stand-in for Fashion-MNIST (the files are not read in unit tests): 10 Gaussian classes in 784
 * dimensions; like the real subset, every training size is a prefix of one set and shares the
 * validation and test splits. No 2-D decision grid to evaluate at each checkpoint, so training is
 * quick on the cpu backend.
 */
function fakeFashionMnist(trainSize: number): Dataset {
  fakeFull ??= makeBlobs({
    seed: 7,
    numClasses: 10,
    sampleShape: [28, 28, 1],
    nTrain: 10_000,
    nVal: VAL_SIZE,
    nTest: TEST_SIZE,
    separation: 0.3,
  });
  const { train } = fakeFull;
  const d = fakeFull.featureSize;
  return {
    ...fakeFull,
    id: 'fashion-mnist',
    name: 'fake Fashion-MNIST',
    train: { n: trainSize, x: train.x.slice(0, trainSize * d), y: train.y.slice(0, trainSize) },
  };
}

function testData(spec: DatasetSpec): Promise<Dataset> {
  if (spec.id === 'fashion-mnist') return Promise.resolve(fakeFashionMnist(spec.trainSize ?? 10_000));
  return Promise.resolve(makeSynthetic({ ...spec, valSize: VAL_SIZE, testSize: TEST_SIZE }));
}

export function inProcessEndpoint(): TestEndpoint {
  let listener: ((msg: FromEngine) => void) | null = null;
  let fatal: ((message: string) => void) | undefined;
  let closed = false;
  const engine = createEngine({
    // As through a worker: cloned with the transfer list, delivered later, in order.
    post: (msg, transfer) => {
      const copy = structuredClone(msg, { transfer });
      setTimeout(() => {
        if (!closed) listener?.(copy);
      }, 0);
    },
    loadDataset: (spec, _ctx, onProgress) => {
      onProgress(1, 1);
      return testData(spec);
    },
    initBackend: () => initBackendWithReport('cpu'),
  });
  return {
    where: 'main-thread',
    post: (msg) => {
      if (!closed) void engine.handle(msg);
    },
    listen: (onMessage, onFatal) => {
      listener = onMessage;
      fatal = onFatal;
    },
    terminate: () => {
      if (closed) return;
      closed = true;
      void engine.handle({ type: 'dispose' });
    },
    crash: (message) => fatal?.(message),
    get terminated() {
      return closed;
    },
  };
}

/** Timers that fire only when the test advances the clock. */
export function manualTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let nextId = 0;
  const due = new Map<number, { at: number; cb: () => void }>();
  return {
    now: () => now,
    setTimeout: (cb, ms) => {
      due.set(++nextId, { at: now + ms, cb });
      return nextId;
    },
    clearTimeout: (h) => {
      due.delete(h as number);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].cb();
      }
      now = until;
    },
    pending: () => due.size,
  };
}

/** Idle callbacks that run only when the test says the page is idle. */
export function manualIdle(): {
  idle: NonNullable<ControllerDeps['idle']>;
  queued(): number;
  runAll(): number;
} {
  const queue: (() => void)[] = [];
  return {
    idle: (cb) => {
      queue.push(cb);
      return () => {
        const i = queue.indexOf(cb);
        if (i >= 0) queue.splice(i, 1);
      };
    },
    queued: () => queue.length,
    runAll() {
      let n = 0;
      while (queue.length) {
        queue.shift()!();
        n++;
      }
      return n;
    },
  };
}

export interface Page {
  c: Controller;
  endpoints: TestEndpoint[];
  timers: ReturnType<typeof manualTimers>;
  idle: ReturnType<typeof manualIdle>;
  saved: { blob: Blob; name: string }[];
}

export function makePage(deps: Partial<Omit<ControllerDeps, 'stores' | 'createClient'>> = {}): Page {
  const endpoints: TestEndpoint[] = [];
  const timers = manualTimers();
  const idle = manualIdle();
  const saved: { blob: Blob; name: string }[] = [];
  const c = createController({
    stores: {
      settings: createSettingsStore(),
      engine: createEngineStore(),
      runs: createRunsStore(),
      view: createViewStore(),
    },
    createClient: () =>
      createTrainingClient({
        dataBaseUrl: 'http://localhost/data/',
        endpoint: () => {
          const ep = inProcessEndpoint();
          endpoints.push(ep);
          return ep;
        },
      }),
    timers,
    idle: idle.idle,
    saveBlob: (blob, name) => saved.push({ blob, name }),
    ...deps,
  });
  return { c, endpoints, timers, idle, saved };
}

/** Waits (in real time: the engine trains on its own) until `pred` holds. */
export async function until(
  pred: () => boolean,
  what: string,
  timeoutMs = 60_000,
  everyMs = 5,
): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
