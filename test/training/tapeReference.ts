/**
 * The reference the hand-written steps (mlpStep.ts, cnnStep.ts) are tested against: the bank's
 * forward pass and label-smoothing loss differentiated by tfjs's tape, and the comparison of a
 * hand-computed [logits, per-model loss, ...gradients] with it.
 */
import { expect } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { forward, type BankParams } from '../../src/training/trainer/models';
import { labelSmoothingLossPerSample } from '../../src/training/trainer/loss';

/** [logits, per-model mean loss, ∂/∂ each variable] by tf.variableGrads of forward() + the loss. */
export function tapeReference(
  p: BankParams,
  xt: tf.Tensor,
  oneHot: tf.Tensor,
  alphas: tf.Tensor,
  mask: tf.Tensor | null,
  vars: tf.Variable[],
): tf.Tensor[] {
  return tf.tidy(() => {
    let logits: tf.Tensor | null = null;
    let perModel: tf.Tensor | null = null;
    const { grads } = tf.variableGrads(() => {
      logits = tf.keep(forward(p, xt));
      perModel = tf.keep(tf.mean(labelSmoothingLossPerSample(logits, oneHot, alphas), -1));
      return tf.sum(mask ? tf.mul(perModel, mask) : perModel) as tf.Scalar;
    }, vars);
    return [
      logits as unknown as tf.Tensor,
      perModel as unknown as tf.Tensor,
      ...vars.map((v) => grads[v.name]),
    ];
  });
}

/**
 * The hand-computed tensors equal the reference's shapes; the logits are identical (the same
 * forward ops), and every other tensor is a real gradient (not zeros against zeros) within float32
 * rounding of sums over the batch and the units: 2e-6 of its largest entry. Returns the data.
 */
export async function expectMatchesTape(hand: tf.Tensor[], ref: tf.Tensor[]): Promise<Float32Array[]> {
  const [handData, refData] = await Promise.all([
    Promise.all(hand.map((t) => t.data<'float32'>())),
    Promise.all(ref.map((t) => t.data<'float32'>())),
  ]);
  hand.forEach((t, i) => expect(t.shape).toEqual(ref[i].shape));
  expect(handData[0]).toEqual(refData[0]);
  for (let i = 1; i < hand.length; i++) {
    const scale = Math.max(...refData[i].map(Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    let worst = 0;
    for (let j = 0; j < refData[i].length; j++)
      worst = Math.max(worst, Math.abs(handData[i][j] - refData[i][j]));
    expect(worst, `tensor ${i}`).toBeLessThan(2e-6 * scale);
  }
  return handData;
}
