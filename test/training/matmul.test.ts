/**
 * The wasm fast path of the bank's matrix products (src/training/matmul.ts) against stock
 * tf.matMul: values and gradients, rank 2 and batched (split per model and kept batched), and no
 * tensor left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import { SPLIT_MIN_MACS, bankMatMul, inputMatMul } from '../../src/training/trainer/matmul';
import { createRng } from '../../src/data/rng';

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed, 'matmul-test');
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.uniform() * 2 - 1),
    shape,
  );
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [await a.data(), await b.data()];
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

function maxAbs(t: tf.Tensor): number {
  let m = 0;
  for (const v of t.dataSync()) m = Math.max(m, Math.abs(v));
  return m;
}

// A loss that weighs every output entry differently, so a transposed or misplaced gradient shows.
function lossOf(y: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(tf.square(y), weights));
}

beforeAll(async () => {
  expect(await initNodeBackend('wasm')).toBe('wasm');
});
afterAll(async () => {
  await initNodeBackend('cpu');
});

describe('bankMatMul / inputMatMul on wasm', () => {
  const cases: { name: string; a: number[]; b: number[]; split?: boolean }[] = [
    { name: 'rank 2', a: [7, 5], b: [5, 3] },
    { name: 'batched, one model', a: [1, 6, 4], b: [1, 4, 3] },
    {
      name: 'batched, three small models (below the split size: one batched product)',
      a: [3, 6, 4],
      b: [3, 4, 5],
    },
    { name: 'batched, two models large enough to split', a: [2, 40, 160], b: [2, 160, 160] },
    { name: 'batched, three models, kept batched', a: [3, 6, 4], b: [3, 4, 5], split: false },
  ];
  it('the large case really is above the split size', () => {
    expect(40 * 160 * 160).toBeGreaterThanOrEqual(SPLIT_MIN_MACS);
    expect(6 * 4 * 5).toBeLessThan(SPLIT_MIN_MACS);
  });
  for (const c of cases) {
    it(`${c.name}: value and both gradients equal tf.matMul's`, async () => {
      const before = tf.memory().numTensors;
      const a = random(c.a, 1);
      const b = random(c.b, 2);
      const outShape = [...c.a.slice(0, -1), c.b[c.b.length - 1]];
      const w = random(outShape, 3);
      const opts = c.split === undefined ? {} : { split: c.split };
      const fast = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        lossOf(bankMatMul(x as tf.Tensor3D, y as tf.Tensor3D, opts), w),
      );
      const stock = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        lossOf(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D), w),
      );
      const valueFast = bankMatMul(a as tf.Tensor3D, b as tf.Tensor3D, opts);
      const valueStock = tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D);
      expect(await maxDiff(valueFast, valueStock)).toBeLessThan(1e-5);
      const [ga, gb] = fast([a, b]);
      const [sa, sb] = stock([a, b]);
      expect(await maxDiff(ga, sa)).toBeLessThan(1e-4);
      expect(await maxDiff(gb, sb)).toBeLessThan(1e-4);
      // The gradient is not trivially zero.
      expect(maxAbs(ga)).toBeGreaterThan(0.01);
      tf.dispose([a, b, w, valueFast, valueStock, ga, gb, sa, sb]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('inputMatMul: the weights gradient of data·weights, with data made inside the loss', async () => {
    const before = tf.memory().numTensors;
    const x = random([9, 6], 4);
    const wt = random([6, 4], 5);
    const w = random([9, 4], 6);
    // relu(x) is an intermediate of the forward pass: tfjs frees those before back-propagating,
    // so the fast path must keep what its gradient needs.
    const fast = tf.grads((v: tf.Tensor) =>
      lossOf(inputMatMul(tf.relu(x) as tf.Tensor2D, v as tf.Tensor2D), w),
    );
    const stock = tf.grads((v: tf.Tensor) =>
      lossOf(tf.matMul(tf.relu(x) as tf.Tensor2D, v as tf.Tensor2D), w),
    );
    const [g] = fast([wt]);
    const [s] = stock([wt]);
    expect(await maxDiff(g, s)).toBeLessThan(1e-4);
    expect(maxAbs(g)).toBeGreaterThan(0.01);
    tf.dispose([x, wt, w, g, s]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
