import { describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import type { BankCheckpoint, ModelSpec } from '../../src/model/training';
import { makeBlobs, maxAbsDiff } from './fixtures';

const IMG = makeBlobs({ sampleShape: [12, 12, 1], numClasses: 4, nTrain: 48, nVal: 16, nTest: 16 });
const VEC = makeBlobs({ dim: 20, numClasses: 4, nTrain: 64, nVal: 30, nTest: 30 });

async function checkpoints(
  model: ModelSpec,
  data = model.kind === 'cnn' ? IMG : VEC,
): Promise<BankCheckpoint[]> {
  const t = new AlphaBankTrainer(data, model, {
    alphas: [0, 0.2],
    seed: 11,
    epochs: 5,
    batchSize: 16,
    learningRate: 1e-3,
    checkpointEvery: 100,
  });
  try {
    const start = await t.checkpoint();
    t.step(8);
    return [start, await t.checkpoint()];
  } finally {
    t.dispose();
  }
}

describe('wasm backend in Node', () => {
  it('gives the cpu logits (same weights, then after 8 identical steps), for MLP and CNN', async () => {
    const models: ModelSpec[] = [
      { kind: 'mlp', hidden: [32, 16] },
      { kind: 'cnn', filters: [4, 8], dense: 16 },
    ];
    expect(await initNodeBackend('cpu')).toBe('cpu');
    const onCpu = [];
    for (const m of models) onCpu.push(await checkpoints(m));
    expect(await initNodeBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < models.length; i++) {
      const onWasm = await checkpoints(models[i]);
      for (let c = 0; c < 2; c++) {
        for (let m = 0; m < 2; m++) {
          const a = onCpu[i][c].models[m];
          const b = onWasm[c].models[m];
          expect(maxAbsDiff(a.valLogits, b.valLogits)).toBeLessThan(1e-4);
          expect(maxAbsDiff(a.testLogits, b.testLogits)).toBeLessThan(1e-4);
          if (c === 1) expect(Math.abs(a.trainLoss - b.trainLoss)).toBeLessThan(1e-4);
        }
      }
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
