/**
 * The story's steps on the evidence and on why the fix works: sentences taken from the charts those
 * steps point at (the CE-twin views, science.md §2.6; the normalisation views, §4.4–4.5), so the
 * panel and the chart never disagree, and a title that claims only what those numbers show.
 */
import type { StoryFacts } from './storyFacts';
import { caveatSentence } from './phrases';
import { sweepSentences } from './sweepWords';
import { shrinkSentences, FLAT_TOLERANCE } from '../twin';
import { rankRankSentences } from '../twinSwap';
import { pEffectWords, rankAgreementWords, scatterWords } from '../normalisationWords';

const join = (parts: string[]): string => parts.filter(Boolean).join(' ');
const NO_TWIN =
  'These charts need a CE model and an LS model evaluated on the same test samples; there is no such pair on screen yet.';

/** Whether LS shrinks the max logit clearly more on CE's surest tenth than on its least sure fifth. */
function shrinksMostWhereSure(s: StoryFacts): boolean | null {
  const d = s.shrink;
  if (!d || !Number.isFinite(d.tenth.median) || !Number.isFinite(d.fifth.median)) return null;
  return d.tenth.median < d.fifth.median * (1 - FLAT_TOLERANCE);
}

/** Step "twin": the title says what the shrink chart shows. */
export function twinTitle(s: StoryFacts): string {
  const most = shrinksMostWhereSure(s);
  if (most === null) return 'The evidence: each LS model against its CE twin';
  return most
    ? 'The evidence: LS shrinks the max logit most where its CE twin is surest'
    : 'Against its CE twin, LS does not shrink the max logit most where CE is surest here';
}

export function twinText(s: StoryFacts): string[] {
  if (!s.shrink) return [NO_TWIN];
  // The shrink chart's first sentences (overall ratio, the surest tenth against the least sure fifth).
  const shrink = shrinkSentences(s.shrink).slice(0, 2);
  const swap = s.swap ? rankRankSentences(s.swap).slice(0, 3) : [];
  return [join([caveatSentence(s.pair), ...shrink]), join(swap)].filter(Boolean);
}

/** Step "why-fix". */
export function whyFixTitle(s: StoryFacts): string {
  const a = s.agreement;
  const c = s.pair.cmp?.lsNorm;
  if (s.pair.ls?.fallback) return 'Why normalisation could help — and why this LS model keeps MSP';
  if (!c || c.verdict === 'lower') return 'Why normalisation works: it ignores the scale LS distorted';
  return a ? 'Why normalisation can work, and what it does here' : 'Why normalisation can work';
}

export function whyFixText(s: StoryFacts): string[] {
  const scatter = s.scatter ? scatterWords(s.scatter).slice(1, 3) : [];
  const agreement = s.agreement ? rankAgreementWords(s.agreement) : [];
  return [join(scatter), join(agreement)].filter(Boolean);
}

/** Step "ce": what normalisation does to each model, across p and across α. */
export function ceTitle(s: StoryFacts): string {
  const ce = s.pEffect?.series.find((x) => x.role === 'ce');
  if (!ce) return 'What normalisation does to each model';
  const worse = ce.aurc.every((v) => v > ce.mspAurc);
  if (!worse) return 'What normalisation does to the CE model';
  return ce.chosen.kind === 'fallback'
    ? 'Normalisation does not help the CE model: that is why the search keeps MSP for it'
    : 'Normalisation does not help the CE model';
}

export function ceText(s: StoryFacts): string[] {
  const p = s.pEffect ? pEffectWords(s.pEffect) : [];
  const sweep = s.sweep ? sweepSentences(s.sweep).filter((x) => x.startsWith('The normalised AURC')) : [];
  return [
    join(p),
    join([...sweep, 'Now move the α slider yourself, or press Train live and watch the numbers change.']),
  ].filter(Boolean);
}
