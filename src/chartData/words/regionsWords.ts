/** The decision regions' explanation (2-D data): how to read them, then what this pair's panels show. */
import { mspLog } from '../../analysis/scores';
import type { DecisionRegionsData, RegionPanelData } from '../decisionRegions';
import type { PairFacts } from './pairFacts';
import { caveatSentence } from './phrases';
import { countText } from './numbers';
import { LOW_BAND } from './modelFacts';
import { errorNoiseFloor } from './noise';

export interface RegionFacts {
  n: number;
  /** Misclassified test points, and those among the LOW_BAND.to most confident points. */
  errors: { ce: number; ls: number };
  confidentErrors: { ce: number; ls: number };
  /** Mean π_max over the grid cells: how saturated each background is. */
  meanConfidence: { ce: number; ls: number };
}

function meanPMax(logits: Float32Array, k: number): number {
  const n = logits.length / k;
  const lp = mspLog(logits, n, k);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(lp[i]);
  return n ? s / n : NaN;
}

/** Mistakes among the `share` most confident test points (ranked by log π_max, ties in point order). */
function confidentMistakes(p: RegionPanelData, labels: Int32Array, k: number, share: number): number {
  const n = labels.length;
  const lp = mspLog(p.pointLogits, n, k);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lp[b] - lp[a] || a - b);
  const top = Math.floor(share * n);
  let e = 0;
  for (let r = 0; r < top; r++) {
    const i = order[r];
    let best = 0;
    for (let j = 1; j < k; j++) if (p.pointLogits[i * k + j] > p.pointLogits[i * k + best]) best = j;
    if (best !== labels[i]) e++;
  }
  return e;
}

export function regionFacts(d: DecisionRegionsData): RegionFacts {
  const k = d.grid.numClasses;
  const labels = d.grid.labels;
  return {
    n: labels.length,
    errors: { ce: d.ce.nErrors, ls: d.ls.nErrors },
    confidentErrors: {
      ce: confidentMistakes(d.ce, labels, k, LOW_BAND.to),
      ls: confidentMistakes(d.ls, labels, k, LOW_BAND.to),
    },
    meanConfidence: { ce: meanPMax(d.ce.logits, k), ls: meanPMax(d.ls.logits, k) },
  };
}

const plural = (n: number, one: string, many: string) => `${countText(n)} ${n === 1 ? one : many}`;

/** Paragraphs for the decision regions; `top`: how many confident errors are ringed. */
export function regionsWords(r: RegionFacts | null, top: number, pair?: PairFacts): string[] {
  const reading = `Each panel shows one model on the 2-D data (axes: the two input features). The background is the class the model predicts there, faded where it is unsure (π_max, its top softmax probability, near chance 1/K), so pale bands are decision boundaries. Dots are test points coloured by their true class: a dot on a background of another colour is a mistake. Black-and-white rings mark each model’s ${top} most confident mistakes, or all of them if it makes fewer (hover one, or open the list): abstaining on low confidence removes them only after every less confident prediction, so a good selective classifier has few of them.`;
  if (!r) return [reading];
  const share = `${Math.round(LOW_BAND.to * 100)}%`;
  const { ce, ls } = r.confidentErrors;
  const kept = Math.floor(LOW_BAND.to * r.n);
  const floor = errorNoiseFloor(ls / kept, kept, ce / kept, kept);
  const confident =
    `Among the ${share} of test points each model is most sure of (${countText(kept)}), CE makes ${plural(ce, 'mistake', 'mistakes')} and LS ${countText(ls)}` +
    (Math.abs(ls - ce) / Math.max(1, kept) < floor || ls === ce
      ? ls === ce
        ? '.'
        : ': too close to tell apart on this many points.'
      : ls > ce
        ? ': LS’s most confident predictions are less trustworthy here.'
        : ': LS’s most confident predictions are more trustworthy here.');
  const dc = r.meanConfidence.ls - r.meanConfidence.ce;
  const pale =
    `Mean π_max over the plane: ${r.meanConfidence.ce.toFixed(2)} for CE, ${r.meanConfidence.ls.toFixed(2)} for LS` +
    (dc < -0.02
      ? ', so the LS panel is paler: label smoothing keeps confidence away from 1. For abstaining only the ranking matters, not the level.'
      : dc > 0.02
        ? ', so here the LS panel is the more saturated one.'
        : ', about the same.');
  const data = [
    pair ? caveatSentence(pair) : '',
    `Of the ${countText(r.n)} test points CE misclassifies ${countText(r.errors.ce)} and LS ${countText(r.errors.ls)}.`,
    confident,
    pale,
  ]
    .filter(Boolean)
    .join(' ');
  return [reading, data];
}
