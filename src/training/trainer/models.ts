/**
 * A bank of M models with identical architecture and identical initial weights, stacked on a leading
 * model axis so one forward/backward pass trains all of them (one per α of the bank).
 *
 * Every model of a bank starts from the same single-model weights, drawn in JS from
 * createRng(seed, 'init') in a fixed order that depends only on (architecture, input shape, K, seed)
 * — never on M or on the α values — so a model trained alone and the same model inside any bank start
 * identically (the pairing of ARCHITECTURE.md).
 *
 * Layouts (M models, B samples, K classes):
 * - MLP: the first layer sees the same input for every model, so it is ONE matmul
 *   x[B, D] @ W1[D, M·H1] whose column block m belongs to model m, reshaped/transposed to [M, B, H1];
 *   later layers are batched matmuls [M, B, H] @ [M, H, H'].
 * - CNN (two conv3×3 + ReLU + maxpool2 blocks, dense head): convolutions are im2col — 3×3 patches,
 *   then a matmul — because tfjs-backend-wasm has no Conv2DBackpropFilter kernel (tf.conv2d's
 *   weights cannot be trained there). conv1 is shared by the bank: input patches [B·h·w, 9·C] @
 *   W1[9·C, M·C1] (column block m is model m's). conv2 is 'stacked' W2[M, 9·C1, C2], rows in
 *   (dy, dx, c) order (tf.conv2d's filter layout). How the hidden layers run depends on
 *   patchStrategy: 'slices' (webgl) regroups the bank to [M·B, h, w, C1], takes patches by 9 slices
 *   and multiplies batched [M, B·h·w, 9·C1] @ W2; 'gather' (wasm, cpu — the name is historical) runs
 *   each model on its own after conv1's shared patches, with depthwise one-hot patches for conv2
 *   and rank-2 products only (forwardCnnPerModel, cnnStep.ts).
 */
import { tf } from './tf';
import { bankMatMul, inputMatMul } from './matmul';
import { createRng } from '../../data/rng';
import type { ModelSpec } from '../../model/training';

/** How one bank variable is shared out among the M models. */
export type ParamLayout =
  /** [rows, M·width]: model m owns columns [m·width, (m+1)·width). */
  | { kind: 'sharedColumns'; width: number }
  /** [M·width]: model m owns entries [m·width, (m+1)·width). */
  | { kind: 'sharedVector'; width: number }
  /** [M, ...modelShape]: model m owns index m. */
  | { kind: 'stacked' };

export interface BankParam {
  name: string;
  /** Shape of this parameter in ONE model. */
  modelShape: number[];
  layout: ParamLayout;
  variable: tf.Variable;
}

export interface BankParams {
  spec: ModelSpec;
  numModels: number;
  /** Shape of one input sample as forward() expects it: [D] for an MLP, [H, W, C] for a CNN. */
  inputShape: number[];
  numClasses: number;
  params: BankParam[];
  /** Constant tensors of the CNN's patch extraction (index tensors, one-hot filters), made on first use. */
  constants: Map<string, tf.Tensor>;
  /**
   * How the CNN's hidden layers run: 'slices' (webgl: slice patches, the bank batched) or 'gather'
   * (wasm, cpu: per model, depthwise patches; see forwardCnnPerModel); 'auto' picks by backend, tests
   * force one.
   */
  patchStrategy: 'auto' | 'slices' | 'gather';
}

/** One model's initial value of one parameter. */
export interface InitialWeight {
  name: string;
  shape: number[];
  layout: 'sharedColumns' | 'sharedVector' | 'stacked';
  values: Float32Array;
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function validateModelSpec(spec: ModelSpec): void {
  const posInt = (v: number): boolean => Number.isInteger(v) && v >= 1 && v <= 4096;
  if (spec.kind === 'mlp') {
    if (spec.hidden.length < 1 || spec.hidden.length > 3 || !spec.hidden.every(posInt)) {
      throw new Error(`MLP needs 1–3 hidden layers of 1–4096 units, got [${spec.hidden.join(', ')}]`);
    }
  } else if (spec.kind === 'cnn') {
    if (!spec.filters.every(posInt) || spec.filters.length !== 2 || !posInt(spec.dense)) {
      throw new Error(`CNN needs two filter counts and a dense width in 1–4096, got ${JSON.stringify(spec)}`);
    }
  } else {
    throw new Error(`unknown model kind ${JSON.stringify(spec)}`);
  }
}

/**
 * The per-sample input shape a model takes for a dataset: flat [D] for an MLP; [H, W, C] for a CNN,
 * from a rank-3 sampleShape or, for flat square data like [784], [28, 28, 1].
 */
export function modelInputShape(spec: ModelSpec, sampleShape: number[]): number[] {
  const featureSize = size(sampleShape);
  if (spec.kind === 'mlp') return [featureSize];
  if (sampleShape.length === 3) return [...sampleShape];
  const side = Math.round(Math.sqrt(featureSize));
  if (side * side === featureSize && side >= 4) return [side, side, 1];
  throw new Error(`a CNN needs image data ([H, W, C] or a square size), got sample shape [${sampleShape}]`);
}

/** Single-model initial weights, in the fixed order forward() consumes them. Pure JS, seeded. */
export function initialWeights(
  spec: ModelSpec,
  inputShape: number[],
  numClasses: number,
  seed: number,
): InitialWeight[] {
  validateModelSpec(spec);
  const rng = createRng(seed, 'init');
  const normal = (shape: number[], std: number): Float32Array => {
    const v = new Float32Array(size(shape));
    for (let i = 0; i < v.length; i++) v[i] = rng.normal() * std;
    return v;
  };
  const he = (fanIn: number): number => Math.sqrt(2 / fanIn);
  const glorot = (fanIn: number, fanOut: number): number => Math.sqrt(2 / (fanIn + fanOut));
  const out: InitialWeight[] = [];
  const dense = (
    name: string,
    fanIn: number,
    fanOut: number,
    std: number,
    layout: 'sharedColumns' | 'stacked',
  ): void => {
    out.push({ name: `${name}/w`, shape: [fanIn, fanOut], layout, values: normal([fanIn, fanOut], std) });
    out.push({
      name: `${name}/b`,
      shape: [fanOut],
      layout: layout === 'sharedColumns' ? 'sharedVector' : 'stacked',
      values: new Float32Array(fanOut),
    });
  };

  if (spec.kind === 'mlp') {
    let fanIn = inputShape[0];
    spec.hidden.forEach((h, i) => {
      dense(`dense${i + 1}`, fanIn, h, he(fanIn), i === 0 ? 'sharedColumns' : 'stacked');
      fanIn = h;
    });
    dense('logits', fanIn, numClasses, glorot(fanIn, numClasses), 'stacked');
  } else {
    const [h, w, c] = inputShape;
    const [c1, c2] = spec.filters;
    // Conv filters in tf.conv2d's [3, 3, Cin, Cout] order, flattened to [9·Cin, Cout] (see slicePatches3x3).
    dense('conv1', 9 * c, c1, he(9 * c), 'sharedColumns');
    dense('conv2', 9 * c1, c2, he(9 * c1), 'stacked');
    const flat = Math.floor(Math.floor(h / 2) / 2) * Math.floor(Math.floor(w / 2) / 2) * c2;
    dense('dense', flat, spec.dense, he(flat), 'stacked');
    dense('logits', spec.dense, numClasses, glorot(spec.dense, numClasses), 'stacked');
  }
  return out;
}

/** Replicates one model's value M times in the bank layout. */
function tileForBank(w: InitialWeight, m: number): { values: Float32Array; shape: number[] } {
  const n = w.values.length;
  const values = new Float32Array(n * m);
  if (w.layout === 'sharedColumns') {
    const [rows, width] = w.shape;
    for (let r = 0; r < rows; r++) {
      const row = w.values.subarray(r * width, (r + 1) * width);
      for (let k = 0; k < m; k++) values.set(row, r * width * m + k * width);
    }
    return { values, shape: [rows, width * m] };
  }
  for (let k = 0; k < m; k++) values.set(w.values, k * n);
  if (w.layout === 'sharedVector') return { values, shape: [n * m] };
  return { values, shape: [m, ...w.shape] };
}

export interface BankParamsOptions {
  spec: ModelSpec;
  /** The dataset's sample shape ([784], [28, 28, 1], [2] …). */
  sampleShape: number[];
  numClasses: number;
  numModels: number;
  seed: number;
}

/** Creates the bank's variables, every model initialised identically (see file comment). */
export function createBankParams(options: BankParamsOptions): BankParams {
  const { spec, numClasses, numModels, seed } = options;
  if (!Number.isInteger(numModels) || numModels < 1)
    throw new Error(`a bank needs ≥ 1 model, got ${numModels}`);
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error(`need ≥ 2 classes, got ${numClasses}`);
  const inputShape = modelInputShape(spec, options.sampleShape);
  const params = initialWeights(spec, inputShape, numClasses, seed).map((w): BankParam => {
    const tiled = tileForBank(w, numModels);
    const layout: ParamLayout =
      w.layout === 'stacked' ? { kind: 'stacked' } : { kind: w.layout, width: w.shape[w.shape.length - 1] };
    const variable = tf.tidy(() => tf.variable(tf.tensor(tiled.values, tiled.shape, 'float32'), true));
    return { name: w.name, modelShape: w.shape, layout, variable };
  });
  return { spec, numModels, inputShape, numClasses, params, constants: new Map(), patchStrategy: 'auto' };
}

export function disposeBankParams(p: BankParams): void {
  for (const q of p.params) q.variable.dispose();
  for (const t of p.constants.values()) t.dispose();
  p.constants.clear();
}

export function bankVariables(p: BankParams): tf.Variable[] {
  return p.params.map((q) => q.variable);
}

/** Model m's part of a bank-shaped array (a parameter's value or gradient), as a one-model array. */
export function modelSlice(q: BankParam, numModels: number, data: Float32Array, m: number): Float32Array {
  const n = size(q.modelShape);
  if (q.layout.kind === 'stacked' || q.layout.kind === 'sharedVector') return data.slice(m * n, (m + 1) * n);
  const width = q.layout.width;
  const rows = n / width;
  const out = new Float32Array(n);
  for (let r = 0; r < rows; r++) {
    const from = r * width * numModels + m * width;
    out.set(data.subarray(from, from + width), r * width);
  }
  return out;
}

/** Model m's parameters as one-model arrays (same order as initialWeights). Reads back: not for hot paths. */
export async function readModelWeights(p: BankParams, m: number): Promise<Float32Array[]> {
  const all = await Promise.all(p.params.map((q) => q.variable.data<'float32'>()));
  return p.params.map((q, i) => modelSlice(q, p.numModels, all[i], m));
}

/**
 * [N, H, W, C] → [N·H·W, 9·C]: each pixel's 3×3 neighbourhood ('same' zero padding), in (dy, dx, c)
 * order — tf.conv2d's filter layout, so a conv is patches @ W[9·C, C_out] — as 9 shifted slices
 * concatenated on channels (cheap shaders on webgl; the tape differentiates them). wasm and cpu use
 * hiddenPatches3x3 instead (see forwardCnnPerModel).
 */
function slicePatches3x3(x: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const shifted: tf.Tensor4D[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) shifted.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
  }
  return tf.reshape(tf.concat(shifted, 3), [n * h * w, 9 * c]);
}

/** A constant tensor cached on the bank (kept; freed by disposeBankParams). */
function constant(p: BankParams, key: string, make: () => tf.Tensor): tf.Tensor {
  let t = p.constants.get(key);
  if (!t) {
    t = tf.keep(make());
    p.constants.set(key, t);
  }
  return t;
}

/**
 * One-hot depthwise filter [3, 3, C, 9]: F[dy, dx, c, k] = 1 iff k = 3·dy + dx, or with `flipped`
 * iff k = 3·(2 − dy) + (2 − dx), reshaped to [3, 3, 9·C, 1] (the patches' adjoint, see cnnStep.ts).
 */
export function patchFilter(p: BankParams, c: number, flipped: boolean): tf.Tensor4D {
  return constant(p, `dwpatch${c}${flipped ? 'flip' : ''}`, () => {
    const values = new Float32Array(9 * c * 9);
    for (let dy = 0; dy < 3; dy++) {
      for (let dx = 0; dx < 3; dx++) {
        const k = flipped ? 3 * (2 - dy) + (2 - dx) : 3 * dy + dx;
        for (let ci = 0; ci < c; ci++) values[((dy * 3 + dx) * c + ci) * 9 + k] = 1;
      }
    }
    return tf.tensor4d(values, flipped ? [3, 3, 9 * c, 1] : [3, 3, c, 9]);
  }) as tf.Tensor4D;
}

/**
 * Patches of a hidden activation x [B, h, w, C] → [B·h·w, 9·C] in (c, k) order (k = 3·dy + dx):
 * one depthwise conv with the one-hot filter of patchFilter — exact values (x·1 plus zeros), a
 * native kernel on wasm and cpu. Adjoint: ∂x = Σ_k of a depthwise conv of ∂P with the flipped
 * filter. With `taped` on wasm (no DepthwiseConv2dNativeBackpropInput kernel there) that adjoint is
 * this op's custom gradient; on cpu the stock gradient applies.
 */
export function hiddenPatches3x3(p: BankParams, x: tf.Tensor4D, taped: boolean): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  const filter = patchFilter(p, c, false);
  const value = (t: tf.Tensor4D): tf.Tensor2D =>
    tf.reshape(tf.depthwiseConv2d(t, filter, 1, 'same'), [n * h * w, 9 * c]);
  if (!taped || tf.getBackend() !== 'wasm') return value(x);
  const f = tf.customGrad((...args: unknown[]) => ({
    value: value(args[0] as tf.Tensor4D),
    gradFunc: (dy: tf.Tensor) => patchesAdjoint(p, tf.reshape(dy, [n, h, w, 9 * c]) as tf.Tensor4D),
  }));
  return f(x) as tf.Tensor2D;
}

/** Adjoint of hiddenPatches3x3: ∂P [B, h, w, 9·C] in (c, k) order → ∂x [B, h, w, C]. */
export function patchesAdjoint(p: BankParams, dP: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c9] = dP.shape;
  const spread = tf.depthwiseConv2d(dP, patchFilter(p, c9 / 9, true), 1, 'same');
  return tf.sum(tf.reshape(spread, [n, h, w, c9 / 9, 9]), -1) as tf.Tensor4D;
}

/**
 * Patches of the INPUT images (no gradient flows into them): one tf.conv2d with a constant one-hot
 * filter [3, 3, C, 9·C] — a native kernel on every backend, ≈ 81·C² MACs per pixel, far cheaper than
 * the generic path for C ≤ 3. Same (dy, dx, c) order as slicePatches3x3.
 */
export function inputPatches3x3(p: BankParams, x: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  let filter = p.constants.get(`onehot${c}`);
  if (!filter) {
    const values = new Float32Array(9 * c * 9 * c);
    // filter[dy, dx, ci, o] = 1 where o = (dy·3 + dx)·C + ci.
    for (let s = 0; s < 9; s++) for (let ci = 0; ci < c; ci++) values[(s * c + ci) * 9 * c + s * c + ci] = 1;
    filter = tf.keep(tf.tensor4d(values, [3, 3, c, 9 * c]));
    p.constants.set(`onehot${c}`, filter);
  }
  return tf.reshape(tf.conv2d(x, filter as tf.Tensor4D, 1, 'same'), [n * h * w, 9 * c]);
}

function forwardMlp(p: BankParams, x: tf.Tensor): tf.Tensor3D {
  const m = p.numModels;
  const b = x.shape[0];
  const v = p.params.map((q) => q.variable);
  const h1 = p.params[0].modelShape[1];
  const first = tf.relu(tf.add(inputMatMul(tf.reshape(x, [b, p.inputShape[0]]), v[0] as tf.Tensor2D), v[1]));
  let a: tf.Tensor3D = tf.transpose(tf.reshape(first, [b, m, h1]), [1, 0, 2]);
  for (let i = 2; i < v.length; i += 2) {
    const z = tf.add(bankMatMul(a, v[i] as tf.Tensor3D), tf.expandDims(v[i + 1], 1)) as tf.Tensor3D;
    a = i + 2 < v.length ? tf.relu(z) : z;
  }
  return a;
}

function forwardCnnSlices(p: BankParams, x: tf.Tensor): tf.Tensor3D {
  const m = p.numModels;
  const b = x.shape[0];
  const [h, w, c] = p.inputShape;
  const [c1, c2] = [p.params[0].modelShape[1], p.params[2].modelShape[1]];
  const v = p.params.map((q) => q.variable);
  // Block 1, shared by the bank: one matmul with M·C1 output channels.
  const p1 = inputPatches3x3(p, tf.reshape(x, [b, h, w, c]));
  const z1 = tf.reshape(tf.add(inputMatMul(p1, v[0] as tf.Tensor2D), v[1]), [b, h, w, m * c1]);
  const a1 = tf.maxPool(tf.relu(z1) as tf.Tensor4D, 2, 2, 'valid');
  const [h2, w2] = [a1.shape[1], a1.shape[2]];
  // Block 2, grouped: bring the model axis first, then one batched matmul.
  const perModel = tf.reshape(tf.transpose(tf.reshape(a1, [b, h2, w2, m, c1]), [3, 0, 1, 2, 4]), [
    m * b,
    h2,
    w2,
    c1,
  ]) as tf.Tensor4D;
  const p2 = tf.reshape(slicePatches3x3(perModel), [m, b * h2 * w2, 9 * c1]) as tf.Tensor3D;
  const z2 = tf.add(bankMatMul(p2, v[2] as tf.Tensor3D, { split: false }), tf.expandDims(v[3], 1));
  const a2 = tf.maxPool(tf.reshape(tf.relu(z2), [m * b, h2, w2, c2]) as tf.Tensor4D, 2, 2, 'valid');
  const flat = tf.reshape(a2, [m, b, a2.shape[1] * a2.shape[2] * c2]) as tf.Tensor3D;
  const d = tf.relu(tf.add(bankMatMul(flat, v[4] as tf.Tensor3D), tf.expandDims(v[5], 1))) as tf.Tensor3D;
  return tf.add(bankMatMul(d, v[6] as tf.Tensor3D), tf.expandDims(v[7], 1)) as tf.Tensor3D;
}

/** What forwardCnnPerModel computed for one model of the bank (kept for the backward pass). */
export interface CnnModelForward {
  /** Block 1: ReLU output [B, h, w, C1] and pooled [B, h/2, w/2, C1]. */
  r1: tf.Tensor4D;
  a1: tf.Tensor4D;
  /** Block 2: patches of a1 [N, 9·C1] in (c, k) order, the conv's weights [9·C1, C2] in that order. */
  p2: tf.Tensor2D;
  w2: tf.Tensor2D;
  r2: tf.Tensor4D;
  a2: tf.Tensor4D;
  /** Dense layer: input [B, F] and weights [F, D]. */
  flat: tf.Tensor2D;
  w4: tf.Tensor2D;
}

export interface CnnForward {
  /** Input patches [B·h·w, 9·C], shared by the bank. */
  p1: tf.Tensor2D;
  models: CnnModelForward[];
  /** Dense activations [M, B, D] and logits [M, B, K]. */
  d: tf.Tensor3D;
  logits: tf.Tensor3D;
}

/** The M models' parts of a bank tensor along `axis`, reshaped to `shape` (one SplitV). */
function parts(t: tf.Tensor, m: number, axis: number, shape: number[]): tf.Tensor[] {
  return (m === 1 ? [t] : tf.split(t, m, axis)).map((q) => tf.reshape(q, shape));
}

/** relu(a·w + bias). (tf.fused.matMul would be one kernel, but on wasm its values under the tape
 * and without it differed in the last bits, and forward() must give cnnStep.ts's logits exactly.) */
function denseRelu(a: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  return tf.relu(tf.add(tf.matMul(a, w), bias));
}

/**
 * The CNN forward pass of wasm and cpu, one model at a time after the shared input patches: every
 * product is rank 2 and untransposed (XNNPACK on wasm, see matmul.ts), no activation of the bank is
 * split or transposed (only the weights are split, one SplitV each), and conv2's patches are a depthwise conv
 * (hiddenPatches3x3) in (c, k) order, so W2's rows, stored in (k, c) order, are permuted to match.
 * The logits layer (tiny) stays one batched product. `taped`: forward() under tfjs's tape (see
 * hiddenPatches3x3); cnnStep.ts calls it untaped and gets the same values.
 */
export function forwardCnnPerModel(p: BankParams, x: tf.Tensor, taped: boolean): CnnForward {
  const m = p.numModels;
  const b = x.shape[0];
  const [h, w, c] = p.inputShape;
  const [c1, c2] = [p.params[0].modelShape[1], p.params[2].modelShape[1]];
  const [f, dense] = p.params[4].modelShape;
  const v = p.params.map((q) => q.variable);
  const p1 = inputPatches3x3(p, tf.reshape(x, [b, h, w, c]) as tf.Tensor4D);
  // W2 [M, 9·C1, C2] rows (k, c) → (c, k), the order of the depthwise patches.
  const w2All = tf.reshape(tf.transpose(tf.reshape(v[2], [m, 9, c1, c2]), [0, 2, 1, 3]), [m, 9 * c1, c2]);
  const w1s = parts(v[0], m, 1, [9 * c, c1]) as tf.Tensor2D[];
  const b1s = parts(v[1], m, 0, [c1]);
  const w2s = parts(w2All, m, 0, [9 * c1, c2]) as tf.Tensor2D[];
  const b2s = parts(v[3], m, 0, [c2]);
  const w4s = parts(v[4], m, 0, [f, dense]) as tf.Tensor2D[];
  const b4s = parts(v[5], m, 0, [dense]);
  const models: CnnModelForward[] = [];
  const ds: tf.Tensor2D[] = [];
  for (let i = 0; i < m; i++) {
    const r1 = tf.reshape(denseRelu(p1, w1s[i], b1s[i]), [b, h, w, c1]) as tf.Tensor4D;
    const a1 = tf.maxPool(r1, 2, 2, 'valid');
    const [h2, w2] = [a1.shape[1], a1.shape[2]];
    const p2 = hiddenPatches3x3(p, a1, taped);
    const r2 = tf.reshape(denseRelu(p2, w2s[i], b2s[i]), [b, h2, w2, c2]) as tf.Tensor4D;
    const a2 = tf.maxPool(r2, 2, 2, 'valid');
    const flat = tf.reshape(a2, [b, f]) as tf.Tensor2D;
    ds.push(denseRelu(flat, w4s[i], b4s[i]));
    models.push({ r1, a1, p2, w2: w2s[i], r2, a2, flat, w4: w4s[i] });
  }
  const d = (m === 1 ? tf.expandDims(ds[0], 0) : tf.stack(ds)) as tf.Tensor3D;
  const logits = tf.add(tf.matMul(d, v[6] as tf.Tensor3D), tf.expandDims(v[7], 1)) as tf.Tensor3D;
  return { p1, models, d, logits };
}

function forwardCnn(p: BankParams, x: tf.Tensor): tf.Tensor3D {
  const strategy =
    p.patchStrategy === 'auto' ? (tf.getBackend() === 'webgl' ? 'slices' : 'gather') : p.patchStrategy;
  return strategy === 'slices' ? forwardCnnSlices(p, x) : forwardCnnPerModel(p, x, true).logits;
}

/**
 * Logits of every model of the bank: x is [B, ...inputShape] (or [B, D] with D = size(inputShape)),
 * the result [M, B, K]. Call inside tf.tidy.
 */
export function forward(p: BankParams, x: tf.Tensor): tf.Tensor3D {
  return p.spec.kind === 'mlp' ? forwardMlp(p, x) : forwardCnn(p, x);
}
