import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import { trainBank } from '../../src/training/trainer/loop';
import type { ModelSpec } from '../../src/model/training';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import { makeBlobs } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tensor memory', () => {
  it('stays flat over 1,000 steps with checkpoints, and dispose() returns to the baseline', async () => {
    const data = makeBlobs({ dim: 4, numClasses: 3, nTrain: 64, nVal: 20, nTest: 20 });
    const baseline = tf.memory().numTensors;
    const trainer = new AlphaBankTrainer(
      data,
      { kind: 'mlp', hidden: [8, 8] },
      {
        alphas: [0, 0.2, 0.4],
        seed: 1,
        epochs: 250,
        batchSize: 16,
        learningRate: 1e-3,
        checkpointEvery: 100,
      },
    );
    expect(trainer.totalSteps).toBe(1000);
    const counts = new Map<number, number>();
    const result = await trainBank(trainer, {
      stepsPerSlice: 25,
      onCheckpoint: (cp) => {
        counts.set(cp.step, tf.memory().numTensors);
      },
    });
    expect(result).toEqual({ stopped: false, step: 1000, checkpoints: 10 });
    expect([...counts.keys()]).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(counts.get(1000)).toBe(counts.get(100));
    // Extra predictions and checkpoints leave nothing behind either.
    await trainer.predictLogits(data.test.x, data.test.n);
    await trainer.checkpoint();
    expect(tf.memory().numTensors).toBe(counts.get(100));
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('CNN bank: flat over steps and back to baseline', async () => {
    const data = makeBlobs({ sampleShape: [8, 8, 1], numClasses: 3, nTrain: 32, nVal: 8, nTest: 8 });
    const cnn: ModelSpec = { kind: 'cnn', filters: [2, 3], dense: 4 };
    const baseline = tf.memory().numTensors;
    const trainer = new AlphaBankTrainer(data, cnn, {
      alphas: [0, 0.3],
      seed: 2,
      epochs: 10,
      batchSize: 8,
      learningRate: 1e-3,
      checkpointEvery: 10,
    });
    trainer.step(10);
    await trainer.checkpoint();
    const after10 = tf.memory().numTensors;
    trainer.step(30);
    await trainer.checkpoint();
    expect(tf.memory().numTensors).toBe(after10);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('tensor memory on wasm (fused Adam, hand-written MLP step)', () => {
  afterAll(async () => {
    await initNodeBackend('cpu');
  });

  it.each<[string, ModelSpec, number[]]>([
    ['MLP', { kind: 'mlp', hidden: [8, 8] }, [4]],
    ['CNN', { kind: 'cnn', filters: [2, 2], dense: 4 }, [8, 8, 1]],
  ])(
    '%s: as many tensors and bytes after 2,000 steps as after 10, a diverged model included',
    async (_, spec, shape) => {
      expect(await initNodeBackend('wasm')).toBe('wasm');
      const data = makeBlobs({ sampleShape: shape, numClasses: 3, nTrain: 32, nVal: 8, nTest: 8 });
      const baseline = tf.memory().numTensors;
      const trainer = new AlphaBankTrainer(data, spec, {
        alphas: [0, 0.2, 0.4],
        seed: 5,
        epochs: 1000,
        batchSize: 8,
        learningRate: 1e-3,
        checkpointEvery: 1000,
      });
      trainer.step(5);
      // Model 1 diverges: from then on the masked (frozen) path runs too.
      trainer.poisonModel(1);
      expect((await trainer.checkpoint()).models.map((m) => m.diverged)).toEqual([false, true, false]);
      trainer.step(5);
      await trainer.sync();
      const after10 = tf.memory();
      for (let i = 0; i < 4; i++) {
        trainer.step(495);
        await trainer.checkpoint();
      }
      trainer.step(10);
      await trainer.sync();
      expect(trainer.currentStep).toBe(2000);
      expect(tf.memory().numTensors).toBe(after10.numTensors);
      expect(tf.memory().numBytes).toBe(after10.numBytes);
      trainer.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
    },
  );
});
