/**
 * The custom training loop: runs a trainer in slices of a few steps and yields a macrotask between
 * slices, so the thread it runs on (worker or page) stays responsive and can act on pause / resume /
 * step / stop messages in between.
 *
 * GPU queue bounding: on WebGL, issuing a step only enqueues GPU work; without a read-back the
 * JS side could run arbitrarily far ahead of the GPU. After each slice the loop awaits
 * trainer.sync() — one [2, M] async read-back — so at most one slice of work is ever queued,
 * and the slice timing (for 'auto' slicing) measures real device time.
 */
import type { BankRunner } from './bankRunner';
import type { BankCheckpoint } from '../../model/training';

/**
 * Resolves on a fresh macrotask. Browser/worker: MessageChannel (no 4 ms setTimeout clamping; a
 * message that arrived meanwhile is handled first). Node: setImmediate — Node drains a MessagePort's
 * whole queue in one go, so a MessageChannel yield there would never let timers or I/O run.
 */
export function createYielder(): { next(): Promise<void>; close(): void } {
  if (typeof setImmediate === 'function') {
    return { next: () => new Promise((r) => setImmediate(r)), close: () => {} };
  }
  if (typeof MessageChannel === 'undefined') {
    return { next: () => new Promise((r) => setTimeout(r, 0)), close: () => {} };
  }
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return {
    next: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      }),
    close: () => {
      channel.port1.onmessage = null;
      channel.port1.close();
      channel.port2.close();
      for (const w of waiting.splice(0)) w();
    },
  };
}

/**
 * Pause / resume / step / stop, shared between the message handler and the running loop.
 * While paused, step(n) lets exactly n more steps run, then a checkpoint is taken so the effect shows.
 */
export class TrainingControl {
  private pausedFlag = false;
  private stoppedFlag = false;
  private stepBudget = 0;
  private wake: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.stepBudget = 0;
    this.notify();
  }

  /** While paused: run n more steps. While running: ignored. */
  step(n: number): void {
    if (!this.pausedFlag || !(n >= 1)) return;
    this.stepBudget += Math.floor(n);
    this.notify();
  }

  stop(): void {
    this.stoppedFlag = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** @internal How many steps may run now: Infinity when running, the budget when paused, 0 if stopped. */
  async waitForWork(): Promise<number> {
    for (;;) {
      if (this.stoppedFlag) return 0;
      if (!this.pausedFlag) return Infinity;
      if (this.stepBudget > 0) return this.stepBudget;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** @internal */
  consume(n: number): { budgetExhausted: boolean } {
    if (!this.pausedFlag) return { budgetExhausted: false };
    this.stepBudget = Math.max(0, this.stepBudget - n);
    return { budgetExhausted: this.stepBudget === 0 };
  }
}

export interface TrainLoopOptions {
  /** Checkpoint every this many steps (default: trainer.settings.checkpointEvery), and at the end. */
  checkpointEvery?: number;
  /** Steps per slice between yields; 'auto' (default) adapts it so a slice takes about targetSliceMs. */
  stepsPerSlice?: number | 'auto';
  /** For 'auto' slicing. Default 40 ms. */
  targetSliceMs?: number;
  /**
   * Also checkpoint when this many ms have passed since the last checkpoint started — but never
   * sooner than four times the last checkpoint's own duration after it, so evaluation takes at most
   * about a quarter of the time. Live plots then refresh at this rate where evaluation is cheap
   * (a GPU, or a preview: previewRows) and as often as that budget allows where it is not. Off by
   * default.
   */
  checkpointIntervalMs?: number;
  /** Checkpoint before the first step as well (the untrained models). Default false. */
  checkpointAtStart?: boolean;
  /**
   * Checkpoints taken while training goes on evaluate only the first previewRows samples of each
   * split (trainer.checkpoint's previewRows): live plots refresh several times as often. The last
   * checkpoint, one after a Step, and one when the run is paused cover every sample. Default: all.
   */
  previewRows?: number;
  control?: TrainingControl;
  /** Aborting it stops the loop like control.stop(). */
  signal?: AbortSignal;
  /**
   * Rejects when the device is gone (a lost WebGL context): every wait on the device races it, so
   * the loop ends with that error instead of waiting forever for a read-back that never comes.
   */
  interrupt?: Promise<never>;
  onCheckpoint?: (checkpoint: BankCheckpoint) => void | Promise<void>;
  /** After every slice. */
  onProgress?: (step: number, totalSteps: number) => void;
}

export interface TrainLoopResult {
  /** True when stopped before the last step. */
  stopped: boolean;
  step: number;
  checkpoints: number;
}

/** Trains until the trainer is finished or stopped. The trainer is not disposed. */
export async function trainBank(
  trainer: BankRunner,
  options: TrainLoopOptions = {},
): Promise<TrainLoopResult> {
  const control = options.control ?? new TrainingControl();
  const every = options.checkpointEvery ?? trainer.settings.checkpointEvery;
  if (!Number.isInteger(every) || every < 1)
    throw new Error(`checkpointEvery must be a positive integer, got ${every}`);
  const fixedSlice =
    options.stepsPerSlice === undefined || options.stepsPerSlice === 'auto' ? null : options.stepsPerSlice;
  if (fixedSlice !== null && (!Number.isInteger(fixedSlice) || fixedSlice < 1)) {
    throw new Error(`stepsPerSlice must be a positive integer or 'auto', got ${fixedSlice}`);
  }
  const target = options.targetSliceMs ?? 40;
  const onAbort = (): void => control.stop();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) control.stop();
  const yielder = createYielder();
  let slice = fixedSlice ?? 1;
  let checkpoints = 0;
  let lastCheckpointStep = -1;
  const intervalMs = options.checkpointIntervalMs ?? Infinity;
  let lastCheckpointStart = performance.now();
  let lastCheckpointMs = 0;
  const device = <T>(p: Promise<T>): Promise<T> =>
    options.interrupt ? Promise.race([p, options.interrupt]) : p;
  let lastWasPreview = false;
  const emitCheckpoint = async (full = true): Promise<void> => {
    const started = performance.now();
    const preview = !full && options.previewRows !== undefined;
    const cp = await device(trainer.checkpoint(preview ? { previewRows: options.previewRows } : {}));
    lastWasPreview = preview;
    lastCheckpointStart = started;
    lastCheckpointMs = performance.now() - started;
    lastCheckpointStep = cp.step;
    checkpoints++;
    await device(Promise.resolve(options.onCheckpoint?.(cp)));
  };

  try {
    if (options.checkpointAtStart && !control.stopped) await emitCheckpoint();
    // Once every model has diverged (each frozen at its check) nothing is left to train.
    while (!trainer.finished && !trainer.allDiverged) {
      // Paused after a preview: show every sample while the user looks.
      if (control.paused && lastWasPreview && !control.stopped) await emitCheckpoint();
      const allowed = await control.waitForWork();
      if (allowed === 0) break;
      const toCheckpoint = every - (trainer.currentStep % every);
      const n = Math.min(slice, allowed, toCheckpoint, trainer.totalSteps - trainer.currentStep);
      const t0 = performance.now();
      const ran = trainer.step(n);
      await device(trainer.sync());
      const ms = performance.now() - t0;
      if (fixedSlice === null && ran === slice) {
        // Grow/shrink towards the target, at most ×2 per slice; per-step time is what matters.
        const perStep = Math.max(ms / ran, 1e-3);
        slice = Math.max(1, Math.min(slice * 2, Math.round(target / perStep)));
      }
      const { budgetExhausted } = control.consume(ran);
      options.onProgress?.(trainer.currentStep, trainer.totalSteps);
      const due = performance.now() - lastCheckpointStart >= Math.max(intervalMs, 4 * lastCheckpointMs);
      if (trainer.currentStep % every === 0 || trainer.finished || budgetExhausted || due) {
        if (!control.stopped) await emitCheckpoint(trainer.finished || budgetExhausted);
      }
      await yielder.next();
    }
    if (
      !control.stopped &&
      trainer.finished &&
      !trainer.allDiverged &&
      (lastCheckpointStep !== trainer.currentStep || lastWasPreview)
    )
      await emitCheckpoint();
    return { stopped: !trainer.finished, step: trainer.currentStep, checkpoints };
  } finally {
    yielder.close();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
