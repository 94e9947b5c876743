import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/trainer/tf';
import { transferablesOf, type FromEngine } from '../../src/training/protocol/messages';
import type { ModelSpec } from '../../src/model/training';
import { AlphaBankTrainer } from '../../src/training/trainer/bankTrainer';
import { trainBank } from '../../src/training/trainer/loop';
import { datasetSpecKey } from '../../src/data/spec';
import { buildGrid, GRID_SIZE } from '../../src/model/grid';
import { BLOBS as blobs, blobData, harness, SETTINGS, type MessageOf } from './engineHarness';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('training engine (protocol, in Node)', () => {
  it('inits, loads, trains with progress and checkpoints, predicts, disposes', async () => {
    const baseline = tf.memory().numTensors;
    const { engine, messages, next } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    expect(messages[0]).toEqual({ type: 'ready', backend: 'cpu', webglFailed: false });

    await engine.handle({
      type: 'train',
      runId: 'early',
      model: { kind: 'mlp', hidden: [8] },
      settings: SETTINGS,
    });
    expect(messages.at(-1)).toMatchObject({ type: 'error', during: 'train', runId: 'early' });

    await engine.handle({ type: 'load', datasetSpec: { ...blobs } as never });
    const loaded = messages.find((m) => m.type === 'datasetLoaded');
    expect(loaded).toMatchObject({
      meta: { numClasses: 3, nTrain: 50, nVal: 12, nTest: 14, featureSize: 2 },
    });
    if (loaded?.type !== 'datasetLoaded') throw new Error('unreachable');
    expect(loaded.valLabels).toBeInstanceOf(Int32Array);
    expect(loaded.points?.train.x.length).toBe(100);

    const done = next('done');
    await engine.handle({
      type: 'train',
      runId: 'r1',
      model: { kind: 'mlp', hidden: [8] },
      settings: SETTINGS,
    });
    expect(await done).toMatchObject({ runId: 'r1', stopped: false, step: 20, totalSteps: 20 });
    const cps = messages.filter((m): m is MessageOf<'checkpoint'> => m.type === 'checkpoint');
    expect(cps.map((c) => c.checkpoint.step)).toEqual([10, 20]);
    expect(cps[1].checkpoint.models[1].valLogits.length).toBe(36);
    expect(cps[1].checkpoint.models.map((m) => m.alpha)).toEqual([0, 0.2]);
    expect(messages.filter((m) => m.type === 'progress').at(-1)).toMatchObject({ step: 20, totalSteps: 20 });

    // Predict with the finished run's models (kept until the next train / dispose).
    const grid = new Float32Array([0, 0, 1, 1, -1, 2]);
    const prediction = next('predict');
    await engine.handle({ type: 'predict', requestId: 7, runId: 'r1', x: grid, n: 3 });
    const p = await prediction;
    expect(p.requestId).toBe(7);
    expect(p.logits.map((l) => l.length)).toEqual([9, 9]);
    await engine.handle({ type: 'predict', requestId: 8, runId: 'nope', x: grid, n: 3 });
    expect(messages.at(-1)).toMatchObject({ type: 'error', during: 'predict', requestId: 8 });

    await engine.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('pause / step / resume / stop by message; a new train replaces a running one', async () => {
    const { engine, messages, next } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    await engine.handle({ type: 'load', datasetSpec: { ...blobs } as never });
    const model: ModelSpec = { kind: 'mlp', hidden: [8] };
    await engine.handle({
      type: 'train',
      runId: 'a',
      model,
      settings: SETTINGS,
      paused: true,
      stepsPerSlice: 2,
    });
    const cp = next('checkpoint');
    await engine.handle({ type: 'step', n: 3 });
    expect((await cp).checkpoint.step).toBe(3);
    const done = next('done');
    await engine.handle({ type: 'stop' });
    expect(await done).toMatchObject({ runId: 'a', stopped: true, step: 3 });

    await engine.handle({ type: 'train', runId: 'b', model, settings: { ...SETTINGS, epochs: 400 } });
    const doneB = next('done');
    await engine.handle({ type: 'train', runId: 'c', model, settings: SETTINGS });
    expect((await doneB).stopped).toBe(true);
    const doneC = await next('done');
    expect(doneC).toMatchObject({ runId: 'c', stopped: false, step: 20 });
    await engine.handle({ type: 'dispose' });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it("2-D data: each checkpoint carries grid logits equal to the trainer's, its dataset key and rows", async () => {
    const { engine, messages, next } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    await engine.handle({ type: 'load', datasetSpec: { ...blobs } as never });
    const loaded = messages.find((m): m is MessageOf<'datasetLoaded'> => m.type === 'datasetLoaded')!;
    expect(loaded.datasetKey).toBe(datasetSpecKey({ ...blobs } as never));
    const grid = buildGrid(blobData().test.x, GRID_SIZE);
    expect(loaded.grid).toEqual(grid);

    const model: ModelSpec = { kind: 'mlp', hidden: [8] };
    const done = next('done');
    // checkpointEvery 10 of 20 steps: a preview (5 rows) at step 10 while training goes on, then the full last one.
    await engine.handle({ type: 'train', runId: 'g', model, settings: SETTINGS, previewRows: 5 });
    await done;
    const cps = messages.flatMap((m) => (m.type === 'checkpoint' ? [m.checkpoint] : []));
    expect(cps.map((c) => [c.step, c.rows, c.datasetKey])).toEqual([
      [10, { val: 5, test: 5 }, loaded.datasetKey],
      [20, { val: 12, test: 14 }, loaded.datasetKey],
    ]);
    expect(cps[0].models.map((m) => [m.preview, m.valLogits.length])).toEqual([
      [true, 15],
      [true, 15],
    ]);
    expect(cps[1].models.map((m) => [m.preview ?? false, m.testLogits.length])).toEqual([
      [false, 42],
      [false, 42],
    ]);

    // The same bank trained outside the engine: its logits on the grid at the same steps.
    const trainer = new AlphaBankTrainer(blobData(), model, SETTINGS, { backend: 'cpu' });
    const expected: Float32Array[][] = [];
    await trainBank(trainer, {
      previewRows: 5,
      onCheckpoint: async () => void expected.push(await trainer.predictLogits(grid.x, grid.n)),
    });
    trainer.dispose();
    expect(expected).toHaveLength(2);
    for (const [i, cp] of cps.entries()) {
      for (const [m, mc] of cp.models.entries()) {
        expect(mc.gridLogits).toHaveLength(grid.nx * grid.ny * 3);
        expect(mc.gridLogits!.every(Number.isFinite)).toBe(true);
        expect(mc.gridLogits).toEqual(expected[i][m]);
      }
    }
    expect(maxSpread(cps[1].models[0].gridLogits!)).toBeGreaterThan(0); // not a constant field
    await engine.handle({ type: 'dispose' });
  });

  it('handles messages in order, skipping a load overtaken by a later one', async () => {
    const { engine, messages } = harness();
    void engine.handle({ type: 'init', backend: 'cpu' });
    void engine.handle({ type: 'load', datasetSpec: { ...blobs, trainSize: 40 } as never });
    void engine.handle({ type: 'load', datasetSpec: { ...blobs, trainSize: 30 } as never });
    await engine.handle({ type: 'load', datasetSpec: { ...blobs } as never });
    expect(messages.map((m) => m.type)).toEqual(['ready', 'datasetProgress', 'datasetLoaded']);
    const loaded = messages[2] as MessageOf<'datasetLoaded'>;
    expect(loaded.datasetKey).toBe(datasetSpecKey({ ...blobs } as never));
    expect(loaded.datasetKey).not.toBe(datasetSpecKey({ ...blobs, trainSize: 40 } as never));
  });

  it('reports load failures as errors', async () => {
    const { engine, messages } = harness();
    await engine.handle({ type: 'init', backend: 'cpu' });
    await engine.handle({ type: 'load', datasetSpec: { id: 'fashion-mnist' } });
    expect(messages.at(-1)).toEqual({
      type: 'error',
      during: 'load',
      message: 'no Fashion-MNIST in this test',
    });
  });

  it('lists each transferable buffer once', () => {
    const a = new Float32Array(4);
    const msg: FromEngine = {
      type: 'predict',
      requestId: 1,
      runId: 'x',
      logits: [a, a, new Float32Array(2)],
    };
    expect(transferablesOf(msg)).toHaveLength(2);
  });
});

function maxSpread(a: Float32Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return hi - lo;
}
