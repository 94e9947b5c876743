/**
 * What the training loop, the engine and its diagnostics need of a bank: AlphaBankTrainer (one
 * thread) and SplitBankTrainer (the bank's models shared between this thread and a helper worker,
 * host/splitBank.ts) both are one.
 */
import type { BackendName, BankCheckpoint, TrainSettings } from '../../model/training';

export interface BankRunner {
  readonly settings: TrainSettings;
  readonly numModels: number;
  readonly totalSteps: number;
  readonly currentStep: number;
  readonly finished: boolean;
  /** True once every model of the bank has diverged: nothing is left to train. */
  readonly allDiverged: boolean;
  /** Issues up to n optimisation steps (fewer at the end of training); returns how many. */
  step(n?: number): number;
  /** Resolves once every step issued so far has run. */
  sync(): Promise<void>;
  checkpoint(options?: { previewRows?: number }): Promise<BankCheckpoint>;
  predictLogits(x: Float32Array, n: number): Promise<Float32Array[]>;
  crossCheckTestLogits(reference: BackendName): Promise<{ here: Float32Array[]; there: Float32Array[] }>;
  /** Test and diagnostics hook: model m's logits become NaN, as if it had blown up. */
  poisonModel(m: number): void | Promise<void>;
  /** Kernel calls of one more step, summed over the threads that train the bank (stepBench.ts). */
  countStepKernels?(): Promise<{ opsPerStep: number; kernels: Record<string, number> }>;
  dispose(): void;
}
