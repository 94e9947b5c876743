import { describe, expect, it } from 'vitest';
import { prewarmPlan } from '../../src/state/prewarm';
import { recordOfBankModel } from '../../src/state/bankRecords';
import { viewOf } from '../../src/model/modelView';
import { cachedFor } from '../../src/model/viewCache';
import { presetDefaults, trainingKey } from '../../src/model/settings';
import { createRng } from '../../src/data/rng';
import type { ModelRecord } from '../../src/model/records';
import type { DatasetLabels } from '../../src/state/engineStore';

const K = 3;
const rng = createRng(5, 'prewarm-test');
const logits = (n: number) => Float32Array.from({ length: n * K }, () => (rng.uniform() - 0.5) * 8);
const labels = (n: number) => Int32Array.from({ length: n }, () => rng.int(K));

const dataset: DatasetLabels = {
  meta: {
    id: 'fashion-mnist',
    name: 'tiny',
    numClasses: K,
    classNames: ['a', 'b', 'c'],
    sampleShape: [2],
    featureSize: 2,
    nTrain: 10,
    nVal: 12,
    nTest: 20,
    settings: {},
  },
  valLabels: labels(12),
  testLabels: labels(20),
};

function record(key: string, alpha: number, seed: number): ModelRecord {
  return recordOfBankModel(
    {
      alpha,
      seed,
      step: 10,
      totalSteps: 10,
      status: 'done',
      trainLoss: 1,
      trainAcc: 0.5,
      history: [],
      valLogits: logits(12),
      testLogits: logits(20),
      gridLogits: null,
    },
    key,
    'test',
  );
}

describe('prewarmPlan', () => {
  it('also evaluates the other seeds of the configuration, which the metrics spread reads', () => {
    const settings = { ...presetDefaults('fmnist-mlp'), alpha: 0.2 };
    const other = { ...settings, trainSize: 500 };
    const records: Record<string, ModelRecord> = {};
    for (const s of [settings, other])
      for (const seed of [0, 1, 2])
        for (const alpha of [0, 0.2]) {
          const r = record(trainingKey(s, seed), alpha, seed);
          records[r.id] = r;
        }
    const opts = { centred: settings.centred, p: settings.p };
    const evaluated = (r: ModelRecord) => {
      const view = viewOf(r, r.alpha === 0 ? 'ce' : 'ls', dataset, opts)!;
      return cachedFor(view, 'evaluation', () => null) !== null;
    };
    const todo = prewarmPlan(records, dataset, settings);
    // Seed 0: the CE view and the LS view (which queues its chart pieces); seeds 1, 2: one piece each.
    expect(todo).toHaveLength(2 + 4);
    while (todo.length) todo.shift()!();
    const config = trainingKey(settings, 0).split('#')[0];
    for (const r of Object.values(records)) {
      const sameConfig = r.key.startsWith(`${config}#`);
      // The CE model of the seed on screen is evaluated by the page's first render, not ahead.
      if (sameConfig && r.seed === 0 && r.alpha === 0) continue;
      expect(evaluated(r), r.id).toBe(sameConfig);
    }
  });
});
