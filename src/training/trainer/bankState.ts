/**
 * A bank's state beyond its forward pass: freezing the models that diverged, and snapshotting the
 * whole training state (weights + Adam moments + step) so a run can continue elsewhere — on another
 * backend after a lost WebGL context (engine.ts).
 *
 * Adam's moments are reached through optimizer.getWeights(), which returns the moment VARIABLES
 * themselves, in the order of the variable list given to minimize() / applyGradients() (= params
 * order): tf.AdamOptimizer's contract in tfjs 4, kept by FusedAdamOptimizer (fusedAdam.ts).
 * That identity is checked at run time (instanceof tf.Variable) and by the unit tests.
 */
import { tf } from './tf';
import type { BankParam, BankParams } from './models';

/** What Optimizer.getWeights / setWeights exchange. */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

/** Bool mask of `q`'s entries owned by the models where `keep[m]` is true, broadcastable to q. */
export function ownedMask(q: BankParam, keep: readonly boolean[]): tf.Tensor {
  const m = keep.length;
  const rank = q.variable.rank;
  if (q.layout.kind === 'stacked') {
    return tf.tensor(Uint8Array.from(keep, Number), [m, ...new Array<number>(rank - 1).fill(1)], 'bool');
  }
  const width = q.layout.width;
  const flags = new Uint8Array(m * width);
  for (let k = 0; k < m; k++) if (keep[k]) flags.fill(1, k * width, (k + 1) * width);
  // sharedColumns [rows, M·width]: one row of flags broadcast over the rows; sharedVector [M·width].
  return tf.tensor(flags, q.layout.kind === 'sharedColumns' ? [1, m * width] : [m * width], 'bool');
}

/** Adam's first and second moment variables, params order; empty before the first step. */
async function adamMoments(
  optimizer: tf.Optimizer,
  count: number,
): Promise<{ first: tf.Variable[]; second: tf.Variable[] }> {
  const weights = await optimizer.getWeights();
  // weights[0] is a fresh scalar with the iteration count (not a variable): free it.
  weights[0]?.tensor.dispose();
  const moments = weights.slice(1).map((w) => w.tensor);
  if (moments.length === 0) return { first: [], second: [] };
  if (moments.length !== 2 * count || !moments.every((t) => t instanceof tf.Variable)) {
    throw new Error('unexpected Adam state layout (tfjs changed?): cannot edit the moments');
  }
  const vars = moments as tf.Variable[];
  return { first: vars.slice(0, count), second: vars.slice(count) };
}

/**
 * Sets every entry owned by a model with `dead[m]` to 0 in the weights and in Adam's moments.
 * With its loss then masked to 0 (bankTrainer), such a model's gradient is exactly 0, so Adam leaves
 * it at 0 for good: finite, and no longer changing. The live models' entries are untouched.
 */
export async function zeroModels(
  params: BankParams,
  optimizer: tf.Optimizer,
  dead: readonly boolean[],
): Promise<void> {
  if (!dead.some(Boolean)) return;
  const keep = dead.map((d) => !d);
  const { first, second } = await adamMoments(optimizer, params.params.length);
  params.params.forEach((q, i) => {
    tf.tidy(() => {
      const mask = ownedMask(q, keep);
      for (const v of [q.variable, first[i], second[i]]) {
        if (v) v.assign(tf.where(mask, v, tf.zerosLike(v)));
      }
    });
  });
}

/** Test and diagnostics hook: makes model m's logits NaN (its output bias), as a blow-up would. */
export function poisonModel(params: BankParams, m: number): void {
  const q = params.params[params.params.length - 1];
  const only = Array.from({ length: params.numModels }, (_, k) => k === m);
  tf.tidy(() => q.variable.assign(tf.where(ownedMask(q, only), tf.fill(q.variable.shape, NaN), q.variable)));
}

/** Everything needed to continue a bank's training: plain arrays, any backend can take them. */
export interface BankSnapshot {
  step: number;
  /** Variable values in bank layout, params order. */
  weights: Float32Array[];
  /** Adam's step count and moments (empty before the first step). */
  adamIterations: number;
  adamFirst: Float32Array[];
  adamSecond: Float32Array[];
  diverged: boolean[];
}

export async function readSnapshot(
  params: BankParams,
  optimizer: tf.Optimizer,
  step: number,
  diverged: readonly boolean[],
): Promise<BankSnapshot> {
  const { first, second } = await adamMoments(optimizer, params.params.length);
  const read = (vs: tf.Tensor[]): Promise<Float32Array[]> =>
    Promise.all(vs.map(async (v) => (await v.data<'float32'>()).slice()));
  const [weights, adamFirst, adamSecond] = await Promise.all([
    read(params.params.map((q) => q.variable)),
    read(first),
    read(second),
  ]);
  return {
    step,
    weights,
    adamIterations: optimizer.iterations,
    adamFirst,
    adamSecond,
    diverged: [...diverged],
  };
}

/** Loads a snapshot into freshly made params and optimizer (same architecture and bank size). */
export async function writeSnapshot(
  params: BankParams,
  optimizer: tf.Optimizer,
  snap: BankSnapshot,
): Promise<void> {
  const n = params.params.length;
  if (snap.weights.length !== n)
    throw new Error(`snapshot has ${snap.weights.length} tensors, bank has ${n}`);
  params.params.forEach((q, i) => {
    if (snap.weights[i].length !== q.variable.size)
      throw new Error(`snapshot tensor ${q.name} has the wrong size`);
    tf.tidy(() => q.variable.assign(tf.tensor(snap.weights[i], q.variable.shape, 'float32')));
  });
  if (snap.adamFirst.length === 0) return;
  const named = (values: Float32Array[], suffix: string): NamedTensor[] =>
    values.map((v, i) => ({
      name: `${params.params[i].name}/${suffix}`,
      tensor: tf.tensor(v, params.params[i].variable.shape, 'float32'),
    }));
  const weights: NamedTensor[] = [
    { name: 'iter', tensor: tf.scalar(snap.adamIterations, 'int32') },
    ...named(snap.adamFirst, 'm'),
    ...named(snap.adamSecond, 'v'),
  ];
  try {
    // setWeights makes its own variables from these tensors (sharing their data): ours can go after.
    await optimizer.setWeights(weights);
  } finally {
    for (const w of weights) w.tensor.dispose();
  }
}
