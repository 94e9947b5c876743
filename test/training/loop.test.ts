import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/tf';
import { AlphaBankTrainer } from '../../src/training/bankTrainer';
import { TrainingControl, trainBank } from '../../src/training/loop';
import type { TrainSettings } from '../../src/training/types';
import { makeBlobs } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const DATA = makeBlobs({ dim: 3, numClasses: 3, nTrain: 40, nVal: 10, nTest: 10 });

function trainer(over: Partial<TrainSettings> = {}): AlphaBankTrainer {
  // 40 / 8 = 5 steps per epoch, 12 epochs: 60 steps.
  return new AlphaBankTrainer(
    DATA,
    { kind: 'mlp', hidden: [8] },
    { alphas: [0, 0.1], seed: 5, epochs: 12, batchSize: 8, learningRate: 1e-3, checkpointEvery: 20, ...over },
  );
}

describe('trainBank', () => {
  it('checkpoints at the interval and at the end, reporting progress', async () => {
    const t = trainer({ checkpointEvery: 25 });
    const steps: number[] = [];
    const progress: number[] = [];
    const result = await trainBank(t, {
      stepsPerSlice: 'auto',
      checkpointAtStart: true,
      onCheckpoint: (cp) => void steps.push(cp.step),
      onProgress: (s, total) => {
        expect(total).toBe(60);
        progress.push(s);
      },
    });
    t.dispose();
    expect(result).toEqual({ stopped: false, step: 60, checkpoints: 4 });
    expect(steps).toEqual([0, 25, 50, 60]);
    expect(progress[progress.length - 1]).toBe(60);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('also checkpoints on time when asked (checkpointIntervalMs), never otherwise', async () => {
    const run = async (intervalMs?: number): Promise<number[]> => {
      const t = trainer({ checkpointEvery: 1000 });
      const steps: number[] = [];
      await trainBank(t, {
        stepsPerSlice: 5,
        ...(intervalMs !== undefined ? { checkpointIntervalMs: intervalMs } : {}),
        onCheckpoint: (cp) => void steps.push(cp.step),
      });
      t.dispose();
      return steps;
    };
    // Step-based only: the final checkpoint.
    expect(await run()).toEqual([60]);
    // Interval 0: due after the very first slice (no checkpoint has cost anything yet), then as often as
    // three times the last checkpoint's duration allows; always at slice boundaries, ending with the last step.
    const timed = await run(0);
    expect(timed[0]).toBe(5);
    expect(timed.length).toBeGreaterThanOrEqual(2);
    expect(timed[timed.length - 1]).toBe(60);
    for (let i = 0; i < timed.length; i++) {
      expect(timed[i] % 5).toBe(0);
      if (i > 0) expect(timed[i]).toBeGreaterThan(timed[i - 1]);
    }
  });

  it('yields between slices so other tasks run while training', async () => {
    const t = trainer();
    let ticks = 0;
    let running = true;
    const tick = (): void => {
      ticks++;
      if (running) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    await trainBank(t, { stepsPerSlice: 2 });
    running = false;
    t.dispose();
    expect(ticks).toBeGreaterThan(3);
  });

  it('pauses, runs exactly the requested steps while paused (then checkpoints), resumes, stops', async () => {
    const t = trainer();
    const control = new TrainingControl();
    control.pause();
    const seen: number[] = [];
    const done = trainBank(t, {
      control,
      stepsPerSlice: 4,
      onCheckpoint: (cp) => {
        seen.push(cp.step);
        if (cp.step === 7) control.resume();
        if (cp.step === 40) control.stop();
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(t.currentStep).toBe(0);
    control.step(7);
    const result = await done;
    t.dispose();
    expect(seen).toEqual([7, 20, 40]);
    expect(result).toEqual({ stopped: true, step: 40, checkpoints: 3 });
  });

  it('stops on an aborted signal', async () => {
    const t = trainer();
    const abort = new AbortController();
    const result = await trainBank(t, {
      signal: abort.signal,
      stepsPerSlice: 3,
      onProgress: (s) => {
        if (s >= 9) abort.abort();
      },
    });
    t.dispose();
    expect(result.stopped).toBe(true);
    expect(result.step).toBe(9);
  });
});
