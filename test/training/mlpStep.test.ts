import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { createBankParams, disposeBankParams, type BankParams } from '../../src/training/trainer/models';
import { labelSmoothingLossPerSample } from '../../src/training/trainer/loss';
import {
  lossAndLogitGradient,
  mlpLossAndGradients,
  targetConstants,
} from '../../src/training/trainer/mlpStep';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import { createRng } from '../../src/data/rng';
import { expectMatchesTape, tapeReference } from './tapeReference';

interface Case {
  hidden: number[];
  alphas: number[];
  /** null: all live; else 1/0 per model. */
  mask: number[] | null;
  d: number;
  k: number;
  b: number;
}

const CASES: Case[] = [
  { hidden: [6], alphas: [0.1], mask: null, d: 5, k: 3, b: 8 },
  { hidden: [5, 4], alphas: [0, 0.3, -0.2], mask: [1, 0, 1], d: 7, k: 4, b: 16 },
  { hidden: [7, 3, 4], alphas: [0.5, 0], mask: null, d: 3, k: 5, b: 12 },
  // Large enough that the wasm products are split per model (SPLIT_MIN_MACS).
  { hidden: [256, 128], alphas: [0, 0.2], mask: null, d: 40, k: 10, b: 64 },
];

/** A bank whose models differ (random weights and biases), and a batch. */
function setup(c: Case): { p: BankParams; x: Float32Array; y: Int32Array } {
  const p = createBankParams({
    spec: { kind: 'mlp', hidden: c.hidden },
    sampleShape: [c.d],
    numClasses: c.k,
    numModels: c.alphas.length,
    seed: 4,
  });
  const rng = createRng(9, 'mlp-step-test');
  for (const q of p.params) {
    const vals = Float32Array.from({ length: q.variable.size }, () => rng.normal() * 0.5);
    tf.tidy(() => q.variable.assign(tf.tensor(vals, q.variable.shape, 'float32')));
  }
  const x = Float32Array.from({ length: c.b * c.d }, () => rng.normal());
  const y = Int32Array.from({ length: c.b }, () => rng.int(c.k));
  return { p, x, y };
}

afterAll(async () => {
  await initNodeBackend('cpu');
});

describe.each(['wasm', 'cpu'] as const)('hand-written MLP gradients on %s', (backend) => {
  it.each(CASES)('equal the tape (tf.variableGrads) for hidden $hidden, α $alphas, mask $mask', async (c) => {
    expect(await initNodeBackend(backend)).toBe(backend);
    const { p, x, y } = setup(c);
    const m = c.alphas.length;
    const vars = p.params.map((q) => q.variable);
    const xt = tf.tensor2d(x, [c.b, c.d]);
    const oneHot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), c.k), 'float32')) as tf.Tensor2D;
    const mask = c.mask ? tf.tensor1d(c.mask, 'float32') : null;
    const { targetScale, targetShift } = targetConstants(c.alphas, c.b, c.k);
    const before = tf.memory().numTensors;
    const hand = tf.tidy(() => {
      const r = mlpLossAndGradients(p, { x: xt, oneHot, targetScale, targetShift, liveMask: mask });
      return [r.logits, r.perModel, ...r.grads];
    });
    expect(tf.memory().numTensors).toBe(before + hand.length);
    // With xᵀ given (as the trainer does on wasm): the same gradients, bit for bit.
    const xT = tf.tidy(() => tf.transpose(xt) as tf.Tensor2D);
    const withXT = tf.tidy(
      () => mlpLossAndGradients(p, { x: xt, xT, oneHot, targetScale, targetShift, liveMask: mask }).grads,
    );
    expect(await Promise.all(withXT.map((t) => t.data()))).toEqual(
      await Promise.all(hand.slice(2).map((t) => t.data())),
    );
    tf.dispose([...withXT, xT]);
    // The reference: today's forward pass and loss, differentiated by tfjs.
    const alphas = tf.tensor3d(c.alphas, [m, 1, 1], 'float32');
    const ref = tapeReference(p, xt, oneHot, alphas, mask, vars);
    const handData = await expectMatchesTape(hand, ref);
    if (c.mask) {
      // The frozen model's gradient is exactly zero (its stacked output-layer entries, say).
      const last = handData[handData.length - 2];
      const per = last.length / m;
      c.mask.forEach((live, mi) => {
        const part = last.subarray(mi * per, (mi + 1) * per);
        if (live === 0) expect(part.every((g) => g === 0)).toBe(true);
        else expect(part.some((g) => g !== 0)).toBe(true);
      });
    }
    tf.dispose([...hand, ...ref, xt, oneHot, alphas, targetScale, targetShift]);
    mask?.dispose();
    disposeBankParams(p);
  });
});

describe("the loss head (also the CNN step's, inside the tape)", () => {
  it('per-model loss and ∂loss/∂logits equal labelSmoothingLossPerSample and tf.grad of it', async () => {
    await initNodeBackend('cpu');
    const [m, b, k] = [3, 10, 4];
    const alphasList = [0, 0.25, -0.1];
    const rng = createRng(3, 'loss-head-test');
    const logits = tf.tensor3d(
      Float32Array.from({ length: m * b * k }, () => rng.normal() * 3),
      [m, b, k],
    );
    const oneHot = tf.tidy(() =>
      tf.cast(
        tf.oneHot(
          tf.tensor1d(
            Int32Array.from({ length: b }, () => rng.int(k)),
            'int32',
          ),
          k,
        ),
        'float32',
      ),
    ) as tf.Tensor2D;
    const mask = tf.tensor1d([1, 0, 1], 'float32');
    const alphas = tf.tensor3d(alphasList, [m, 1, 1], 'float32');
    const { targetScale, targetShift } = targetConstants(alphasList, b, k);
    const [perModel, dz] = tf.tidy(() => {
      const r = lossAndLogitGradient(logits, { oneHot, targetScale, targetShift, liveMask: mask });
      return [r.perModel, r.dz];
    });
    const [refLoss, refGrad] = tf.tidy(() => {
      const loss = (z: tf.Tensor): tf.Tensor => tf.mean(labelSmoothingLossPerSample(z, oneHot, alphas), -1);
      return [loss(logits), tf.grad((z: tf.Tensor) => tf.sum(tf.mul(loss(z), mask)))(logits)];
    });
    const [a, ra, g, rg] = await Promise.all([perModel.data(), refLoss.data(), dz.data(), refGrad.data()]);
    for (let i = 0; i < m; i++)
      expect(Math.abs(a[i] - ra[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(ra[i])));
    expect(Math.max(...rg.map(Math.abs))).toBeGreaterThan(1e-2);
    for (let i = 0; i < rg.length; i++) expect(Math.abs(g[i] - rg[i])).toBeLessThan(1e-7);
    // The masked model's gradient is exactly zero.
    expect(g.subarray(b * k, 2 * b * k).every((x) => x === 0)).toBe(true);
    tf.dispose([logits, oneHot, mask, alphas, targetScale, targetShift, perModel, dz, refLoss, refGrad]);
  });
});
