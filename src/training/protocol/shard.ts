/**
 * Messages between the training engine and its helper worker (host/shardWorker.ts), which trains
 * part of a bank's models in a thread of its own (host/splitBank.ts): the engine's thread runs
 * the first models of the bank, the helper the rest, in lock-step on the same batches. Conventions
 * of browser/channel.ts: every request carries a requestId and is answered exactly once; typed
 * arrays of an answer travel in its transfer list.
 */
import type { Dataset } from '../../data/types';
import type { BackendName, BankCheckpoint, ModelSpec, TrainSettings } from '../../model/training';
import { bufferList, type ErrorMessage } from '../../browser/channel';

export type ShardRequest =
  /**
   * A new trainer for `settings.alphas` (the helper's part of the bank); the previous one is freed.
   * `dataset` is sent when the helper does not hold the data of `datasetKey` yet.
   */
  | {
      type: 'open';
      requestId: number;
      datasetKey: string;
      dataset?: Dataset;
      model: ModelSpec;
      settings: TrainSettings;
    }
  /** Runs n steps and answers once they have run on the device. */
  | { type: 'step'; requestId: number; n: number }
  | { type: 'checkpoint'; requestId: number; previewRows?: number }
  | { type: 'predict'; requestId: number; x: Float32Array; n: number }
  | { type: 'poison'; requestId: number; model: number }
  | { type: 'crossCheck'; requestId: number; reference: BackendName }
  /** The kernels of one more step (tf.profile): it runs, so both sides must be asked together. */
  | { type: 'kernels'; requestId: number }
  /** tfjs's tensor count and bytes in the helper (the engine's memory diagnostic adds them). */
  | { type: 'memory'; requestId: number }
  /** Frees the trainer (the helper and its data stay, for the next run). */
  | { type: 'close'; requestId: number };

export type ShardAnswer =
  | { type: 'opened'; requestId: number; backend: BackendName }
  | { type: 'stepped'; requestId: number; ran: number; step: number }
  | { type: 'checkpointed'; requestId: number; checkpoint: BankCheckpoint }
  | { type: 'predicted'; requestId: number; logits: Float32Array[] }
  | { type: 'crossChecked'; requestId: number; here: Float32Array[]; there: Float32Array[] }
  | { type: 'kernelsCounted'; requestId: number; opsPerStep: number; kernels: Record<string, number> }
  | { type: 'memoryRead'; requestId: number; numTensors: number; numBytes: number }
  | { type: 'poisoned'; requestId: number }
  | { type: 'closed'; requestId: number }
  | (ErrorMessage & { requestId: number });

/** Requests are copied, never transferred: the engine keeps its dataset and inputs. */
export function shardRequestTransferables(): ArrayBuffer[] {
  return [];
}

export function shardAnswerTransferables(msg: ShardAnswer): ArrayBuffer[] {
  switch (msg.type) {
    case 'checkpointed':
      return bufferList(msg.checkpoint.models.flatMap((m) => [m.valLogits, m.testLogits]));
    case 'predicted':
      return bufferList(msg.logits);
    case 'crossChecked':
      return bufferList([...msg.here, ...msg.there]);
    default:
      return [];
  }
}
