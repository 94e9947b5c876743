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
import { forwardCnnPerModel, type BankParams } from './models';
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
  fwd.models.forEach((q, i) => {
    const dzdI = tf.reshape(m === 1 ? dzd : tf.slice(dzd, [i, 0, 0], [1, b, dense]), [
      b,
      dense,
    ]) as tf.Tensor2D;
    // Dense layer.
    dw4.push(tMatMul(q.flat, dzdI));
    const dflat = tf.matMul(dzdI, tf.transpose(q.w4) as tf.Tensor2D);
    // Block 2: pool, ReLU, conv2 (patches · W2).
    const dr2 = maxPool2Grad(tf.reshape(dflat, q.a2.shape) as tf.Tensor4D, q.r2, q.a2);
    const dz2 = tf.mul(dr2, tf.step(q.r2)) as tf.Tensor4D; // [B, h2, w2, C2]
    const dz2Rows = tf.reshape(dz2, [-1, c2]) as tf.Tensor2D;
    db2.push(tf.sum(dz2Rows, 0));
    dw2.push(tMatMul(q.p2, dz2Rows)); // [9·C1, C2], rows (c, k)
    const flip = tf.reshape(tf.slice(w2Adjoint, [i, 0, 0, 0], [1, 9, c2, c1]), [3, 3, c2, c1]) as tf.Tensor4D;
    const da1 = tf.conv2d(dz2, flip, 1, 'same');
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
