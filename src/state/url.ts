/**
 * Settings ⇄ URL query. One table of keys, every value validated on the way in by the settings'
 * own property list (settings.ts); anything invalid or unknown is reported by name and replaced by
 * the default. Nothing from the URL is ever evaluated or inserted as HTML (React renders text).
 */
import { PRESETS, type PresetId } from '../model/presets';
import { presetDefaults, snapAlpha, validateSetting, type Settings } from '../model/settings';
import { parseHidden } from '../model/classroom';
import { THEMES } from '../theme/theme';

/** URL key → setting. `dataset` and `model` together choose the preset. */
const KEYS: Readonly<Record<string, keyof Settings>> = {
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

/** Query keys that belong to the engine (read by main.tsx when it makes the training client), not to the settings, and their values. */
const ENGINE_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['backend', ['auto', 'webgl', 'webgpu', 'wasm', 'cpu']],
  ['engine', ['main', 'worker']],
  // The wasm backend's threads (parseThreadsPreference): 1 to 16.
  ['threads', Array.from({ length: 16 }, (_, i) => String(i + 1))],
  // Threads a bank of models is split across on wasm (the engine's helper worker): 1 or 2.
  ['workers', ['1', '2']],
  // Seconds of silence after which the engine is reported as not responding (parseWatchdogSeconds).
  ['watchdog', Array.from({ length: 119 }, (_, i) => String(i + 2))],
]);

/**
 * Keys of the page's view, read by main.tsx and the theme at start-up, not settings: `embed` (one
 * chart alone, for an iframe; an unknown chart id is reported by the embed itself) and `theme`.
 * Kept in the rewritten URL while valid, so that a reloaded embed stays an embed.
 */
const VIEW_KEYS: ReadonlyMap<string, (v: string) => boolean> = new Map([
  ['embed', (v: string) => /^[\w-]{1,64}$/.test(v)],
  ['theme', (v: string) => (THEMES as readonly string[]).includes(v)],
]);

/** The classroom link's list of hidden controls: validated (and reported) by state/classroom.ts. */
const HIDE_KEY = 'hide';

/** Own keys only: `__proto__`, `constructor`, `toString`… are not settings. */
function settingOf(key: string): keyof Settings | null {
  return Object.hasOwn(KEYS, key) ? KEYS[key] : null;
}

function validEngineValue(key: string, value: string): boolean {
  return ENGINE_KEYS.get(key)?.includes(value) ?? false;
}

/** A key as it may appear in a notice: bounded length, no control characters. */
function displayKey(key: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = key.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean || '(empty)';
}

/** How many rejected names a notice lists before "and N more". */
const MAX_LISTED = 12;

/** The notice for a link with rejected settings (plain text). */
export function rejectedNotice(rejected: readonly string[]): string {
  const listed = rejected.slice(0, MAX_LISTED).join(', ');
  const more = rejected.length > MAX_LISTED ? ` and ${rejected.length - MAX_LISTED} more` : '';
  return `This link had settings that could not be used, so their defaults apply: ${listed}${more}.`;
}

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
    if (key === 'dataset' || key === 'model' || key === HIDE_KEY) continue;
    if (ENGINE_KEYS.has(key)) {
      if (!validEngineValue(key, raw)) rejected.push(key);
      continue;
    }
    const viewKey = VIEW_KEYS.get(key);
    if (viewKey) {
      if (!viewKey(raw)) rejected.push(key);
      continue;
    }
    const name = settingOf(key);
    const value = name && raw.length <= MAX_VALUE_LENGTH ? validateSetting(name, raw) : null;
    if (!name || value === null) {
      rejected.push(displayKey(key));
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
  for (const k of ENGINE_KEYS.keys()) {
    const v = old.get(k);
    if (v !== null && validEngineValue(k, v)) params.set(k, v);
  }
  for (const [k, valid] of VIEW_KEYS) {
    const v = old.get(k);
    if (v !== null && valid(v)) params.set(k, v);
  }
  // Only the control groups that exist stay in the link.
  const hidden = parseHidden(old.get(HIDE_KEY)).hidden;
  if (hidden.length) params.set(HIDE_KEY, hidden.join(','));
  return `?${params.toString()}`;
}
