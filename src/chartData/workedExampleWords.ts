/**
 * The worked example's sentences, computed from its numbers (workedExample.ts): each says what
 * these two samples show, including when they do not show the textbook effect.
 */
import { formatAlpha } from '../model/format';
import {
  className,
  TOP_FRACTION,
  type WorkedExampleData,
  type WorkedSample,
  type WorkedSide,
} from './workedExample';

const int = (v: number): string => v.toLocaleString('en-US');
const f1 = (v: number): string => v.toFixed(1);
/** A signed value, "+0.18" / "−0.02" (a real minus sign). */
const signed = (v: number, digits = 4): string => `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(digits)}`;
const letter = (s: WorkedSample): string => (s.slot === 0 ? 'A' : 'B');

/** "Bag ✓" or "Shirt ✗". */
export function predictionText(data: WorkedExampleData, side: WorkedSide): string {
  return `${className(data, side.pred)} ${side.correct ? '✓' : '✗'}`;
}

/** How the normalised score ranks it, or that the MSP fallback fired (no p beat MSP on validation). */
export function pNormRankText(side: WorkedSide, n: number): string {
  if (side.rankPNorm === null || side.p === null)
    return `${side.role.toUpperCase()}·pNorm: the MSP fallback fired (no p beat MSP on validation), so it ranks by MSP: ${int(side.rankMsp)}`;
  return `${int(side.rankPNorm)} of ${int(n)} under ${side.role.toUpperCase()}·pNorm (p = ${side.p}${side.centred ? ', centred' : ', not centred'})`;
}

/** "Rank 1 of 5,000 under CE·MSP; 61 under LS·MSP; …". */
export function ranksSentence(data: WorkedExampleData, s: WorkedSample): string {
  const { ce, ls } = s;
  return (
    `Rank ${int(ce.rankMsp)} of ${int(data.n)} under CE·MSP; ${int(ls.rankMsp)} under LS·MSP; ` +
    `${pNormRankText(ls, data.n)}; ${pNormRankText(ce, data.n)}.`
  );
}

/** Whether each model keeps it among its most confident TOP_FRACTION by MSP. */
export function topSentence(data: WorkedExampleData, s: WorkedSample): string {
  const top = `top ${Math.round(TOP_FRACTION * 100)} % by MSP (the ${int(Math.round(TOP_FRACTION * data.n))} most confident)`;
  const { ce, ls } = s;
  if (ce.inTopMsp && ls.inTopMsp) return `Both models keep it in their ${top}.`;
  if (!ce.inTopMsp && !ls.inTopMsp) return `Neither model has it in its ${top}.`;
  return ls.inTopMsp
    ? `LS admits it into its ${top}; CE does not.`
    : `CE has it in its ${top}; LS pushes it out.`;
}

/** The LS model's gradient on its own max logit, with the two parts and which way each pushes. */
export function gradientSentence(data: WorkedExampleData, s: WorkedSample): string {
  const j = s.ls.pred;
  const c = s.ls.correct ? 1 : 0;
  const total = s.grad.total[j];
  const ce = s.grad.cePart[j];
  const extra = s.grad.lsExtra[j];
  const way = (g: number): string => (g > 0 ? 'pushes it down' : g < 0 ? 'pushes it up' : 'no push');
  return (
    `On the LS model's max logit (${className(data, j)}, c = ${c}) the gradient is ` +
    `π_max − (1 − α)c − α/K = ${signed(total)}: the CE part π_max − c = ${signed(ce)} (${way(ce)}) ` +
    `plus the LS extra α(c − 1/K) = ${signed(extra)} (${way(extra)}). ` +
    (total > 0
      ? 'A gradient-descent step lowers it.'
      : total < 0
        ? 'A gradient-descent step raises it.'
        : 'A step leaves it where it is.')
  );
}

/** The v_max shrink of both samples compared ("LS pulls A's max logit down by 14.4 …, more than B's"). */
export function shrinkSentence(data: WorkedExampleData): string {
  const [a, b] = data.samples;
  const drop = (s: WorkedSample): number => s.ce.vMax - s.ls.vMax;
  const move = (s: WorkedSample): string =>
    drop(s) >= 0
      ? `down by ${f1(drop(s))} (from ${f1(s.ce.vMax)} under CE to ${f1(s.ls.vMax)} under LS)`
      : `up by ${f1(-drop(s))} (from ${f1(s.ce.vMax)} to ${f1(s.ls.vMax)})`;
  if (a.index === b.index) return `LS moves this sample's max logit ${move(a)}.`;
  const da = drop(a);
  const db = drop(b);
  const cmp = da > db ? 'more than' : da < db ? 'less than' : 'as much as';
  const kept = (s: WorkedSample): string =>
    s.ce.uMax > 0 ? `${Math.round((100 * s.ls.uMax) / s.ce.uMax)} %` : 'an undefined share';
  return (
    `LS moves A's max logit ${move(a)}, ${cmp} B's, which moves ${move(b)}. ` +
    `Centred (u_max = v_max − mean of the logits), LS keeps ${kept(a)} of CE's max logit for A and ${kept(b)} for B.`
  );
}

/**
 * For each model under which one of the two is predicted correctly and the other not, and each of
 * its scores: does it rank the correct one ahead of the wrong one, as a selective classifier should?
 */
export function orderSentence(data: WorkedExampleData): string | null {
  const [a, b] = data.samples;
  if (a.index === b.index) return null;
  const parts: string[] = [];
  for (const role of ['ce', 'ls'] as const) {
    const sa = a[role];
    const sb = b[role];
    if (sa.correct === sb.correct) continue;
    const ranks: [string, number | null, number | null][] = [
      ['MSP', sa.rankMsp, sb.rankMsp],
      ['pNorm', sa.rankPNorm, sb.rankPNorm],
    ];
    for (const [name, ra, rb] of ranks) {
      if (ra === null || rb === null) continue;
      const ahead = (sa.correct ? ra < rb : rb < ra) ? 'does' : 'does not';
      parts.push(`${role.toUpperCase()}·${name} ${ahead} (A ${int(ra)}, B ${int(rb)})`);
    }
  }
  if (parts.length === 0) return null;
  return `A selective classifier should rank the correct prediction ahead of the wrong one: ${parts.join('; ')}.`;
}

/** π_max, readable near 1: "0.9446", or "1 − 2.1e-9" (from the sum of the other classes' π). */
export function piMaxText(side: WorkedSide): string {
  const rest = side.pi.reduce((acc, p, j) => (j === side.pred ? acc : acc + p), 0);
  return rest < 1e-4 ? (rest === 0 ? '1' : `1 − ${rest.toExponential(1)}`) : side.piMax.toFixed(4);
}

/** The sample's heading: "A: test #3887 · true Bag · CE Bag ✓ · LS α=0.2 Bag ✓". */
export function sampleHeading(data: WorkedExampleData, s: WorkedSample): string {
  return (
    `${letter(s)}: test #${s.index} · true ${className(data, s.label)} · ` +
    `CE ${predictionText(data, s.ce)} (π_max ${piMaxText(s.ce)}) · ` +
    `LS α = ${formatAlpha(s.ls.alpha)} ${predictionText(data, s.ls)} (π_max ${piMaxText(s.ls)})`
  );
}
