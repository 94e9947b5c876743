/** The training engine in-process, as the unit tests drive it: every post recorded. */
import { createEngine, type Engine, type EngineDeps } from '../../src/training/host/engine';
import type { FromEngine } from '../../src/training/protocol/messages';
import { initBackendWithReport } from '../../src/training/trainer/backend';
import type { TrainSettings } from '../../src/model/training';
import { makeBlobs } from './fixtures';

export const SETTINGS: TrainSettings = {
  alphas: [0, 0.2],
  seed: 1,
  epochs: 4,
  batchSize: 10,
  learningRate: 1e-2,
  checkpointEvery: 10,
}; // 50 / 10 = 5 steps per epoch → 20 steps

export const BLOBS = {
  id: 'blobs',
  numClasses: 3,
  trainSize: 50,
  valSize: 12,
  testSize: 14,
  seed: 0,
} as const;

/** The data the harness loads for any spec but Fashion-MNIST (which it fails to load). */
export const blobData = () => makeBlobs({ dim: 2, numClasses: 3, nTrain: 50, nVal: 12, nTest: 14 });

export type EngineDepsOverride = Partial<Omit<EngineDeps, 'post'>>;

/** The engine's deps in these tests: cpu, the blobs above. */
export function testDeps(post: EngineDeps['post'], override: EngineDepsOverride = {}): EngineDeps {
  return {
    post,
    loadDataset: (spec, _ctx, onProgress) => {
      onProgress(1, 1);
      if (spec.id === 'fashion-mnist') return Promise.reject(new Error('no Fashion-MNIST in this test'));
      return Promise.resolve(blobData());
    },
    initBackend: () => initBackendWithReport('cpu'),
    ...override,
  };
}

export type MessageOf<T extends FromEngine['type']> = Extract<FromEngine, { type: T }>;

/** An engine whose posts are recorded (and pushed through structuredClone with their transfer list). */
export function harness(override: EngineDepsOverride = {}): {
  engine: Engine;
  messages: FromEngine[];
  next<T extends FromEngine['type']>(type: T): Promise<MessageOf<T>>;
} {
  const messages: FromEngine[] = [];
  const waiters: { type: string; resolve(m: FromEngine): void }[] = [];
  const engine = createEngine(
    testDeps((msg, transfer) => {
      const cloned = structuredClone(msg, { transfer });
      messages.push(cloned);
      const i = waiters.findIndex((w) => w.type === cloned.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(cloned);
    }, override),
  );
  const next = <T extends FromEngine['type']>(type: T): Promise<MessageOf<T>> =>
    new Promise((resolve) => waiters.push({ type, resolve: resolve as (m: FromEngine) => void }));
  return { engine, messages, next };
}
