/**
 * Settings changes and the URL: every change of the settings goes through replaceSettings (which
 * stops what trains under an old configuration and loads what a new one needs), the α slider's
 * settle-then-train, and the rate-limited settings ⇄ URL sync.
 */
import { DEFAULT_PRESET, type PresetId } from '../../model/presets';
import { presetDefaults, snapAlpha, trainingKey, validateSetting, type Settings } from '../../model/settings';
import { queryFromSettings, rejectedNotice, settingsFromQuery } from '../url';
import type { ControllerContext } from './context';
import type { Training } from './training';

/** How long the slider must rest on an untrained α before it trains (dragging starts nothing). */
export const SLIDER_SETTLE_MS = 350;

/** The URL is rewritten at most this often (browsers limit history.replaceState, Safari throws). */
export const URL_WRITE_INTERVAL_MS = 200;

/** What a settings change calls in the other concerns. */
export interface SettingsHooks {
  training: Pick<Training, 'stopAll' | 'runJobs' | 'needed'>;
  ensureDataset(): void;
  schedulePrewarm(): void;
  /** Loads the bank shipped for the current preset (banks.ts, made after this). */
  loadBundledBank(): Promise<void>;
}

export type SettingsActions = ReturnType<typeof createSettings>;

export function createSettings(ctx: ControllerContext, hooks: SettingsHooks) {
  const { deps, stores, timers, runs, settings, getRecord, notify } = ctx;
  const { training } = hooks;
  let settleTimer: unknown = null;
  let urlTimer: unknown = null;
  let lastUrlWrite = -Infinity;

  function writeUrl(): void {
    if (!deps.url) return;
    lastUrlWrite = timers.now();
    try {
      deps.url.replace(queryFromSettings(settings(), deps.url.search()));
    } catch {
      // Over the browser's rate limit: the next change (or flushUrl) writes it.
    }
  }

  /** Writes the current settings to the URL now (e.g. before copying the link). */
  function flushUrl(): void {
    if (urlTimer !== null) timers.clearTimeout(urlTimer);
    urlTimer = null;
    writeUrl();
  }

  /** Writes the settings to the URL, at most once per URL_WRITE_INTERVAL_MS (the last one wins). */
  function syncUrlSoon(): void {
    if (urlTimer !== null || !deps.url) return;
    const wait = Math.max(0, lastUrlWrite + URL_WRITE_INTERVAL_MS - timers.now());
    urlTimer = timers.setTimeout(() => {
      urlTimer = null;
      writeUrl();
    }, wait);
  }

  /**
   * Every settings change goes through here: a new configuration stops the bank training under the
   * old one (its models keep their last checkpoint) and loads the data it needs; a new preset
   * brings its bundled bank.
   */
  function replaceSettings(next: Settings, opts: { bundledBank?: boolean } = {}): void {
    const prev = settings();
    if (JSON.stringify(prev) === JSON.stringify(next)) return;
    if (trainingKey(next) !== trainingKey(prev)) training.stopAll();
    stores.settings.setState(next, true);
    syncUrlSoon();
    if (next.preset !== prev.preset || next.trainSize !== prev.trainSize) hooks.ensureDataset();
    if (next.preset !== prev.preset && (opts.bundledBank ?? true)) void hooks.loadBundledBank();
    hooks.schedulePrewarm();
  }

  /** Sets one setting (validated: an invalid value changes nothing). */
  function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
    const clean = validateSetting(key, value);
    if (clean === null) return;
    replaceSettings({ ...settings(), [key]: key === 'alpha' ? snapAlpha(clean as number) : clean });
  }

  function applyPreset(id: PresetId): void {
    replaceSettings(presetDefaults(id));
  }

  /**
   * Applies a query string (the page's own on load): validated settings replace the current ones,
   * rejected keys are named in a dismissible notice, and the URL is rewritten with valid values
   * only. Returns the rejected keys.
   */
  function applyQuery(search: string, opts: { bundledBank?: boolean } = {}): string[] {
    const { settings: next, rejected } = settingsFromQuery(search, DEFAULT_PRESET);
    replaceSettings(next, opts);
    if (rejected.length) notify(rejectedNotice(rejected));
    flushUrl();
    return rejected;
  }

  /**
   * The slider: show α at once; if it is not trained but this configuration is being explored (its
   * CE model exists or trains), train it — once the slider has settled there. Never in presentation
   * mode: there a speaker trains only when asked (T), and the page says the α is untrained.
   */
  function selectAlpha(alpha: number): void {
    setSetting('alpha', alpha);
    if (settleTimer !== null) timers.clearTimeout(settleTimer);
    settleTimer = timers.setTimeout(() => {
      settleTimer = null;
      const s = settings();
      const key = trainingKey(s);
      if (getRecord(key, s.alpha)) return; // trained, training or stopped with a checkpoint: show it
      if (stores.view.getState().presenting) return;
      const explored = !!getRecord(key, 0) || runs.getState().active?.key === key;
      if (explored) training.runJobs([{ key, seed: s.seed, alphas: training.needed(key, [0, s.alpha]) }]);
    }, SLIDER_SETTLE_MS);
  }

  function toggleNormalise(): void {
    setSetting('normalise', !settings().normalise);
  }

  /** Stops the slider's and the URL's timers. */
  function dispose(): void {
    if (settleTimer !== null) timers.clearTimeout(settleTimer);
    if (urlTimer !== null) timers.clearTimeout(urlTimer);
  }

  return {
    replaceSettings,
    setSetting,
    applyPreset,
    applyQuery,
    flushUrl,
    selectAlpha,
    toggleNormalise,
    dispose,
  };
}
