/**
 * The confidence histograms' explanation: how to read them, then how much right and wrong overlap,
 * measured by the AUROC of science.md §3.6.
 */
import type { PairFacts } from './pairFacts';
import { caveatSentence } from './phrases';
import { link } from './pieces';
import { byVerdict } from './noise';

const READING =
  'Each panel sorts one model’s test predictions by confidence score (x axis) into bins, with correct predictions in green and mistakes in vermilion; bar height is the percentage of *all* that model’s test predictions, so a panel’s bars add up to 100% (each panel has its own y scale). A score is good for rejecting mistakes when the vermilion bars sit to the left of the green ones with little overlap. CE and LS in the same row share the same bins. On the plain π_max axis most CE predictions land in the last bin at 1.0; the option “Stretch π_max near 1” spreads that bin out on a −log(1 − π_max) axis, still labelled in π_max (0.9, 0.99, 0.999 …).';

const auroc = (v: number): string => (Number.isFinite(v) ? (v * 100).toFixed(1) : '—');
const join = (parts: string[]): string => parts.filter(Boolean).join(' ');

/** Paragraphs for the confidence histograms. */
export function histogramWords(f: PairFacts): string[] {
  const { ce, ls, cmp } = f;
  if (!ce || !ls || !cmp) return [READING];
  const measure = `How cleanly a score separates right from wrong is measured by its AUROC (${link('§3.6', 'auroc')}): 50 is chance, 100 perfect.`;
  const a = cmp.auroc;
  const msp =
    `With MSP (top row) it is ${auroc(a.b)} for ${ce.name} and ${auroc(a.a)} for ${ls.name}: ` +
    byVerdict(
      a.verdict,
      `${ls.name}’s right and wrong answers overlap less.`,
      `${ls.name}’s right and wrong answers overlap more.`,
      'about the same overlap, within noise.',
    );
  let norm = '';
  if (f.normalise) {
    const c = cmp.lsNormAuroc;
    norm = ls.fallback
      ? `${ls.name} keeps MSP (no p beat it on the validation split), so its second row ranks as its first.`
      : `With the normalised score (second row) ${ls.name}’s AUROC is ${auroc(c.a)} against ${auroc(c.b)} with MSP: ` +
        byVerdict(
          c.verdict,
          'normalisation pulls its right and wrong answers further apart.',
          'here normalisation makes them overlap *more*.',
          'about the same separation, within noise.',
        );
  }
  return [READING, join([caveatSentence(f), measure, msp, norm])];
}
