/**
 * The sentences under the "why normalisation works" charts, built from their numbers
 * (science.md §4). Each says what the data show, including when they do not show the textbook effect
 * (normalisation hurting LS, helping CE, the validation choice missing the test's best p, no CE
 * model to compare with). Pure functions of the chart data: tested with made-up inputs.
 */
import { pct } from '../model/format';
import type { PChoice, PEffectData, PEffectSeries, RankAgreementData, ScoreRow } from './normalisation';
import type { ScatterReady } from './normalisationScatter';

const int = (v: number): string => v.toLocaleString('en');
const pc = (v: number, digits = 2): string => `${pct(v, digits)} %`;

/**
 * a and b with `digits` decimals, or more (up to digits + 2) until they read differently; `same`
 * says they are equal at every precision tried.
 */
export function distinct(a: number, b: number, digits: number): { a: string; b: string; same: boolean } {
  for (let d = digits; d <= digits + 2; d++) {
    const fa = a.toFixed(d);
    const fb = b.toFixed(d);
    if (fa !== fb) return { a: fa, b: fb, same: false };
  }
  return { a: a.toFixed(digits), b: b.toFixed(digits), same: true };
}

/** "raises its AUROC from 0.827 to 0.863", "lowers …", or "leaves … at 0.827". */
export function changeWords(what: string, before: number, after: number, digits: number): string {
  const f = distinct(before, after, digits);
  if (f.same) return `leaves ${what} at ${f.a}`;
  return `${after > before ? 'raises' : 'lowers'} ${what} from ${f.a} to ${f.b}`;
}

/** How the p in use was chosen, as a clause: "p = 1, chosen on the validation split". */
export function pChoiceWords(c: PChoice): string {
  switch (c.source) {
    case 'validation':
      return `p = ${c.p}, chosen on the validation split`;
    case 'hand':
      return `p = ${c.p}, set by hand`;
    case 'fallback':
      return `p = ${c.p} for this comparison; the validation search kept MSP for this model`;
  }
}

function row(d: RankAgreementData, id: ScoreRow['id']): ScoreRow | undefined {
  return d.rows.find((r) => r.id === id);
}

/** The rank-agreement chart's sentences. */
export function rankAgreementWords(d: RankAgreementData): string[] {
  const msp = row(d, 'ls-msp');
  const pn = row(d, 'ls-pnorm');
  const ce = row(d, 'ce-msp');
  if (!msp || !pn) return [];
  const out: string[] = [];
  const auroc = changeWords('its AUROC', msp.auroc, pn.auroc, 3);
  const ceAuroc = ce && Number.isFinite(ce.auroc) ? ` (${ce.label}: ${ce.auroc.toFixed(3)})` : '';
  if (msp.spearman !== null && pn.spearman !== null) {
    out.push(
      `Normalising (${pChoiceWords(d.p)}) ${changeWords(`the agreement of ${d.lsName} with its CE twin's MSP ranking`, msp.spearman, pn.spearman, 2)}, and ${auroc}${ceAuroc}.`,
    );
    if (pn.spearman < msp.spearman)
      out.push('Here the normalised score orders the samples less like the CE model does, not more.');
  } else {
    out.push(`${d.twinNote ?? 'No CE twin to compare with.'} Normalising (${pChoiceWords(d.p)}) ${auroc}.`);
  }
  if (Number.isFinite(pn.auroc) && Number.isFinite(msp.auroc) && pn.auroc < msp.auroc)
    out.push('A lower AUROC means the normalised score separates correct from wrong predictions worse.');
  const aurcDir = pn.aurc < msp.aurc ? 'falls' : pn.aurc > msp.aurc ? 'rises' : 'stays';
  let aurc = `Its AURC ${aurcDir} ${aurcDir === 'stays' ? `at ${pc(msp.aurc)}` : `from ${pc(msp.aurc)} to ${pc(pn.aurc)}`}`;
  if (ce) {
    const rel = pn.aurc < ce.aurc ? 'below' : pn.aurc > ce.aurc ? 'above' : 'level with';
    aurc += `, ${rel} the ${pc(ce.aurc)} of ${ce.label}`;
  }
  out.push(`${aurc} (lower is better).`);
  return out;
}

/** "p = 1 (3.67 %)". */
const atP = (s: PEffectSeries, ps: readonly number[], p: number): string => {
  const i = ps.indexOf(p);
  return i < 0 ? `p = ${p}` : `p = ${p} (${pc(s.aurc[i])} on test)`;
};

/** One model's sentence of the p-effect chart. */
export function pEffectSentence(s: PEffectSeries, ps: readonly number[]): string {
  const m = ps.length;
  let lo = 0;
  let hi = 0;
  let below = 0;
  for (let i = 0; i < m; i++) {
    if (s.aurc[i] < s.aurc[lo]) lo = i;
    if (s.aurc[i] > s.aurc[hi]) hi = i;
    if (s.aurc[i] < s.mspAurc) below++;
  }
  const range =
    pct(s.aurc[lo], 2) === pct(s.aurc[hi], 2)
      ? `${pc(s.aurc[lo])} for every p`
      : `${pct(s.aurc[lo], 2)}–${pc(s.aurc[hi])}`;
  const bestP = ps[lo];
  let head: string;
  if (below === 0) head = `For ${s.name}, every forced p is worse than MSP (${pc(s.mspAurc)} → ${range})`;
  else if (below === m) head = `For ${s.name}, every p beats MSP (${pc(s.mspAurc)} → ${range})`;
  else
    head = `For ${s.name}, ${below} of ${m} values of p beat MSP (${pc(s.mspAurc)}); the best, p = ${bestP}, gives ${pc(s.aurc[lo])}`;
  const c = s.chosen;
  let tail: string;
  if (c.kind === 'fallback') {
    tail =
      below === 0
        ? ', so the search keeps MSP.'
        : '; the validation search kept MSP all the same: on the validation split no p beat it.';
  } else if (c.kind === 'validation') {
    const i = ps.indexOf(c.p);
    const worse = i >= 0 && s.aurc[i] > s.mspAurc;
    tail = `; the validation search chose ${atP(s, ps, c.p)}`;
    if (c.p !== bestP && below > 0) tail += `, not the test's best p = ${bestP}`;
    tail += worse ? ', which is worse than MSP on test.' : '.';
  } else {
    tail = `; ${atP(s, ps, c.p)} is set by hand`;
    if (c.search === null) tail += ' (the validation search would keep MSP)';
    else if (c.search !== undefined) tail += ` (the validation search would choose p = ${c.search})`;
    tail += '.';
  }
  return head + tail;
}

/** The p-effect chart's sentences, CE first. */
export function pEffectWords(d: PEffectData): string[] {
  const out = d.series.map((s) => pEffectSentence(s, d.ps));
  if (!d.series.some((s) => s.role === 'ce')) out.push('There is no CE model to compare with.');
  if (!d.series.some((s) => s.role === 'ls')) out.push('There is no LS model to compare with.');
  return out;
}

export type ScatterWordsInput = Pick<
  ScatterReady,
  'name' | 'n' | 'p' | 'centred' | 'swap' | 'topTies' | 'undrawn' | 'score' | 'rays'
>;

/** The scatter's sentences: what the dots are, and how MSP's kept set differs from the wedge. */
export function scatterWords(d: ScatterWordsInput, ringed = true): string[] {
  const out: string[] = [];
  const logits = d.centred ? 'centred logits' : 'raw (uncentred) logits';
  out.push(`Each dot is one of the ${int(d.n)} test samples of ${d.name} (${pChoiceWords(d.p)}; ${logits}).`);
  const w = d.swap;
  const cov = `${Math.round(w.coverage * 100)} %`;
  if (w.onlyMsp === 0) {
    out.push(`At ${cov} coverage MSP and MaxLogit-pNorm keep the same ${int(w.kept)} samples.`);
  } else {
    const rate = (e: number, of: number) => pc(e / of, 1);
    const rMsp = w.onlyMspErrors / w.onlyMsp;
    const rPn = w.onlyPNormErrors / w.onlyPNorm;
    let verdict: string;
    if (rMsp > rPn) verdict = 'normalisation swaps in the safer samples';
    else if (rMsp < rPn)
      verdict = "here MSP's own picks are the safer ones: normalisation does not help at this coverage";
    else verdict = 'the swapped samples are wrong equally often';
    out.push(
      `At ${cov} coverage each score keeps ${int(w.kept)} samples and they share ${int(w.both)}: the ${int(w.onlyMsp)} only MSP keeps${ringed ? ' (ringed, on or below the ray)' : ''} are ${rate(w.onlyMspErrors, w.onlyMsp)} wrong, the ${int(w.onlyPNorm)} only MaxLogit-pNorm keeps ${rate(w.onlyPNormErrors, w.onlyPNorm)}: ${verdict}. In all, MaxLogit-pNorm's top ${cov} holds ${int(w.pNormErrors)} errors, MSP's ${int(w.mspErrors)}.`,
    );
    if (Number.isFinite(w.onlyMspMedianNorm) && Number.isFinite(w.onlyPNormMedianNorm)) {
      const further = w.onlyMspMedianNorm > w.onlyPNormMedianNorm;
      const safer = w.onlyMspErrors / w.onlyMsp < w.onlyPNormErrors / w.onlyPNorm;
      const why = !further
        ? ''
        : safer
          ? ': MSP rewards a large scale, and for this model the scale was worth keeping'
          : ': MSP rewards a large scale, the ray ignores it';
      out.push(
        `MSP's own picks sit ${further ? 'further from' : 'closer to'} the origin (median ‖u‖_${d.p.p} ${w.onlyMspMedianNorm.toFixed(2)} vs ${w.onlyPNormMedianNorm.toFixed(2)})${why}.`,
      );
    }
  }
  if (d.topTies > 1) {
    let best = -Infinity;
    for (let i = 0; i < d.score.length; i++) if (d.score[i] > best) best = d.score[i];
    const half = d.p.p === 1 && d.centred && Math.abs(best - 0.5) < 1e-12;
    out.push(
      `${int(d.topTies)} samples share the highest score${half ? ' 1/2 (centred p = 1 gives exactly that to any sample with a single positive centred logit)' : ''}: they lie on one ray and are tied.`,
    );
  }
  if (d.undrawn > 0) out.push(`${int(d.undrawn)} samples with all logits equal have no dot.`);
  return out;
}
