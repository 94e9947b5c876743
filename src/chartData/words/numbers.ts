/**
 * Numbers as the words print them. AURC and error are fractions in the facts and percent in the
 * text, with the same rounding as the metrics table (model/format.ts pct), so a sentence and the
 * table beside it show the same digits.
 */
import { pct } from '../../model/format';

/** %AURC as the table prints it: "4.62". */
export const aurcText = (v: number): string => pct(v, 2);

/** A percentage of samples (error, risk, accuracy): "14.5%". */
export const pctText = (v: number, digits = 1): string => `${pct(v, digits)}%`;

/** A difference of two fractions in percentage points, unsigned: "0.42 points". */
export function pointsText(diff: number, digits = 2): string {
  const v = Math.abs(diff * 100).toFixed(digits);
  return `${v} ${v === (1).toFixed(digits) ? 'point' : 'points'}`;
}

/** A relative change of a over b, unsigned and rounded to a whole percent: "10%" ("<1%" when tiny). */
export function relativeText(a: number, b: number): string {
  if (!(b > 0)) return '—';
  const r = Math.abs((a - b) / b) * 100;
  return r < 1 && r > 0 ? 'under 1%' : `${Math.round(r)}%`;
}

/** A coverage as a whole percentage: "47%". */
export const coverageText = (c: number): string => `${Math.round(c * 100)}%`;

/** An integer with thousands separators: "5,000". */
export const countText = (n: number): string => Math.round(n).toLocaleString('en');

/** "a", "a and b", "a, b and c". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
