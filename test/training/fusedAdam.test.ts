import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { FUSED_ADAM_KERNEL, FusedAdamOptimizer } from '../../src/training/trainer/fusedAdam';
import { initNodeBackend } from '../../src/training/trainer/nodeBackend';
import { createRng } from '../../src/data/rng';
import {
  backendMemory,
  setSimdKernelsEnabled,
  simdKernelsFor,
} from '../../src/training/trainer/wasm/simdKernels';

// Entry counts 84, 12, 60, 1 and 8,633: multiples of four and not (the SIMD kernel's scalar tail),
// one above WASM_FUSED_MAX_SIZE (tfjs's ops there when the SIMD kernel is off).
const SHAPES = [[7, 12], [12], [3, 5, 4], [1], [97, 89]];
const STEPS = 50;
let made = 0;

/** Deterministic values of a given shape: weights ~ N(0, 1), gradients ~ N(0, scale²). */
function values(rng: ReturnType<typeof createRng>, shape: number[], scale: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

/** Weights and both moments after `steps` steps of `opt` from fixed weights and fixed gradients. */
async function run(
  opt: tf.Optimizer,
  steps: number,
  from = 0,
  start?: Float32Array[],
): Promise<{ weights: Float32Array[]; moments: Float32Array[]; kernels: number[] }> {
  const init = createRng(1, 'adam-weights');
  const vars = SHAPES.map((s, i) =>
    tf.tidy(() =>
      tf.variable(tf.tensor(start?.[i] ?? values(init, s, 1), s, 'float32'), true, `adam-${i}-${++made}`),
    ),
  );
  const grads = createRng(2, 'adam-grads');
  // Gradients of every step drawn in order; steps before `from` are drawn and skipped.
  const kernels: number[] = [];
  for (let t = 0; t < steps; t++) {
    // Mixed scales, a few exact zeros: the moments see large, tiny and zero gradients.
    const g = SHAPES.map((s, i) => {
      const v = values(grads, s, [1, 1e-3, 30, 0, 3][i]);
      return v;
    });
    if (t < from) continue;
    const named = vars.map((v, i) => ({ name: v.name, tensor: tf.tensor(g[i], SHAPES[i], 'float32') }));
    const prof = await tf.profile(() => opt.applyGradients(named));
    kernels.push(prof.kernels.length);
    for (const n of named) n.tensor.dispose();
  }
  const weights = await Promise.all(vars.map((v) => v.data<'float32'>()));
  const ws = await opt.getWeights();
  const moments = await Promise.all(ws.slice(1).map((w) => w.tensor.data<'float32'>()));
  ws[0].tensor.dispose();
  for (const v of vars) v.dispose();
  return { weights, moments, kernels };
}

afterAll(async () => {
  await initNodeBackend('cpu');
});

describe.each(['wasm', 'cpu'] as const)('FusedAdamOptimizer on %s', (backend) => {
  it(`equals tf.train.adam over ${STEPS} steps (weights and both moments), in one kernel per step`, async () => {
    expect(await initNodeBackend(backend)).toBe(backend);
    const lr = 3e-3;
    const ref = tf.train.adam(lr);
    const fused = new FusedAdamOptimizer(lr);
    const a = await run(ref, STEPS);
    const b = await run(fused, STEPS);
    // The same float32 operations in the same order, each correctly rounded: tolerance 0, bit-for-bit.
    expect(b.weights).toEqual(a.weights);
    expect(b.moments).toEqual(a.moments);
    // The weights moved (a test that the comparison is not of untouched values).
    const init = createRng(1, 'adam-weights');
    const w0 = values(init, SHAPES[0], 1);
    expect(Math.max(...a.weights[0].map((x, i) => Math.abs(x - w0[i])))).toBeGreaterThan(1e-2);
    // After the first step (which makes the moments: one ZerosLike each), one kernel per step.
    expect(b.kernels.slice(1).every((k) => k === 1)).toBe(true);
    expect(a.kernels[1]).toBeGreaterThan(10 * SHAPES.length);
    ref.dispose();
    fused.dispose();
  });

  it('the fallback of ordinary ops gives the same values', async () => {
    expect(await initNodeBackend(backend)).toBe(backend);
    const fused = new FusedAdamOptimizer(1e-2);
    const plain = new FusedAdamOptimizer(1e-2, 0.9, 0.999, undefined, false);
    const a = await run(fused, 20);
    const b = await run(plain, 20);
    expect(b.weights).toEqual(a.weights);
    expect(b.moments).toEqual(a.moments);
    expect(b.kernels[0]).toBeGreaterThan(SHAPES.length);
    fused.dispose();
    plain.dispose();
  });

  it('setWeights continues exactly where getWeights left off', async () => {
    expect(await initNodeBackend(backend)).toBe(backend);
    const whole = new FusedAdamOptimizer(1e-2);
    const straight = await run(whole, STEPS);
    const first = new FusedAdamOptimizer(1e-2);
    const half = await run(first, 20);
    const saved = (await first.getWeights()).map((w, i) => ({
      name: w.name,
      // A copy, as a snapshot is: plain values, new tensors.
      tensor: i === 0 ? w.tensor : tf.tensor(half.moments[i - 1], w.tensor.shape, 'float32'),
    }));
    expect(await saved[0].tensor.data()).toEqual(Int32Array.from([20]));
    const second = new FusedAdamOptimizer(1e-2);
    await second.setWeights(saved);
    for (const w of saved) w.tensor.dispose();
    expect(second.iterations).toBe(20);
    const rest = await run(second, STEPS, 20, half.weights);
    expect(rest.weights).toEqual(straight.weights);
    expect(rest.moments).toEqual(straight.moments);
    for (const o of [whole, first, second]) o.dispose();
  });

  it('frees what it makes: no tensor left after dispose, none added per step', async () => {
    expect(await initNodeBackend(backend)).toBe(backend);
    const before = tf.memory().numTensors;
    const opt = new FusedAdamOptimizer(1e-2);
    await run(opt, 3);
    const afterThree = tf.memory().numTensors;
    await run(opt, 30);
    expect(tf.memory().numTensors).toBe(afterThree);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the wasm SIMD kernel', () => {
  it("runs on the backend in Node, and gives the JS loop's and tfjs's values bit for bit", async () => {
    expect(await initNodeBackend('wasm')).toBe('wasm');
    const wasm = (tf.backend() as unknown as { wasm: unknown }).wasm;
    expect(simdKernelsFor(backendMemory(wasm))).not.toBeNull();
    const simd = await run(new FusedAdamOptimizer(3e-3), STEPS);
    setSimdKernelsEnabled(false);
    try {
      expect(simdKernelsFor(backendMemory(wasm))).toBeNull();
      const loop = await run(new FusedAdamOptimizer(3e-3), STEPS);
      // Without SIMD the 8,633-entry variable takes tfjs's ops: more than one kernel per step.
      expect(loop.kernels.slice(1).every((k) => k > 1)).toBe(true);
      expect(simd.weights).toEqual(loop.weights);
      expect(simd.moments).toEqual(loop.moments);
    } finally {
      setSimdKernelsEnabled(true);
    }
    const ref = await run(tf.train.adam(3e-3), STEPS);
    expect(simd.weights).toEqual(ref.weights);
    expect(simd.moments).toEqual(ref.moments);
  });

  it('is declared for the memory it is given: a shared memory gets the shared binary', () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const kernels = simdKernelsFor(shared);
    expect(kernels).not.toBeNull();
    // A hand-worked first step on the shared heap, five entries (four in SIMD, one in the tail):
    // w 1, m 0, v 0, g 2, lr 0.1, β 0.9 / 0.999, ε 1e-7 give m' = 0.2, v' = 0.004, m̂ = 2, v̂ = 4 and
    // w' = 1 − 0.1 · 2 / (2 + 1e-7) ≈ 0.9, each operation rounded to float32.
    const F = Math.fround;
    const f = new Float32Array(shared.buffer);
    f.set([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 0); // w, m, v, g at 0, 20, 40, 60 bytes
    const c = [0.9, 0.1, 0.999, 0.001, 0.1, 0.001, 1e-7, -0.1].map(F);
    kernels!.adam(
      0,
      20,
      40,
      60,
      80,
      100,
      120,
      5,
      ...(c as [number, number, number, number, number, number, number, number]),
    );
    const m1 = F(F(0 * c[0]) + F(2 * c[1]));
    const v1 = F(F(0 * c[2]) + F(F(2 * 2) * c[3]));
    const step = F(F(m1 / c[4]) / F(F(Math.sqrt(F(v1 / c[5]))) + c[6]));
    const w1 = F(F(step * c[7]) + 1);
    expect(Array.from(f.subarray(20, 25))).toEqual(Array(5).fill(w1));
    expect(Array.from(f.subarray(25, 30))).toEqual(Array(5).fill(m1));
    expect(Array.from(f.subarray(30, 35))).toEqual(Array(5).fill(v1));
    expect(w1).toBeCloseTo(0.9, 6);
    expect(m1).toBeCloseTo(0.2, 7);
    expect(v1).toBeCloseTo(0.004, 9);
  });
});

it('registers its kernel for wasm and cpu only', () => {
  expect(tf.getKernel(FUSED_ADAM_KERNEL, 'wasm')).toBeDefined();
  expect(tf.getKernel(FUSED_ADAM_KERNEL, 'cpu')).toBeDefined();
  expect(tf.getKernel(FUSED_ADAM_KERNEL, 'webgl')).toBeUndefined();
});
