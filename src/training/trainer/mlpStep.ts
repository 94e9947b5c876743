/**
 * One MLP bank step's loss and gradients written out by hand, without tfjs's tape (issue 16: fewer
 * ops per step). The tape records every op of the forward pass and answers each with its stock
 * gradient: the log-softmax's, the smoothed target's, the mean's, the broadcast adds' (a reshape
 * and a sum each), and an Identity for every customGrad input and output. By hand the whole
 * backward pass is what the maths needs (M models, B samples, K classes, science.md §1):
 *
 *   ∂L/∂z = mask_m · (softmax(z) − y_LS) / B          (z the logits, y_LS = (1−α)·onehot + α/K)
 *   dense layer a·W + b:  ∂W = aᵀ·∂z,  ∂b = Σ_B ∂z,  ∂a = ∂z·Wᵀ
 *   ReLU:                 ∂z_below = ∂a ⊙ step(a)      (a = relu(z) > 0 exactly where z > 0)
 *
 * with the same bank layouts and the same wasm-friendly products as the forward pass (models.ts,
 * matmul.ts). The loss per model is computed alongside from the same log-softmax:
 * Σ_{b,k} (−(1−α)/B · onehot − α/(K·B)) · log π, the two constants folded in once per trainer.
 * The values equal the tape's up to float rounding (the order of a few sums and the 1/B scaling),
 * tested against tf.variableGrads of forward() + labelSmoothingLossPerSample (test/training/mlpStep.test.ts).
 */
import { tf } from './tf';
import { dataProduct, product } from './matmul';
import type { BankParams } from './models';

export interface MlpStepInputs {
  /** [B, D] float32. */
  x: tf.Tensor2D;
  /** Optionally xᵀ [D, B] too (made on the host with the batch: wasm then needs no transpose). */
  xT?: tf.Tensor2D;
  /** [B, K] float32 one-hot labels. */
  oneHot: tf.Tensor2D;
  /** [M, 1, 1]: −(1 − α_m)/B and −α_m/(K·B) (see targetConstants). */
  targetScale: tf.Tensor3D;
  targetShift: tf.Tensor3D;
  /** [M] 1 for live models, 0 for frozen ones; null for all live. */
  liveMask: tf.Tensor1D | null;
}

export interface MlpStepResult {
  /** [M, B, K]. */
  logits: tf.Tensor3D;
  /** [M] mean label-smoothing loss of each model on the batch (unmasked). */
  perModel: tf.Tensor1D;
  /** ∂(Σ_m mask_m · perModel_m)/∂θ, one per parameter, in params order and shape. */
  grads: tf.Tensor[];
}

/** The [M, 1, 1] constants of MlpStepInputs for these α values, batch size and class count. */
export function targetConstants(
  alphas: readonly number[],
  batchSize: number,
  numClasses: number,
): { targetScale: tf.Tensor3D; targetShift: tf.Tensor3D } {
  const m = alphas.length;
  return {
    targetScale: tf.tensor3d(
      alphas.map((a) => -(1 - a) / batchSize),
      [m, 1, 1],
      'float32',
    ),
    targetShift: tf.tensor3d(
      alphas.map((a) => -a / (numClasses * batchSize)),
      [m, 1, 1],
      'float32',
    ),
  };
}

/**
 * The label-smoothing loss of each model and its gradient with respect to the logits [M, B, K]:
 * perModel_m = mean_b L_LS, dz = ∂(Σ_m mask_m · perModel_m)/∂z = mask_m · (softmax(z) − y_LS)/B.
 * Used by the MLP's step below and, inside the tape, by the CNN's (bankTrainer.ts).
 */
export function lossAndLogitGradient(
  logits: tf.Tensor3D,
  inp: Pick<MlpStepInputs, 'oneHot' | 'targetScale' | 'targetShift' | 'liveMask'>,
): { perModel: tf.Tensor1D; dz: tf.Tensor3D } {
  const [m, b] = logits.shape;
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  const e = tf.exp(shifted);
  const sumE = tf.sum(e, -1, true);
  const logProbs = tf.sub(shifted, tf.log(sumE));
  const scaledTarget = tf.add(tf.mul(inp.oneHot, inp.targetScale), inp.targetShift); // −y_LS / B
  const perModel = tf.sum(tf.mul(scaledTarget, logProbs), [1, 2]) as tf.Tensor1D;
  let dz: tf.Tensor3D = tf.add(tf.mul(tf.div(e, sumE), 1 / b), scaledTarget);
  if (inp.liveMask) dz = tf.mul(dz, tf.reshape(inp.liveMask, [m, 1, 1]));
  return { perModel, dz };
}

/** Loss and gradients of one step; call inside tf.tidy (everything returned is a fresh tensor). */
export function mlpLossAndGradients(p: BankParams, inp: MlpStepInputs): MlpStepResult {
  if (p.spec.kind !== 'mlp') throw new Error('mlpLossAndGradients: not an MLP bank');
  const m = p.numModels;
  const { x } = inp;
  const b = x.shape[0];
  const v = p.params.map((q) => q.variable);
  const h1 = p.params[0].modelShape[1];

  // Forward, keeping every layer's output: the shared first layer on [B, M·H1] ...
  const a1 = tf.relu(tf.add(dataProduct(x, inp.xT, v[0] as tf.Tensor2D), v[1])) as tf.Tensor2D;
  const toBank = (t: tf.Tensor2D): tf.Tensor3D =>
    m === 1 ? tf.reshape(t, [1, b, h1]) : tf.transpose(tf.reshape(t, [b, m, h1]), [1, 0, 2]);
  const fromBank = (t: tf.Tensor3D): tf.Tensor2D =>
    m === 1 ? tf.reshape(t, [b, h1]) : tf.reshape(tf.transpose(t, [1, 0, 2]), [b, m * h1]);
  // ... then the stacked layers on [M, B, H].
  const acts: tf.Tensor3D[] = [toBank(a1)];
  let z: tf.Tensor3D = acts[0];
  for (let i = 2; i < v.length; i += 2) {
    const width = p.params[i + 1].modelShape[0];
    z = tf.add(product(acts[acts.length - 1], v[i] as tf.Tensor3D), tf.reshape(v[i + 1], [m, 1, width]));
    if (i + 2 < v.length) acts.push(tf.relu(z));
  }
  const logits = z;

  const head = lossAndLogitGradient(logits, inp);
  const perModel = head.perModel;
  let dz = head.dz;

  // Backward through the stacked layers, top down.
  const grads: tf.Tensor[] = new Array<tf.Tensor>(v.length);
  for (let i = v.length - 2; i >= 2; i -= 2) {
    const below = acts[i / 2 - 1];
    grads[i] = product(below, dz, { transposeA: true });
    grads[i + 1] = tf.sum(dz, 1);
    const da = product(dz, v[i] as tf.Tensor3D, { transposeB: true });
    dz = i > 2 ? tf.mul(da, tf.step(below)) : da;
  }
  // The shared first layer: back to [B, M·H1].
  const dz1 = tf.mul(fromBank(dz), tf.step(a1)) as tf.Tensor2D;
  grads[0] = inp.xT ? product(inp.xT, dz1) : product(x, dz1, { transposeA: true });
  grads[1] = tf.sum(dz1, 0);
  return { logits, perModel, grads };
}
