import { describe, expect, it } from 'vitest';
import { trainedNote } from '../../src/model/trainedNote';
import type { ModelRecord, ModelStatus } from '../../src/model/records';
import type { ModelCheckpoint } from '../../src/model/training';

function rec(alpha: number, status: ModelStatus, step = 100, withCheckpoint = true): ModelRecord {
  return {
    id: `k@${alpha}`,
    key: 'k',
    alpha,
    seed: 0,
    status,
    step,
    totalSteps: 1000,
    checkpoint: withCheckpoint ? ({} as ModelCheckpoint) : null,
    history: [],
    gridLogits: null,
  };
}

describe('trainedNote: presentation mode names an α that is not a finished result', () => {
  it('says nothing when both models of the pair are done', () => {
    expect(trainedNote(0.2, rec(0, 'done'), rec(0.2, 'done'))).toBeNull();
    expect(trainedNote(0, rec(0, 'done'), undefined)).toBeNull();
  });

  it('names an untrained α and the key that trains it', () => {
    const n = trainedNote(0.25, rec(0, 'done'), undefined);
    expect(n).toEqual({ kind: 'untrained', text: 'α = 0.25 is not trained: press T to train it here.' });
    // A record that has started but not reached a checkpoint yet shows nothing either.
    expect(trainedNote(0.25, rec(0, 'done'), rec(0.25, 'training', 0, false))?.kind).toBe('untrained');
  });

  it('says the charts show a model in training, with its progress', () => {
    const n = trainedNote(0.3, rec(0, 'training', 120), rec(0.3, 'training', 120));
    expect(n?.kind).toBe('training');
    expect(n?.text).toContain('α = 0.3 is training live (step 120 of 1,000)');
    expect(trainedNote(0.3, rec(0, 'done'), rec(0.3, 'paused', 7))?.text).toContain(
      'is paused (step 7 of 1,000)',
    );
  });

  it('calls a stopped model partly trained and a diverged one diverged', () => {
    expect(trainedNote(0.1, rec(0, 'done'), rec(0.1, 'stopped', 400))?.text).toBe(
      'α = 0.1 is only partly trained (stopped at step 400 of 1,000): press T to train it to the end.',
    );
    expect(trainedNote(0.1, rec(0, 'done'), rec(0.1, 'diverged'))?.kind).toBe('diverged');
  });

  it('checks the CE model too, after the LS one', () => {
    expect(trainedNote(0.2, undefined, rec(0.2, 'done'))?.text).toBe(
      'the CE model (α = 0) is not trained: press T to train it here.',
    );
    expect(trainedNote(0.2, rec(0, 'stopped'), rec(0.2, 'stopped'))?.text).toMatch(/^α = 0.2 is only partly/);
    expect(trainedNote(0, rec(0, 'stopped', 3), undefined)?.text).toMatch(/^CE \(α = 0\) is only partly/);
  });
});
