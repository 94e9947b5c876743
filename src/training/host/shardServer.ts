/**
 * The helper side of a split bank (protocol/shard.ts): one AlphaBankTrainer for the helper's part
 * of the bank, driven by the engine's requests, each handled after the one before it (a promise
 * chain), so a checkpoint always sees every step asked for before it. Host-agnostic: the helper
 * worker (shardWorker.ts) serves it in a thread of its own; Node tests serve it in-process.
 */
import { AlphaBankTrainer } from '../trainer/bankTrainer';
import { countLocalStepKernels } from '../trainer/stepKernels';
import { dispatch, type Handlers } from '../../browser/channel';
import { tf } from '../trainer/tf';
import type { ShardAnswer, ShardRequest } from '../protocol/shard';
import type { Dataset } from '../../data/types';
import type { BackendName } from '../../model/training';

export interface ShardSide {
  post(msg: ShardAnswer): void;
  onMessage(handler: (msg: ShardRequest) => void): void;
}

type Reply = ShardAnswer extends infer A
  ? A extends { requestId: number }
    ? Omit<A, 'requestId'>
    : never
  : never;

/** Serves `side` once `ready` (the backend's start) resolves; if it rejects, every request fails with its reason. */
export function serveShard(side: ShardSide, ready: Promise<unknown>): void {
  let data: { key: string; dataset: Dataset } | null = null;
  let trainer: AlphaBankTrainer | null = null;
  const open = (): AlphaBankTrainer => {
    if (!trainer) throw new Error('the helper has no bank open');
    return trainer;
  };
  const close = (): void => {
    trainer?.dispose();
    trainer = null;
  };
  const handlers: Handlers<ShardRequest, Promise<Reply> | Reply> = {
    open: (msg) => {
      close();
      if (msg.dataset) data = { key: msg.datasetKey, dataset: msg.dataset };
      if (!data || data.key !== msg.datasetKey) throw new Error('the helper was not sent the dataset');
      trainer = new AlphaBankTrainer(data.dataset, msg.model, msg.settings, {
        backend: tf.getBackend() as BackendName,
      });
      return { type: 'opened', backend: tf.getBackend() as BackendName };
    },
    step: async (msg) => {
      const t = open();
      const ran = t.step(msg.n);
      await t.sync();
      return { type: 'stepped', ran, step: t.currentStep };
    },
    checkpoint: async (msg) => ({
      type: 'checkpointed',
      checkpoint: await open().checkpoint(
        msg.previewRows !== undefined ? { previewRows: msg.previewRows } : {},
      ),
    }),
    predict: async (msg) => ({ type: 'predicted', logits: await open().predictLogits(msg.x, msg.n) }),
    poison: (msg) => {
      open().poisonModel(msg.model);
      return { type: 'poisoned' };
    },
    crossCheck: async (msg) => ({
      type: 'crossChecked',
      ...(await open().crossCheckTestLogits(msg.reference)),
    }),
    kernels: async () => ({ type: 'kernelsCounted', ...(await countLocalStepKernels(open())) }),
    memory: () => {
      (globalThis as { gc?: () => void }).gc?.();
      const { numTensors, numBytes } = tf.memory();
      return { type: 'memoryRead', numTensors, numBytes };
    },
    close: () => {
      close();
      return { type: 'closed' };
    },
  };
  // A failed start is each request's answer, not an unhandled rejection.
  ready.catch(() => {});
  let chain: Promise<unknown> = Promise.resolve();
  side.onMessage((msg) => {
    chain = chain
      .then(() => ready)
      .then(async () =>
        side.post({ ...(await dispatch(handlers, msg)), requestId: msg.requestId } as ShardAnswer),
      )
      .catch((e: unknown) => {
        side.post({
          type: 'error',
          requestId: msg.requestId,
          message: e instanceof Error ? e.message : String(e),
        });
      });
  });
}
