/**
 * The sentences under "Compare confidence scores" and the reliability diagram, computed from the
 * numbers they describe (science.md §3): which score ranks best for each model and by how much
 * (saying so when the lead is within noise), and whether "LS calibrates better while it ranks worse"
 * holds on these data.
 *
 * Noise: AURC differences use the floor of noise.ts (about 0.3 points at N = 5,000, scaled by 1/√N).
 * ECE differences use twice the standard error of the bin-weighted accuracy of both models,
 * 2·√(se_CE² + se_LS²) with se² = Σ_b n_b·acc_b·(1 − acc_b) / N² (binomial noise of each bin's
 * accuracy; the bins' confidences are taken as fixed). This is an approximation: it ignores the noise
 * in which bin a sample falls.
 */
import type { ModelScoreSet, ScoreCompareData, ScoreEntry } from '../confidenceScores';
import { scoreDef, scoreEntry } from '../confidenceScores';
import { aurcNoiseFloor, compare } from './noise';
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
 * The available scores of a model, lowest AURC first (ties keep the table's order), each ranking once:
 * MaxLogit-pNorm on its MSP fallback is MSP and is left out.
 */
export function rankedScores(m: ModelScoreSet): ScoreEntry[] {
  return m.scores
    .filter((e) => e.metrics && Number.isFinite(e.metrics.aurc) && !e.sameAs)
    .sort((a, b) => a.metrics!.aurc - b.metrics!.aurc);
}

/** One sentence per model: its best score by AURC, its lead over the next, and over MSP. */
export function rankingSentence(m: ModelScoreSet): string | null {
  const ranked = rankedScores(m);
  if (ranked.length < 2) return null;
  const [best, next] = ranked;
  const floor = aurcNoiseFloor(m.n);
  const lead = compare(next.metrics!.aurc, best.metrics!.aurc, floor);
  const head = `For ${m.name}, ${label(best)} ranks best (AURC ${aurcText(best.metrics!.aurc)})`;
  const msp = scoreEntry(m, 'msp');
  const vsMsp =
    best.id !== 'msp' && next.id !== 'msp' && msp.metrics
      ? `; MSP is ${pointsText(msp.metrics.aurc - best.metrics!.aurc)} behind it (${aurcText(msp.metrics.aurc)})`
      : '';
  if (lead.verdict === 'same') {
    // How many scores are within noise of the best.
    const close = ranked.filter((e) => e.metrics!.aurc - best.metrics!.aurc < floor);
    return (
      `${head}, but the difference is tiny: ${label(next)} is only ${pointsText(lead.diff)} behind ` +
      `(${aurcText(next.metrics!.aurc)}), and ${countText(close.length)} of the ${countText(ranked.length)} ` +
      `distinct scores lie within ${pointsText(floor)} of the best, less than the AURC differences one seed on ` +
      `${countText(m.n)} test samples often shows by chance${vsMsp}.`
    );
  }
  return (
    `${head}, ${pointsText(lead.diff)} ahead of the next best, ${label(next)} ` +
    `(${aurcText(next.metrics!.aurc)})${vsMsp}.`
  );
}

/** The sentences under the comparison: one per model, then whether both agree on the best score. */
export function scoreCompareWords(data: ScoreCompareData): string[] {
  const out: string[] = [];
  for (const m of data.models) {
    const s = rankingSentence(m);
    if (s) out.push(s);
  }
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
 * better while it ranks worse" holds here (each direction judged against its noise floor).
 */
export function calibrationWords(data: ScoreCompareData): string[] {
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
  const aurcCmp = compare(lsAurc, ceAurc, aurcNoiseFloor(Math.min(ls.n, ce.n)));
  const eces = `ECE ${pctE(ls.ece)} for ${ls.name} against ${pctE(ce.ece)} for ${ce.name}`;
  const aurcs = `MSP AURC ${aurcText(lsAurc)} against ${aurcText(ceAurc)}`;
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
        : `it ranks about as well (${aurcs}, within the noise of one seed)`;
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
