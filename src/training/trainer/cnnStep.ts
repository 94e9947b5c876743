/**
 * One CNN bank step's loss and gradients by hand, without tfjs's tape (issue 16: fewer ops per
 * step), where the hidden conv's patches are a row gather (wasm, cpu: models.ts patches3x3).
 *
 * Why: the tape clones (an Identity kernel, a full copy on wasm) every tensor a gradient needs —
 * 56 copies per step of the CNN 8,16 + 64 bank, some of them [M·B, 28, 28, 8] activations — and
 * answers every broadcast add and customGrad with extra reshapes and sums. By hand, with the same
 * forward ops as models.ts forwardCnn (so the same logits) and the same layouts:
 *
 *   head      ∂z = mask·(softmax − y_LS)/B                        (mlpStep.ts lossAndLogitGradient)
 *   dense     ∂W = aᵀ·∂z, ∂b = Σ ∂z, ∂a = ∂z·Wᵀ, ReLU: ⊙ step(a)
 *   maxPool   tfjs's MaxPoolGrad kernel (what the tape would call)
 *   conv2     im2col: ∂W2 = patchesᵀ·∂z2, ∂patches = ∂z2·W2ᵀ, then the gather's adjoint (a
 *             scatter-add of each patch row back into its padded pixel) and the pad's (a slice)
 *   conv1     ∂W1 = input patchesᵀ·∂z1 (no gradient flows into the data)
 *
 * Tested against tf.variableGrads of forward() + labelSmoothingLossPerSample
 * (test/training/cnnStep.test.ts). WebGL's slice-based patches keep the tape (bankTrainer.ts).
 */
import { tf } from './tf';
import { product } from './matmul';
import { inputPatches3x3, patchIndex, type BankParams } from './models';
import { lossAndLogitGradient, type MlpStepInputs, type MlpStepResult } from './mlpStep';

export type CnnStepInputs = Omit<MlpStepInputs, 'x' | 'xT'> & { x: tf.Tensor };

/** Whether cnnLossAndGradients applies (the gather patches of wasm and cpu). */
export function cnnStepByHand(p: BankParams): boolean {
  const strategy =
    p.patchStrategy === 'auto' ? (tf.getBackend() === 'webgl' ? 'slices' : 'gather') : p.patchStrategy;
  return p.spec.kind === 'cnn' && strategy === 'gather';
}

function maxPool2Grad(dy: tf.Tensor4D, input: tf.Tensor4D, output: tf.Tensor4D): tf.Tensor4D {
  return tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, {
    filterSize: 2,
    strides: 2,
    pad: 'valid',
    dimRoundingMode: undefined,
  } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/** Loss and gradients of one step; call inside tf.tidy. */
export function cnnLossAndGradients(p: BankParams, inp: CnnStepInputs): MlpStepResult {
  if (!cnnStepByHand(p)) throw new Error('cnnLossAndGradients: needs a CNN bank with gather patches');
  const m = p.numModels;
  const b = inp.x.shape[0];
  const [h, w, c] = p.inputShape;
  const [c1, c2] = [p.params[0].modelShape[1], p.params[2].modelShape[1]];
  const v = p.params.map((q) => q.variable);

  // Forward: the ops of forwardCnn, keeping what the backward pass needs.
  const p1 = inputPatches3x3(p, tf.reshape(inp.x, [b, h, w, c]) as tf.Tensor4D); // [B·h·w, 9C]
  const r1 = tf.relu(
    tf.reshape(tf.add(product(p1, v[0] as tf.Tensor2D), v[1]), [b, h, w, m * c1]),
  ) as tf.Tensor4D;
  const a1 = tf.maxPool(r1, 2, 2, 'valid');
  const [h2, w2] = [a1.shape[1], a1.shape[2]];
  const perModel = tf.reshape(tf.transpose(tf.reshape(a1, [b, h2, w2, m, c1]), [3, 0, 1, 2, 4]), [
    m * b,
    h2,
    w2,
    c1,
  ]) as tf.Tensor4D;
  // patches3x3's gather (same values): rows of the zero-padded image.
  const n = m * b;
  const rowsPadded = (h2 + 2) * (w2 + 2);
  const { rows, rows2d } = patchIndex(p, h2, w2);
  const padded = tf.pad(perModel, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const gathered = tf.gather(tf.reshape(padded, [n, rowsPadded, c1]), rows, 1); // [n, h2·w2·9, C1]
  const p2 = tf.reshape(gathered, [m, b * h2 * w2, 9 * c1]) as tf.Tensor3D;
  const z2 = tf.add(product(p2, v[2] as tf.Tensor3D, { split: false }), tf.expandDims(v[3], 1));
  const r2 = tf.reshape(tf.relu(z2), [n, h2, w2, c2]) as tf.Tensor4D;
  const a2 = tf.maxPool(r2, 2, 2, 'valid');
  const flat = tf.reshape(a2, [m, b, a2.shape[1] * a2.shape[2] * c2]) as tf.Tensor3D;
  const d = tf.relu(tf.add(product(flat, v[4] as tf.Tensor3D), tf.expandDims(v[5], 1))) as tf.Tensor3D;
  const logits = tf.add(product(d, v[6] as tf.Tensor3D), tf.expandDims(v[7], 1)) as tf.Tensor3D;

  const head = lossAndLogitGradient(logits, inp);
  const dz = head.dz;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(v.length);
  // Dense head and dense layer.
  grads[6] = product(d, dz, { transposeA: true });
  grads[7] = tf.sum(dz, 1);
  const dzd = tf.mul(product(dz, v[6] as tf.Tensor3D, { transposeB: true }), tf.step(d)) as tf.Tensor3D;
  grads[4] = product(flat, dzd, { transposeA: true });
  grads[5] = tf.sum(dzd, 1);
  const dflat = product(dzd, v[4] as tf.Tensor3D, { transposeB: true });
  // Block 2: pool, ReLU, grouped conv.
  const dr2 = maxPool2Grad(tf.reshape(dflat, a2.shape), r2, a2);
  const dz2 = tf.reshape(tf.mul(dr2, tf.step(r2)), [m, b * h2 * w2, c2]) as tf.Tensor3D;
  grads[2] = product(p2, dz2, { transposeA: true, split: false });
  grads[3] = tf.sum(dz2, 1);
  const dp2 = product(dz2, v[2] as tf.Tensor3D, { transposeB: true, split: false });
  // The gather's adjoint (as patches3x3's gradFunc), then the pad's.
  const byRow = tf.reshape(tf.transpose(tf.reshape(dp2, [n, h2 * w2 * 9, c1]), [1, 0, 2]), [
    h2 * w2 * 9,
    n * c1,
  ]);
  const summed = tf.scatterND(rows2d, byRow, [rowsPadded, n * c1]);
  const dPadded = tf.reshape(tf.transpose(tf.reshape(summed, [rowsPadded, n, c1]), [1, 0, 2]), [
    n,
    h2 + 2,
    w2 + 2,
    c1,
  ]);
  const dPerModel = tf.slice(dPadded, [0, 1, 1, 0], [n, h2, w2, c1]);
  const da1 = tf.reshape(tf.transpose(tf.reshape(dPerModel, [m, b, h2, w2, c1]), [1, 2, 3, 0, 4]), [
    b,
    h2,
    w2,
    m * c1,
  ]) as tf.Tensor4D;
  // Block 1: pool, ReLU, shared conv.
  const dr1 = maxPool2Grad(da1, r1, a1);
  const dz1 = tf.reshape(tf.mul(dr1, tf.step(r1)), [b * h * w, m * c1]) as tf.Tensor2D;
  grads[0] = product(p1, dz1, { transposeA: true });
  grads[1] = tf.sum(dz1, 0);
  return { logits, perModel: head.perModel, grads };
}
