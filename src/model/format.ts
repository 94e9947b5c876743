import type { ModelRole } from './views';

/** Number formats and model names shared by the charts, the table, the notices and the runner. Inputs are fractions; output is percent unless said otherwise. */

/** A fraction as a percentage with `digits` decimals, "—" when not finite. */
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : (v * 100).toFixed(digits);
}

/** The paper's "(%error, %AURC)" pair, e.g. "(14.4, 3.34)". */
export function errorAurcPair(error: number, aurc: number): string {
  return `(${pct(error, 1)}, ${pct(aurc, 2)})`;
}

/**
 * π_max from log π_max, readable near 1: "0.9871", or "1 − 3.2e-7" once 1 − π_max < 1e-4 (computed
 * as −expm1(log π_max), so it stays exact where π_max itself rounds to 1).
 */
export function formatPMaxFromLog(logP: number): string {
  if (!Number.isFinite(logP)) return '—';
  const oneMinus = -Math.expm1(logP);
  if (oneMinus < 1e-4) return oneMinus === 0 ? '1' : `1 − ${oneMinus.toExponential(1)}`;
  return Math.exp(logP).toFixed(4);
}

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

/** How a model's p was chosen, as the table and the controls say it. */
export function pChoiceLabel(m: { p: number | null; pAuto: boolean }): string {
  return m.p === null ? 'MSP fallback' : m.pAuto ? `${m.p} (validation)` : `${m.p} (by hand)`;
}
