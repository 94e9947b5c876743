/**
 * Sentences shared by several explanations: the MSP comparison of the pair, what normalisation did,
 * what the low-coverage curves do, the caveats (a live preview, an early checkpoint), why the data
 * may not show the usual effect (science.md §5), and how large the noise is (§3.9). Each is computed
 * from PairFacts; none claims a direction its comparison does not have.
 */
import type { ModelFacts } from './modelFacts';
import { LOW_BAND } from './modelFacts';
import { byVerdict, type Comparison } from './noise';
import type { CurveRun, PairFacts } from './pairFacts';
import { link } from './pieces';
import { aurcText, countText, coverageText, pctText, pointsText, relativeText } from './numbers';
import { formatAlpha } from '../../model/format';

/** "5–30%": the low-coverage band. */
export const BAND = `${Math.round(LOW_BAND.from * 100)}–${coverageText(LOW_BAND.to)}`;

/** "+0.20 to +0.65 points": a paired-bootstrap interval of a difference. */
export function ciText(ci: { lo: number; hi: number }): string {
  return `${signed(ci.lo)} to ${signed(ci.hi)} points`;
}

/**
 * "0.42 points, 10%": the size of an AURC difference, absolute and relative; with its paired
 * bootstrap interval when the comparison has one ("…; 95% interval +0.20 to +0.65 points").
 */
export function aurcGap(c: Comparison): string {
  const ci = c.ci ? `; 95% interval ${ciText(c.ci)}` : '';
  return `${pointsText(c.diff)}, ${relativeText(c.a, c.b)}${ci}`;
}

/** "LS α=0.2 ranks its predictions worse than CE: MSP AURC 4.62 against 4.20 (0.42 points, 10% higher)." */
export function mspSentence(ls: ModelFacts, ce: ModelFacts, c: Comparison): string {
  const nums = `MSP AURC ${aurcText(c.a)} against ${aurcText(c.b)}`;
  if (c.verdict === 'higher')
    return `${ls.name} ranks its predictions worse than ${ce.name}: ${nums} (${aurcGap(c)} higher).`;
  if (c.verdict === 'lower')
    return `${ls.name} ranks its predictions better than ${ce.name}: ${nums} (${aurcGap(c)} lower).`;
  const why =
    c.why === 'seeds'
      ? 'the seeds disagree on its sign'
      : c.why === 'interval' && c.ci
        ? `within noise: its 95% bootstrap interval, ${ciText(c.ci)}, contains 0`
        : 'too small to tell from noise';
  return `${ls.name} and ${ce.name} rank their predictions about equally well: ${nums}, a difference of ${pointsText(c.diff)}, ${why}.`;
}

/** "It is more accurate than CE (14.5% error against 16.7%)." */
export function errorSentence(ls: ModelFacts, ce: ModelFacts, c: Comparison): string {
  const nums = `${pctText(ls.error, 2)} error against ${pctText(ce.error, 2)}`;
  if (c.verdict === 'lower') return `${ls.name} is more accurate than ${ce.name} (${nums}).`;
  if (c.verdict === 'higher') return `${ls.name} is less accurate than ${ce.name} (${nums}).`;
  return `${ls.name} and ${ce.name} are about equally accurate (${nums}).`;
}

/** Where the curves lie from 5% coverage up ("above CE’s curve from 5% to 68% coverage"). */
function runClause(run: CurveRun, ceName: string): string {
  const upTo = run.to >= 1 ? 'at every coverage from 5% on' : `from 5% to ${coverageText(run.to)} coverage`;
  const touch = run.strict ? '' : 'at or ';
  if (run.sign > 0) return `its curve is ${touch}above ${ceName}’s ${upTo}`;
  if (run.sign < 0) return `its curve is ${touch}below ${ceName}’s ${upTo}`;
  return `the two curves are level at every coverage from 5% on`;
}

/**
 * Low coverage: the mean share of mistakes over 5–30% coverage and where the curves lie; with
 * `norm`, the LS model's normalised curve against CE's MSP curve.
 */
export function lowSentence(f: PairFacts, score: 'msp' | 'norm' = 'msp'): string {
  const { ls, ce, cmp } = f;
  if (!ls || !ce || !cmp) return '';
  const c = score === 'msp' ? cmp.lowMsp : cmp.lowNorm;
  const run = score === 'msp' ? cmp.runMsp : cmp.runNorm;
  const who = score === 'msp' ? ls.name : `Normalised, ${ls.name}`;
  const plain = score === 'msp' ? ls.name : `normalised ${ls.name}`;
  const nums = `${pctText(c.a, 2)} on average at ${BAND} coverage against ${pctText(c.b, 2)} for ${ce.name}${score === 'msp' ? '' : ' (MSP)'}`;
  const run1 = runClause(run, ce.name);
  if (c.verdict === 'higher')
    return `${who} makes more mistakes among its most confident predictions: ${nums}; ${run1}.`;
  if (c.verdict === 'lower')
    return `${who} makes fewer mistakes among its most confident predictions: ${nums}; ${run1}.`;
  return `Among its most confident predictions ${plain} is close to ${ce.name}: ${nums}, too close to call on this many samples; ${run1}.`;
}

const pText = (m: ModelFacts): string => `p = ${m.p}${m.pAuto ? '' : ', set by hand'}`;

/** What normalisation did to the LS model (its AURC before and after, against CE's MSP). */
export function lsNormSentence(f: PairFacts): string {
  const { ls, ce, cmp } = f;
  if (!ls || !ce || !cmp) return '';
  if (ls.fallback)
    return `For ${ls.name} no p beat MSP on the validation split, so the search kept MSP: its normalised numbers are its MSP numbers (AURC ${aurcText(ls.msp.aurc)}).`;
  const c = cmp.lsNorm;
  const vs = cmp.normVsCe;
  const ceLevel = byVerdict(
    vs.verdict,
    `still above ${ce.name}’s ${aurcText(vs.b)}`,
    `below ${ce.name}’s ${aurcText(vs.b)}`,
    `level with ${ce.name}’s ${aurcText(vs.b)} within noise`,
  );
  const move = `${aurcText(c.b)} to ${aurcText(c.a)} (${pText(ls)})`;
  if (c.verdict === 'lower')
    return `Normalising lowers ${ls.name}’s AURC from ${move}, by ${aurcGap(c)}: ${ceLevel}.`;
  if (c.verdict === 'higher')
    return `Normalising *raises* ${ls.name}’s AURC from ${move}: here it hurts ${ls.name}, which ends ${ceLevel}.`;
  return `Normalising leaves ${ls.name}’s AURC about where it was (${move}): ${ceLevel}.`;
}

/** What normalisation did to the CE model. */
export function ceNormSentence(f: PairFacts): string {
  const { ce, cmp } = f;
  if (!ce || !cmp) return '';
  if (ce.fallback)
    return `For ${ce.name} no p beat MSP on the validation split, so it keeps MSP and its numbers do not change.`;
  const c = cmp.ceNorm;
  const move = `${aurcText(c.b)} to ${aurcText(c.a)} (${pText(ce)})`;
  if (c.verdict === 'lower') return `For ${ce.name} it lowers the AURC from ${move}.`;
  if (c.verdict === 'higher')
    return `For ${ce.name} it *raises* the AURC from ${move}: normalisation hurts CE here.`;
  return `For ${ce.name} it changes the AURC little (${move}).`;
}

/** A live preview or an early checkpoint, said first; '' for finished models. */
export function caveatSentence(f: PairFacts): string {
  const m = [f.ls, f.ce].find((x) => x?.preview) ?? [f.ls, f.ce].find((x) => x?.early);
  if (!m) return '';
  const at = `step ${countText(m.step)} of ${countText(m.totalSteps)}`;
  if (m.preview)
    return `*Preview:* the models are still training (${at}) and these numbers come from only the first ${countText(m.n)} test samples — a rough estimate that can differ from the final result, even in which model is ahead.`;
  return `The models have not finished training (${at}): these are the numbers of unfinished models.`;
}

/** Why the data may not show LS ranking worse than CE (the paper's result). */
export function reasonSentence(f: PairFacts): string {
  if (f.preview)
    return `a ${countText(f.noise.n)}-sample preview of models still training is too noisy to show it reliably`;
  if (f.early)
    return 'early in training the LS term may not yet have separated the confidences of right and wrong answers; the effect, where it appears, builds up as the models fit the data';
  if (f.kind === 'points')
    return `with 2-D blobs and a small model LS often barely changes the ranking; the effect needs a wide network over-trained on few points, and even then not every run shows it (${link('science notes §5.3', 'points')})`;
  if (f.kind === 'loaded')
    return `models trained elsewhere need not show it: its size depends on the data, the model and how it was trained (${link('science notes §5.1', 'paper')})`;
  return `single runs vary, and the effect is an average over runs (${link('science notes §5.2', 'small')})`;
}

/** Said when LS does not rank clearly worse; '' otherwise. */
export function notUsualSentence(f: PairFacts): string {
  if (!f.cmp || f.lsHurts) return '';
  return `The paper reports label-smoothed models ranking worse than CE; this pair does not show that. One reason can be that ${reasonSentence(f)}.`;
}

const signed = (d: number): string => {
  const v = (d * 100).toFixed(2);
  return d > 0 ? `+${v}` : Number(v) === 0 ? '0.00' : v.replace('-', '−');
};

/** "+0.42 points (95% interval +0.20 to +0.65)", or "… — within noise" when the interval holds 0. */
function diffWithCi(d: { value: number; lo: number; hi: number }): string {
  const noise = d.lo <= 0 && d.hi >= 0 ? ', within noise' : '';
  return `${signed(d.value)} points (95% interval ${ciText(d)}${noise})`;
}

/**
 * The paired bootstrap of the pair (science.md §3): LS − CE AURC with MSP and with the normalised
 * score, each with its 95% interval; '' until it is computed.
 */
export function intervalSentence(f: PairFacts): string {
  const iv = f.noise.intervals;
  if (!iv || !f.cmp || !f.ls) return '';
  const norm = f.normalise ? ` and ${diffWithCi(iv.difference.pNorm)} with the normalised scores` : '';
  return `Paired bootstrap over the ${countText(iv.n)} test samples (${countText(iv.resamples)} draws, both models scored on each): LS − CE AURC is ${diffWithCi(iv.difference.msp)} with MSP${norm}.`;
}

/** How large the noise is: the seeds' differences, or, with one seed, the rule of thumb. */
export function noiseSentence(f: PairFacts): string {
  const { seeds, n, floor } = f.noise;
  if (!f.cmp || !f.ls) return '';
  const boot = intervalSentence(f);
  const withBoot = (s: string): string => (boot ? `${s} ${boot}` : s);
  if (seeds && seeds.seeds.length >= 2) {
    const d = seeds.mspDiffs;
    const lo = Math.min(...d);
    const hi = Math.max(...d);
    const count = `${seeds.seeds.length} seeds trained at α = ${formatAlpha(f.ls.alpha)}`;
    const size = (a: number, b: number) =>
      pointsText(a) === pointsText(b)
        ? pointsText(a)
        : `${(a * 100).toFixed(2)} to ${(b * 100).toFixed(2)} points`;
    if (d.every((x) => x > 0))
      return withBoot(`In all ${count}, LS’s MSP AURC is above CE’s, by ${size(lo, hi)}.`);
    if (d.every((x) => x < 0))
      return withBoot(`In all ${count}, LS’s MSP AURC is below CE’s, by ${size(-hi, -lo)}.`);
    return withBoot(
      `Over the ${count}, LS’s MSP AURC minus CE’s runs from ${signed(lo)} to ${signed(hi)} points: the seeds disagree on the sign, so a difference of this size is within the noise between seeds.`,
    );
  }
  const one = f.kind === 'loaded' ? 'From one pair of models' : 'With one seed';
  if (boot) return `${one} the size of the noise between training runs is unknown. ${boot}`;
  return `${one} the size of the noise between training runs is unknown; at N = ${countText(n)} test samples, AURC differences below about ${(floor * 100).toFixed(1)} points are often noise.`;
}
