/**
 * The engine under faults (in Node, cpu → wasm standing in for webgl → wasm): a lost device moves the
 * run to the next backend from its last snapshot; a NaN model is frozen while the other trains on;
 * pings are answered even while a message is being handled; the memory report counts tensors.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { createEngine } from '../../src/training/host/engine';
import { DeviceLostError, type DeviceWatch } from '../../src/training/trainer/deviceLoss';
import type { FromEngine } from '../../src/training/protocol/messages';
import { initBackendWithReport } from '../../src/training/trainer/backend';
import type { ModelSpec, TrainSettings } from '../../src/model/training';
import { makeBlobs, maxAbsDiff } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(async () => {
  await tf.setBackend('cpu');
});

const SETTINGS: TrainSettings = {
  alphas: [0, 0.2],
  seed: 2,
  epochs: 6,
  batchSize: 10,
  learningRate: 1e-2,
  checkpointEvery: 5,
}; // 50 / 10 = 5 steps per epoch → 30 steps
const MODEL: ModelSpec = { kind: 'mlp', hidden: [8] };
const BLOBS = { id: 'blobs', numClasses: 3, trainSize: 50, valSize: 12, testSize: 14, seed: 0 } as const;

/** A device watch the test loses by hand. */
function fakeWatch(): DeviceWatch {
  let lost = false;
  let reject!: (e: Error) => void;
  const interrupt = new Promise<never>((_, r) => (reject = r));
  interrupt.catch(() => undefined);
  return {
    get lost() {
      return lost;
    },
    interrupt,
    loseContext() {
      lost = true;
      reject(new DeviceLostError());
      return true;
    },
    dispose() {},
  };
}

function harness(opts: { watch?: DeviceWatch; loadDelayMs?: number } = {}) {
  const messages: FromEngine[] = [];
  const listeners = new Set<(m: FromEngine) => void>();
  const engine = createEngine({
    post: (msg, transfer) => {
      const m = structuredClone(msg, { transfer });
      messages.push(m);
      for (const l of listeners) l(m);
    },
    loadDataset: async () => {
      if (opts.loadDelayMs) await new Promise((r) => setTimeout(r, opts.loadDelayMs));
      return makeBlobs({ dim: 2, numClasses: 3, nTrain: 50, nVal: 12, nTest: 14 });
    },
    initBackend: () => initBackendWithReport('cpu'),
    fallbackBackend: () => initBackendWithReport('wasm'),
    watchDevice: () => opts.watch ?? null,
    snapshotIntervalMs: 0,
  });
  const until = (pred: (m: FromEngine) => boolean): Promise<FromEngine> =>
    new Promise((resolve) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      const l = (m: FromEngine) => {
        if (pred(m)) {
          listeners.delete(l);
          resolve(m);
        }
      };
      listeners.add(l);
    });
  return { engine, messages, until };
}

const checkpoints = (messages: FromEngine[]) =>
  messages.flatMap((m) => (m.type === 'checkpoint' ? [m.checkpoint] : []));

describe('engine faults', () => {
  it('moves a run to the next backend when the device is lost, from its last snapshot', async () => {
    // Reference: the same run, uninterrupted, on cpu.
    const ref = harness();
    await ref.engine.handle({ type: 'init', backend: 'cpu' });
    await ref.engine.handle({ type: 'load', datasetSpec: { ...BLOBS } as never });
    await ref.engine.handle({
      type: 'train',
      runId: 'ref',
      model: MODEL,
      settings: SETTINGS,
      stepsPerSlice: 1,
    });
    await ref.until((m) => m.type === 'done');
    const refFinal = checkpoints(ref.messages).at(-1)!;
    await ref.engine.handle({ type: 'dispose' });

    const baseline = tf.memory().numTensors;
    const watch = fakeWatch();
    const h = harness({ watch });
    await h.engine.handle({ type: 'init', backend: 'cpu' });
    await h.engine.handle({ type: 'load', datasetSpec: { ...BLOBS } as never });
    await h.engine.handle({ type: 'train', runId: 'r', model: MODEL, settings: SETTINGS, stepsPerSlice: 1 });
    await h.until((m) => m.type === 'checkpoint' && m.checkpoint.step >= 10);
    const beforeLoss = checkpoints(h.messages).at(-1)!.step;
    await h.engine.handle({ type: 'fault', requestId: 1, fault: { kind: 'loseContext' } });
    const changed = await h.until((m) => m.type === 'backendChanged');
    expect(changed).toMatchObject({
      backend: 'wasm',
      reason: expect.stringMatching(/WebGL context was lost/),
    });
    const resumed = await h.until((m) => m.type === 'resumed');
    const done = await h.until((m) => m.type === 'done');
    expect(h.messages.filter((m) => m.type === 'error')).toEqual([]);
    if (resumed.type !== 'resumed' || done.type !== 'done') throw new Error('unreachable');
    expect(resumed.backend).toBe('wasm');
    // It resumed from a checkpoint's snapshot at or after the last checkpoint seen before the loss.
    expect(resumed.step % 5).toBe(0);
    expect(resumed.step).toBeGreaterThanOrEqual(beforeLoss);
    expect(done).toMatchObject({ stopped: false, step: 30, totalSteps: 30 });
    const after = checkpoints(h.messages.slice(h.messages.indexOf(resumed)));
    expect(after.map((c) => c.step)).toEqual(
      [...Array((30 - resumed.step) / 5).keys()].map((i) => resumed.step + 5 * (i + 1)),
    );
    // Same training, another backend's arithmetic for the last steps.
    const final = after.at(-1)!;
    for (let m = 0; m < 2; m++)
      expect(maxAbsDiff(final.models[m].testLogits, refFinal.models[m].testLogits)).toBeLessThan(1e-3);
    expect(tf.getBackend()).toBe('wasm');
    await h.engine.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('freezes a model made NaN mid-run; the other trains to the end', async () => {
    const h = harness();
    await h.engine.handle({ type: 'init', backend: 'cpu' });
    await h.engine.handle({ type: 'fault', requestId: 1, fault: { kind: 'nan', model: 1 } });
    expect(h.messages.at(-1)).toMatchObject({
      type: 'error',
      during: 'fault',
      requestId: 1,
      message: /no bank/,
    });
    await h.engine.handle({ type: 'load', datasetSpec: { ...BLOBS } as never });
    await h.engine.handle({ type: 'train', runId: 'r', model: MODEL, settings: SETTINGS, stepsPerSlice: 1 });
    await h.until((m) => m.type === 'checkpoint');
    await h.engine.handle({ type: 'fault', requestId: 2, fault: { kind: 'nan', model: 1 } });
    expect(h.messages.find((m) => m.type === 'fault')).toEqual({ type: 'fault', requestId: 2, fault: 'nan' });
    const done = await h.until((m) => m.type === 'done');
    expect(done).toMatchObject({ stopped: false, step: 30 });
    const cps = checkpoints(h.messages);
    expect(cps[0].models.map((m) => m.diverged)).toEqual([false, false]);
    expect(cps.at(-1)!.models.map((m) => m.diverged)).toEqual([false, true]);
    expect(cps.at(-1)!.models[0].testLogits.every(Number.isFinite)).toBe(true);
    await h.engine.handle({ type: 'dispose' });
  });

  it('answers pings at once, even behind a slow message; reports memory', async () => {
    const h = harness({ loadDelayMs: 300 });
    await h.engine.handle({ type: 'init', backend: 'cpu' });
    const loading = h.engine.handle({ type: 'load', datasetSpec: { ...BLOBS } as never });
    void h.engine.handle({ type: 'ping' });
    expect(h.messages.at(-1)).toEqual({ type: 'pong' });
    expect(h.messages.some((m) => m.type === 'datasetLoaded')).toBe(false);
    await loading;
    await h.engine.handle({ type: 'memory', requestId: 7 });
    expect(h.messages.at(-1)).toMatchObject({
      type: 'memory',
      requestId: 7,
      numTensors: tf.memory().numTensors,
    });
    await h.engine.handle({ type: 'fault', requestId: 8, fault: { kind: 'loseContext' } });
    expect(h.messages.at(-1)).toMatchObject({
      type: 'error',
      during: 'fault',
      requestId: 8,
      message: /not on WebGL/,
    });
    await h.engine.handle({ type: 'dispose' });
  });
});
