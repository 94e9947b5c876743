/**
 * The page's URL and the settings: applied once when the page opens (every value validated, a
 * notice naming what was rejected), then kept current. Updates are coalesced — browsers limit
 * history.replaceState to some hundreds of calls per few seconds (Safari throws past it), and a
 * dragged slider changes α many times a second.
 */
import { DEFAULT_PRESET } from '../model/presets';
import { useSettings } from './settings';
import { type Settings } from '../model/settings';
import { queryFromSettings, rejectedNotice, settingsFromQuery } from './url';
import { useUi } from './ui';

const MIN_INTERVAL_MS = 200;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastWrite = -Infinity;

function write(s: Settings): void {
  lastWrite = performance.now();
  try {
    history.replaceState(history.state, '', queryFromSettings(s, location.search));
  } catch {
    // Over the browser's rate limit: the next change (or flushUrl) writes it.
  }
}

/** Writes the current settings to the URL now (e.g. before copying the link). */
export function flushUrl(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  write(useSettings.getState());
}

/** Writes the current settings to the URL, at most once per MIN_INTERVAL_MS (the last one wins). */
export function syncUrlSoon(): void {
  if (timer) return;
  const wait = Math.max(0, lastWrite + MIN_INTERVAL_MS - performance.now());
  timer = setTimeout(() => {
    timer = null;
    write(useSettings.getState());
  }, wait);
}

/**
 * Applies a query string (the page's own on load): validated settings replace the current ones,
 * rejected keys are named in a dismissible notice, and the URL is rewritten with valid values
 * only. Returns the rejected keys.
 */
export function applyQuery(search: string): string[] {
  const { settings, rejected } = settingsFromQuery(search, DEFAULT_PRESET);
  useSettings.setState(settings);
  if (rejected.length) useUi.getState().notify(rejectedNotice(rejected));
  flushUrl();
  return rejected;
}
