/**
 * A bank trained on two threads: the first ⌊M/2⌋ models here (an AlphaBankTrainer), the others in
 * the engine's helper worker (host/shardServer.ts, over protocol/shard.ts). Both sides draw the same
 * batches (createRng(seed, 'batches') depends only on the seed and the training split) and start
 * every model from the same weights, so the split bank is the same M independent trainings as one
 * AlphaBankTrainer of M models (tested: bankTrainer.ts's equivalence, and the split against the
 * whole bank). It exists for speed: on wasm a bank's models are arithmetic on one thread, and two
 * threads of one model each ran 1.8–1.9 × as many model-steps a second as one thread of two models
 * (Node, two cores, 2026-12-04), where XNNPACK's own second thread made a step slower
 * (backend.browser.ts).
 *
 * A step here is issued to the helper first and then run here, so the two run at the same time;
 * sync() waits for both. Checkpoints, predictions and cross-checks ask both and join the models in
 * the bank's α order. Snapshots are not supported: they serve only a lost WebGL device, and a
 * bank is split only on wasm.
 */
import { AlphaBankTrainer, type TrainerOptions } from '../trainer/bankTrainer';
import { countLocalStepKernels } from '../trainer/stepKernels';
import type { BankRunner } from '../trainer/bankRunner';
import { PendingRequests, type Endpoint, type ReplyOf } from '../../browser/channel';
import type { ShardAnswer, ShardRequest } from '../protocol/shard';
import type { Dataset } from '../../data/types';
import type { BackendName, BankCheckpoint, ModelSpec, TrainSettings } from '../../model/training';

type Body<T extends ShardRequest['type']> = Omit<Extract<ShardRequest, { type: T }>, 'requestId' | 'type'>;
/** The answer each request expects. */
const EXPECT = {
  open: 'opened',
  step: 'stepped',
  checkpoint: 'checkpointed',
  predict: 'predicted',
  poison: 'poisoned',
  crossCheck: 'crossChecked',
  kernels: 'kernelsCounted',
  memory: 'memoryRead',
  close: 'closed',
} as const satisfies Record<ShardRequest['type'], ShardAnswer['type']>;
type Expect = typeof EXPECT;

/** The engine's side of its helper worker: requests answered in order; a broken helper fails them all. */
export class ShardClient {
  private readonly pending = new PendingRequests<ShardAnswer>();
  /** The dataset the helper holds (datasetKey), once it has answered an open that sent it. */
  private heldKey: string | null = null;
  private brokenReason: string | null = null;

  constructor(private readonly endpoint: Endpoint<ShardRequest, ShardAnswer>) {
    endpoint.listen(
      (msg) => {
        this.pending.settle(msg);
      },
      (message) => {
        this.brokenReason ??= message;
        this.pending.rejectAll(new Error(this.brokenReason));
      },
    );
  }

  /** Why the helper cannot be used any more (it failed); null while it works. */
  get broken(): string | null {
    return this.brokenReason;
  }

  request<T extends keyof Expect>(type: T, body: Body<T>): Promise<ReplyOf<ShardAnswer, Expect[T]>> {
    if (this.brokenReason) return Promise.reject(new Error(this.brokenReason));
    const { requestId, answer } = this.pending.start(`helper ${type}`, EXPECT[type]);
    this.endpoint.post({ type, requestId, ...body } as unknown as ShardRequest);
    return answer as Promise<ReplyOf<ShardAnswer, Expect[T]>>;
  }

  /** Opens a trainer for `settings` in the helper, sending the dataset if it does not hold it. */
  async open(datasetKey: string, dataset: Dataset, model: ModelSpec, settings: TrainSettings): Promise<void> {
    const send = this.heldKey !== datasetKey;
    if (send) this.heldKey = null;
    await this.request('open', { datasetKey, model, settings, ...(send ? { dataset } : {}) });
    this.heldKey = datasetKey;
  }

  /** Ends the helper worker. */
  terminate(reason = 'the helper worker was ended'): void {
    this.brokenReason ??= reason;
    this.pending.rejectAll(new Error(reason));
    this.endpoint.terminate();
  }
}

/** Models kept on the engine's own thread: the smaller half (that thread also posts the checkpoints). */
export function localModels(m: number): number {
  return Math.floor(m / 2);
}

export class SplitBankTrainer implements BankRunner {
  readonly settings: TrainSettings;
  readonly numModels: number;
  readonly totalSteps: number;
  /** Steps the helper has been asked for and not yet confirmed. */
  private helperSteps: Promise<void> = Promise.resolve();
  private helperStep = 0;
  private helperAllDiverged = false;
  private disposed = false;

  private constructor(
    private readonly local: AlphaBankTrainer,
    private readonly helper: ShardClient,
    settings: TrainSettings,
  ) {
    this.settings = { ...settings, alphas: [...settings.alphas] };
    this.numModels = settings.alphas.length;
    this.totalSteps = local.totalSteps;
  }

  /** Opens the helper's part first (it may fail: then nothing is left behind here). */
  static async open(
    helper: ShardClient,
    data: { dataset: Dataset; datasetKey: string },
    model: ModelSpec,
    settings: TrainSettings,
    options: TrainerOptions = {},
  ): Promise<SplitBankTrainer> {
    const m = settings.alphas.length;
    const k = localModels(m);
    if (k < 1) throw new Error(`a bank of ${m} model cannot be split`);
    await helper.open(data.datasetKey, data.dataset, model, {
      ...settings,
      alphas: settings.alphas.slice(k),
    });
    let local: AlphaBankTrainer;
    try {
      local = new AlphaBankTrainer(
        data.dataset,
        model,
        { ...settings, alphas: settings.alphas.slice(0, k) },
        options,
      );
    } catch (e) {
      void helper.request('close', {}).catch(() => {});
      throw e;
    }
    return new SplitBankTrainer(local, helper, settings);
  }

  get currentStep(): number {
    return this.local.currentStep;
  }

  get finished(): boolean {
    return this.local.finished;
  }

  get allDiverged(): boolean {
    return this.local.allDiverged && this.helperAllDiverged;
  }

  step(n = 1): number {
    this.checkAlive();
    const want = Math.min(n, this.totalSteps - this.local.currentStep);
    if (want > 0) {
      const target = this.local.currentStep + want;
      const asked = this.helper.request('step', { n: want }).then((r) => {
        this.helperStep = r.step;
        if (r.step !== target) throw new Error(`the helper is at step ${r.step}, this thread at ${target}`);
      });
      // Rejections are seen by the next sync(); until then they are not unhandled.
      asked.catch(() => {});
      const before = this.helperSteps;
      this.helperSteps = before.then(() => asked);
    }
    return this.local.step(want);
  }

  async sync(): Promise<void> {
    this.checkAlive();
    await Promise.all([this.local.sync(), this.helperSteps]);
  }

  async checkpoint(options: { previewRows?: number } = {}): Promise<BankCheckpoint> {
    this.checkAlive();
    const there = this.helper.request(
      'checkpoint',
      options.previewRows !== undefined ? { previewRows: options.previewRows } : {},
    );
    there.catch(() => {});
    const here = await this.local.checkpoint(options);
    const { checkpoint } = await there;
    if (checkpoint.step !== here.step)
      throw new Error(`the helper's checkpoint is of step ${checkpoint.step}, this thread's of ${here.step}`);
    this.helperAllDiverged = checkpoint.models.every((m) => m.diverged);
    return { ...here, models: [...here.models, ...checkpoint.models] };
  }

  async predictLogits(x: Float32Array, n: number): Promise<Float32Array[]> {
    this.checkAlive();
    const there = this.helper.request('predict', { x, n });
    there.catch(() => {});
    const here = await this.local.predictLogits(x, n);
    return [...here, ...(await there).logits];
  }

  async crossCheckTestLogits(
    reference: BackendName,
  ): Promise<{ here: Float32Array[]; there: Float32Array[] }> {
    this.checkAlive();
    const mine = await this.local.crossCheckTestLogits(reference);
    const theirs = await this.helper.request('crossCheck', { reference });
    return { here: [...mine.here, ...theirs.here], there: [...mine.there, ...theirs.there] };
  }

  async poisonModel(m: number): Promise<void> {
    this.checkAlive();
    if (!Number.isInteger(m) || m < 0 || m >= this.numModels) throw new Error(`no model ${m} in this bank`);
    const k = this.local.numModels;
    if (m < k) this.local.poisonModel(m);
    else await this.helper.request('poison', { model: m - k });
  }

  async countStepKernels(): Promise<{ opsPerStep: number; kernels: Record<string, number> }> {
    this.checkAlive();
    const there = this.helper.request('kernels', {});
    there.catch(() => {});
    const here = await countLocalStepKernels(this.local);
    const { opsPerStep, kernels } = await there;
    const all = { ...here.kernels };
    for (const [name, c] of Object.entries(kernels)) all[name] = (all[name] ?? 0) + c;
    return { opsPerStep: here.opsPerStep + opsPerStep, kernels: all };
  }

  /** The step the helper last confirmed (for tests). */
  get helperCurrentStep(): number {
    return this.helperStep;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.local.dispose();
    void this.helper.request('close', {}).catch(() => {});
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('SplitBankTrainer used after dispose()');
  }
}
