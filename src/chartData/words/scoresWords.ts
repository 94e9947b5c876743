/**
 * The sentences under "Compare confidence scores" and the reliability diagram, computed from the
 * numbers they describe (science.md §3): which score ranks best for each model and by how much
 * (saying so when the lead is within noise), and whether "LS calibrates better while it ranks worse"
 * holds on these data.
 *
 * Noise: AURC differences use the paired-bootstrap 95% intervals (analysis/bootstrap.ts; a difference
 * counts only when its interval excludes 0); until they are computed, the floor of noise.ts (about
 * 0.3 points at N = 5,000, scaled by 1/√N), and the sentence says it is that rough rule.
 * ECE differences use twice the standard error of the bin-weighted accuracy of both models,
 * 2·√(se_CE² + se_LS²) with se² = Σ_b n_b·acc_b·(1 − acc_b) / N² (binomial noise of each bin's
 * accuracy; the bins' confidences are taken as fixed). This is an approximation: it ignores the noise
 * in which bin a sample falls.
 */
import type { ModelScoreSet, ScoreCompareData, ScoreEntry } from '../confidenceScores';
import { scoreDef, scoreEntry } from '../confidenceScores';
import { excludesZero, withinKey, type Interval, type ScoreSetIntervals } from '../../analysis/bootstrap';
import { aurcNoiseFloor, compare, compareByInterval } from './noise';
import { aurcText, countText, pointsText } from './numbers';

/** Twice the binomial standard error of one model's bin-weighted accuracy (the ECE's noise). */
export function eceStdError(m: ModelScoreSet): number {
  const r = m.reliability;
  let v = 0;
  let total = 0;
  for (let b = 0; b < r.count.length; b++) {
    const c = r.count[b];
    if (c === 0) continue;
    total += c;
    v += c * r.accuracy[b] * (1 - r.accuracy[b]);
  }
  return total > 0 ? Math.sqrt(v) / total : Infinity;
}

export function eceNoiseFloor(a: ModelScoreSet, b: ModelScoreSet): number {
  return 2 * Math.sqrt(eceStdError(a) ** 2 + eceStdError(b) ** 2);
}

const label = (e: ScoreEntry) => scoreDef(e.id).label;

/**
 * "+0.20 to +0.65 points": a bootstrap interval of a difference, with enough decimals (up to four)
 * that a bound which is not 0 does not print as 0 (close scores, such as MSP and T-scaled MSP, differ
 * by hundredths of a point).
 */
export function ciText(ci: { lo: number; hi: number }): string {
  let digits = 2;
  const hidden = (x: number) => x !== 0 && Math.abs(100 * x) < 0.5 * 10 ** -digits;
  while (digits < 4 && (hidden(ci.lo) || hidden(ci.hi))) digits++;
  const f = (x: number) => {
    const v = (100 * x).toFixed(digits);
    return Number(v) === 0 ? v.replace('-', '') : x > 0 ? `+${v}` : v.replace('-', '−');
  };
  return `${f(ci.lo)} to ${f(ci.hi)} points`;
}

/**
 * The available scores of a model, lowest AURC first (ties keep the table's order), each ranking once:
 * MaxLogit-pNorm on its MSP fallback is MSP and is left out.
 */
export function rankedScores(m: ModelScoreSet): ScoreEntry[] {
  return m.scores
    .filter((e) => e.metrics && Number.isFinite(e.metrics.aurc) && !e.sameAs)
    .sort((a, b) => a.metrics!.aurc - b.metrics!.aurc);
}

/** The paired-bootstrap intervals of one model's scores: each score's AURC and each score-against-score difference. */
export type ModelIntervals = Pick<ScoreSetIntervals, 'models' | 'within'> & { index: number };

/** Said while the bootstrap intervals are still being computed, wherever the rough floor decides. */
export const FLOOR_FALLBACK = 'a rough rule used until the bootstrap intervals are computed';

/**
 * One sentence per model: its best score by AURC, its lead over the next, and over MSP. With the
 * paired bootstrap (`iv`), a lead counts only when the 95% interval of the difference excludes 0;
 * until it is in, the AURC noise floor of noise.ts decides, and the sentence says so.
 */
export function rankingSentence(m: ModelScoreSet, iv: ModelIntervals | null = null): string | null {
  const ranked = rankedScores(m);
  if (ranked.length < 2) return null;
  const [best, next] = ranked;
  const within = iv?.within[iv.index];
  /** AURC(a) − AURC(b) with its interval, when the bootstrap has both. */
  const ciOf = (a: ScoreEntry, b: ScoreEntry) => within?.[withinKey(a.id, b.id)];
  const head = `For ${m.name}, ${label(best)} ranks best (AURC ${aurcText(best.metrics!.aurc)})`;
  const msp = scoreEntry(m, 'msp');
  let vsMsp = '';
  if (best.id !== 'msp' && next.id !== 'msp' && msp.metrics) {
    const d = ciOf(msp, best);
    const noise = d && !excludesZero(d) ? ', within noise' : '';
    vsMsp =
      `; MSP is ${pointsText(msp.metrics.aurc - best.metrics!.aurc)} behind it (${aurcText(msp.metrics.aurc)}` +
      (d ? `; 95% interval of the difference ${ciText(d)}${noise})` : ')');
  }
  const leadCi = ciOf(next, best);
  if (within && leadCi) {
    const lead = compareByInterval(next.metrics!.aurc, best.metrics!.aurc, leadCi);
    if (lead.verdict === 'same') {
      // The scores whose difference from the best has an interval containing 0.
      const close = ranked.filter((e) => {
        const d = e === best ? null : ciOf(e, best);
        return e === best || (d !== undefined && d !== null && !excludesZero(d));
      });
      return (
        `${head}, but the lead is within noise: ${label(next)} is only ${pointsText(lead.diff)} behind ` +
        `(${aurcText(next.metrics!.aurc)}; the 95% interval of the difference, ${ciText(leadCi)}, includes 0), and ` +
        `${countText(close.length)} of the ${countText(ranked.length)} distinct scores are within noise of the best ` +
        `(paired bootstrap, ${countText(m.n)} test samples)${vsMsp}.`
      );
    }
    return (
      `${head}, ${pointsText(lead.diff)} ahead of the next best, ${label(next)} ` +
      `(${aurcText(next.metrics!.aurc)}; 95% interval of the difference ${ciText(leadCi)})${vsMsp}.`
    );
  }
  const floor = aurcNoiseFloor(m.n);
  const lead = compare(next.metrics!.aurc, best.metrics!.aurc, floor);
  const rough = `(${FLOOR_FALLBACK}: AURC differences below about ${pointsText(floor, 1)} are often noise on ${countText(m.n)} test samples)`;
  if (lead.verdict === 'same') {
    const close = ranked.filter((e) => e.metrics!.aurc - best.metrics!.aurc < floor);
    return (
      `${head}, but the difference is tiny: ${label(next)} is only ${pointsText(lead.diff)} behind ` +
      `(${aurcText(next.metrics!.aurc)}), and ${countText(close.length)} of the ${countText(ranked.length)} ` +
      `distinct scores lie within ${pointsText(floor)} of the best ${rough}${vsMsp}.`
    );
  }
  return (
    `${head}, ${pointsText(lead.diff)} ahead of the next best, ${label(next)} ` +
    `(${aurcText(next.metrics!.aurc)}) ${rough}${vsMsp}.`
  );
}

/**
 * The sentences under the comparison: one per model, then whether both agree on the best score.
 * `intervals`: scoreSetBootstrap of data.models (same order), null while it is computed.
 */
export function scoreCompareWords(
  data: ScoreCompareData,
  intervals: ScoreSetIntervals | null = null,
): string[] {
  const out: string[] = [];
  data.models.forEach((m, index) => {
    const s = rankingSentence(m, intervals ? { ...intervals, index } : null);
    if (s) out.push(s);
  });
  const missing = data.models.filter((m) => m.scores.some((e) => e.unavailable));
  for (const m of missing) {
    const names = m.scores.filter((e) => e.unavailable).map(label);
    out.push(
      `${m.name}: ${names.join(', ')} are not shown, as they need the logits, which a loaded file does not keep.`,
    );
  }
  if (data.models.length === 2) {
    const [a, b] = data.models.map((m) => rankedScores(m)[0]);
    if (a && b) {
      out.push(
        a.id === b.id
          ? `Both models rank best with ${label(a)} on these data.`
          : `The two models do not agree on the best score: ${label(a)} for ${data.models[0].name}, ` +
              `${label(b)} for ${data.models[1].name}.`,
      );
    }
  }
  return out;
}

/**
 * The calibration contrast: ECE of π_max and MSP AURC of CE against LS, and whether "LS calibrates
 * better while it ranks worse" holds here (ECE judged against its noise floor; the AURC by the paired
 * bootstrap's interval of LS − CE, `mspDiff`, or — while it is computed — by the AURC floor, saying so).
 */
export function calibrationWords(data: ScoreCompareData, mspDiff: Interval | null = null): string[] {
  const ce = data.models.find((m) => m.role === 'ce');
  const ls = data.models.find((m) => m.role === 'ls');
  const pctE = (v: number) => `${(v * 100).toFixed(2)}%`;
  if (!ce || !ls) {
    return [
      ...data.models.map(
        (m) => `${m.name}: ECE ${pctE(m.ece)} over ${countText(m.n)} test samples (15 bins on π_max).`,
      ),
      directionSentence(data.models),
    ];
  }
  const eceCmp = compare(ls.ece, ce.ece, eceNoiseFloor(ls, ce));
  const lsAurc = scoreEntry(ls, 'msp').metrics!.aurc;
  const ceAurc = scoreEntry(ce, 'msp').metrics!.aurc;
  const aurcCmp = mspDiff
    ? compareByInterval(lsAurc, ceAurc, mspDiff)
    : compare(lsAurc, ceAurc, aurcNoiseFloor(Math.min(ls.n, ce.n)));
  const eces = `ECE ${pctE(ls.ece)} for ${ls.name} against ${pctE(ce.ece)} for ${ce.name}`;
  const aurcs =
    `MSP AURC ${aurcText(lsAurc)} against ${aurcText(ceAurc)}` +
    (mspDiff
      ? `; 95% interval of the difference ${ciText(mspDiff)}`
      : `; judged by ${FLOOR_FALLBACK}, a floor of ${pointsText(aurcNoiseFloor(Math.min(ls.n, ce.n)), 1)}`);
  const calib =
    eceCmp.verdict === 'lower'
      ? `${ls.name} is better calibrated (${eces})`
      : eceCmp.verdict === 'higher'
        ? `${ls.name} is worse calibrated (${eces})`
        : `the two models are about equally well calibrated (${eces}, a difference within its noise of about ${pointsText(eceNoiseFloor(ls, ce))})`;
  const rank =
    aurcCmp.verdict === 'higher'
      ? `it ranks worse (${aurcs})`
      : aurcCmp.verdict === 'lower'
        ? `it ranks better (${aurcs})`
        : mspDiff
          ? `it ranks about as well (${aurcs}, which includes 0: within noise)`
          : `it ranks about as well (${aurcs}: within noise)`;
  const holds = eceCmp.verdict === 'lower' && aurcCmp.verdict === 'higher';
  const first = `On these data ${calib}, and ${rank}.`;
  const verdict = holds
    ? 'So the usual contrast holds here: label smoothing improves calibration while it harms the ranking that selective classification relies on — a better-calibrated model is not a better selective classifier.'
    : 'So the usual contrast ("LS calibrates better while it ranks worse") does not fully hold on these data' +
      (eceCmp.verdict === 'lower'
        ? ': the calibration part does, the ranking part does not.'
        : aurcCmp.verdict === 'higher'
          ? ': the ranking part does, the calibration part does not.'
          : '.');
  return [first, directionSentence([ce, ls]), verdict];
}

/** Mean π_max minus accuracy over all binned test samples: > 0 over-confident on average. */
export function confidenceGap(m: ModelScoreSet): number {
  const r = m.reliability;
  let total = 0;
  let gap = 0;
  for (let b = 0; b < r.count.length; b++) {
    if (r.count[b] === 0) continue;
    total += r.count[b];
    gap += r.count[b] * (r.meanConfidence[b] - r.accuracy[b]);
  }
  return total > 0 ? gap / total : NaN;
}

/** Which way each model is off: over-confident (mean π_max above accuracy) or under-confident. */
export function directionSentence(models: ModelScoreSet[]): string {
  const parts = models.map((m) => {
    const g = confidenceGap(m);
    if (!Number.isFinite(g)) return `${m.name}: no binned sample`;
    const side = g > 0 ? 'over-confident' : g < 0 ? 'under-confident' : 'neither over- nor under-confident';
    return `${m.name} is ${side} on average (mean π_max ${g >= 0 ? 'above' : 'below'} its accuracy by ${pointsText(g)})`;
  });
  return `${parts.join('; ')}.`;
}
