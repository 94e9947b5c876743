import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import {
  createBankParams,
  disposeBankParams,
  forward,
  type BankParams,
} from '../../src/training/trainer/models';
import { targetConstants } from '../../src/training/trainer/mlpStep';
import { cnnLossAndGradients, cnnStepByHand } from '../../src/training/trainer/cnnStep';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import { createRng } from '../../src/data/rng';
import { expectMatchesTape, tapeReference } from './tapeReference';

interface Case {
  shape: [number, number, number];
  filters: [number, number];
  dense: number;
  alphas: number[];
  mask: number[] | null;
  k: number;
  b: number;
}

const CASES: Case[] = [
  { shape: [8, 8, 1], filters: [2, 3], dense: 4, alphas: [0.1], mask: null, k: 3, b: 4 },
  { shape: [6, 6, 2], filters: [3, 2], dense: 5, alphas: [0, 0.3, -0.2], mask: [1, 0, 1], k: 4, b: 5 },
  { shape: [7, 7, 1], filters: [4, 4], dense: 6, alphas: [0.5, 0], mask: null, k: 5, b: 3 },
  // A bank of six, as the app trains (the per-model slices of every weight and gradient).
  {
    shape: [8, 8, 1],
    filters: [3, 4],
    dense: 5,
    alphas: [0, 0.1, 0.2, -0.1, 0.3, 0.05],
    mask: [1, 1, 0, 1, 1, 1],
    k: 4,
    b: 4,
  },
];

function setup(c: Case): { p: BankParams; x: Float32Array; y: Int32Array } {
  const p = createBankParams({
    spec: { kind: 'cnn', filters: c.filters, dense: c.dense },
    sampleShape: c.shape,
    numClasses: c.k,
    numModels: c.alphas.length,
    seed: 6,
  });
  const rng = createRng(10, 'cnn-step-test');
  for (const q of p.params) {
    const vals = Float32Array.from({ length: q.variable.size }, () => rng.normal() * 0.5);
    tf.tidy(() => q.variable.assign(tf.tensor(vals, q.variable.shape, 'float32')));
  }
  const x = Float32Array.from({ length: c.b * c.shape[0] * c.shape[1] * c.shape[2] }, () => rng.normal());
  const y = Int32Array.from({ length: c.b }, () => rng.int(c.k));
  return { p, x, y };
}

afterAll(async () => {
  await initNodeBackend('cpu');
});

describe.each(['wasm', 'cpu'] as const)('hand-written CNN gradients on %s', (backend) => {
  it.each(CASES)('equal the tape for input $shape, filters $filters, α $alphas, mask $mask', async (c) => {
    expect(await initNodeBackend(backend)).toBe(backend);
    const { p, x, y } = setup(c);
    expect(cnnStepByHand(p)).toBe(true);
    const m = c.alphas.length;
    const vars = p.params.map((q) => q.variable);
    const xt = tf.tensor4d(x, [c.b, ...c.shape]);
    const oneHot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), c.k), 'float32')) as tf.Tensor2D;
    const mask = c.mask ? tf.tensor1d(c.mask, 'float32') : null;
    const { targetScale, targetShift } = targetConstants(c.alphas, c.b, c.k);
    // Make the patch index once, outside the count (it is cached on the bank).
    tf.tidy(() => forward(p, xt));
    const before = tf.memory().numTensors;
    const hand = tf.tidy(() => {
      const r = cnnLossAndGradients(p, { x: xt, oneHot, targetScale, targetShift, liveMask: mask });
      return [r.logits, r.perModel, ...r.grads];
    });
    expect(tf.memory().numTensors).toBe(before + hand.length);
    const alphas = tf.tensor3d(c.alphas, [m, 1, 1], 'float32');
    const ref = tapeReference(p, xt, oneHot, alphas, mask, vars);
    await expectMatchesTape(hand, ref);
    tf.dispose([...hand, ...ref, xt, oneHot, alphas, targetScale, targetShift]);
    mask?.dispose();
    disposeBankParams(p);
  });
});
