import * as tf from '@tensorflow/tfjs-core';

/**
 * Label-smoothing cross-entropy, science.md §1:
 *   L_LS = −Σ_k y_LS,k log π_k,   y_LS = (1 − α)·onehot(y) + α/K.
 * α = 0 is plain cross-entropy; negative α (negative LS) is allowed.
 *
 * `logits` is [..., B, K]; `oneHot` broadcasts against it ([B, K] shared by a bank);
 * `alpha` is a scalar or a tensor broadcasting against [..., B, 1] (e.g. [M, 1, 1] for a bank of M
 * models). Returns the per-sample loss, shape [..., B]. The analysis side's gradient formulas
 * (src/analysis/gradients.ts) are tested against tf.grad of exactly this function.
 */
export function labelSmoothingLossPerSample(
  logits: tf.Tensor,
  oneHot: tf.Tensor,
  alpha: number | tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const k = logits.shape[logits.rank - 1];
    const a = typeof alpha === 'number' ? tf.scalar(alpha) : alpha;
    const target = tf.add(tf.mul(oneHot, tf.sub(1, a)), tf.div(a, k));
    const logProbs = tf.logSoftmax(logits, -1);
    return tf.neg(tf.sum(tf.mul(target, logProbs), -1));
  });
}
