import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import { TrainingControl, trainBank } from '../../src/training/trainer/loop';
import type { TrainSettings } from '../../src/model/training';
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

  it('live previews evaluate the first rows; the last checkpoint and one on pause evaluate all', async () => {
    const t = trainer({ checkpointEvery: 10 });
    const seen: { step: number; rows: number; preview: boolean; loss: number; logits: Float32Array }[] = [];
    const control = new TrainingControl();
    await trainBank(t, {
      stepsPerSlice: 5,
      previewRows: 4,
      control,
      onCheckpoint: (cp) => {
        const m = cp.models[0];
        seen.push({
          step: cp.step,
          rows: m.testLogits.length / cp.numClasses,
          preview: m.preview === true,
          loss: m.trainLoss,
          logits: m.testLogits,
        });
        // Pause once, at step 30: the loop then re-evaluates step 30 in full before waiting.
        if (cp.step === 30 && m.preview) {
          control.pause();
          setTimeout(() => control.resume(), 20);
        }
      },
    });
    t.dispose();
    // Every 10 steps a preview of 4 of the 10 test rows; step 30 again in full on pause; 60 in full.
    expect(seen.map((c) => [c.step, c.rows, c.preview])).toEqual([
      [10, 4, true],
      [20, 4, true],
      [30, 4, true],
      [30, 10, false],
      [40, 4, true],
      [50, 4, true],
      [60, 10, false],
    ]);
    // The full re-evaluation of step 30 reports the same (finite) training loss as its preview.
    expect(seen[3].loss).toBe(seen[2].loss);
    for (const c of seen) expect(Number.isFinite(c.loss)).toBe(true);
    // The preview's rows are the first rows of the full evaluation (same weights, same step).
    expect(Array.from(seen[3].logits.subarray(0, seen[2].logits.length))).toEqual(Array.from(seen[2].logits));
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
    // four times the last checkpoint's duration allows; always at slice boundaries, ending with the last step.
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
