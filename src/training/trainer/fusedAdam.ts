/**
 * Adam in ONE kernel call per training step, for the whole bank (issue 16: fewer ops per step).
 *
 * tf.train.adam issues about 16 elementwise kernels per variable per step (mul, add, square, div,
 * sqrt, …, each a full pass over the variable, plus the accBeta updates): 64 of an MLP step's 163
 * kernels on wasm. FusedAdam computes the same update — same formula, same float32 rounding at
 * every operation — for every variable, both moments and the weights, in one kernel call
 * ('LsscFusedAdam'): one JS loop per variable straight on the backend's memory (the wasm heap through
 * backend.dataIdMap / typedArrayFromHeap, or the cpu backend's typed arrays). Every product, sum,
 * quotient and square root is done in double and rounded with Math.fround; for float32 operands
 * that is exactly IEEE float32 arithmetic (double has more than 2·24 + 2 bits), so the result is
 * bit-for-bit tfjs's Adam on wasm and cpu (test/training/fusedAdam.test.ts). Other backends (webgl,
 * webgpu) take a fallback of ordinary ops with the same formula.
 *
 * Bias correction: tfjs keeps accBeta1 = β1^t as a float32 variable multiplied by β1 every step.
 * Here it is the same float32 running product kept on the host (the step count is known there), so
 * no scalar is read back, and after setWeights (a restored snapshot) the product is rebuilt by the
 * same t multiplications: a restored run continues exactly as the original (tfjs recomputes β^t as
 * a float32 power there, which differs in the last bits).
 *
 * State is kept the way tf.AdamOptimizer keeps it, so bankState.ts reads and writes it unchanged:
 * getWeights() = [iterations, first moments (variable order)…, second moments…] where the moments
 * are tf.Variables; setWeights() takes the same list.
 *
 * On wasm the loop runs as wasm SIMD where it can (wasm/adam.wat, wasm/simdKernels.ts): the same
 * float32 operations four entries at a time on the backend's heap, so every variable, however
 * large, takes the one kernel call. Where the SIMD kernel cannot run, the JS loop takes the
 * variables up to WASM_FUSED_MAX_SIZE entries and tfjs's own ops the larger ones.
 *
 * Measured with the hand-written steps (mlpStep.ts, cnnStep.ts) and the size threshold below
 * (`npx tsx src/cli/benchBank.ts --wasm --cnn --repeats 5`, wasm in Node, batch 64, before = 9dc0ddf
 * and after in one quiet session, 2026-12-03): kernels per step MLP 784-256-10 163 → 60 (M = 1) and
 * 154 → 67 (M = 6), CNN 8,16 + 64 322 → 130 and 319 → 127; ms per step MLP 11.8 → 7.6 (M = 1) and
 * 52.0 → 39.3 (M = 6); the CNN's ≈ 93 ms (M = 1) did not move (its patch gather dominates).
 */
import { tf } from './tf';
import { backendMemory, simdKernelsFor, type SimdKernels } from './wasm/simdKernels';

export const FUSED_ADAM_KERNEL = 'LsscFusedAdam';

/**
 * On wasm without the SIMD kernel, variables larger than this take the ordinary ops instead (same
 * values, bit for bit):
 * measured in Node, the JS loop costs ≈ 20 ns per entry against ≈ 8 ns for tfjs's 13 SIMD kernels
 * plus ≈ 0.1 ms of per-kernel overhead, so the kernel wins below ≈ 8k entries (1k: 0.05 against
 * 0.12 ms; 16k: 0.34 against 0.20 ms; 256k: 5.1 against 2.0 ms).
 */
export const WASM_FUSED_MAX_SIZE = 8192;

/** The per-step constants of the update, float32 values (Math.fround'ed). */
interface AdamCoefficients {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** 1 − β1^t and 1 − β2^t of this step t (1-based). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  negLearningRate: number;
}

/**
 * The update of one variable, in float32 arithmetic in exactly tfjs's order of operations
 * (adam_optimizer.js): m' = β1·m + (1−β1)·g, v' = β2·v + (1−β2)·g², w' = w + (−lr)·(m̂ / (√v̂ + ε))
 * with m̂ = m' / (1 − β1^t), v̂ = v' / (1 − β2^t).
 */
function adamUpdate(
  w: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  outW: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  c: AdamCoefficients,
): void {
  const f = Math.fround;
  const { beta1, oneMinusBeta1, beta2, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2 } = c;
  const { epsilon, negLearningRate } = c;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = f(f(m[i] * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
    const step = f(f(mi / oneMinusAccBeta1) / f(f(Math.sqrt(f(vi / oneMinusAccBeta2))) + epsilon));
    outW[i] = f(step * negLearningRate) + w[i]; // stored to a Float32Array: rounded
    outM[i] = mi;
    outV[i] = vi;
  }
}

type Info = tf.TensorInfo;
/** What Optimizer.getWeights / setWeights exchange (tfjs does not export the type). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

/** The parts of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface WasmBackendLike {
  /** The emscripten module (its memory: simdKernels.ts). */
  wasm: unknown;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}

/** The SIMD kernels on this wasm backend's heap, or null (then the JS loop). */
function simdOn(backend: WasmBackendLike): SimdKernels | null {
  return simdKernelsFor(backendMemory(backend.wasm));
}

/** The parts of tfjs-backend-cpu's MathBackendCPU this kernel uses. */
interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): Info;
}

function coefficientsOf(attrs: tf.NamedAttrMap): AdamCoefficients {
  return attrs as unknown as AdamCoefficients;
}

/** Inputs w0…, m0…, v0…, g0…; outputs [w'…, m'…, v'…]. */
function splitInputs(inputs: tf.NamedTensorInfoMap): { w: Info; m: Info; v: Info; g: Info }[] {
  const n = Object.keys(inputs).length / 4;
  const get = (key: string): Info => {
    const t = inputs[key];
    if (t === undefined || t.dtype !== 'float32')
      throw new Error(`${FUSED_ADAM_KERNEL}: no float32 input ${key}`);
    return t;
  };
  return Array.from({ length: n }, (_, i) => ({
    w: get(`w${i}`),
    m: get(`m${i}`),
    v: get(`v${i}`),
    g: get(`g${i}`),
  }));
}

function wasmKernel({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info[] {
  const b = backend as unknown as WasmBackendLike;
  const groups = splitInputs(inputs);
  // All outputs first: an allocation may grow the wasm memory, which detaches earlier views.
  const outs = groups.map(({ w }) => ({
    w: b.makeOutput([...w.shape], 'float32'),
    m: b.makeOutput([...w.shape], 'float32'),
    v: b.makeOutput([...w.shape], 'float32'),
  }));
  const c = coefficientsOf(attrs ?? {});
  const simd = simdOn(b);
  /** A tensor's byte offset on the heap (for the SIMD kernel). */
  const at = (t: Info): number => {
    const d = b.dataIdMap.get(t.dataId);
    if (d === undefined) throw new Error(`${FUSED_ADAM_KERNEL}: a tensor not on the wasm heap`);
    return d.memoryOffset;
  };
  groups.forEach((q, i) => {
    const o = outs[i];
    if (simd) {
      const n = tf.util.sizeFromShape(q.w.shape);
      simd.adam(
        at(q.w),
        at(q.m),
        at(q.v),
        at(q.g),
        at(o.w),
        at(o.m),
        at(o.v),
        n,
        c.beta1,
        c.oneMinusBeta1,
        c.beta2,
        c.oneMinusBeta2,
        c.oneMinusAccBeta1,
        c.oneMinusAccBeta2,
        c.epsilon,
        c.negLearningRate,
      );
      return;
    }
    const view = (t: Info): Float32Array => b.typedArrayFromHeap(t);
    adamUpdate(view(q.w), view(q.m), view(q.v), view(q.g), view(o.w), view(o.m), view(o.v), c);
  });
  return [...outs.map((o) => o.w), ...outs.map((o) => o.m), ...outs.map((o) => o.v)];
}

function cpuKernel({ inputs, backend, attrs }: Parameters<tf.KernelFunc>[0]): Info[] {
  const b = backend as unknown as CpuBackendLike;
  const c = coefficientsOf(attrs ?? {});
  const outs = splitInputs(inputs).map((q) => {
    const view = (t: Info): Float32Array => b.data.get(t.dataId).values as Float32Array;
    const n = view(q.w).length;
    const [w, m, v] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    adamUpdate(view(q.w), view(q.m), view(q.v), view(q.g), w, m, v, c);
    const shape = [...q.w.shape];
    return {
      w: b.makeTensorInfo(shape, 'float32', w),
      m: b.makeTensorInfo(shape, 'float32', m),
      v: b.makeTensorInfo(shape, 'float32', v),
    };
  });
  return [...outs.map((o) => o.w), ...outs.map((o) => o.m), ...outs.map((o) => o.v)];
}

for (const [backendName, kernelFunc] of [
  ['wasm', wasmKernel],
  ['cpu', cpuKernel],
] as const) {
  // Guarded: a module loaded twice (tests, hot reload) must not register twice.
  if (tf.getKernel(FUSED_ADAM_KERNEL, backendName) === undefined) {
    tf.registerKernel({
      kernelName: FUSED_ADAM_KERNEL,
      backendName,
      kernelFunc: kernelFunc as tf.KernelFunc,
    });
  }
}

/** Whether the fused kernel runs on the backend in use (else the fallback of ordinary ops). */
export function fusedAdamKernelActive(): boolean {
  return tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined;
}

/** The fallback: the same formula as ordinary ops (what tf.train.adam does, with host-side β^t). */
function fallbackUpdate(
  w: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  c: AdamCoefficients,
): tf.Tensor[] {
  const m1 = tf.add(tf.mul(m, c.beta1), tf.mul(g, c.oneMinusBeta1));
  const v1 = tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(g), c.oneMinusBeta2));
  const mHat = tf.div(m1, c.oneMinusAccBeta1);
  const vHat = tf.div(v1, c.oneMinusAccBeta2);
  const w1 = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), c.epsilon)), c.negLearningRate), w);
  return [w1, m1, v1];
}

interface Moment {
  originalName: string;
  variable: tf.Variable;
}

/**
 * tf.train.adam(learningRate) with tfjs's defaults (β1 0.9, β2 0.999, ε = the backend's epsilon,
 * 1e-7 in float32), the update fused into one kernel call per step (see file comment).
 */
export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'LsscFusedAdam';
  }

  private readonly epsilon: number;
  private firstMoments: Moment[] = [];
  private secondMoments: Moment[] = [];
  /** β1^(t+1), β2^(t+1) as float32 running products, t = iterations so far (tfjs's accBeta). */
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    epsilon?: number,
    /** false: always the fallback of ordinary ops (tests compare both paths). */
    private readonly useKernel = true,
  ) {
    super();
    this.epsilon = epsilon ?? tf.backend().epsilon();
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  private coefficients(): AdamCoefficients {
    const f = Math.fround;
    return {
      beta1: f(this.beta1),
      oneMinusBeta1: f(1 - this.beta1),
      beta2: f(this.beta2),
      oneMinusBeta2: f(1 - this.beta2),
      oneMinusAccBeta1: f(1 - this.accBeta1),
      oneMinusAccBeta2: f(1 - this.accBeta2),
      epsilon: f(this.epsilon),
      negLearningRate: f(-this.learningRate),
    };
  }

  /** Rebuilds accBeta for `iterations` steps done, by the same float32 products a run makes. */
  private rebuildAccBeta(iterations: number): void {
    const f = Math.fround;
    let a1 = f(this.beta1);
    let a2 = f(this.beta2);
    for (let t = 0; t < iterations; t++) {
      a1 = f(a1 * f(this.beta1));
      a2 = f(a2 * f(this.beta2));
    }
    this.accBeta1 = a1;
    this.accBeta2 = a2;
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named: { name: string; gradient: tf.Tensor | undefined }[] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => ({ name: v.name, gradient: v.tensor }))
      : Object.keys(variableGradients).map((name) => ({ name, gradient: variableGradients[name] }));
    const registered = tf.engine().registeredVariables;
    const live: { value: tf.Variable; m: tf.Variable; v: tf.Variable; g: tf.Tensor }[] = [];
    named.forEach(({ name, gradient }, i) => {
      const value = registered[name];
      this.firstMoments[i] ??= {
        originalName: `${name}/m`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      this.secondMoments[i] ??= {
        originalName: `${name}/v`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      if (gradient == null) return;
      live.push({ value, m: this.firstMoments[i].variable, v: this.secondMoments[i].variable, g: gradient });
    });
    const c = this.coefficients();
    tf.tidy(() => {
      // Which variables the kernel takes: all of them, except on wasm without the SIMD kernel those
      // above WASM_FUSED_MAX_SIZE (there tfjs's SIMD ops beat a JS loop once the per-kernel overhead
      // is amortised).
      const fused = this.useKernel && fusedAdamKernelActive();
      const limit =
        tf.getBackend() === 'wasm' && simdOn(tf.backend() as unknown as WasmBackendLike) === null
          ? WASM_FUSED_MAX_SIZE
          : Infinity;
      const inKernel = live.filter((q) => fused && q.value.size <= limit);
      const byOps = live.filter((q) => !(fused && q.value.size <= limit));
      const updates: { q: (typeof live)[number]; out: tf.Tensor[] }[] = [];
      if (inKernel.length > 0) {
        const inputs: tf.NamedTensorMap = {};
        inKernel.forEach((q, i) => {
          inputs[`w${i}`] = q.value;
          inputs[`m${i}`] = q.m;
          inputs[`v${i}`] = q.v;
          inputs[`g${i}`] = q.g;
        });
        const outs = tf.engine().runKernel(FUSED_ADAM_KERNEL, inputs, { ...c }) as tf.Tensor[];
        const n = inKernel.length;
        inKernel.forEach((q, i) => updates.push({ q, out: [outs[i], outs[n + i], outs[2 * n + i]] }));
      }
      for (const q of byOps) updates.push({ q, out: fallbackUpdate(q.value, q.m, q.v, q.g, c) });
      for (const { q, out } of updates) {
        q.value.assign(out[0]);
        q.m.assign(out[1]);
        q.v.assign(out[2]);
      }
    });
    const f = Math.fround;
    this.accBeta1 = f(this.accBeta1 * f(this.beta1));
    this.accBeta2 = f(this.accBeta2 * f(this.beta2));
    this.incrementIterations();
  }

  override dispose(): void {
    for (const q of [...this.firstMoments, ...this.secondMoments]) q.variable.dispose();
    this.firstMoments = [];
    this.secondMoments = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.firstMoments, ...this.secondMoments];
    return [
      await this.saveIterations(),
      ...moments.map((q) => ({ name: q.originalName, tensor: q.variable })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.rebuildAccBeta(this.iterations);
    const count = rest.length / 2;
    for (const q of [...this.firstMoments, ...this.secondMoments]) q.variable.dispose();
    // Like tfjs: variables made from (sharing the data of) the given tensors.
    const toMoment = (w: NamedTensor): Moment => ({
      originalName: w.name,
      variable: w.tensor.variable(false),
    });
    this.firstMoments = rest.slice(0, count).map(toMoment);
    this.secondMoments = rest.slice(count, 2 * count).map(toMoment);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
