/** Number formats shared by the charts. Inputs are fractions; output is percent unless said otherwise. */

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
