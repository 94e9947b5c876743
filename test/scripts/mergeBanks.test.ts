import { describe, expect, it } from 'vitest';
import { decodeBank, encodeBank, type Bank } from '../../src/model/bankFile';
import { PRESETS } from '../../src/model/presets';
import { RESULTS_FORMAT, RESULTS_VERSION, type ResultsFile, type RunResult } from '../../src/model/results';
import { createRng } from '../../src/data/rng';
import { MergeError, canonical, mergeBanks, mergeResults } from '../../scripts/mergeCore';

const K = 3;

function logits(n: number, seed: number): Float32Array {
  const rng = createRng(seed, 'merge-test');
  return Float32Array.from({ length: n * K }, () => (rng.uniform() - 0.5) * 20);
}

/** A bank of the given (α, seed) models, in the given order; logits depend on (α, seed). */
function bankOf(models: [number, number][], created = '2026-11-27T00:00:00.000Z'): Bank {
  return {
    config: {
      preset: 'fmnist-mlp',
      model: PRESETS['fmnist-mlp'].model,
      trainSize: 10_000,
      epochs: 10,
      learningRate: 1e-3,
      batchSize: 64,
    },
    dataset: {
      meta: {
        id: 'fashion-mnist',
        name: 'tiny',
        numClasses: K,
        classNames: ['a', 'b', 'c'],
        sampleShape: [2],
        featureSize: 2,
        nTrain: 10,
        nVal: 2,
        nTest: 4,
        settings: { trainSize: 10 },
      },
      valLabels: Int32Array.from([0, 1]),
      testLabels: Int32Array.from([2, 2, 1, 0]),
    },
    producer: `test ${models.map(([a, s]) => `${a}/${s}`).join(' ')}`,
    created,
    models: models.map(([alpha, seed]) => ({
      alpha,
      seed,
      step: 10,
      totalSteps: 10,
      status: 'done' as const,
      trainLoss: alpha + seed,
      trainAcc: 0.5,
      history: [],
      valLogits: logits(2, 100 * seed + alpha * 10),
      testLogits: logits(4, 1000 + 100 * seed + alpha * 10),
      gridLogits: null,
    })),
  };
}

describe('mergeBanks', () => {
  it('puts every model of both banks in one, sorted by (seed, α), logits untouched', () => {
    const a = bankOf([
      [0.2, 0],
      [0, 0],
    ]);
    const b = bankOf(
      [
        [0.2, 2],
        [0, 2],
        [0.2, 1],
        [0, 1],
      ],
      '2026-12-01T00:00:00.000Z',
    );
    const merged = mergeBanks([
      { name: 'b.json', value: b },
      { name: 'a.json', value: a },
    ]);
    expect(merged.models.map((m) => [m.seed, m.alpha])).toEqual([
      [0, 0],
      [0, 0.2],
      [1, 0],
      [1, 0.2],
      [2, 0],
      [2, 0.2],
    ]);
    for (const src of [...a.models, ...b.models]) {
      const m = merged.models.find((x) => x.seed === src.seed && x.alpha === src.alpha)!;
      expect(Array.from(m.testLogits)).toEqual(Array.from(src.testLogits));
      expect(Array.from(m.valLogits)).toEqual(Array.from(src.valLogits));
    }
    expect(merged.created).toBe('2026-12-01T00:00:00.000Z');
    expect(merged.producer).toContain(a.producer);
    expect(merged.producer).toContain(b.producer);
    // What the app reads back.
    expect(decodeBank(encodeBank(merged), PRESETS).models).toHaveLength(6);
  });

  it('ignores key order in the config but refuses another configuration, naming the file', () => {
    const a = bankOf([[0, 0]]);
    const reordered = bankOf([[0, 1]]);
    const c = reordered.config;
    reordered.config = {
      batchSize: c.batchSize,
      learningRate: c.learningRate,
      epochs: c.epochs,
      trainSize: c.trainSize,
      model: c.model,
      preset: c.preset,
    };
    expect(
      mergeBanks([
        { name: 'a', value: a },
        { name: 'r', value: reordered },
      ]).models,
    ).toHaveLength(2);
    const other = bankOf([[0, 1]]);
    other.config.epochs = 20;
    expect(() =>
      mergeBanks([
        { name: 'a.json', value: a },
        { name: 'other.json', value: other },
      ]),
    ).toThrow(/other\.json was trained with another configuration than a\.json.*"epochs":20/);
  });

  it('refuses other dataset labels or meta, and the same (α, seed) twice', () => {
    const a = bankOf([[0, 0]]);
    const b = bankOf([[0, 1]]);
    b.dataset.testLabels[3] = 1;
    expect(() =>
      mergeBanks([
        { name: 'a', value: a },
        { name: 'b', value: b },
      ]),
    ).toThrow(/b has other dataset labels than a \(dataset\.testLabels differs at index 3\)/);
    const c = bankOf([[0, 1]]);
    c.dataset.meta.nTrain = 11;
    expect(() =>
      mergeBanks([
        { name: 'a', value: a },
        { name: 'c', value: c },
      ]),
    ).toThrow(/c describes another dataset than a/);
    const twice = bankOf([
      [0.1, 1],
      [0, 0],
    ]);
    expect(() =>
      mergeBanks([
        { name: 'a', value: a },
        { name: 'twice', value: twice },
      ]),
    ).toThrow(/α = 0, seed 0 is in both a and twice/);
    expect(() => mergeBanks([{ name: 'a', value: a }])).toThrow(MergeError);
  });
});

function run(alpha: number, seed: number): RunResult {
  return { alpha, seed, metrics: { error: alpha / 10 + seed / 100 } as RunResult['metrics'] };
}

function resultsOf(seeds: number[], runs: RunResult[], extra: Record<string, unknown> = {}): ResultsFile {
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    config: {
      preset: 'fmnist-mlp',
      epochs: 10,
      centred: true,
      alphas: [...new Set(runs.map((r) => r.alpha))],
      seeds,
      out: `r${seeds.join('')}.json`,
      created: `2026-11-2${seeds[0]}T00:00:00.000Z`,
      ...extra,
    },
    runs,
  };
}

describe('mergeResults', () => {
  it('merges runs sorted by (seed, α), with the union of seeds and α in the config', () => {
    const a = resultsOf([0], [run(0.2, 0), run(0, 0)]);
    const b = resultsOf([1, 2], [run(0, 2), run(0.3, 1), run(0, 1)]);
    const m = mergeResults([
      { name: 'a', value: a },
      { name: 'b', value: b },
    ]);
    expect(m.runs.map((r) => [r.seed, r.alpha])).toEqual([
      [0, 0],
      [0, 0.2],
      [1, 0],
      [1, 0.3],
      [2, 0],
    ]);
    expect(m.config.seeds).toEqual([0, 1, 2]);
    expect(m.config.alphas).toEqual([0, 0.2, 0.3]);
    expect(m.config.created).toBe('2026-11-21T00:00:00.000Z');
    expect(m.config.mergedFrom).toEqual([
      { seeds: [0], created: '2026-11-20T00:00:00.000Z' },
      { seeds: [1, 2], created: '2026-11-21T00:00:00.000Z' },
    ]);
    expect(m.runs.find((r) => r.seed === 1 && r.alpha === 0.3)).toBe(b.runs[1]);
  });

  it('refuses results made with other settings, or repeated runs', () => {
    const a = resultsOf([0], [run(0, 0)]);
    const b = resultsOf([1], [run(0, 1)], { centred: false });
    expect(() =>
      mergeResults([
        { name: 'a', value: a },
        { name: 'b', value: b },
      ]),
    ).toThrow(/b was made with other settings than a .*"centred":false/);
    expect(() =>
      mergeResults([
        { name: 'a', value: a },
        { name: 'a2', value: resultsOf([0], [run(0, 0)]) },
      ]),
    ).toThrow(/α = 0, seed 0 is in both a and a2/);
  });
});

describe('canonical', () => {
  it('is JSON with sorted keys', () => {
    expect(canonical({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});
