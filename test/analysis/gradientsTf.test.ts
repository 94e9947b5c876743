/**
 * The analysis gradients against tfjs autodiff of the exact loss the trainer uses
 * (src/training/loss.ts), science.md §2: "Every gradient the app plots must agree with automatic
 * differentiation of the loss it trains with (tfjs tf.grad)". tfjs computes in float32, hence ~1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lsGradient } from '../../src/analysis/gradients';
import { labelSmoothingLossPerSample } from '../../src/training/trainer/loss';
import { randomLabels, randomLogits } from './naive';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('lsGradient vs tf.grad of labelSmoothingLossPerSample', () => {
  for (const k of [2, 10]) {
    for (const alpha of [0, 0.1, 0.3, -0.1]) {
      it(`K = ${k}, α = ${alpha}`, async () => {
        const n = 16;
        const logits = Float32Array.from(randomLogits(40 + k, n, k, 3));
        const labels = randomLabels(40 + k, n, k);
        const before = tf.memory().numTensors;
        const logitsT = tf.tensor2d(logits, [n, k]);
        const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat());
        const lossSum = (x: tf.Tensor): tf.Tensor => tf.sum(labelSmoothingLossPerSample(x, oneHot, alpha));
        const gradT = tf.tidy(() => tf.grad(lossSum)(logitsT));
        const tfGrad = await gradT.data();
        tf.dispose([logitsT, oneHot, gradT]);
        expect(tf.memory().numTensors).toBe(before);

        const ours = lsGradient(logits, labels, n, k, alpha);
        let worst = 0;
        for (let i = 0; i < n * k; i++) worst = Math.max(worst, Math.abs(ours[i] - tfGrad[i]));
        expect(worst).toBeLessThan(1e-5);
        // The check can fail: the CE gradient is visibly different when α ≠ 0.
        if (alpha !== 0) {
          const ce = lsGradient(logits, labels, n, k, 0);
          let diff = 0;
          for (let i = 0; i < n * k; i++) diff = Math.max(diff, Math.abs(ce[i] - tfGrad[i]));
          expect(diff).toBeGreaterThan(1e-3);
        }
      });
    }
  }
});
