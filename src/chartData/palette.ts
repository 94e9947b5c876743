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
