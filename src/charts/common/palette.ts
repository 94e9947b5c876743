/**
 * One palette for every chart: CE is always blue, LS always orange; the normalised score is the
 * same hue, dashed. The colours are CSS custom properties set per theme in src/styles.css (light:
 * Okabe–Ito, colour-blind safe; dark; high contrast), so a theme switch recolours every chart without
 * a re-render, and the SVG export inlines the resolved values. Colour is never the only cue (dash +
 * legend text). The hex fallbacks are the light theme's, for markup rendered outside the page.
 */
export const COLORS = {
  ce: 'var(--c-ce, #0072B2)',
  ls: 'var(--c-ls, #E69F00)',
  correct: 'var(--c-correct, #009E73)',
  incorrect: 'var(--c-incorrect, #D55E00)',
  oracle: 'var(--c-oracle, #7f7f7f)',
  ceTerm: 'var(--c-ce-term, #56B4E9)',
  lsTerm: 'var(--c-ls-term, #CC79A7)',
  pnorm: 'var(--c-pnorm, #CC79A7)',
  grid: 'var(--grid, #e3e5e8)',
  axis: 'var(--muted, #5f6670)',
} as const;

/** Stroke dash for the score: solid for MSP, dashed for the normalised score (MaxLogit-pNorm). */
export const DASH = { msp: undefined, pNorm: '6 4', oracle: '2 3' } as const;

export type ModelRole = 'ce' | 'ls';

export function roleLabel(role: ModelRole, alpha: number): string {
  return role === 'ce' ? 'CE (α = 0)' : `LS (α = ${formatAlpha(alpha)})`;
}

export function formatAlpha(alpha: number): string {
  return Number(alpha.toFixed(3)).toString();
}

/** Short model name for legends: "CE", "LS α=0.2", or the model's own name (a loaded file). */
export function shortName(m: { role: ModelRole; alpha: number; name?: string }): string {
  return m.name ?? (m.role === 'ce' ? 'CE' : `LS α=${formatAlpha(m.alpha)}`);
}

/** Long model name for titles and tables: "CE (α = 0)", "LS (α = 0.2)", or the model's own name. */
export function longName(m: { role: ModelRole; alpha: number; name?: string }): string {
  return m.name ?? roleLabel(m.role, m.alpha);
}
