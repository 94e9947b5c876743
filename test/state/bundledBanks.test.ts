/**
 * The shipped banks: every preset in BUNDLED_BANKS has its file, made at that preset's default
 * settings (else the page would never apply it), with decision-grid logits for 2-D data.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { BUNDLED_BANKS, settingsOfBank } from '../../src/state/bankRecords';
import { decodeBank } from '../../src/model/bankFile';
import { PRESETS, type PresetId } from '../../src/model/presets';
import { configKey, presetDefaults } from '../../src/model/settings';
import { GRID_SIZE } from '../../src/model/grid';

const ids = Object.keys(PRESETS) as PresetId[];

describe('bundled banks', () => {
  it('every preset ships a bank, trained at the preset’s defaults, α 0…0.6, every model to the end', () => {
    for (const id of ids) {
      const file = `public/${BUNDLED_BANKS[id]}`;
      expect(existsSync(file), file).toBe(true);
      const bank = decodeBank(readFileSync(file, 'utf8'), PRESETS);
      const d = presetDefaults(id);
      expect(bank.config.preset).toBe(id);
      expect(configKey(settingsOfBank(bank, d))).toBe(configKey(d));
      const alphas = [...new Set(bank.models.map((m) => m.alpha))].sort((a, b) => a - b);
      expect(alphas).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
      const k = bank.dataset.meta.numClasses;
      for (const m of bank.models) {
        expect(m.status).toBe('done');
        expect(m.step).toBe(m.totalSteps);
        if (bank.dataset.meta.featureSize === 2) expect(m.gridLogits?.length).toBe(GRID_SIZE * GRID_SIZE * k);
        else expect(m.gridLogits).toBeNull();
      }
    }
  });
});
