/**
 * Trains a bank of models — one per α of TrainSettings.alphas — in lock-step on the same batches.
 *
 * Pairing (ARCHITECTURE.md): every model starts from the same weights (models.ts) and sees the same
 * batches, drawn from createRng(seed, 'batches'): a fresh permutation of the training split per epoch
 * that depends only on (seed, n_train), never on the α values or on how many models the bank has.
 * So a model trained later with another α is still paired with an earlier CE run of the same seed.
 *
 * Loss = Σ_m mean_b L_LS(α_m) (science.md §1, labelSmoothingLossPerSample; its gradient by hand in
 * mlpStep.ts, the MLP's whole backward pass too, tested against the tape). The models share no
 * parameter, so ∂loss/∂θ_m is model m's own gradient, and Adam is elementwise: the bank is exactly
 * M independent trainings (tested against single-model trainers).
 *
 * Last partial batch: DROPPED. Every step then has the same shape (no WebGL shader recompiles, equal
 * weight per step) and, since each epoch draws a fresh permutation, a different few samples sit out
 * each epoch. steps/epoch = floor(n_train / batch); a batch larger than the training split is
 * clamped to the split's size.
 *
 * No read-back per step: per-model loss sums and correct counts accumulate on the device in a [2, M]
 * variable, read (and reset) only at checkpoints.
 */
import { tf } from './tf';
import { FusedAdamOptimizer } from './fusedAdam';
import { cnnLossAndGradients, cnnStepByHand } from './cnnStep';
import { lossAndLogitGradient, mlpLossAndGradients, targetConstants } from './mlpStep';
import { bankVariables, createBankParams, disposeBankParams, forward, type BankParams } from './models';
import { poisonModel, readSnapshot, writeSnapshot, zeroModels, type BankSnapshot } from './bankState';
import { createRng, type Rng } from '../../data/rng';
import type { BankRunner } from './bankRunner';
import type { Dataset, Split } from '../../data/types';
import type {
  BackendName,
  BankCheckpoint,
  ModelCheckpoint,
  ModelSpec,
  TrainSettings,
} from '../../model/training';

export interface TrainerOptions {
  /** The backend in use (informational; tfjs's global backend is what actually runs). */
  backend?: BackendName;
  /** Rows per forward pass when evaluating val/test/arbitrary inputs. Default 1024 (MLP), 256 (CNN). */
  evalChunkSize?: number;
}

export function validateTrainSettings(s: TrainSettings): void {
  if (!Array.isArray(s.alphas) || s.alphas.length < 1 || !s.alphas.every(Number.isFinite)) {
    throw new Error(`alphas must be a non-empty list of finite numbers, got ${JSON.stringify(s.alphas)}`);
  }
  if (!Number.isFinite(s.seed)) throw new Error(`seed must be finite, got ${s.seed}`);
  for (const key of ['epochs', 'batchSize', 'checkpointEvery'] as const) {
    if (!Number.isInteger(s[key]) || s[key] < 1)
      throw new Error(`${key} must be a positive integer, got ${s[key]}`);
  }
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) {
    throw new Error(`learningRate must be > 0, got ${s.learningRate}`);
  }
}

function uploadSplit(split: Split, inputShape: number[]): { x: tf.Tensor; y: tf.Tensor1D } {
  return {
    x: tf.tensor(split.x, [split.n, ...inputShape], 'float32'),
    y: tf.tensor1d(split.y, 'int32'),
  };
}

export class AlphaBankTrainer implements BankRunner {
  readonly dataset: Dataset;
  readonly model: ModelSpec;
  readonly settings: TrainSettings;
  readonly backend: BackendName | undefined;
  readonly numModels: number;
  readonly numClasses: number;
  /** Effective batch size (settings.batchSize clamped to n_train). */
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;

  private readonly params: BankParams;
  private readonly variables: tf.Variable[];
  private readonly optimizer: FusedAdamOptimizer;
  /** [M, 1, 1] −(1−α)/B and −α/(K·B): the smoothed target of the MLP's hand-written step. */
  private readonly target: { targetScale: tf.Tensor3D; targetShift: tf.Tensor3D };
  /** The training split on the device, for batches gathered there (WebGL); null off WebGL. */
  private readonly train: { x: tf.Tensor; y: tf.Tensor1D } | null;
  private readonly evalSplits: { val: { x: tf.Tensor; n: number }; test: { x: tf.Tensor; n: number } };
  private readonly evalChunk: number;
  private readonly batchRng: Rng;
  /** Device-side [2, M]: row 0 Σ per-model batch-mean loss, row 1 Σ correct predictions. */
  private readonly stats: tf.Variable;
  /** The current epoch's sample order, and its copy on the device where batches are gathered there. */
  private epochOrderHost: Int32Array | null = null;
  private epochOrder: tf.Tensor1D | null = null;
  /**
   * Off WebGL, a batch is copied together from the host arrays and uploaded (the training split is
   * then never put on the device): tfjs-backend-wasm's GatherV2 took 1.5 ms of a 7 ms step for 64
   * rows. On WebGL the data stays on the GPU and batches are gathered there.
   */
  private readonly hostBatches = tf.getBackend() !== 'webgl';
  private stepsDone = 0;
  private stepsSinceCheckpoint = 0;
  /**
   * Training loss and accuracy per model over the interval ending at the last checkpoint: a second
   * checkpoint at the same step (a full evaluation after a live preview) reports them again.
   */
  private lastTrainStats: { step: number; loss: number[]; acc: number[] } | null = null;
  private readonly diverged: boolean[];
  /** [M] 1 for live models, 0 for diverged (frozen) ones; null while none has diverged. */
  private liveMask: tf.Tensor1D | null = null;
  private disposed = false;

  constructor(dataset: Dataset, model: ModelSpec, settings: TrainSettings, options: TrainerOptions = {}) {
    validateTrainSettings(settings);
    if (dataset.train.n < 1) throw new Error('the training split is empty');
    this.dataset = dataset;
    this.model = model;
    this.settings = { ...settings, alphas: [...settings.alphas] };
    this.backend = options.backend;
    this.numModels = settings.alphas.length;
    this.numClasses = dataset.numClasses;
    this.batchSize = Math.min(settings.batchSize, dataset.train.n);
    this.stepsPerEpoch = Math.floor(dataset.train.n / this.batchSize);
    this.totalSteps = this.stepsPerEpoch * settings.epochs;
    this.evalChunk = options.evalChunkSize ?? (model.kind === 'cnn' ? 256 : 1024);
    this.diverged = new Array<boolean>(this.numModels).fill(false);
    this.batchRng = createRng(settings.seed, 'batches');

    // Build everything, freeing what was made so far if any piece fails (e.g. out of GPU memory).
    const made: { dispose(): void }[] = [];
    try {
      this.params = createBankParams({
        spec: model,
        sampleShape: dataset.sampleShape,
        numClasses: dataset.numClasses,
        numModels: this.numModels,
        seed: settings.seed,
      });
      made.push({ dispose: () => disposeBankParams(this.params) });
      this.variables = bankVariables(this.params);
      const shape = this.params.inputShape;
      this.train = this.hostBatches ? null : uploadSplit(dataset.train, shape);
      if (this.train) made.push(this.train.x, this.train.y);
      const val = tf.tensor(dataset.val.x, [dataset.val.n, ...shape], 'float32');
      made.push(val);
      const test = tf.tensor(dataset.test.x, [dataset.test.n, ...shape], 'float32');
      made.push(test);
      this.evalSplits = { val: { x: val, n: dataset.val.n }, test: { x: test, n: dataset.test.n } };
      this.target = targetConstants(settings.alphas, this.batchSize, this.numClasses);
      made.push(this.target.targetScale, this.target.targetShift);
      this.stats = tf.tidy(() => tf.variable(tf.zeros([2, this.numModels]), false));
      made.push(this.stats);
      this.optimizer = new FusedAdamOptimizer(settings.learningRate);
    } catch (e) {
      for (const t of made) t.dispose();
      throw e;
    }
  }

  /** Optimisation steps done so far. */
  get currentStep(): number {
    return this.stepsDone;
  }

  /** Epochs completed, fractional (step / stepsPerEpoch). */
  get epoch(): number {
    return this.stepsDone / this.stepsPerEpoch;
  }

  get finished(): boolean {
    return this.stepsDone >= this.totalSteps;
  }

  get alphaValues(): readonly number[] {
    return this.settings.alphas;
  }

  /** True once every model of the bank has diverged: nothing is left to train. */
  get allDiverged(): boolean {
    return this.diverged.every(Boolean);
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('AlphaBankTrainer used after dispose()');
  }

  /** The permutation of epoch e (e = 0, 1, … in order: the stream is consumed sequentially). */
  private nextEpochOrder(): void {
    const n = this.dataset.train.n;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    this.batchRng.shuffle(order);
    this.epochOrderHost = order;
    if (this.train) {
      this.epochOrder?.dispose();
      this.epochOrder = tf.tensor1d(order, 'int32');
    }
  }

  /** Runs up to n optimisation steps (fewer at the end of training); returns how many ran. */
  step(n = 1): number {
    this.checkAlive();
    let done = 0;
    while (done < n && this.stepsDone < this.totalSteps) {
      const batchInEpoch = this.stepsDone % this.stepsPerEpoch;
      if (batchInEpoch === 0 || this.epochOrderHost === null) this.nextEpochOrder();
      this.oneStep(batchInEpoch);
      this.stepsDone++;
      this.stepsSinceCheckpoint++;
      done++;
    }
    return done;
  }

  private oneStep(batchInEpoch: number): void {
    const bs = this.batchSize;
    const k = this.numClasses;
    const train = this.train;
    const order = this.epochOrderHost as Int32Array;
    tf.tidy(() => {
      let xb: tf.Tensor;
      let yb: tf.Tensor;
      let oneHot: tf.Tensor;
      let xT: tf.Tensor2D | undefined;
      if (train === null) {
        const { x, y, n } = this.dataset.train;
        const f = x.length / n;
        const xs = new Float32Array(bs * f);
        const ys = new Int32Array(bs);
        // The float32 one-hot labels too, and on wasm the MLP's xᵀ: made here, they cost no kernel.
        const hot = new Float32Array(bs * k);
        const xsT =
          this.params.spec.kind === 'mlp' && tf.getBackend() === 'wasm' ? new Float32Array(bs * f) : null;
        for (let i = 0, o = batchInEpoch * bs; i < bs; i++) {
          const r = order[o + i];
          xs.set(x.subarray(r * f, r * f + f), i * f);
          if (xsT) for (let j = 0, at = r * f; j < f; j++) xsT[j * bs + i] = x[at + j];
          ys[i] = y[r];
          hot[i * k + y[r]] = 1;
        }
        xb = tf.tensor(xs, [bs, ...this.params.inputShape], 'float32');
        yb = tf.tensor1d(ys, 'int32');
        oneHot = tf.tensor2d(hot, [bs, k], 'float32');
        if (xsT) xT = tf.tensor2d(xsT, [f, bs], 'float32');
      } else {
        const idx = tf.slice(this.epochOrder as tf.Tensor1D, [batchInEpoch * bs], [bs]);
        xb = tf.gather(train.x, idx);
        yb = tf.gather(train.y, idx);
        // int32 one-hot then cast: tfjs-backend-wasm's OneHot ignores a float32 dtype (writes int bits).
        oneHot = tf.cast(tf.oneHot(yb as tf.Tensor1D, k), 'float32');
      }
      const correctOf = (logits: tf.Tensor): tf.Tensor =>
        tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), yb), 'float32'), -1); // [M]
      let batchStats: tf.Tensor | null = null;
      if (this.params.spec.kind === 'mlp' || cnnStepByHand(this.params)) {
        // Loss and gradients by hand (mlpStep.ts, cnnStep.ts): no tape.
        const common = { oneHot: oneHot as tf.Tensor2D, ...this.target, liveMask: this.liveMask };
        const r =
          this.params.spec.kind === 'mlp'
            ? mlpLossAndGradients(this.params, { x: xb as tf.Tensor2D, xT, ...common })
            : cnnLossAndGradients(this.params, { x: xb, ...common });
        batchStats = tf.stack([r.perModel, correctOf(r.logits)]);
        this.optimizer.applyGradients(this.variables.map((v, i) => ({ name: v.name, tensor: r.grads[i] })));
      } else {
        const liveMask = this.liveMask;
        const target = this.target;
        // WebGL's CNN: the loss head's gradient by hand (lossAndLogitGradient), the rest by the tape.
        const head = tf.customGrad((...args: unknown[]) => {
          const [logits, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
          const { perModel, dz } = lossAndLogitGradient(logits, {
            oneHot: oneHot as tf.Tensor2D,
            ...target,
            liveMask,
          });
          save([dz]);
          // Kept so it survives minimize's internal tidy; disposed with this step's tidy.
          batchStats = tf.keep(tf.stack([perModel, correctOf(logits)]));
          // A diverged model is frozen (zeroModels): its loss is masked out, so its gradient is 0.
          // Live models are untouched (×1 is exact), and without a divergence there is no mask at all.
          return {
            value: (liveMask ? tf.sum(tf.mul(perModel, liveMask)) : tf.sum(perModel)) as tf.Scalar,
            gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(saved[0], dy),
          };
        });
        const cost = this.optimizer.minimize(
          () => head(forward(this.params, xb)) as tf.Scalar, // forward: [M, B, K]
          false,
          this.variables,
        );
        cost?.dispose();
      }
      const s = batchStats as tf.Tensor | null;
      if (s) {
        this.stats.assign(tf.add(this.stats, s));
        s.dispose();
      }
    });
  }

  /** Resolves once every step issued so far has run on the device (a [2, M] read-back). */
  async sync(): Promise<void> {
    this.checkAlive();
    await this.stats.data();
  }

  /** Logits of all models for n rows of `x`, chunked: one [M, n, K] tensor (caller disposes). */
  private logitsOf(x: tf.Tensor, n: number): tf.Tensor3D {
    return tf.tidy(() => {
      const parts: tf.Tensor3D[] = [];
      for (let start = 0; start < n; start += this.evalChunk) {
        const rows = Math.min(this.evalChunk, n - start);
        const begin = new Array<number>(x.rank).fill(0);
        begin[0] = start;
        const sizeArg = [rows, ...x.shape.slice(1)];
        // Each chunk's activations go as soon as its logits exist: kept to the end of the outer
        // tidy they would add up over the whole split (a CNN bank ran out of wasm memory).
        parts.push(tf.tidy(() => forward(this.params, tf.slice(x, begin, sizeArg))));
      }
      if (parts.length === 0) return tf.zeros([this.numModels, 0, this.numClasses]) as tf.Tensor3D;
      return parts.length === 1 ? parts[0] : tf.concat(parts, 1);
    });
  }

  /** Splits [M, n, K] row-major data into one fresh (separately transferable) array per model. */
  private perModel(data: Float32Array, n: number): Float32Array[] {
    const stride = n * this.numClasses;
    return Array.from({ length: this.numModels }, (_, m) => data.slice(m * stride, (m + 1) * stride));
  }

  /**
   * Val and test logits of every model plus training loss/accuracy since the previous checkpoint
   * (NaN when no step ran since). Read back with await tensor.data(); resets the training counters.
   * A model whose loss or logits are non-finite is flagged diverged, for good, and frozen: its
   * weights and Adam moments are zeroed and its loss masked out, so it costs the others nothing and
   * changes none of their numbers (the models share no parameter).
   */
  /**
   * Evaluates every model on the validation and test splits — or, with `previewRows`, on their
   * first previewRows samples only (a live preview: ModelCheckpoint.preview).
   */
  async checkpoint(options: { previewRows?: number } = {}): Promise<BankCheckpoint> {
    this.checkAlive();
    const rows = options.previewRows;
    const nVal = rows === undefined ? this.evalSplits.val.n : Math.min(rows, this.evalSplits.val.n);
    const nTest = rows === undefined ? this.evalSplits.test.n : Math.min(rows, this.evalSplits.test.n);
    const preview = nVal < this.evalSplits.val.n || nTest < this.evalSplits.test.n;
    const val = this.logitsOf(this.evalSplits.val.x, nVal);
    const test = this.logitsOf(this.evalSplits.test.x, nTest);
    const statsCopy = tf.clone(this.stats);
    // Inside tidy: assign() shares the data but the temporary tensor must still be disposed.
    tf.tidy(() => this.stats.assign(tf.zeros([2, this.numModels])));
    const steps = this.stepsSinceCheckpoint;
    this.stepsSinceCheckpoint = 0;
    const step = this.stepsDone;
    let valData: Float32Array, testData: Float32Array, statsData: Float32Array;
    try {
      [valData, testData, statsData] = await Promise.all([
        val.data<'float32'>(),
        test.data<'float32'>(),
        statsCopy.data<'float32'>(),
      ]);
    } finally {
      val.dispose();
      test.dispose();
      statsCopy.dispose();
    }
    const valLogits = this.perModel(valData, nVal);
    const testLogits = this.perModel(testData, nTest);
    const m = this.numModels;
    const wasDiverged = [...this.diverged];
    const models = this.settings.alphas.map((alpha, i): ModelCheckpoint => {
      const again = steps === 0 && this.lastTrainStats?.step === step ? this.lastTrainStats : null;
      const trainLoss = steps > 0 ? statsData[i] / steps : (again?.loss[i] ?? NaN);
      const trainAcc = steps > 0 ? statsData[m + i] / (steps * this.batchSize) : (again?.acc[i] ?? NaN);
      if (
        (steps > 0 && !Number.isFinite(trainLoss)) ||
        !allFinite(valLogits[i]) ||
        !allFinite(testLogits[i])
      ) {
        this.diverged[i] = true;
      }
      return {
        alpha,
        seed: this.settings.seed,
        trainLoss,
        trainAcc,
        valLogits: valLogits[i],
        testLogits: testLogits[i],
        diverged: this.diverged[i],
        ...(preview ? { preview: true } : {}),
      };
    });
    this.lastTrainStats = {
      step,
      loss: models.map((x) => x.trainLoss),
      acc: models.map((x) => x.trainAcc),
    };
    if (this.diverged.some((d, i) => d && !wasDiverged[i])) await this.freezeDiverged();
    return {
      step,
      totalSteps: this.totalSteps,
      epoch: step / this.stepsPerEpoch,
      numClasses: this.numClasses,
      rows: { val: nVal, test: nTest },
      models,
    };
  }

  private async freezeDiverged(): Promise<void> {
    await zeroModels(this.params, this.optimizer, this.diverged);
    this.liveMask?.dispose();
    this.liveMask = tf.tensor1d(
      this.diverged.map((d) => (d ? 0 : 1)),
      'float32',
    );
  }

  /** Test and diagnostics hook: model m's logits become NaN, as if it had blown up. */
  poisonModel(m: number): void {
    this.checkAlive();
    if (!Number.isInteger(m) || m < 0 || m >= this.numModels) throw new Error(`no model ${m} in this bank`);
    poisonModel(this.params, m);
  }

  /** The full training state (weights, Adam, step, diverged flags) as plain arrays. */
  async snapshot(): Promise<BankSnapshot> {
    this.checkAlive();
    return readSnapshot(this.params, this.optimizer, this.stepsDone, this.diverged);
  }

  /**
   * Continues from a snapshot of a bank with the same dataset, model and settings (made on any
   * backend). Must be called before any step. The batch stream is wound forward to the snapshot's
   * epoch, so the batches that follow are the ones the original run would have drawn.
   */
  async restore(snap: BankSnapshot): Promise<void> {
    this.checkAlive();
    if (this.stepsDone !== 0) throw new Error('restore() must come before any step');
    if (!Number.isInteger(snap.step) || snap.step < 0 || snap.step > this.totalSteps)
      throw new Error(`snapshot step ${snap.step} is outside this run (0–${this.totalSteps})`);
    if (snap.diverged.length !== this.numModels) throw new Error('snapshot is of a bank of another size');
    await writeSnapshot(this.params, this.optimizer, snap);
    const epochs = Math.floor(snap.step / this.stepsPerEpoch);
    const scratch = new Int32Array(this.dataset.train.n);
    for (let e = 0; e < epochs; e++) this.batchRng.shuffle(scratch);
    this.stepsDone = snap.step;
    this.stepsSinceCheckpoint = 0;
    snap.diverged.forEach((d, i) => (this.diverged[i] = d));
    if (snap.diverged.some(Boolean)) await this.freezeDiverged();
  }

  /**
   * Logits of every model for n arbitrary inputs (row-major n × featureSize), e.g. a grid of 2-D
   * points for decision regions. One n × K array per model.
   */
  async predictLogits(x: Float32Array, n: number): Promise<Float32Array[]> {
    this.checkAlive();
    const shape = this.params.inputShape;
    if (x.length !== n * shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`predictLogits: ${x.length} values is not ${n} samples of shape [${shape}]`);
    }
    const input = tf.tensor(x, [n, ...shape], 'float32');
    let logits: tf.Tensor3D | null = null;
    try {
      logits = this.logitsOf(input, n);
      return this.perModel(await logits.data<'float32'>(), n);
    } finally {
      input.dispose();
      logits?.dispose();
    }
  }

  /**
   * Test-split logits of every model, computed here and again on the `reference` backend from the
   * SAME weights (read back and re-uploaded there): an independent check of this backend's
   * arithmetic, e.g. WebGL against cpu. Switches tfjs's global backend and back, so the caller
   * must make sure no training step runs meanwhile (the engine waits for the run to finish).
   */
  async crossCheckTestLogits(
    reference: BackendName,
  ): Promise<{ here: Float32Array[]; there: Float32Array[] }> {
    this.checkAlive();
    const n = this.evalSplits.test.n;
    const hereTensor = this.logitsOf(this.evalSplits.test.x, n);
    const here = this.perModel(await hereTensor.data<'float32'>(), n);
    hereTensor.dispose();
    const weights = await Promise.all(this.params.params.map((q) => q.variable.data<'float32'>()));
    const home = tf.getBackend();
    if (!(await tf.setBackend(reference)))
      throw new Error(`cross-check: backend ${reference} is unavailable`);
    let there: Float32Array[];
    try {
      const copy: BankParams = {
        ...this.params,
        params: this.params.params.map((q, i) => ({
          ...q,
          variable: tf.tidy(() => tf.variable(tf.tensor(weights[i], q.variable.shape, 'float32'), false)),
        })),
        constants: new Map(),
      };
      const x = tf.tensor(this.dataset.test.x, [n, ...this.params.inputShape], 'float32');
      try {
        const logits = tf.tidy(() => forward(copy, x));
        there = this.perModel(await logits.data<'float32'>(), n);
        logits.dispose();
      } finally {
        x.dispose();
        disposeBankParams(copy);
      }
    } finally {
      await tf.setBackend(home);
    }
    return { here, there };
  }

  /** Frees every tensor this trainer made (variables, Adam state, data). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    disposeBankParams(this.params);
    this.train?.x.dispose();
    this.train?.y.dispose();
    this.evalSplits.val.x.dispose();
    this.evalSplits.test.x.dispose();
    this.target.targetScale.dispose();
    this.target.targetShift.dispose();
    this.stats.dispose();
    this.liveMask?.dispose();
    this.liveMask = null;
    this.epochOrder?.dispose();
    this.epochOrder = null;
    this.epochOrderHost = null;
  }
}

function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
