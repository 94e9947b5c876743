/**
 * What the controller is made with: the stores, the training client's factory and the page's
 * ports (time, idle time, the address, file downloads), injectable so that the tests bring their
 * own engine and clock.
 */
import type { PresetId } from '../../model/presets';
import type { TrainingClient } from '../../training/client/client';
import type { EngineStore } from '../engineStore';
import type { RunsStore } from '../runsStore';
import type { SettingsStore } from '../settingsStore';
import type { ViewStore } from '../viewStore';

export interface AppStores {
  settings: SettingsStore;
  engine: EngineStore;
  runs: RunsStore;
  view: ViewStore;
}

/** setTimeout and clearTimeout, injectable so that tests control time. */
export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, monotonic (performance.now in the page). */
  now(): number;
}

/** Runs `cb` when the page is idle; returns a cancel function. */
export type IdleScheduler = (cb: () => void) => () => void;

/** The page's address, for the settings ⇄ URL sync. */
export interface UrlPort {
  search(): string;
  /** Replaces the query without a history entry; may throw past the browser's rate limit. */
  replace(query: string): void;
}

/** A file to load a bank from (a File in the page). */
export interface BankSource {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface ControllerDeps {
  /** Makes a training client: at first use, and again after each restart. */
  createClient: () => TrainingClient;
  stores: AppStores;
  /** Fetches a bundled bank's text by its path under the app (BUNDLED_BANKS). */
  fetchBank?: (path: string) => Promise<string>;
  /** Which presets ship a bank, and where. Default BUNDLED_BANKS. */
  bundledBanks?: Partial<Record<PresetId, string>>;
  timers?: Timers;
  idle?: IdleScheduler;
  url?: UrlPort;
  /** Offers a file for download. Save bank and Download results do nothing without it. */
  saveBlob?: (blob: Blob, name: string) => void;
}

export const defaultTimers: Timers = {
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export const defaultIdle: IdleScheduler = (cb) => {
  const h = setTimeout(cb, 50);
  return () => clearTimeout(h);
};
