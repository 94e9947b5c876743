import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import {
  createBankParams,
  disposeBankParams,
  forward,
  initialWeights,
  modelInputShape,
  modelSlice,
  readModelWeights,
  type BankParams,
} from '../../src/training/trainer/models';
import type { ModelSpec } from '../../src/model/training';
import { maxAbsDiff } from './fixtures';

const MLP: ModelSpec = { kind: 'mlp', hidden: [16, 12] };
const CNN: ModelSpec = { kind: 'cnn', filters: [4, 6], dense: 10 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const made: BankParams[] = [];
afterEach(() => {
  for (const p of made.splice(0)) disposeBankParams(p);
});

function bank(spec: ModelSpec, sampleShape: number[], numModels: number, seed = 7): BankParams {
  const p = createBankParams({ spec, sampleShape, numClasses: 5, numModels, seed });
  made.push(p);
  return p;
}

/** Deterministic input rows (no tf.random). */
function input(n: number, d: number): Float32Array {
  return Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37) + 0.1 * ((i * 7) % 5));
}

describe('bank parameters', () => {
  it('initialises every model of a bank identically, and independently of the bank size', async () => {
    for (const [spec, shape] of [
      [MLP, [6]],
      [CNN, [8, 8, 1]],
    ] as [ModelSpec, number[]][]) {
      const b3 = bank(spec, shape, 3);
      const b1 = bank(spec, shape, 1);
      const ref = await readModelWeights(b1, 0);
      const single = initialWeights(spec, modelInputShape(spec, shape), 5, 7).map((w) => w.values);
      expect(ref).toEqual(single);
      for (let m = 0; m < 3; m++) expect(await readModelWeights(b3, m)).toEqual(ref);
    }
  });

  it('uses He-normal hidden weights, Glorot output weights, zero biases', () => {
    const w = initialWeights({ kind: 'mlp', hidden: [256] }, [784], 10, 1);
    const std = (a: Float32Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(std(w[0].values)).toBeCloseTo(Math.sqrt(2 / 784), 3);
    expect(std(w[2].values)).toBeCloseTo(Math.sqrt(2 / 266), 2);
    expect(w[1].values.every((v) => v === 0) && w[3].values.every((v) => v === 0)).toBe(true);
    const other = initialWeights({ kind: 'mlp', hidden: [256] }, [784], 10, 2);
    expect(maxAbsDiff(w[0].values, other[0].values)).toBeGreaterThan(0.01);
  });
});

describe('forward', () => {
  it('MLP bank forward equals a per-model dense computation', async () => {
    const p = bank(MLP, [6], 3);
    // Make the models different so the column/stack bookkeeping is really exercised.
    for (const q of p.params) {
      tf.tidy(() =>
        q.variable.assign(
          tf.add(q.variable, tf.mul(tf.sin(tf.range(0, q.variable.size).reshape(q.variable.shape)), 0.1)),
        ),
      );
    }
    const x = input(4, 6);
    const logits = tf.tidy(() => forward(p, tf.tensor2d(x, [4, 6])));
    expect(logits.shape).toEqual([3, 4, 5]);
    const all = await logits.data();
    logits.dispose();
    for (let m = 0; m < 3; m++) {
      const w = await readModelWeights(p, m);
      const ref = tf.tidy(() => {
        let a: tf.Tensor2D = tf.tensor2d(x, [4, 6]);
        for (let l = 0; l < 3; l++) {
          const [rows, cols] = p.params[2 * l].modelShape;
          a = tf.add(tf.matMul(a, tf.tensor2d(w[2 * l], [rows, cols])), tf.tensor1d(w[2 * l + 1]));
          if (l < 2) a = tf.relu(a);
        }
        return a;
      });
      const refData = await ref.data();
      ref.dispose();
      expect(maxAbsDiff(all.slice(m * 20, (m + 1) * 20), refData)).toBeLessThan(1e-5);
    }
  });

  it('CNN im2col convolutions equal tf.conv2d + maxPool + dense for each model', async () => {
    const p = bank(CNN, [8, 8, 1], 2);
    for (const q of p.params) {
      tf.tidy(() =>
        q.variable.assign(
          tf.add(q.variable, tf.mul(tf.cos(tf.range(0, q.variable.size).reshape(q.variable.shape)), 0.05)),
        ),
      );
    }
    const x = input(3, 64);
    const logits = tf.tidy(() => forward(p, tf.tensor4d(x, [3, 8, 8, 1])));
    expect(logits.shape).toEqual([2, 3, 5]);
    const all = await logits.data();
    logits.dispose();
    for (let m = 0; m < 2; m++) {
      const w = await readModelWeights(p, m);
      const ref = tf.tidy(() => {
        const conv = (a: tf.Tensor4D, wi: number, cin: number, cout: number): tf.Tensor4D =>
          tf.maxPool(
            tf.relu(
              tf.add(tf.conv2d(a, tf.tensor4d(w[wi], [3, 3, cin, cout]), 1, 'same'), tf.tensor1d(w[wi + 1])),
            ),
            2,
            2,
            'valid',
          );
        const a2 = conv(conv(tf.tensor4d(x, [3, 8, 8, 1]), 0, 1, 4), 2, 4, 6);
        const d = tf.relu(
          tf.add(tf.matMul(tf.reshape(a2, [3, 24]), tf.tensor2d(w[4], [24, 10])), tf.tensor1d(w[5])),
        );
        return tf.add(tf.matMul(d, tf.tensor2d(w[6], [10, 5])), tf.tensor1d(w[7]));
      });
      const refData = await ref.data();
      ref.dispose();
      expect(maxAbsDiff(all.slice(m * 15, (m + 1) * 15), refData)).toBeLessThan(1e-5);
    }
  });

  it('CNN gradients (both patch strategies) equal those of a tf.conv2d reference', async () => {
    const p = bank(CNN, [8, 8, 1], 2);
    for (const q of p.params) {
      tf.tidy(() =>
        q.variable.assign(
          tf.add(q.variable, tf.mul(tf.sin(tf.range(0, q.variable.size).reshape(q.variable.shape)), 0.05)),
        ),
      );
    }
    const x = input(3, 64);
    const r = Float32Array.from({ length: 2 * 3 * 5 }, (_, i) => Math.cos(i));
    const vars = p.params.map((q) => q.variable);
    const bankGrads: Float32Array[][] = [];
    for (const strategy of ['gather', 'slices'] as const) {
      p.patchStrategy = strategy;
      const { value, grads } = tf.variableGrads(
        () =>
          tf.sum(tf.mul(forward(p, tf.tensor4d(x, [3, 8, 8, 1])), tf.tensor3d(r, [2, 3, 5]))) as tf.Scalar,
        vars,
      );
      bankGrads.push(await Promise.all(vars.map((v) => grads[v.name].data<'float32'>())));
      value.dispose();
      tf.dispose(grads);
    }
    for (let m = 0; m < 2; m++) {
      const w = await readModelWeights(p, m);
      const shapes = [[3, 3, 1, 4], [4], [3, 3, 4, 6], [6], [24, 10], [10], [10, 5], [5]];
      const ws = w.map((v, i) => tf.tensor(v, shapes[i]));
      const refGrads = tf.grads((...t: tf.Tensor[]) => {
        const conv = (a: tf.Tensor4D, k: number): tf.Tensor4D =>
          tf.maxPool(tf.relu(tf.add(tf.conv2d(a, t[k] as tf.Tensor4D, 1, 'same'), t[k + 1])), 2, 2, 'valid');
        const a2 = conv(conv(tf.tensor4d(x, [3, 8, 8, 1]), 0), 2);
        const d = tf.relu(tf.add(tf.matMul(tf.reshape(a2, [3, 24]), t[4] as tf.Tensor2D), t[5]));
        const logits = tf.add(tf.matMul(d, t[6] as tf.Tensor2D), t[7]);
        return tf.sum(tf.mul(logits, tf.tensor2d(r.slice(m * 15, (m + 1) * 15), [3, 5])));
      })(ws);
      const ref = await Promise.all(refGrads.map((g) => g.data<'float32'>()));
      tf.dispose([...ws, ...refGrads]);
      for (const g of bankGrads) {
        p.params.forEach((q, i) => {
          expect(maxAbsDiff(modelSlice(q, 2, g[i], m), ref[i])).toBeLessThan(1e-4);
        });
      }
    }
  });

  it('CNN takes flat square inputs as [s, s, 1] images (Fashion-MNIST shape)', () => {
    expect(modelInputShape(CNN, [784])).toEqual([28, 28, 1]);
    expect(modelInputShape(MLP, [28, 28, 1])).toEqual([784]);
    expect(() => modelInputShape(CNN, [2])).toThrow(/image/);
    const p = bank({ kind: 'cnn', filters: [8, 16], dense: 64 }, [784], 3);
    const out = tf.tidy(() => forward(p, tf.zeros([2, 784])));
    expect(out.shape).toEqual([3, 2, 5]);
    out.dispose();
  });

  it('rejects bad specs', () => {
    expect(() => bank({ kind: 'mlp', hidden: [] }, [4], 1)).toThrow(/hidden/);
    expect(() => bank({ kind: 'mlp', hidden: [4, 4, 4, 4] }, [4], 1)).toThrow(/hidden/);
    expect(() => bank(MLP, [4], 0)).toThrow(/model/);
  });
});
