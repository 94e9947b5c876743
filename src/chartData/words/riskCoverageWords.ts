/** The risk–coverage chart's explanation: how to read it, then what this pair's curves show. */
import type { PairFacts } from './pairFacts';
import {
  caveatSentence,
  ceNormSentence,
  errorSentence,
  lowSentence,
  lsNormSentence,
  mspSentence,
  noiseSentence,
  notUsualSentence,
} from './phrases';

const READING =
  'Each curve sorts the model’s test predictions from most to least confident and keeps only the top fraction: the x axis is that fraction (*coverage*), the y axis the percentage of mistakes among the kept predictions (*selective risk*). Lower is better; the legend gives (%error, %AURC), AURC being the area under the curve, and the dotted grey *oracle* is the best possible ranking. Hover or use the arrow keys to read values.';

const join = (parts: string[]): string => parts.filter(Boolean).join(' ');

/** Paragraphs for the risk–coverage chart. */
export function riskCoverageWords(f: PairFacts): string[] {
  const { ce, ls, cmp } = f;
  if (!ce && !ls) return [READING];
  if (!ce || !ls || !cmp)
    return [
      READING,
      join([
        caveatSentence(f),
        ls
          ? 'Only the label-smoothed model has test data here; the comparison needs the reference (CE) model too.'
          : 'Only the CE model is shown: choose an α above 0 (or a compared model) to see a label-smoothed model beside it.',
      ]),
    ];
  const out = [
    READING,
    join([
      caveatSentence(f),
      `With MSP (solid lines), ${mspSentence(ls, ce, cmp.msp)}`,
      errorSentence(ls, ce, cmp.error),
      lowSentence(f, 'msp'),
      notUsualSentence(f),
      noiseSentence(f),
    ]),
  ];
  out.push(
    f.normalise
      ? join([
          'Dashed lines: ranked by the normalised logits (MaxLogit-pNorm).',
          lsNormSentence(f),
          ls.fallback ? '' : lowSentence(f, 'norm'),
          ceNormSentence(f),
        ])
      : 'Switch on logit normalisation to add dashed curves ranked by the normalised logits (MaxLogit-pNorm).',
  );
  return out;
}
