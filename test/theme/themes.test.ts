/**
 * The theme variables in src/styles.css: every theme sets every variable, text stays readable
 * (WCAG 2 contrast), chart colours stand out from the chart background, and the pairs a chart tells
 * apart by colour stay apart for normal vision and the three dichromacies. Plus the choice → theme
 * mapping of src/theme/theme.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contrast, deltaE, parseColour, simulate, type Vision } from './colour';
import { resolveTheme, THEMES, useTheme, type Theme } from '../../src/theme/theme';

const CSS = readFileSync(new URL('../../src/styles.css', import.meta.url), 'utf8');

/** The custom properties declared in the first rule whose selector list is exactly `selector`. */
function block(selector: string): Record<string, string> {
  const start = CSS.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule for ${selector}`);
  const body = CSS.slice(CSS.indexOf('{', start) + 1, CSS.indexOf('}', start));
  const vars: Record<string, string> = {};
  for (const m of body.matchAll(/(--[\w-]+):\s*([^;]+);/g)) vars[m[1]] = m[2].trim();
  return vars;
}

const SELECTOR: Record<Theme, string> = {
  light: ":root,\n[data-theme='light']",
  dark: "[data-theme='dark']",
  contrast: "[data-theme='contrast']",
};
const THEME_VARS = Object.fromEntries(THEMES.map((t) => [t, block(SELECTOR[t])])) as Record<
  Theme,
  Record<string, string>
>;
const VISIONS: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

const c = (t: Theme, v: string) => parseColour(THEME_VARS[t][v]);

describe('theme variables', () => {
  it('every theme sets the same, complete set of variables', () => {
    const names = Object.keys(THEME_VARS.light).sort();
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const t of THEMES) expect(Object.keys(THEME_VARS[t]).sort()).toEqual(names);
    // The no-script fallback for a dark system is the dark theme, verbatim.
    expect(block('  :root:not([data-theme])')).toEqual(THEME_VARS.dark);
  });

  it('keeps text readable: ≥ 4.5:1 on the page and on panels', () => {
    for (const t of THEMES) {
      for (const bg of ['--bg', '--panel'])
        for (const fg of ['--fg', '--muted', '--accent', '--error', '--c-ce-text', '--c-ls-text'])
          expect(contrast(c(t, fg), c(t, bg)), `${t}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c(t, '--accent-fg'), c(t, '--accent')), `${t}: button text`).toBeGreaterThanOrEqual(
        4.5,
      );
      expect(contrast(c(t, '--focus'), c(t, '--bg')), `${t}: focus ring`).toBeGreaterThanOrEqual(3);
    }
  });

  it('makes chart marks stand out from the chart background (WCAG 1.4.11, 3:1; 4.5:1 in high contrast)', () => {
    const marks = [
      '--c-ce',
      '--c-ls',
      '--c-correct',
      '--c-incorrect',
      '--c-oracle',
      '--c-ce-term',
      '--c-ls-term',
    ];
    for (const m of marks) {
      expect(contrast(c('dark', m), c('dark', '--panel')), `dark ${m}`).toBeGreaterThanOrEqual(3);
      expect(contrast(c('contrast', m), c('contrast', '--panel')), `contrast ${m}`).toBeGreaterThanOrEqual(
        4.5,
      );
    }
    // Light keeps the Okabe–Ito hues; its orange and sky blue are lighter (drawn as 2–3 px lines,
    // named in the legend, and the high-contrast theme is there for projectors).
    for (const m of marks) {
      const min = m === '--c-ls' || m === '--c-ce-term' ? 2.2 : 3;
      expect(contrast(c('light', m), c('light', '--panel')), `light ${m}`).toBeGreaterThanOrEqual(min);
    }
  });

  it('keeps the pairs the charts tell apart by colour distinguishable, also for colour-blind viewers', () => {
    // CIE76 ΔE: CE vs LS is the story, so it must stay far apart for every vision.
    const pairs: [string, string, number, Vision[]][] = [
      ['--c-ce', '--c-ls', 40, VISIONS],
      ['--c-correct', '--c-incorrect', 20, VISIONS],
      ['--c-ce-term', '--c-ls-term', 10, VISIONS],
      // Drawn together only in the LS-term chart, where they also differ in dash and end label.
      ['--c-ls', '--c-incorrect', 15, ['normal']],
    ];
    for (const t of THEMES)
      for (const [a, b, min, visions] of pairs)
        for (const v of visions)
          expect(
            deltaE(simulate(c(t, a), v), simulate(c(t, b), v)),
            `${t} ${a}/${b} (${v})`,
          ).toBeGreaterThanOrEqual(min);
  });
});

describe('resolveTheme', () => {
  it('maps an explicit choice to itself and "system" to the OS preferences', () => {
    for (const t of THEMES) expect(resolveTheme(t, { dark: true, moreContrast: true })).toBe(t);
    expect(resolveTheme('system', { dark: false, moreContrast: false })).toBe('light');
    expect(resolveTheme('system', { dark: true, moreContrast: false })).toBe('dark');
    expect(resolveTheme('system', { dark: true, moreContrast: true })).toBe('contrast');
  });

  it('lets an override (presentation mode) win over the choice until it is lifted', () => {
    const t = useTheme.getState();
    t.setChoice('dark');
    expect(useTheme.getState().theme).toBe('dark');
    t.setOverride('contrast');
    expect(useTheme.getState().theme).toBe('contrast');
    t.setChoice('light');
    expect(useTheme.getState()).toMatchObject({ choice: 'light', theme: 'contrast' });
    t.setOverride(null);
    expect(useTheme.getState().theme).toBe('light');
    t.setChoice('system');
    expect(useTheme.getState().theme).toBe('light');
  });
});
