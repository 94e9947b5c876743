/**
 * A bank split between two threads (trainer/splitBank.ts, host/shardServer.ts) is the same M
 * independent trainings as one AlphaBankTrainer of M models: the helper is served in-process over
 * a real MessageChannel (structured clone, transfer lists), on wasm as in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import { ShardClient, SplitBankTrainer, localModels } from '../../src/training/host/splitBank';
import { serveShard } from '../../src/training/host/shardServer';
import { countStepKernels } from '../../src/training/host/stepBench';
import {
  shardAnswerTransferables,
  type ShardAnswer,
  type ShardRequest,
} from '../../src/training/protocol/shard';
import type { Endpoint } from '../../src/browser/channel';
import type { BankCheckpoint, ModelSpec, TrainSettings } from '../../src/model/training';
import type { Dataset } from '../../src/data/types';
import { makeBlobs, maxAbsDiff } from './fixtures';
import { BLOBS, SETTINGS as ENGINE_SETTINGS, harness, type MessageOf } from './engineHarness';
import { initBackendWithReport } from '../../src/training/trainer/backend';

const VEC = makeBlobs({ dim: 20, numClasses: 4, nTrain: 64, nVal: 30, nTest: 30 });
const IMG = makeBlobs({ sampleShape: [12, 12, 1], numClasses: 4, nTrain: 48, nVal: 16, nTest: 16 });
const SETTINGS: TrainSettings = {
  alphas: [0, 0.1, 0.3],
  seed: 5,
  epochs: 5,
  batchSize: 16,
  learningRate: 3e-3,
  checkpointEvery: 100,
};

const ports: MessagePort[] = [];

/** A helper served in-process: the engine's endpoint to it, over a MessageChannel. */
export function inProcessHelper(
  ready: Promise<unknown> = Promise.resolve(),
): Endpoint<ShardRequest, ShardAnswer> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serveShard(
    {
      post: (msg) => port2.postMessage(msg, shardAnswerTransferables(msg)),
      onMessage: (handler) => {
        port2.addEventListener('message', (e) => handler((e as MessageEvent<ShardRequest>).data));
        port2.start();
      },
    },
    ready,
  );
  let fatal: ((message: string) => void) | undefined;
  return {
    post: (msg) => port1.postMessage(msg),
    listen(onMessage, onFatal) {
      fatal = onFatal;
      port1.addEventListener('message', (e) => onMessage((e as MessageEvent<ShardAnswer>).data));
      port1.start();
    },
    terminate: () => {
      port1.close();
      fatal?.('terminated');
    },
  };
}

beforeAll(async () => {
  await initNodeBackend('wasm');
});
afterAll(() => {
  for (const p of ports) p.close();
});

/** A split bank of SETTINGS with a fresh in-process helper. */
function openSplit(model: ModelSpec, data: Dataset = VEC): Promise<SplitBankTrainer> {
  return SplitBankTrainer.open(
    new ShardClient(inProcessHelper()),
    { dataset: data, datasetKey: 'k' },
    model,
    SETTINGS,
  );
}

async function pairOfRuns(
  model: ModelSpec,
  data: Dataset,
  steps: number[],
): Promise<{ whole: BankCheckpoint[]; split: BankCheckpoint[]; helperStep: number }> {
  const whole = new AlphaBankTrainer(data, model, SETTINGS);
  const split = await openSplit(model, data);
  const a: BankCheckpoint[] = [];
  const b: BankCheckpoint[] = [];
  try {
    for (const n of steps) {
      whole.step(n);
      split.step(n);
      await Promise.all([whole.sync(), split.sync()]);
      a.push(await whole.checkpoint());
      b.push(await split.checkpoint());
    }
    return { whole: a, split: b, helperStep: split.helperCurrentStep };
  } finally {
    whole.dispose();
    split.dispose();
  }
}

function expectSame(a: BankCheckpoint, b: BankCheckpoint): void {
  expect(b.step).toBe(a.step);
  expect(b.rows).toEqual(a.rows);
  expect(b.models.map((m) => m.alpha)).toEqual(a.models.map((m) => m.alpha));
  for (let m = 0; m < a.models.length; m++) {
    expect(maxAbsDiff(b.models[m].valLogits, a.models[m].valLogits)).toBeLessThan(1e-5);
    expect(maxAbsDiff(b.models[m].testLogits, a.models[m].testLogits)).toBeLessThan(1e-5);
    expect(b.models[m].trainLoss).toBeCloseTo(a.models[m].trainLoss, 5);
    expect(b.models[m].trainAcc).toBe(a.models[m].trainAcc);
  }
}

describe('a bank split with a helper thread', () => {
  it('keeps the smaller half here', () => {
    expect([2, 3, 6, 7].map(localModels)).toEqual([1, 1, 3, 3]);
  });

  it('trains the MLP bank exactly as one trainer of all its models does, in the bank’s α order', async () => {
    const r = await pairOfRuns({ kind: 'mlp', hidden: [16] }, VEC, [3, 1, 9]);
    expect(r.helperStep).toBe(13);
    for (let i = 0; i < r.whole.length; i++) expectSame(r.whole[i], r.split[i]);
    // Training did something: the models moved apart (LS against CE) and away from the start.
    expect(maxAbsDiff(r.split[2].models[0].valLogits, r.split[2].models[2].valLogits)).toBeGreaterThan(1e-3);
  });

  it('and the CNN bank', async () => {
    const r = await pairOfRuns({ kind: 'cnn', filters: [4, 8], dense: 16 }, IMG, [2, 4]);
    for (let i = 0; i < r.whole.length; i++) expectSame(r.whole[i], r.split[i]);
  });

  it('previews, predicts and counts kernels on both threads', async () => {
    const model: ModelSpec = { kind: 'mlp', hidden: [8] };
    const whole = new AlphaBankTrainer(VEC, model, SETTINGS);
    const split = await openSplit(model, VEC);
    try {
      whole.step(4);
      split.step(4);
      await split.sync();
      const pa = await whole.checkpoint({ previewRows: 7 });
      const pb = await split.checkpoint({ previewRows: 7 });
      expect(pb.rows).toEqual({ val: 7, test: 7 });
      expect(pb.models.every((m) => m.preview === true)).toBe(true);
      expectSame(pa, pb);
      const x = VEC.test.x.slice(0, 5 * 20);
      const [qa, qb] = [await whole.predictLogits(x, 5), await split.predictLogits(x, 5)];
      expect(qb).toHaveLength(3);
      for (let m = 0; m < 3; m++) expect(maxAbsDiff(qb[m], qa[m])).toBeLessThan(1e-5);
      // One more step on each thread: the kernels of both, and both sides then at step 5.
      const mine = await countStepKernels(whole);
      const both = await countStepKernels(split);
      await split.sync();
      expect(split.currentStep).toBe(5);
      expect(split.helperCurrentStep).toBe(4); // the helper's own profiled step is not a step() call
      const after = await split.checkpoint();
      expect(after.step).toBe(5);
      expectSame(await whole.checkpoint(), after);
      // The split bank's kernels are its two parts': a one-model trainer's and a two-model one's.
      const one = new AlphaBankTrainer(VEC, model, { ...SETTINGS, alphas: [0] });
      const two = new AlphaBankTrainer(VEC, model, { ...SETTINGS, alphas: [0.1, 0.3] });
      try {
        // Counted at their second step, as the split bank's were (a first step also creates Adam's slots).
        one.step(1);
        two.step(1);
        const k1 = await countStepKernels(one);
        const k2 = await countStepKernels(two);
        expect(both.opsPerStep).toBe(k1.opsPerStep + k2.opsPerStep);
        expect(mine.opsPerStep).toBeGreaterThan(0);
      } finally {
        one.dispose();
        two.dispose();
      }
    } finally {
      whole.dispose();
      split.dispose();
    }
  });

  it('flags a model that blew up on the helper’s side, and stops once every model has', async () => {
    const model: ModelSpec = { kind: 'mlp', hidden: [8] };
    const split = await openSplit(model, VEC);
    try {
      split.step(2);
      await split.sync();
      await split.poisonModel(2);
      const cp = await split.checkpoint();
      expect(cp.models.map((m) => m.diverged)).toEqual([false, false, true]);
      expect(split.allDiverged).toBe(false);
      await split.poisonModel(0);
      await split.poisonModel(1);
      await split.checkpoint();
      expect(split.allDiverged).toBe(true);
      await expect(split.poisonModel(3)).rejects.toThrow(/no model 3/);
    } finally {
      split.dispose();
    }
  });

  it('fails to open, with the helper’s reason, where the helper could not start its backend', async () => {
    const helper = new ShardClient(inProcessHelper(Promise.reject(new Error('wasm did not start here'))));
    await expect(
      SplitBankTrainer.open(
        helper,
        { dataset: VEC, datasetKey: 'k' },
        { kind: 'mlp', hidden: [8] },
        SETTINGS,
      ),
    ).rejects.toThrow(/wasm did not start here/);
  });

  it('rejects the next sync once the helper is gone', async () => {
    const helper = new ShardClient(inProcessHelper());
    const split = await SplitBankTrainer.open(
      helper,
      { dataset: VEC, datasetKey: 'k' },
      { kind: 'mlp', hidden: [8] },
      SETTINGS,
    );
    try {
      helper.terminate('the helper crashed');
      split.step(1);
      await expect(split.sync()).rejects.toThrow(/the helper crashed/);
      expect(helper.broken).toBe('the helper crashed');
    } finally {
      split.dispose();
    }
  });
});

describe('the engine with a helper worker (wasm)', () => {
  const blobs = { ...BLOBS } as never;
  const model: ModelSpec = { kind: 'mlp', hidden: [8] };

  async function trained(workers: number, startHelper?: () => Endpoint<ShardRequest, ShardAnswer>) {
    const h = harness({
      initBackend: () => initBackendWithReport('wasm'),
      ...(startHelper ? { startHelper } : {}),
    });
    await h.engine.handle({ type: 'init', workers });
    await h.engine.handle({ type: 'load', datasetSpec: blobs });
    const done = h.next('done');
    await h.engine.handle({ type: 'train', runId: 'r', model, settings: { ...ENGINE_SETTINGS } });
    await done;
    const ready = h.messages.find((m): m is MessageOf<'ready'> => m.type === 'ready');
    const cps = h.messages.filter((m): m is MessageOf<'checkpoint'> => m.type === 'checkpoint');
    return { h, ready, cps };
  }

  it('splits a run across both threads, says so, and trains the same models as one thread does', async () => {
    const split = await trained(2, () => inProcessHelper());
    const one = await trained(1, () => inProcessHelper());
    expect(split.ready?.wasm).toMatchObject({ workers: 2 });
    expect(split.ready?.wasm?.workersReason).toBeUndefined();
    expect(one.ready?.wasm).toMatchObject({ workers: 1, workersReason: expect.stringMatching(/workers=1/) });
    expect(split.cps.map((c) => c.checkpoint.step)).toEqual([10, 20]);
    expect(split.cps.map((c) => c.checkpoint.step)).toEqual(one.cps.map((c) => c.checkpoint.step));
    for (let i = 0; i < split.cps.length; i++) {
      const [a, b] = [one.cps[i].checkpoint, split.cps[i].checkpoint];
      expect(b.models.map((m) => m.alpha)).toEqual([0, 0.2]);
      for (let m = 0; m < 2; m++)
        expect(maxAbsDiff(b.models[m].testLogits, a.models[m].testLogits)).toBeLessThan(1e-5);
    }
    // The bench measures a bank as runs train it: split, with both threads' kernels.
    const bench = await split.h.engine
      .handle({
        type: 'bench',
        requestId: 7,
        model,
        models: 2,
        batchSize: 10,
        repeats: 1,
        targetBlockMs: 5,
      } as never)
      .then(() => split.h.messages.find((m) => (m as { requestId?: number }).requestId === 7));
    expect(bench).toMatchObject({ type: 'bench', wasm: { workers: 2 } });
    const solo = await split.h.engine
      .handle({
        type: 'bench',
        requestId: 8,
        model,
        models: 1,
        batchSize: 10,
        repeats: 1,
        targetBlockMs: 5,
      } as never)
      .then(() => split.h.messages.find((m) => (m as { requestId?: number }).requestId === 8));
    expect(solo).toMatchObject({ type: 'bench', wasm: { workers: 1 } });
    expect((bench as unknown as { opsPerStep: number }).opsPerStep).toBeGreaterThan(
      (solo as unknown as { opsPerStep: number }).opsPerStep,
    );
  });

  it('counts the helper’s tensors in the memory diagnostic, and frees them with the run', async () => {
    const { h } = await trained(2, () => inProcessHelper());
    const memory = async (requestId: number) => {
      await h.engine.handle({ type: 'memory', requestId } as never);
      return h.messages.find((m) => (m as { requestId?: number }).requestId === requestId) as unknown as {
        numTensors: number;
        helper: { numTensors: number };
      };
    };
    // The finished run's trainers are kept (for diagnostics). In-process the helper shares this
    // thread's tfjs, so its count is the thread's and the total counts it twice; in the browser
    // each worker has its own (the soak and the bench's memory check read the totals there).
    const kept = await memory(21);
    expect(kept.helper.numTensors).toBeGreaterThan(0);
    expect(kept.numTensors).toBe(2 * kept.helper.numTensors);
    // Another run of the same bank leaves as many tensors behind as the first: nothing leaks.
    const done = h.next('done');
    await h.engine.handle({ type: 'train', runId: 'again', model, settings: { ...ENGINE_SETTINGS } });
    await done;
    expect(await memory(22)).toMatchObject({ numTensors: kept.numTensors, helper: kept.helper });
    // Freed with the run: both halves of the bank (the helper closed its trainer too).
    await h.engine.handle({ type: 'dispose' });
    expect((await memory(23)).helper.numTensors).toBeLessThan(kept.helper.numTensors);
  });

  it('trains on one thread, and says why, where the helper cannot start', async () => {
    const r = await trained(2, () => inProcessHelper(Promise.reject(new Error('no wasm in the helper'))));
    expect(r.ready?.wasm).toMatchObject({
      workers: 1,
      workersReason: expect.stringMatching(/helper worker could not start \(no wasm in the helper\)/),
    });
    expect(r.cps.map((c) => c.checkpoint.step)).toEqual([10, 20]);
  });

  it('does not wait for a helper that never answers', async () => {
    const silent: Endpoint<ShardRequest, ShardAnswer> = {
      post: () => {},
      listen: () => {},
      terminate: () => {},
    };
    const h = harness({
      initBackend: () => initBackendWithReport('wasm'),
      startHelper: () => silent,
      helperStartMs: 50,
    });
    const ready = h.next('ready');
    await h.engine.handle({ type: 'init', workers: 2 });
    expect((await ready).wasm).toMatchObject({
      workers: 1,
      workersReason: 'the helper worker could not start (no answer within 0.05 s)',
    });
  });

  it('reports a run whose helper died as failed, and trains the next on one thread', async () => {
    let endpoint: Endpoint<ShardRequest, ShardAnswer> | null = null;
    const h = harness({
      initBackend: () => initBackendWithReport('wasm'),
      startHelper: () => (endpoint = inProcessHelper()),
    });
    await h.engine.handle({ type: 'init', workers: 2 });
    await h.engine.handle({ type: 'load', datasetSpec: blobs });
    const failed = h.next('error');
    await h.engine.handle({
      type: 'train',
      runId: 'a',
      model,
      settings: { ...ENGINE_SETTINGS, epochs: 400 },
      stepsPerSlice: 1,
    });
    endpoint!.terminate();
    expect(await failed).toMatchObject({
      during: 'train',
      runId: 'a',
      message: expect.stringMatching(/terminated/),
    });
    const done = h.next('done');
    await h.engine.handle({ type: 'train', runId: 'b', model, settings: ENGINE_SETTINGS });
    expect(await done).toMatchObject({ runId: 'b', stopped: false, step: 20 });
  });
});
