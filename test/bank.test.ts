import { describe, expect, it } from 'vitest';
import {
  BANK_FORMAT,
  BankFormatError,
  base64ToBytes,
  bytesToBase64,
  decodeBank,
  encodeBank,
  type Bank,
} from '../src/model/bankFile';
import { createRng } from '../src/data/rng';
import { PRESETS } from '../src/model/presets';

const K = 3;
const N_VAL = 4;
const N_TEST = 5;

function logits(n: number, seed: number): Float32Array {
  const rng = createRng(seed, 'bank-test');
  return Float32Array.from({ length: n * K }, () => (rng.uniform() - 0.5) * 20);
}

function sampleBank(): Bank {
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
        nVal: N_VAL,
        nTest: N_TEST,
        settings: { trainSize: 10 },
      },
      valLabels: Int32Array.from([0, 1, 2, 0]),
      testLabels: Int32Array.from([2, 2, 1, 0, 1]),
    },
    producer: 'test',
    created: '2026-11-27T00:00:00.000Z',
    models: [0, 0.2].map((alpha, i) => ({
      alpha,
      seed: 0,
      step: 100,
      totalSteps: 100,
      status: 'done' as const,
      trainLoss: 0.5 + i,
      trainAcc: 0.8,
      history: [
        {
          step: 50,
          epoch: 1,
          trainLoss: 1,
          trainAcc: 0.5,
          valAcc: 0.5,
          lsTermCorrect: 0.1,
          lsTermIncorrect: 0.2,
        },
      ],
      valLogits: logits(N_VAL, i),
      testLogits: logits(N_TEST, 10 + i),
      gridLogits: null,
    })),
  };
}

describe('base64', () => {
  it('agrees with Node’s encoder for every length mod 3 and decodes back', () => {
    const rng = createRng(3, 'b64');
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng.uniform() * 256));
      const mine = bytesToBase64(bytes);
      expect(mine).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(base64ToBytes(mine)!)).toEqual(Array.from(bytes));
    }
  });
  it('refuses characters outside the alphabet and bad lengths', () => {
    expect(base64ToBytes('AAA')).toBeNull();
    expect(base64ToBytes('AA*A')).toBeNull();
    expect(base64ToBytes('A=AA')).toBeNull();
  });
});

describe('bank file', () => {
  it('round-trips every logit bit-exactly, with history and labels', () => {
    const bank = sampleBank();
    const back = decodeBank(encodeBank(bank), PRESETS);
    expect(back.models).toHaveLength(2);
    for (let m = 0; m < 2; m++) {
      expect(Array.from(back.models[m].valLogits)).toEqual(Array.from(bank.models[m].valLogits));
      expect(Array.from(back.models[m].testLogits)).toEqual(Array.from(bank.models[m].testLogits));
      expect(back.models[m].history).toEqual(bank.models[m].history);
    }
    expect(Array.from(back.dataset.testLabels)).toEqual([2, 2, 1, 0, 1]);
    expect(back.config).toEqual(bank.config);
  });

  // The file as parsed JSON, edited freely to make it malformed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = Record<string, any>;
  const mutate = (f: (o: Json) => void): string => {
    const o = JSON.parse(encodeBank(sampleBank())) as Json;
    f(o);
    return JSON.stringify(o);
  };

  const cases: [string, string, RegExp][] = [
    ['truncated', encodeBank(sampleBank()).slice(0, 300), /not valid JSON/],
    ['another format', mutate((o) => (o.format = 'something-else')), /not a bank file/],
    ['another version', mutate((o) => (o.version = 2)), /version 2 is not supported/],
    ['unknown preset', mutate((o) => (o.config.preset = 'nope')), /unknown preset/],
    [
      'model of another version',
      mutate((o) => (o.config.model = { kind: 'mlp', hidden: [7] })),
      /does not match/,
    ],
    [
      'short logits',
      mutate((o) => (o.models[1].testLogits = o.models[1].testLogits.slice(0, 8))),
      /expected 15/,
    ],
    ['not base64', mutate((o) => (o.models[0].valLogits = '!!!!')), /not valid base64/],
    ['label out of range', mutate((o) => (o.dataset.testLabels[0] = 3)), /testLabels\[0\]/],
    ['wrong label count', mutate((o) => o.dataset.valLabels.pop()), /must be 4 labels/],
    ['repeated model', mutate((o) => (o.models[1].alpha = 0)), /repeats/],
    ['bad status', mutate((o) => (o.models[0].status = 'training')), /status/],
    ['no models', mutate((o) => (o.models = [])), /non-empty/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses a file with ${name}`, () => {
      expect(() => decodeBank(text, PRESETS)).toThrow(BankFormatError);
      expect(() => decodeBank(text, PRESETS)).toThrow(message);
    });
  }

  it('refuses non-finite logits', () => {
    const bank = sampleBank();
    bank.models[0].testLogits[3] = NaN;
    expect(() => decodeBank(encodeBank(bank), PRESETS)).toThrow(/non-finite value at 3/);
  });

  it('names its format', () => {
    expect(JSON.parse(encodeBank(sampleBank())).format).toBe(BANK_FORMAT);
  });
});
