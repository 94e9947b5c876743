import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { createEngine, type Engine } from '../../src/training/host/engine';
import {
  transferablesOf,
  type EngineMessage,
  type EngineMessageOf,
} from '../../src/training/protocol/messages';
import { initBackendWithReport } from '../../src/training/trainer/backend';
import type { ModelSpec, TrainSettings } from '../../src/model/training';
import { makeBlobs } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SETTINGS: TrainSettings = {
  alphas: [0, 0.2],
  seed: 1,
  epochs: 4,
  batchSize: 10,
  learningRate: 1e-2,
  checkpointEvery: 10,
}; // 50 / 10 = 5 steps per epoch → 20 steps

/** An engine whose posts are recorded (and pushed through structuredClone with their transfer list). */
function harness(): {
  engine: Engine;
  messages: EngineMessage[];
  next<T extends EngineMessage['type']>(type: T): Promise<EngineMessageOf<T>>;
} {
  const messages: EngineMessage[] = [];
  const waiters: { type: string; resolve(m: EngineMessage): void }[] = [];
  const engine = createEngine({
    post: (msg, transfer) => {
      const cloned = structuredClone(msg, { transfer });
      messages.push(cloned);
      const i = waiters.findIndex((w) => w.type === cloned.type);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(cloned);
    },
    loadDataset: (spec, _ctx, onProgress) => {
      onProgress(1, 1);
      if (spec.id === 'fashion-mnist') return Promise.reject(new Error('no Fashion-MNIST in this test'));
      return Promise.resolve(makeBlobs({ dim: 2, numClasses: 3, nTrain: 50, nVal: 12, nTest: 14 }));
    },
    initBackend: () => initBackendWithReport('cpu'),
  });
  const next = <T extends EngineMessage['type']>(type: T): Promise<EngineMessageOf<T>> =>
    new Promise((resolve) => waiters.push({ type, resolve: resolve as (m: EngineMessage) => void }));
  return { engine, messages, next };
}

const blobs = { id: 'blobs', numClasses: 3, trainSize: 50, valSize: 12, testSize: 14, seed: 0 } as const;

describe('training engine (protocol, in Node)', () => {
  it('inits, loads, trains with progress and checkpoints, predicts, disposes', async () => {
    const baseline = tf.memory().numTensors;
    const { engine, messages, next } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    expect(messages[0]).toEqual({ type: 'ready', backend: 'cpu', webglFailed: false });

    await engine.handle({
      type: 'train',
      runId: 'early',
      model: { kind: 'mlp', hidden: [8] },
      settings: SETTINGS,
    });
    expect(messages.at(-1)).toMatchObject({ type: 'error', during: 'train', runId: 'early' });

    await engine.handle({ type: 'load', datasetSpec: { ...blobs } as never });
    const loaded = messages.find((m) => m.type === 'datasetLoaded');
    expect(loaded).toMatchObject({
      meta: { numClasses: 3, nTrain: 50, nVal: 12, nTest: 14, featureSize: 2 },
    });
    if (loaded?.type !== 'datasetLoaded') throw new Error('unreachable');
    expect(loaded.valLabels).toBeInstanceOf(Int32Array);
    expect(loaded.points?.train.x.length).toBe(100);

    const done = next('done');
    await engine.handle({
      type: 'train',
      runId: 'r1',
      model: { kind: 'mlp', hidden: [8] },
      settings: SETTINGS,
    });
    expect(await done).toMatchObject({ runId: 'r1', stopped: false, step: 20, totalSteps: 20 });
    const cps = messages.filter((m): m is EngineMessageOf<'checkpoint'> => m.type === 'checkpoint');
    expect(cps.map((c) => c.checkpoint.step)).toEqual([10, 20]);
    expect(cps[1].checkpoint.models[1].valLogits.length).toBe(36);
    expect(cps[1].checkpoint.models.map((m) => m.alpha)).toEqual([0, 0.2]);
    expect(messages.filter((m) => m.type === 'progress').at(-1)).toMatchObject({ step: 20, totalSteps: 20 });

    // Predict with the finished run's models (kept until the next train / dispose).
    const grid = new Float32Array([0, 0, 1, 1, -1, 2]);
    const prediction = next('prediction');
    await engine.handle({ type: 'predict', requestId: 7, runId: 'r1', x: grid, n: 3 });
    const p = await prediction;
    expect(p.requestId).toBe(7);
    expect(p.logits.map((l) => l.length)).toEqual([9, 9]);
    await engine.handle({ type: 'predict', requestId: 8, runId: 'nope', x: grid, n: 3 });
    expect(messages.at(-1)).toMatchObject({ type: 'error', during: 'predict', requestId: 8 });

    await engine.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('pause / step / resume / stop by message; a new train replaces a running one', async () => {
    const { engine, messages, next } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    await engine.handle({ type: 'load', datasetSpec: { ...blobs } as never });
    const model: ModelSpec = { kind: 'mlp', hidden: [8] };
    await engine.handle({
      type: 'train',
      runId: 'a',
      model,
      settings: SETTINGS,
      paused: true,
      stepsPerSlice: 2,
    });
    const cp = next('checkpoint');
    await engine.handle({ type: 'step', n: 3 });
    expect((await cp).checkpoint.step).toBe(3);
    const done = next('done');
    await engine.handle({ type: 'stop' });
    expect(await done).toMatchObject({ runId: 'a', stopped: true, step: 3 });

    await engine.handle({ type: 'train', runId: 'b', model, settings: { ...SETTINGS, epochs: 400 } });
    const doneB = next('done');
    await engine.handle({ type: 'train', runId: 'c', model, settings: SETTINGS });
    expect((await doneB).stopped).toBe(true);
    const doneC = await next('done');
    expect(doneC).toMatchObject({ runId: 'c', stopped: false, step: 20 });
    await engine.handle({ type: 'dispose' });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('reports load failures as errors', async () => {
    const { engine, messages } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    await engine.handle({ type: 'load', datasetSpec: { id: 'fashion-mnist' } });
    expect(messages.at(-1)).toEqual({
      type: 'error',
      during: 'load',
      message: 'no Fashion-MNIST in this test',
    });
  });

  it('lists each transferable buffer once', () => {
    const a = new Float32Array(4);
    const msg: EngineMessage = {
      type: 'prediction',
      requestId: 1,
      runId: 'x',
      logits: [a, a, new Float32Array(2)],
    };
    expect(transferablesOf(msg)).toHaveLength(2);
  });
});
