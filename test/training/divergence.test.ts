/**
 * Faults inside a bank: a model that blows up is frozen at the next check and the other models'
 * numbers stay bit-identical to a run without the fault; a snapshot continues a run on a fresh
 * trainer (as after a lost WebGL context) with the same batches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import { trainBank } from '../../src/training/trainer/loop';
import type { BankCheckpoint, ModelSpec, TrainSettings } from '../../src/model/training';
import { makeBlobs, maxAbsDiff } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const MLP: ModelSpec = { kind: 'mlp', hidden: [16, 8] };
const CNN: ModelSpec = { kind: 'cnn', filters: [2, 3], dense: 6 };
const DATA = makeBlobs({ dim: 4, numClasses: 3, nTrain: 96, nVal: 40, nTest: 30, separation: 1.5 });
const IMAGES = makeBlobs({ sampleShape: [8, 8, 1], numClasses: 3, nTrain: 48, nVal: 12, nTest: 12 });

function settings(over: Partial<TrainSettings> = {}): TrainSettings {
  return {
    alphas: [0, 0.2],
    seed: 5,
    epochs: 4,
    batchSize: 16,
    learningRate: 1e-2,
    checkpointEvery: 1000,
    ...over,
  };
}

function bitEqual(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** Runs `total` steps with checkpoints at `checks`; `fault(t, step)` may act before each step block. */
async function trace(
  model: ModelSpec,
  data: typeof DATA,
  checks: number[],
  fault?: (t: AlphaBankTrainer, step: number) => void,
): Promise<BankCheckpoint[]> {
  const t = new AlphaBankTrainer(data, model, settings());
  const out: BankCheckpoint[] = [];
  try {
    for (const c of checks) {
      fault?.(t, t.currentStep);
      t.step(c - t.currentStep);
      out.push(await t.checkpoint());
    }
    return out;
  } finally {
    t.dispose();
  }
}

describe('a diverged model of a bank', () => {
  for (const [name, model, data] of [
    ['MLP', MLP, DATA],
    ['CNN', CNN, IMAGES],
  ] as const) {
    it(`is frozen at the next check while the others stay bit-identical (${name})`, async () => {
      const before = tf.memory().numTensors;
      const checks = [4, 8, 12];
      const clean = await trace(model, data, checks);
      // NaN in model 1's weights after step 4: from then on its loss and logits are NaN.
      const faulty = await trace(model, data, checks, (t, step) => step === 4 && t.poisonModel(1));
      expect(tf.memory().numTensors).toBe(before);

      expect(faulty.map((c) => c.models.map((m) => m.diverged))).toEqual([
        [false, false],
        [false, true],
        [false, true],
      ]);
      for (let i = 0; i < checks.length; i++) {
        // The live model: every logit and its training loss exactly as without the fault.
        expect(bitEqual(faulty[i].models[0].testLogits, clean[i].models[0].testLogits)).toBe(true);
        expect(bitEqual(faulty[i].models[0].valLogits, clean[i].models[0].valLogits)).toBe(true);
        expect(Object.is(faulty[i].models[0].trainLoss, clean[i].models[0].trainLoss)).toBe(true);
      }
      // Detected from its non-finite logits, then frozen: weights zeroed, so logits are 0 and stay 0.
      expect(faulty[1].models[1].testLogits.some((v) => Number.isNaN(v))).toBe(true);
      expect(faulty[2].models[1].testLogits.every((v) => v === 0)).toBe(true);
      // And the clean run really did train that model (the comparison above is not vacuous).
      expect(maxAbsDiff(clean[2].models[1].testLogits, clean[1].models[1].testLogits)).toBeGreaterThan(0);
    });
  }

  it('keeps the frozen model at exactly zero in weights and Adam state', async () => {
    const t = new AlphaBankTrainer(DATA, MLP, settings());
    try {
      t.step(3);
      t.poisonModel(0);
      t.step(2);
      await t.checkpoint();
      t.step(5);
      const snap = await t.snapshot();
      const slices = (arrays: Float32Array[]) => arrays.flatMap((a) => [a[0], a[a.length - 1]]);
      // Model 0 owns the first entries of stacked / shared arrays and model 1 the last ones.
      expect(snap.diverged).toEqual([true, false]);
      expect(
        slices(snap.weights)
          .filter((_, i) => i % 2 === 0)
          .every((v) => v === 0),
      ).toBe(true);
      expect(
        slices(snap.adamFirst)
          .filter((_, i) => i % 2 === 0)
          .every((v) => v === 0),
      ).toBe(true);
      expect(
        slices(snap.adamSecond)
          .filter((_, i) => i % 2 === 0)
          .every((v) => v === 0),
      ).toBe(true);
      expect(snap.weights.every((w) => w.every(Number.isFinite))).toBe(true);
      expect(
        slices(snap.weights)
          .filter((_, i) => i % 2 === 1)
          .some((v) => v !== 0),
      ).toBe(true);
    } finally {
      t.dispose();
    }
  });

  it('ends the run early once every model has diverged', async () => {
    const t = new AlphaBankTrainer(DATA, MLP, settings({ checkpointEvery: 5 }));
    try {
      t.poisonModel(0);
      t.poisonModel(1);
      const seen: boolean[][] = [];
      const result = await trainBank(t, {
        stepsPerSlice: 1,
        onCheckpoint: (cp) => void seen.push(cp.models.map((m) => m.diverged)),
      });
      expect(result.stopped).toBe(true);
      expect(result.step).toBe(5);
      expect(seen).toEqual([[true, true]]);
    } finally {
      t.dispose();
    }
  });
});

describe('a bank snapshot', () => {
  async function continued(
    at: number,
    backend: 'cpu' | 'wasm',
  ): Promise<{ direct: BankCheckpoint; resumed: BankCheckpoint }> {
    const total = 24; // 4 epochs × floor(96 / 16) steps
    const a = new AlphaBankTrainer(DATA, MLP, settings());
    a.step(at);
    const snap = await a.snapshot();
    a.step(total);
    const direct = await a.checkpoint();
    a.dispose();
    await tf.setBackend(backend);
    const b = new AlphaBankTrainer(DATA, MLP, settings());
    try {
      await b.restore(snap);
      expect(b.currentStep).toBe(at);
      b.step(total);
      return { direct, resumed: await b.checkpoint() };
    } finally {
      b.dispose();
      await tf.setBackend('cpu');
    }
  }

  it('continues a run on a fresh trainer: same batches and weights (mid-epoch and at an epoch boundary)', async () => {
    const before = tf.memory().numTensors;
    for (const at of [9, 12]) {
      const { direct, resumed } = await continued(at, 'cpu');
      expect(resumed.step).toBe(direct.step);
      // Exactly: Adam's bias correction β^t is rebuilt by the same float32 running product (fusedAdam.ts).
      for (let m = 0; m < 2; m++) {
        expect(resumed.models[m].testLogits).toEqual(direct.models[m].testLogits);
        expect(resumed.models[m].valLogits).toEqual(direct.models[m].valLogits);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    // Control: the same weights continued on other batches (another seed's order) end far apart.
    const a = new AlphaBankTrainer(DATA, MLP, settings());
    a.step(9);
    const snap = await a.snapshot();
    a.step(24);
    const direct = await a.checkpoint();
    a.dispose();
    const other = new AlphaBankTrainer(DATA, MLP, settings({ seed: 6 }));
    await other.restore(snap);
    other.step(24);
    const off = await other.checkpoint();
    other.dispose();
    expect(maxAbsDiff(off.models[0].testLogits, direct.models[0].testLogits)).toBeGreaterThan(1e-3);
  });

  it('moves between backends (cpu → wasm)', async () => {
    const { direct, resumed } = await continued(10, 'wasm');
    for (let m = 0; m < 2; m++) {
      expect(maxAbsDiff(resumed.models[m].testLogits, direct.models[m].testLogits)).toBeLessThan(1e-3);
    }
  });

  it('rejects a snapshot that does not fit', async () => {
    const a = new AlphaBankTrainer(DATA, MLP, settings());
    const snap = await a.snapshot();
    a.dispose();
    const b = new AlphaBankTrainer(DATA, MLP, settings({ alphas: [0] }));
    await expect(b.restore(snap)).rejects.toThrow(/size/);
    b.dispose();
    const c = new AlphaBankTrainer(DATA, MLP, settings());
    await expect(c.restore({ ...snap, step: 10_000 })).rejects.toThrow(/outside/);
    c.dispose();
  });
});
