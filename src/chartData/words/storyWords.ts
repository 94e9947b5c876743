/**
 * The guided story's computed sentences and titles (src/story/steps.ts holds the fixed
 * definitions and links and calls these): each says what the pair on screen shows, and says so when
 * it is not the paper's picture.
 */
import type { StoryFacts } from './storyFacts';
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
import { histogramWords } from './histogramWords';
import { sweepSentences } from './sweepWords';
import { pctText } from './numbers';
import { formatAlpha } from '../../model/format';
import { byVerdict } from './noise';

const join = (parts: string[]): string => parts.filter(Boolean).join(' ');
const lowerFirst = (t: string): string => t.charAt(0).toLowerCase() + t.slice(1);
const NO_PAIR =
  'There is no trained CE/LS pair to show yet: press Train live (or load a bank), and this step will describe its numbers.';

/** Step "effect": title from the accuracy and ranking comparisons. */
export function effectTitle(s: StoryFacts): string {
  const { ls, cmp } = s.pair;
  if (!ls || !cmp) return 'Label smoothing: accuracy and knowing when a model is wrong';
  const acc = byVerdict(cmp.error.verdict, 'less accurate', 'a little more accurate', 'about as accurate');
  const rank = byVerdict(
    cmp.msp.verdict,
    'worse at knowing when it is wrong',
    'better at knowing when it is wrong',
    'about as good at knowing when it is wrong',
  );
  return `Label smoothing (α = ${formatAlpha(ls.alpha)}): ${acc}, ${rank}`;
}

export function effectText(s: StoryFacts): string {
  const { ce, ls, cmp } = s.pair;
  if (!ce || !ls || !cmp) return NO_PAIR;
  const sweep = s.sweep && s.sweep.msp.length >= 3 ? sweepSentences(s.sweep, true).slice(0, 2) : [];
  return join([
    caveatSentence(s.pair),
    `For the pair on screen: ${errorSentence(ls, ce, cmp.error)}`,
    mspSentence(ls, ce, cmp.msp),
    sweep.length ? `Across every trained α (the chart): ${lowerFirst(sweep.join(' '))}` : '',
    notUsualSentence(s.pair),
    noiseSentence(s.pair),
  ]);
}

export function whereTitle(s: StoryFacts): string {
  const c = s.pair.cmp?.lowMsp;
  if (!c) return 'Where to look: among the most confident predictions';
  if (c.verdict === 'higher') return 'Where it happens: among the most confident predictions';
  if (c.verdict === 'lower') return 'Among its most confident predictions, LS makes fewer mistakes here';
  return 'Among the most confident predictions: no clear difference here';
}

export function whereText(s: StoryFacts): string {
  const f = s.pair;
  if (!f.cmp || !f.ls || !f.ce) return NO_PAIR;
  const hurt = f.cmp.lowMsp.verdict === 'higher';
  return join([
    caveatSentence(f),
    `Zoomed on low coverage: ${lowSentence(f, 'msp')}`,
    hurt
      ? 'That is exactly where a system that abstains when unsure relies on confidence most.'
      : 'So here LS does not make its confident predictions less trustworthy.',
    hurt ? '' : notUsualSentence(f),
  ]);
}

export function histogramsTitle(s: StoryFacts): string {
  const c = s.pair.cmp?.auroc;
  if (!c) return 'Confidence of right and wrong answers';
  if (c.verdict === 'lower') return 'Confidence of right and wrong answers overlaps more under LS';
  if (c.verdict === 'higher') return 'Confidence of right and wrong answers overlaps less under LS here';
  return 'Confidence of right and wrong answers: about the same overlap under LS';
}

export function histogramsText(s: StoryFacts): string {
  const f = s.pair;
  if (!f.cmp || !f.ls || !f.ce) return NO_PAIR;
  const top = s.top10
    ? `Among the 10% most confident predictions, ${pctText(s.top10.ce)} of CE’s are mistakes and ${pctText(s.top10.ls)} of ${f.ls.name}’s.`
    : '';
  const t = s.target;
  const target = t
    ? `The smoothed target puts 1 − α + α/K = ${t.value.toFixed(3)} on the true class; ${pctText(t.above)} of ${f.ls.name}’s predictions are more confident than that.`
    : '';
  const overlap = histogramWords({ ...f, normalise: false })[1] ?? '';
  return join([top, target, overlap]);
}

export function mechanismText(s: StoryFacts): string {
  const f = s.pair;
  if (!f.ls || !f.ce) return NO_PAIR;
  const v = { ce: f.ce.vMax, ls: f.ls.vMax };
  const levels =
    v.ce && v.ls
      ? `On this pair the mean max logit of correct predictions is ${v.ce.correct.toFixed(1)} for CE and ${v.ls.correct.toFixed(1)} for ${f.ls.name}` +
        (v.ls.correct < v.ce.correct ? ': lower under LS.' : ': not lower under LS here.')
      : '';
  return join([caveatSentence(f), levels]);
}

export function fixTitle(s: StoryFacts): string {
  const { ls, cmp } = s.pair;
  if (!ls || !cmp) return 'The fix: logit normalisation, with no retraining';
  if (ls.fallback) return 'Logit normalisation: for this LS model the search kept MSP';
  if (cmp.lsNorm.verdict === 'lower')
    return cmp.normVsCe.verdict === 'higher'
      ? 'Logit normalisation helps LS, with no retraining, but not all the way back to CE'
      : 'The fix: logit normalisation, with no retraining';
  if (cmp.lsNorm.verdict === 'higher') return 'Logit normalisation does not help this LS model';
  return 'Logit normalisation barely changes this LS model';
}

export function fixText(s: StoryFacts): string {
  const f = s.pair;
  if (!f.cmp || !f.ls || !f.ce) return NO_PAIR;
  return join([
    caveatSentence(f),
    lsNormSentence(f),
    'The error does not change: normalisation only re-orders the predictions.',
    f.ls.fallback ? '' : lowSentence(f, 'norm'),
    ceNormSentence(f),
    'The metrics table gives every number.',
  ]);
}
