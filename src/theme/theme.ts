/**
 * Light, dark and high-contrast themes. The theme is the `data-theme` attribute of <html>
 * ("light" | "dark" | "contrast"); every colour of the page and of the charts is a CSS custom property
 * set per theme in src/styles.css (the variable list is documented at the top of that file). The
 * user's choice ("system" follows prefers-color-scheme and prefers-contrast) is remembered in
 * localStorage. Presentation mode should impose high contrast with `useTheme.getState().setOverride('contrast')`
 * and lift it with `setOverride(null)`: the user's choice is kept, and an OS theme change while
 * presenting does not undo the override.
 */
import { create } from 'zustand';

export const THEMES = ['light', 'dark', 'contrast'] as const;
export type Theme = (typeof THEMES)[number];
export type ThemeChoice = 'system' | Theme;
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', ...THEMES];
export const THEME_STORAGE_KEY = 'lssc-theme';

export interface SystemPreference {
  dark: boolean;
  moreContrast: boolean;
}

/** The theme a choice stands for: "system" maps the OS preferences onto a theme. */
export function resolveTheme(choice: ThemeChoice, system: SystemPreference): Theme {
  if (choice !== 'system') return choice;
  if (system.moreContrast) return 'contrast';
  return system.dark ? 'dark' : 'light';
}

export function isThemeChoice(v: unknown): v is ThemeChoice {
  return typeof v === 'string' && (THEME_CHOICES as readonly string[]).includes(v);
}

/** Storage can be missing or throw (private modes, sandboxed frames): then the choice is not kept. */
function readStoredChoice(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

function storeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(THEME_STORAGE_KEY);
    else globalThis.localStorage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not persisted; the choice still applies for this page.
  }
}

const DARK_QUERY = '(prefers-color-scheme: dark)';
const CONTRAST_QUERY = '(prefers-contrast: more)';

function systemPreference(): SystemPreference {
  const mq = (q: string): boolean => globalThis.matchMedia?.(q).matches ?? false;
  return { dark: mq(DARK_QUERY), moreContrast: mq(CONTRAST_QUERY) };
}

interface ThemeState {
  choice: ThemeChoice;
  /** The theme in force (what data-theme says). */
  theme: Theme;
  /** What "system" resolves to now (shown next to that option). */
  system: Theme;
  /** A theme imposed over the choice (presentation mode: 'contrast'); null for none. */
  override: Theme | null;
  setChoice(choice: ThemeChoice): void;
  /** Imposes a theme whatever the choice and the system say, until called with null. */
  setOverride(theme: Theme | null): void;
}

export const useTheme = create<ThemeState>((set) => ({
  choice: 'system',
  theme: 'light',
  system: 'light',
  override: null,
  setChoice: (choice) => {
    storeChoice(choice);
    set({ choice });
    refresh();
  },
  setOverride: (override) => {
    set({ override });
    refresh();
  },
}));

/** Recomputes the theme in force from the choice, the override and the system, and applies it. */
function refresh(): void {
  const { choice, override } = useTheme.getState();
  const pref = systemPreference();
  const theme = override ?? resolveTheme(choice, pref);
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme;
  useTheme.setState({ theme, system: resolveTheme('system', pref) });
}

/**
 * Applies the stored choice before the first render and follows OS changes while the choice is
 * "system". Called once from main.tsx.
 */
export function initTheme(): void {
  useTheme.setState({ choice: readStoredChoice() });
  refresh();
  for (const q of [DARK_QUERY, CONTRAST_QUERY])
    globalThis.matchMedia?.(q).addEventListener?.('change', refresh);
}
