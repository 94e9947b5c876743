import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import type { Dataset } from '../../src/data/types';
import type { BankCheckpoint, ModelSpec, TrainSettings } from '../../src/model/training';
import { makeBlobs, maxAbsDiff } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MLP: ModelSpec = { kind: 'mlp', hidden: [16] };
const DATA = makeBlobs({ dim: 4, numClasses: 3, nTrain: 96, nVal: 40, nTest: 30, separation: 1.5 });

function settings(over: Partial<TrainSettings> = {}): TrainSettings {
  return {
    alphas: [0],
    seed: 3,
    epochs: 5,
    batchSize: 16,
    learningRate: 1e-2,
    checkpointEvery: 1000,
    ...over,
  };
}

/** Trains `steps` steps and returns a checkpoint; the trainer is disposed. */
async function run(
  over: Partial<TrainSettings>,
  steps: number,
  data: Dataset = DATA,
  model: ModelSpec = MLP,
): Promise<BankCheckpoint> {
  const t = new AlphaBankTrainer(data, model, settings(over));
  try {
    t.step(steps);
    return await t.checkpoint();
  } finally {
    t.dispose();
  }
}

/** Float64 recomputation of science.md §1: mean over rows of −Σ_k y_LS,k log π_k. */
function lsLoss64(logits: Float32Array, y: Int32Array, k: number, alpha: number): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const row = Array.from(logits.subarray(i * k, (i + 1) * k));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    for (let j = 0; j < k; j++) {
      const target = (1 - alpha) * (j === y[i] ? 1 : 0) + alpha / k;
      total -= target * (row[j] - lse);
    }
  }
  return total / y.length;
}

function accuracy(logits: Float32Array, y: Int32Array, k: number): number {
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    const row = logits.subarray(i * k, (i + 1) * k);
    if (row.indexOf(Math.max(...row)) === y[i]) correct++;
  }
  return correct / y.length;
}

describe('AlphaBankTrainer', () => {
  it('counts steps: floor(n/batch) per epoch (last partial batch dropped)', () => {
    const t = new AlphaBankTrainer(DATA, MLP, settings({ batchSize: 20, epochs: 3 }));
    expect(t.stepsPerEpoch).toBe(4);
    expect(t.totalSteps).toBe(12);
    expect(t.step(100)).toBe(12);
    expect(t.finished).toBe(true);
    expect(t.epoch).toBe(3);
    t.dispose();
    const big = new AlphaBankTrainer(DATA, MLP, settings({ batchSize: 500 }));
    expect(big.batchSize).toBe(96);
    big.dispose();
  });

  it('is deterministic: same seed gives bit-identical logits, another seed does not', async () => {
    const a = await run({ alphas: [0, 0.2] }, 25);
    const b = await run({ alphas: [0, 0.2] }, 25);
    const c = await run({ alphas: [0, 0.2], seed: 4 }, 25);
    for (let m = 0; m < 2; m++) {
      expect(a.models[m].valLogits).toEqual(b.models[m].valLogits);
      expect(a.models[m].testLogits).toEqual(b.models[m].testLogits);
      expect(maxAbsDiff(a.models[m].valLogits, c.models[m].valLogits)).toBeGreaterThan(1e-3);
    }
    expect(a.models[0].trainLoss).toBe(b.models[0].trainLoss);
  });

  it('pairs models: identical start; a stacked bank equals separate single-model trainings', async () => {
    const start = await run({ alphas: [0, 0.1, 0.3] }, 0);
    expect(start.models[1].valLogits).toEqual(start.models[0].valLogits);
    expect(start.models[2].testLogits).toEqual(start.models[0].testLogits);

    const steps = 40;
    const bank = await run({ alphas: [0, 0.2] }, steps);
    const ce = await run({ alphas: [0] }, steps);
    const ls = await run({ alphas: [0.2] }, steps);
    expect(maxAbsDiff(bank.models[0].valLogits, ce.models[0].valLogits)).toBeLessThan(1e-5);
    expect(maxAbsDiff(bank.models[1].valLogits, ls.models[0].valLogits)).toBeLessThan(1e-5);
    expect(maxAbsDiff(bank.models[1].testLogits, ls.models[0].testLogits)).toBeLessThan(1e-5);
    expect(Math.abs(bank.models[1].trainLoss - ls.models[0].trainLoss)).toBeLessThan(1e-5);
    // The models did diverge from each other: α matters.
    expect(maxAbsDiff(bank.models[0].valLogits, bank.models[1].valLogits)).toBeGreaterThan(1e-3);

    // Batch order does not depend on the α values or the bank size.
    const wide = await run({ alphas: [0, 0.1, 0.3] }, steps);
    expect(maxAbsDiff(wide.models[0].valLogits, ce.models[0].valLogits)).toBeLessThan(1e-5);
  });

  it('pairs CNN models the same way', async () => {
    const img = makeBlobs({ sampleShape: [8, 8, 1], numClasses: 3, nTrain: 48, nVal: 10, nTest: 10 });
    const cnn: ModelSpec = { kind: 'cnn', filters: [3, 4], dense: 8 };
    const bank = await run({ alphas: [0, 0.3], batchSize: 8, learningRate: 3e-3 }, 8, img, cnn);
    const ls = await run({ alphas: [0.3], batchSize: 8, learningRate: 3e-3 }, 8, img, cnn);
    expect(bank.models[1].valLogits.length).toBe(30);
    expect(maxAbsDiff(bank.models[1].valLogits, ls.models[0].valLogits)).toBeLessThan(1e-5);
    expect(Number.isFinite(bank.models[0].trainLoss)).toBe(true);
  });

  it('trains with exactly the LS loss of science.md §1 (float64 recomputation)', async () => {
    // val = train and a full batch: the loss of step k+1 is the loss of the weights at checkpoint k
    // on the whole training split, which the checkpoint's val logits let us recompute in float64.
    const data: Dataset = { ...DATA, val: DATA.train };
    const alphas = [0, 0.1, 0.4, -0.1];
    const t = new AlphaBankTrainer(data, MLP, settings({ alphas, batchSize: DATA.train.n, epochs: 10 }));
    t.step(6);
    const before = await t.checkpoint();
    t.step(1);
    const after = await t.checkpoint();
    t.dispose();
    alphas.forEach((alpha, m) => {
      const expected = lsLoss64(before.models[m].valLogits, data.train.y, 3, alpha);
      expect(Math.abs(after.models[m].trainLoss - expected)).toBeLessThan(1e-5 * Math.max(1, expected));
      expect(after.models[m].trainAcc).toBeCloseTo(accuracy(before.models[m].valLogits, data.train.y, 3), 10);
    });
    expect(before.models[1].trainLoss).not.toBe(before.models[0].trainLoss);
  });

  it('learns an easy problem well above chance within a few hundred steps', async () => {
    const easy = makeBlobs({
      dim: 4,
      numClasses: 4,
      nTrain: 256,
      nVal: 100,
      nTest: 100,
      separation: 4,
      seed: 9,
    });
    const t = new AlphaBankTrainer(
      easy,
      { kind: 'mlp', hidden: [32] },
      settings({ alphas: [0, 0.2], epochs: 40, batchSize: 32, learningRate: 3e-3 }),
    );
    t.step(20);
    const early = await t.checkpoint();
    t.step(280);
    const late = await t.checkpoint();
    t.dispose();
    for (let m = 0; m < 2; m++) {
      expect(late.models[m].trainAcc).toBeGreaterThan(0.85);
      expect(late.models[m].trainLoss).toBeLessThan(early.models[m].trainLoss);
      expect(accuracy(late.models[m].testLogits, easy.test.y, 4)).toBeGreaterThan(0.85);
    }
    expect(late.step).toBe(300);
    expect(late.epoch).toBe(300 / 8);
  });

  it('predictLogits gives the checkpoint logits for the val inputs; train stats of a repeated or first checkpoint', async () => {
    const t = new AlphaBankTrainer(DATA, MLP, settings({ alphas: [0, 0.5] }));
    // Before any step there is no training interval: NaN.
    const start = await t.checkpoint();
    expect(start.models[0].trainLoss).toBeNaN();
    expect(start.models[0].diverged).toBe(false);
    t.step(7);
    const cp = await t.checkpoint({ previewRows: 3 });
    expect(cp.models[0].preview).toBe(true);
    expect(Number.isFinite(cp.models[0].trainLoss)).toBe(true);
    const pred = await t.predictLogits(DATA.val.x, DATA.val.n);
    expect(pred[1].subarray(0, cp.models[1].valLogits.length)).toEqual(cp.models[1].valLogits);
    // A full evaluation at the same step (after a live preview) reports the same interval's stats.
    const again = await t.checkpoint();
    expect(again.models[0].preview).toBeUndefined();
    expect(again.models[1].valLogits).toEqual(pred[1]);
    expect(again.models.map((m) => m.trainLoss)).toEqual(cp.models.map((m) => m.trainLoss));
    expect(again.models.map((m) => m.trainAcc)).toEqual(cp.models.map((m) => m.trainAcc));
    expect(again.models[0].diverged).toBe(false);
    await expect(t.predictLogits(new Float32Array(3), 1)).rejects.toThrow(/shape/);
    t.dispose();
    expect(() => t.step(1)).toThrow(/dispose/);
  });

  it('flags a model with non-finite loss or logits as diverged', async () => {
    const huge: Dataset = {
      ...DATA,
      val: { ...DATA.val, x: DATA.val.x.map((v) => v * 1e38) },
    };
    const cp = await run({ alphas: [0, 0.1] }, 3, huge);
    expect(cp.models.map((m) => m.diverged)).toEqual([true, true]);
    const fine = await run({ alphas: [0, 0.1] }, 3);
    expect(fine.models.map((m) => m.diverged)).toEqual([false, false]);
  });

  it('rejects invalid settings', () => {
    expect(() => new AlphaBankTrainer(DATA, MLP, settings({ alphas: [] }))).toThrow(/alphas/);
    expect(() => new AlphaBankTrainer(DATA, MLP, settings({ epochs: 0 }))).toThrow(/epochs/);
    expect(() => new AlphaBankTrainer(DATA, MLP, settings({ learningRate: -1 }))).toThrow(/learningRate/);
  });
});
