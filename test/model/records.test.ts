import { describe, expect, it } from 'vitest';
import { checkpointFits } from '../../src/model/records';
import type { EngineCheckpoint, ModelCheckpoint } from '../../src/model/training';

const K = 3;
const data = { valLabels: new Int32Array(4), testLabels: new Int32Array(6) };

function model(val: number, test: number, preview: boolean): ModelCheckpoint {
  return {
    alpha: 0,
    seed: 0,
    trainLoss: 1,
    trainAcc: 0.5,
    valLogits: new Float32Array(val * K),
    testLogits: new Float32Array(test * K),
    diverged: false,
    ...(preview ? { preview: true } : {}),
  };
}

function checkpoint(
  val: number,
  test: number,
  models: ModelCheckpoint[],
  datasetKey = 'd',
): EngineCheckpoint {
  return { step: 1, totalSteps: 2, epoch: 1, numClasses: K, rows: { val, test }, datasetKey, models };
}

describe('checkpointFits: an engine checkpoint is analysed only for the data it says it is for', () => {
  it('takes a full checkpoint and a preview of the first rows', () => {
    expect(checkpointFits(checkpoint(4, 6, [model(4, 6, false), model(4, 6, false)]), data, 'd')).toBe(true);
    expect(checkpointFits(checkpoint(2, 3, [model(2, 3, true)]), data, 'd')).toBe(true);
  });

  it('refuses another dataset, or none loaded', () => {
    expect(checkpointFits(checkpoint(4, 6, [model(4, 6, false)], 'other'), data, 'd')).toBe(false);
    expect(checkpointFits(checkpoint(4, 6, [model(4, 6, false)]), data, null)).toBe(false);
  });

  it('refuses rows beyond the splits, logits that are not those rows, and a mislabelled preview', () => {
    expect(checkpointFits(checkpoint(5, 6, [model(5, 6, false)]), data, 'd')).toBe(false);
    expect(checkpointFits(checkpoint(4, 6, [model(4, 5, false)]), data, 'd')).toBe(false);
    expect(checkpointFits(checkpoint(2, 3, [model(2, 3, false)]), data, 'd')).toBe(false);
    expect(checkpointFits(checkpoint(4, 6, [model(4, 6, true)]), data, 'd')).toBe(false);
  });
});
