/**
 * One palette for every chart: CE is always blue, LS always orange; the normalised score is the
 * same hue, dashed. Colour-blind-safe (Okabe–Ito), and never the only cue (dash + legend text).
 */
export const COLORS = {
  ce: '#0072B2',
  ls: '#E69F00',
  correct: '#009E73',
  incorrect: '#D55E00',
  oracle: '#7f7f7f',
  ceTerm: '#56B4E9',
  lsTerm: '#CC79A7',
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
