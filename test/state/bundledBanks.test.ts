/**
 * The shipped banks: every preset in BUNDLED_BANKS has its file, made at that preset's default
 * settings (else the page would never apply it), with decision-grid logits for 2-D data; a preset
 * without one gets the "no precomputed models" line instead.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import {
  BUNDLED_BANKS,
  LIVE_TRAINING_MINUTES,
  noBankNote,
  settingsOfBank,
} from '../../src/state/bankRecords';
import { decodeBank } from '../../src/model/bankFile';
import { PRESETS, type PresetId } from '../../src/model/presets';
import { configKey, presetDefaults } from '../../src/model/settings';
import { GRID_SIZE } from '../../src/model/grid';

const ids = Object.keys(PRESETS) as PresetId[];

describe('bundled banks', () => {
  it('each listed bank exists and was trained at its preset’s defaults, α 0…0.6', () => {
    const listed = ids.filter((id) => BUNDLED_BANKS[id]);
    expect(listed).toEqual(expect.arrayContaining(['fmnist-mlp', 'blobs-mlp']));
    for (const id of listed) {
      const file = `public/${BUNDLED_BANKS[id]!}`;
      expect(existsSync(file), file).toBe(true);
      const bank = decodeBank(readFileSync(file, 'utf8'), PRESETS);
      const d = presetDefaults(id);
      expect(bank.config.preset).toBe(id);
      expect(configKey(settingsOfBank(bank, d))).toBe(configKey(d));
      const alphas = [...new Set(bank.models.map((m) => m.alpha))].sort((a, b) => a - b);
      expect(alphas).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
      const k = bank.dataset.meta.numClasses;
      for (const m of bank.models) {
        if (bank.dataset.meta.featureSize === 2) expect(m.gridLogits?.length).toBe(GRID_SIZE * GRID_SIZE * k);
        else expect(m.gridLogits).toBeNull();
      }
    }
  });

  it('a preset without a bank says so, with a measured time where there is one', () => {
    for (const id of ids) {
      const note = noBankNote(id);
      if (BUNDLED_BANKS[id]) {
        expect(note).toBeNull();
        continue;
      }
      expect(note).toMatch(/^No precomputed models for this preset: press Train to train them live/);
      const minutes = LIVE_TRAINING_MINUTES[id];
      if (minutes !== undefined) expect(note).toContain(`(about ${minutes} minutes here)`);
    }
    expect(noBankNote('fmnist-cnn')).not.toBeNull();
  });
});
