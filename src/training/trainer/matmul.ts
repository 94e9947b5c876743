/**
 * Matrix products for the bank's layers, fast on every backend.
 *
 * tfjs-backend-wasm multiplies quickly (XNNPACK) only in one case: a rank-2 product with neither
 * operand transposed. Everything else — a transposed operand, or a batched [M, ·, ·] product —
 * takes a naive loop that measured 10–20× slower (a [64, 784]ᵀ·[64, 256] product: 19.7 ms against
 * 1.0 ms for [64, 784]·[784, 256], tfjs 4.22 in Node). Stock tf.matMul's gradient is exactly such
 * transposed products, so a training step spent most of its time there.
 *
 * On wasm these functions therefore compute every product — forward and gradient — as rank-2,
 * untransposed products: an explicit (cheap) transpose first, and a batched product split into one
 * product per model. Other backends use tf.matMul unchanged: WebGL's and the cpu backend's
 * transposed and batched products are as fast as the plain ones. Values are the same up to float
 * rounding (the order of the sums); gradients are checked against tf.matMul's in
 * test/training/matmul.test.ts.
 */
import { tf } from './tf';

function onWasm(): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * Below this many multiply-adds per model, a batched product's naive loop is cheaper than splitting
 * it (wasm's Unpack copies in JS: for an MLP's 256 → 10 layer it cost a quarter of the step).
 */
export const SPLIT_MIN_MACS = 1_000_000;

/**
 * a·b with untransposed products: rank 2, or [M, n, k]·[M, k, m] → [M, n, m] with one rank-2
 * product per model when `split` and the product is large enough (else one batched product:
 * splitting a large operand costs more than it saves, as wasm's Unpack copies its whole input).
 */
function plain(a: tf.Tensor, b: tf.Tensor, split: boolean): tf.Tensor {
  if (a.rank === 2) return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  const m = a.shape[0];
  const macs = (a.shape[1] ?? 0) * (a.shape[2] ?? 0) * (b.shape[2] ?? 0);
  if (m > 1 && (!split || macs < SPLIT_MIN_MACS)) return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D);
  if (m === 1) {
    const out = tf.matMul(tf.squeeze(a, [0]) as tf.Tensor2D, tf.squeeze(b, [0]) as tf.Tensor2D);
    return tf.expandDims(out, 0);
  }
  const as = tf.unstack(a) as tf.Tensor2D[];
  const bs = tf.unstack(b) as tf.Tensor2D[];
  return tf.stack(as.map((ai, i) => tf.matMul(ai, bs[i])));
}

/** Swaps the last two axes. */
function swap(t: tf.Tensor): tf.Tensor {
  return t.rank === 2 ? tf.transpose(t) : tf.transpose(t, [0, 2, 1]);
}

function bothGrad(split: boolean) {
  return tf.customGrad((...args: unknown[]) => {
    const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: plain(a, b, split),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved;
        return [plain(dy, swap(sb), split), plain(swap(sa), dy, split)];
      },
    };
  });
}
const splitGrad = bothGrad(true);
const batchedGrad = bothGrad(false);

/**
 * a·b where both operands need a gradient: rank 2 ([n, k]·[k, m]) or batched ([M, n, k]·[M, k, m]).
 * `split: false` keeps a batched product batched on wasm (for a large left operand: see plain).
 * Call inside tf.tidy (or a gradient function).
 */
export function bankMatMul<T extends tf.Tensor2D | tf.Tensor3D>(
  a: T,
  b: T,
  options: { split?: boolean } = {},
): T {
  if (!onWasm()) return tf.matMul(a, b) as T;
  return ((options.split ?? true) ? splitGrad : batchedGrad)(a, b) as T;
}

/**
 * x·w where x is data (no gradient flows into it, so none is computed) and w is trainable:
 * [n, k]·[k, m]. Call inside tf.tidy (or a gradient function).
 */
export function inputMatMul(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  if (!onWasm()) return tf.matMul(x, w);
  const f = tf.customGrad((...args: unknown[]) => {
    const [wi, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // Saved, not captured: tfjs disposes the forward pass's intermediate tensors (x may be one)
    // before back-propagating, except those a gradient function saved.
    save([x]);
    return {
      value: tf.matMul(x, wi),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.matMul(tf.transpose(saved[0]), dy as tf.Tensor2D),
    };
  });
  return f(w) as tf.Tensor2D;
}

/**
 * a·b, a·bᵀ, aᵀ·b (rank 2 or batched [M, ·, ·]) with no gradient recorded — for hand-written
 * backward passes (mlpStep.ts). On wasm the transposes are explicit and the products untransposed
 * (as above); elsewhere one tf.matMul with its transpose flags. `split` as in bankMatMul.
 */
export function product<T extends tf.Tensor2D | tf.Tensor3D>(
  a: T,
  b: T,
  options: { transposeA?: boolean; transposeB?: boolean; split?: boolean } = {},
): T {
  const ta = options.transposeA ?? false;
  const tb = options.transposeB ?? false;
  if (!onWasm()) return tf.matMul(a, b, ta, tb) as T;
  return plain(ta ? swap(a) : a, tb ? swap(b) : b, options.split ?? true) as T;
}

/**
 * x·w for a data batch x [n, k] whose transpose xᵀ [k, n] is at hand, and a weight w [k, m] that
 * changes every step. XNNPACK packs the right operand of a product into its own layout when it
 * first sees it (tfjs caches the packing per tensor, and an updated weight is a new tensor), so
 * x·w repacks all of w on every step. On wasm this computes (wᵀ·xᵀ)ᵀ instead: a transpose of w
 * and the packing of the smaller xᵀ. Measured in Node (tfjs 4.22, batch 64, a fresh w each call):
 * [64, 784]·[784, 256] 1.5 against 0.97 ms, ·[784, 512] 3.1 against 1.95 ms. Elsewhere x·w.
 * Same values up to float rounding (the order of the sums); no gradient recorded.
 */
export function dataProduct(x: tf.Tensor2D, xT: tf.Tensor2D | undefined, w: tf.Tensor2D): tf.Tensor2D {
  if (!onWasm() || xT === undefined) return product(x, w);
  return tf.transpose(tf.matMul(tf.transpose(w), xT));
}
