/** The settings store: the one place the explorer's settings live (schema: model/settings.ts). */
import { create } from 'zustand';
import { DEFAULT_PRESET, type PresetId } from '../model/presets';
import { presetDefaults, snapAlpha, validateSetting, type Settings } from '../model/settings';

export interface SettingsStore extends Settings {
  set<K extends keyof Settings>(key: K, value: Settings[K]): void;
  applyPreset(id: PresetId): void;
}

export const useSettings = create<SettingsStore>((set) => ({
  ...presetDefaults(DEFAULT_PRESET),
  set: (key, value) => {
    const clean = validateSetting(key, value);
    if (clean === null) return;
    set({ [key]: key === 'alpha' ? snapAlpha(clean as number) : clean } as Partial<Settings>);
  },
  applyPreset: (id) => set({ ...presetDefaults(id) }),
}));
