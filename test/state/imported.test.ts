/**
 * The loaded-models store: the first model loaded is the reference; while none is compared, the next
 * one loaded becomes the compared model (and is marked as chosen automatically) — the user's choice
 * then stands; α from a file's name or record, or entered.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import type { LoadedModelData } from '../../src/import/types';
import { alphaFromName } from '../../src/import/alphaName';

/** The import worker stood in for: each load returns the models queued for it. */
const queued: LoadedModelData[][] = [];
vi.mock('../../src/import/client', () => ({
  LoadCancelled: class extends Error {},
  startImport: () => ({
    done: Promise.resolve({ models: queued.shift() ?? [], seconds: 0 }),
    cancel() {},
  }),
}));

const { useImported } = await import('../../src/state/imported');

function data(name: string, format: LoadedModelData['format'] = 'npz', alpha?: number): LoadedModelData {
  const test = sampleScoresFromLogits(new Float64Array([1, 0, 0, 1]), new Int32Array([0, 1]), 2, 2);
  return {
    name,
    files: [name],
    format,
    test,
    val: null,
    alpha: alpha ?? alphaFromName(name),
    pSearch: null,
  };
}

async function load(...models: LoadedModelData[]) {
  queued.push(models);
  await useImported.getState().load([new File(['x'], models[0]?.name ?? 'x')]);
}

const byName = (name: string) => useImported.getState().models.find((m) => m.name === name)!;

beforeEach(() => {
  useImported.setState({ models: [], referenceId: null, comparedId: null, autoComparedId: null, alpha: 0.1 });
});

describe('useImported: reference and compared model', () => {
  it('the second file loaded becomes the compared model automatically; the first stays the reference', async () => {
    await load(data('ce.npz'));
    let s = useImported.getState();
    expect([s.referenceId, s.comparedId, s.autoComparedId]).toEqual([byName('ce.npz').id, null, null]);
    await load(data('ls_0.2.npz'));
    s = useImported.getState();
    expect(s.referenceId).toBe(byName('ce.npz').id);
    expect(s.comparedId).toBe(byName('ls_0.2.npz').id);
    expect(s.autoComparedId).toBe(s.comparedId);
    // Its α (read from the name) is the LS-term estimate's.
    expect(s.alpha).toBe(0.2);
    // A third file does not replace a compared model already there.
    await load(data('other.npz'));
    expect(useImported.getState().comparedId).toBe(byName('ls_0.2.npz').id);
  });

  it('the user’s choice stands; with none compared, the newest file loaded is the next compared one', async () => {
    await load(data('a.npz'), data('b.npz'));
    expect(useImported.getState().comparedId).toBe(byName('b.npz').id);
    useImported.getState().setCompared(null);
    expect(useImported.getState().autoComparedId).toBeNull();
    await load(data('c.npz'));
    const s = useImported.getState();
    expect(s.comparedId).toBe(byName('c.npz').id);
    expect(s.autoComparedId).toBe(s.comparedId);
    s.setCompared(byName('b.npz').id);
    expect(useImported.getState().autoComparedId).toBeNull();
  });

  it('α: where it comes from, and the user may enter or clear it', async () => {
    await load(
      data('resnet_ls0.1_logits.npy', 'npy'),
      data('run · α=0.3', 'json', 0.3),
      data('mystery.csv', 'csv'),
    );
    expect(byName('resnet_ls0.1_logits.npy')).toMatchObject({ alpha: 0.1, alphaFrom: 'name' });
    expect(byName('run · α=0.3')).toMatchObject({ alpha: 0.3, alphaFrom: 'file' });
    expect(byName('mystery.csv')).toMatchObject({ alpha: null, alphaFrom: null });
    useImported.getState().setModelAlpha(byName('mystery.csv').id, 0.05);
    expect(byName('mystery.csv')).toMatchObject({ alpha: 0.05, alphaFrom: 'user' });
    useImported.getState().setModelAlpha(byName('mystery.csv').id, null);
    expect(byName('mystery.csv')).toMatchObject({ alpha: null, alphaFrom: null });
  });
});
