/**
 * Light, dark and high-contrast themes. The theme is the `data-theme` attribute of <html>
 * ("light" | "dark" | "contrast"); every colour of the page and of the charts is a CSS custom property
 * set per theme in src/styles.css (the variable list is documented at the top of that file). The
 * user's choice ("system" follows prefers-color-scheme and prefers-contrast) is remembered in
 * localStorage; presentation mode can switch with `useTheme.getState().setChoice('contrast')`.
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
  setChoice(choice: ThemeChoice): void;
}

export const useTheme = create<ThemeState>((set) => ({
  choice: 'system',
  theme: 'light',
  system: 'light',
  setChoice: (choice) => {
    storeChoice(choice);
    const pref = systemPreference();
    const theme = resolveTheme(choice, pref);
    applyTheme(theme);
    set({ choice, theme, system: resolveTheme('system', pref) });
  },
}));

function applyTheme(theme: Theme): void {
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme;
}

/**
 * Applies the stored choice before the first render and follows OS changes while the choice is
 * "system". Called once from main.tsx.
 */
export function initTheme(): void {
  const choice = readStoredChoice();
  const pref = systemPreference();
  const theme = resolveTheme(choice, pref);
  applyTheme(theme);
  useTheme.setState({ choice, theme, system: resolveTheme('system', pref) });
  const follow = (): void => {
    const { choice: c } = useTheme.getState();
    const p = systemPreference();
    const t = resolveTheme(c, p);
    applyTheme(t);
    useTheme.setState({ theme: t, system: resolveTheme('system', p) });
  };
  for (const q of [DARK_QUERY, CONTRAST_QUERY])
    globalThis.matchMedia?.(q).addEventListener?.('change', follow);
}
