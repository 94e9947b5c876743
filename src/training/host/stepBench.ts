/**
 * How long one training step of a bank takes on the backend in use: the measurement behind
 * `npm run bench` (in the browser, through the engine's 'bench' message) and benchBank.ts (Node).
 *
 * A trainer is built on the given data with M models (α = 0, 0.1, …), warmed up, then timed in
 * blocks of steps, each block ended by a read-back (trainer.sync) so queued GPU work is counted.
 * The block length adapts so a block takes about targetBlockMs (a WebGL step on a software
 * renderer can take 100× a wasm step). Returns ms per step of each block; take the median.
 *
 * Ops per step: the kernels (tfjs kernel calls, tf.profile) of one more step, untimed, after the
 * timed blocks. A customGrad's wrapper entry in the profile is not a kernel and is not counted.
 */
import { AlphaBankTrainer } from '../trainer/bankTrainer';
import { countLocalStepKernels } from '../trainer/stepKernels';
import type { BankRunner } from '../trainer/bankRunner';
import type { Dataset } from '../../data/types';
import type { ModelSpec, TrainSettings } from '../../model/training';

export interface StepBenchOptions {
  models: number;
  batchSize: number;
  /** Timed blocks (the median is the figure). Default 5. */
  repeats?: number;
  /** Untimed steps first (kernel compilation, caches). Default 5. */
  warmupSteps?: number;
  /** Target duration of a block. Default 1000 ms. */
  targetBlockMs?: number;
  /** At most this many steps per block. Default 200. */
  maxBlockSteps?: number;
  /** Count the kernels of one more step (tf.profile) after the blocks. Default true. */
  countKernels?: boolean;
  /**
   * Builds the bank (the engine passes its own opener, which may split the bank between threads:
   * splitBank.ts). Default: one AlphaBankTrainer on this thread.
   */
  open?: (settings: TrainSettings) => Promise<BankRunner>;
  /**
   * Asked after the warm-up and after each block (the backend probe's early stop): false ends the
   * measurement there, with the blocks timed so far. Default: always go on.
   */
  keepGoing?: (sofar: { warmupMs: number; msPerStep: readonly number[]; stepsPerBlock: number }) => boolean;
}

export interface StepBenchResult {
  /** ms per step, one per block. */
  msPerStep: number[];
  stepsPerBlock: number;
  /** Kernel calls of one training step (tf.profile), and the kernel names with their counts. */
  opsPerStep: number;
  kernels: Record<string, number>;
  /** The warm-up steps took this long in all (the first one compiles kernels and uploads). */
  warmupMs: number;
  /** keepGoing said stop before all the blocks were timed. */
  stoppedEarly: boolean;
}

/** Kernel calls of `trainer.step(1)`, on every thread that trains the bank (stepKernels.ts). */
export function countStepKernels(
  trainer: BankRunner,
): Promise<{ opsPerStep: number; kernels: Record<string, number> }> {
  return trainer.countStepKernels ? trainer.countStepKernels() : countLocalStepKernels(trainer);
}

export async function measureStepTime(
  data: Dataset,
  model: ModelSpec,
  options: StepBenchOptions,
): Promise<StepBenchResult> {
  const m = options.models;
  if (!Number.isInteger(m) || m < 1 || m > 16) throw new Error(`bench: models must be 1–16, got ${m}`);
  const settings: TrainSettings = {
    alphas: Array.from({ length: m }, (_, i) => Math.round(i * 10) / 100),
    seed: 0,
    // Enough steps that the trainer never finishes during the measurement.
    epochs: 1e6,
    batchSize: options.batchSize,
    learningRate: 1e-3,
    checkpointEvery: Number.MAX_SAFE_INTEGER,
  };
  const trainer = options.open ? await options.open(settings) : new AlphaBankTrainer(data, model, settings);
  try {
    const warmup = options.warmupSteps ?? 5;
    const t0 = performance.now();
    trainer.step(warmup);
    await trainer.sync();
    const warmupMs = performance.now() - t0;
    const perStep = Math.max(warmupMs / Math.max(warmup, 1), 1e-3);
    const steps = Math.max(
      1,
      Math.min(options.maxBlockSteps ?? 200, Math.round((options.targetBlockMs ?? 1000) / perStep)),
    );
    const msPerStep: number[] = [];
    const keepGoing = options.keepGoing ?? (() => true);
    let stoppedEarly = !keepGoing({ warmupMs, msPerStep, stepsPerBlock: steps });
    for (let r = 0; r < (options.repeats ?? 5) && !stoppedEarly; r++) {
      const start = performance.now();
      trainer.step(steps);
      await trainer.sync();
      msPerStep.push((performance.now() - start) / steps);
      if (r + 1 < (options.repeats ?? 5))
        stoppedEarly = !keepGoing({ warmupMs, msPerStep, stepsPerBlock: steps });
    }
    const { opsPerStep, kernels } =
      (options.countKernels ?? true) ? await countStepKernels(trainer) : { opsPerStep: 0, kernels: {} };
    return { msPerStep, stepsPerBlock: steps, opsPerStep, kernels, warmupMs, stoppedEarly };
  } finally {
    trainer.dispose();
  }
}
