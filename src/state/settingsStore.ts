/**
 * The settings store: the one place the explorer's settings live (schema: model/settings.ts).
 * Plain data: the controller is its one writer (controller.setSetting, applyPreset, applyQuery,
 * a loaded bank), so every change gets its reactions (stop, load data, URL) in one place.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { DEFAULT_PRESET } from '../model/presets';
import { presetDefaults, type Settings } from '../model/settings';

export type SettingsStore = UseBoundStore<StoreApi<Settings>>;

export function createSettingsStore(initial: Settings = presetDefaults(DEFAULT_PRESET)): SettingsStore {
  return create<Settings>(() => ({ ...initial }));
}

/** The page's settings (components read it; the controller made in main.tsx writes it). */
export const useSettings = createSettingsStore();
