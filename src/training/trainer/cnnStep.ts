/**
 * One CNN bank step's loss and gradients by hand, without tfjs's tape (issue 16), on wasm and cpu.
 *
 * Why by hand: the tape clones every tensor a gradient needs (an Identity kernel, a full copy on
 * wasm) and answers every broadcast add with extra reshapes and sums.
 *
 * Why per model: after the shared input patches, the forward pass (models.ts forwardCnnPerModel,
 * the very ops forward() runs, so the logits are identical) and this backward pass treat the M
 * models one at a time. Earlier versions kept the bank stacked — a [M·B, 14, 14, C1] regrouping by
 * 5-D transposes, a row gather for conv2's patches (with a scatter-add adjoint) and batched
 * [M, B·196, 72] products — and at M = 6 that took over 10× the single model's step, because on
 * wasm a batched or transposed product runs a naive loop (matmul.ts), splitting a big [M, ·, ·]
 * tensor copies it in JS, and the gather and the 5-D transposes were slow kernels. Per model,
 * every big product is rank 2 and untransposed (XNNPACK), no activation of the bank is split or
 * transposed whole, and only the small weights are sliced. For model m (N = B·h2·w2 pixels):
 *
 *   head      ∂z = mask·(softmax − y_LS)/B                  (mlpStep.ts lossAndLogitGradient)
 *   logits    batched as in the forward pass (tiny): ∂W = dᵀ·∂z, ∂b = Σ ∂z, ∂d = ∂z·Wᵀ ⊙ step(d)
 *   dense     ∂W4 = flatᵀ·∂d, ∂flat = ∂d·W4ᵀ (explicit transposes, then plain products)
 *   maxPool   tfjs's MaxPoolGrad kernel (what the tape would call; keeps its tie rule)
 *   conv2     P = the depthwise one-hot patches [N, 9·C1] in (c, k) order (k = 3·dy + dx), z2 =
 *             P·W2' with W2' = W2's rows permuted from (k, c) to (c, k); ∂W2' = Pᵀ·∂z2, permuted
 *             back. ∂a1 = conv2d(∂z2, W2 flipped in space, in/out swapped) — the adjoint of a
 *             'same' 3×3 conv, one XNNPACK conv, so ∂P is never formed
 *   conv1     this model's columns of the shared W1: ∂W1ᵀ = ∂z1ᵀ·(input patches) — the patches as
 *             the right operand, which XNNPACK packs once for all M models — then one concat and a
 *             small transpose for W1's [9·C, M·C1] layout
 *
 * Measured (Node, tfjs-backend-wasm, 2 cores shared with other work, batch 64, 28×28×1, CNN
 * 8,16 + 64; src/cli/benchBank.ts --wasm --cnn --repeats 5, the stacked version and this one back
 * to back): M = 1 101.5 → 37.7–40.5 ms/step, M = 6 1054 → 221–282 ms/step (the M = 6 / M = 1 ratio
 * from 10.4 to about 6); ops/step 130/127 → 112/336 (more, smaller kernels per model, each far
 * cheaper). Per kernel at M = 6 (tf.profile, one step): before, BatchMatMul 470 ms, GatherV2 298,
 * Transpose 179, MaxPoolGrad 97; after, MaxPoolGrad 82 (now the largest: the kernel is slow on
 * wasm, and its tie rule must be kept), BatchMatMul 54 (all rank 2), DepthwiseConv2dNative 30,
 * Transpose 13, Conv2D 11.
 *
 * Tested against tf.variableGrads of forward() + labelSmoothingLossPerSample, M = 1 … 6, on wasm
 * and cpu (test/training/cnnStep.test.ts). WebGL's slice-based patches keep the tape (bankTrainer.ts).
 */
import { tf } from './tf';
import { product } from './matmul';
import { forwardCnnPerModel, type BankParams } from './models';
import { lossAndLogitGradient, type MlpStepInputs, type MlpStepResult } from './mlpStep';

export type CnnStepInputs = Omit<MlpStepInputs, 'x' | 'xT'> & { x: tf.Tensor };

/** Whether cnnLossAndGradients applies (patchStrategy 'gather', the default of wasm and cpu). */
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

/** aᵀ·b for rank 2 with an explicit transpose (wasm multiplies fast only untransposed: matmul.ts). */
function tMatMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.transpose(a), b);
}

/** The models' tensors stacked on a new leading axis (a reshape for one model). */
function stackModels(ts: tf.Tensor[]): tf.Tensor {
  return ts.length === 1 ? tf.expandDims(ts[0], 0) : tf.stack(ts);
}

/** Loss and gradients of one step; call inside tf.tidy. */
export function cnnLossAndGradients(p: BankParams, inp: CnnStepInputs): MlpStepResult {
  if (!cnnStepByHand(p)) throw new Error('cnnLossAndGradients: needs a CNN bank on wasm or cpu');
  const m = p.numModels;
  const b = inp.x.shape[0];
  const [c1, c2] = [p.params[0].modelShape[1], p.params[2].modelShape[1]];
  const dense = p.params[4].modelShape[1];
  const v = p.params.map((q) => q.variable);

  // Forward: forward()'s own ops (so the same logits), keeping what the backward pass needs.
  const fwd = forwardCnnPerModel(p, inp.x, false);
  const { d, logits } = fwd;
  const head = lossAndLogitGradient(logits, inp);
  const dz = head.dz;
  const grads: tf.Tensor[] = new Array<tf.Tensor>(v.length);
  // Logits layer, batched (tiny), as in the forward pass.
  grads[6] = product(d, dz, { transposeA: true });
  grads[7] = tf.sum(dz, 1);
  const dzd = tf.mul(product(dz, v[6] as tf.Tensor3D, { transposeB: true }), tf.step(d)) as tf.Tensor3D;
  grads[5] = tf.sum(dzd, 1);
  // conv2's flipped, transposed filter per model for ∂a1 (see the file comment): from W2 [M, 9, C1,
  // C2] (k = 3·dy + dx) to [M, 9, C2, C1] with k → 8 − k, i.e. [3, 3, C2, C1] per model.
  const w2Adjoint = tf.transpose(tf.reverse(tf.reshape(v[2], [m, 9, c1, c2]), 1), [0, 1, 3, 2]);
  const dw4: tf.Tensor[] = [];
  const db2: tf.Tensor[] = [];
  const dw2: tf.Tensor[] = [];
  const dw1T: tf.Tensor[] = [];
  const db1: tf.Tensor[] = [];
  const split = (t: tf.Tensor, shape: number[]): tf.Tensor[] =>
    (m === 1 ? [t] : tf.split(t, m)).map((u) => tf.reshape(u, shape));
  const dzds = split(dzd, [b, dense]) as tf.Tensor2D[];
  const flips = split(w2Adjoint, [3, 3, c2, c1]) as tf.Tensor4D[];
  fwd.models.forEach((q, i) => {
    const dzdI = dzds[i];
    // Dense layer.
    dw4.push(tMatMul(q.flat, dzdI));
    const dflat = tf.matMul(dzdI, tf.transpose(q.w4) as tf.Tensor2D);
    // Block 2: pool, ReLU, conv2 (patches · W2).
    const dr2 = maxPool2Grad(tf.reshape(dflat, q.a2.shape) as tf.Tensor4D, q.r2, q.a2);
    const dz2 = tf.mul(dr2, tf.step(q.r2)) as tf.Tensor4D; // [B, h2, w2, C2]
    const dz2Rows = tf.reshape(dz2, [-1, c2]) as tf.Tensor2D;
    db2.push(tf.sum(dz2Rows, 0));
    dw2.push(tMatMul(q.p2, dz2Rows)); // [9·C1, C2], rows (c, k)
    const da1 = tf.conv2d(dz2, flips[i], 1, 'same');
    // Block 1: pool, ReLU, this model's columns of the shared conv.
    const dr1 = maxPool2Grad(da1, q.r1, q.a1);
    const dz1 = tf.reshape(tf.mul(dr1, tf.step(q.r1)), [-1, c1]) as tf.Tensor2D;
    dw1T.push(tMatMul(dz1, fwd.p1)); // [C1, 9·C]
    db1.push(tf.sum(dz1, 0));
  });
  grads[4] = stackModels(dw4);
  grads[3] = stackModels(db2);
  // [M, 9·C1, C2] rows (c, k) → rows (k, c), W2's layout.
  grads[2] = tf.reshape(tf.transpose(tf.reshape(stackModels(dw2), [m, c1, 9, c2]), [0, 2, 1, 3]), [
    m,
    9 * c1,
    c2,
  ]);
  grads[1] = m === 1 ? db1[0] : tf.concat(db1);
  grads[0] = tf.transpose(m === 1 ? dw1T[0] : tf.concat(dw1T, 0));
  return { logits, perModel: head.perModel, grads };
}
