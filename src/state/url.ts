/**
 * Settings ⇄ URL query. One table of keys, every value validated on the way in by the settings'
 * own property list (settings.ts); anything invalid or unknown is reported by name and replaced by
 * the default. Nothing from the URL is ever evaluated or inserted as HTML (React renders text).
 */
import { PRESETS, type PresetId } from '../presets';
import { presetDefaults, snapAlpha, validateSetting, type Settings } from './settings';

/** URL key → setting. `dataset` and `model` together choose the preset. */
const KEYS: Record<string, keyof Settings> = {
  alpha: 'alpha',
  seed: 'seed',
  epochs: 'epochs',
  lr: 'learningRate',
  batch: 'batchSize',
  trainSize: 'trainSize',
  ln: 'normalise',
  centre: 'centred',
  p: 'p',
};

/**
 * Query keys that are not settings and are kept as they are: the engine's (read by state/engine.ts)
 * and the classroom link's list of hidden controls (validated by state/classroom.ts).
 */
const ENGINE_KEYS = new Set(['backend', 'engine', 'hide']);

/** Longest value accepted at all; longer ones are rejected unread. */
const MAX_VALUE_LENGTH = 64;

export interface UrlSettings {
  settings: Settings;
  /** Names of the keys whose values were rejected or unknown (shown to the user). */
  rejected: string[];
}

function presetFor(dataset: string | null, model: string | null): PresetId | null {
  const match = Object.values(PRESETS).find(
    (p) => p.dataset.id === dataset && (model === null || p.model.kind === model),
  );
  return match ? match.id : null;
}

/** Settings from a query string (defaults for everything absent or rejected). */
export function settingsFromQuery(search: string, fallback: PresetId): UrlSettings {
  const params = new URLSearchParams(search);
  const rejected: string[] = [];
  const dataset = params.get('dataset');
  const model = params.get('model');
  let preset = fallback;
  if (dataset !== null || model !== null) {
    const found = presetFor(dataset ?? PRESETS[fallback].dataset.id, model);
    if (found) preset = found;
    else rejected.push(...(dataset !== null ? ['dataset'] : []), ...(model !== null ? ['model'] : []));
  }
  const settings: Settings = presetDefaults(preset);
  for (const [key, raw] of params) {
    if (key === 'dataset' || key === 'model' || ENGINE_KEYS.has(key)) continue;
    const name = KEYS[key];
    const value = name && raw.length <= MAX_VALUE_LENGTH ? validateSetting(name, raw) : null;
    if (!name || value === null) {
      rejected.push(key.length > 40 ? `${key.slice(0, 40)}…` : key);
      continue;
    }
    (settings as unknown as Record<string, unknown>)[name] =
      name === 'alpha' ? snapAlpha(value as number) : value;
  }
  return { settings, rejected: [...new Set(rejected)] };
}

/** The query string for settings, keeping the engine's own keys from `current`. */
export function queryFromSettings(s: Settings, current = ''): string {
  const params = new URLSearchParams();
  const preset = PRESETS[s.preset];
  params.set('dataset', preset.dataset.id);
  params.set('model', preset.model.kind);
  for (const [key, name] of Object.entries(KEYS)) {
    const v = s[name];
    params.set(key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  const old = new URLSearchParams(current);
  for (const k of ENGINE_KEYS) {
    const v = old.get(k);
    if (v !== null) params.set(k, v);
  }
  return `?${params.toString()}`;
}
