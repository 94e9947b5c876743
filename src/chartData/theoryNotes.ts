/**
 * What the theory charts of the "Why" section actually show, computed from what they draw, so that
 * their explanations say it (science.md §2): how far apart the correct and wrong v_max lines are,
 * how much lower LS sits than CE, and whether the bin-estimated LS term's gap between correct and
 * wrong samples changes over training (it is built into the estimate, so it says little either way).
 */
import { longName } from '../model/format';
import type { LsTermHistory, VMaxData, VMaxPanelData, VMaxSeries } from './gradients';

export interface VMaxSeparation {
  /** Windows where both lines have a band (at least MIN_BAND_COUNT samples each). */
  windows: number;
  /** Mean over those windows of |mean v_max(correct) − mean v_max(wrong)|. */
  meanAbsDiff: number;
  /** Mean over those windows of the two groups' average standard deviation (the spread). */
  meanStd: number;
  /** meanAbsDiff / meanStd (NaN if the spread is 0). */
  ratio: number;
}

/** How far apart one panel's correct and wrong lines are, where both are well estimated. */
export function vMaxSeparation(panel: VMaxPanelData): VMaxSeparation | null {
  const { correct: c, incorrect: w } = panel;
  let windows = 0;
  let diff = 0;
  let std = 0;
  for (let j = 0; j < c.centres.length; j++) {
    if (!c.hasBand[j] || !w.hasBand[j]) continue;
    windows++;
    diff += Math.abs(c.mean[j] - w.mean[j]);
    std += (c.std[j] + w.std[j]) / 2;
  }
  if (windows === 0) return null;
  const meanAbsDiff = diff / windows;
  const meanStd = std / windows;
  return { windows, meanAbsDiff, meanStd, ratio: meanStd > 0 ? meanAbsDiff / meanStd : NaN };
}

/** In words: "… 0.14 apart on average, 0.46 of a standard deviation: close, their bands overlap". */
export function vMaxSeparationText(name: string, s: VMaxSeparation | null): string {
  if (!s)
    return `${name}: too few windows hold enough correct and wrong samples (a band each) to compare the two lines.`;
  const verdict = !Number.isFinite(s.ratio)
    ? 'with no spread to compare it with'
    : s.ratio < 0.25
      ? 'practically on top of each other'
      : s.ratio < 1
        ? 'close: the difference is smaller than the spread within a window, and the bands overlap'
        : 'clearly apart: more than one standard deviation';
  return (
    `${name}: over the ${s.windows} windows where both lines have a band, correct and wrong differ by ` +
    `${s.meanAbsDiff.toFixed(2)} on average against a spread (std) of ${s.meanStd.toFixed(2)}, ` +
    `${s.ratio.toFixed(2)} of it — ${verdict}.`
  );
}

/** Mean v_max of one group over the windows where both models' lines of that group have a band. */
export function vMaxLevels(
  ce: VMaxSeries,
  ls: VMaxSeries,
): { windows: number; ce: number; ls: number } | null {
  let windows = 0;
  let a = 0;
  let b = 0;
  for (let j = 0; j < ce.centres.length && j < ls.centres.length; j++) {
    if (!ce.hasBand[j] || !ls.hasBand[j]) continue;
    windows++;
    a += ce.mean[j];
    b += ls.mean[j];
  }
  return windows === 0 ? null : { windows, ce: a / windows, ls: b / windows };
}

export interface LsTermGap {
  firstStep: number;
  firstGap: number;
  lastStep: number;
  lastGap: number;
  minGap: number;
  maxGap: number;
  /** Checkpoints with both groups present. */
  points: number;
}

/** The correct − wrong gap of the bin-estimated LS term at each checkpoint, summarised. */
export function lsTermGap(h: LsTermHistory): LsTermGap | null {
  let out: LsTermGap | null = null;
  for (let i = 0; i < h.step.length; i++) {
    const g = h.correct[i] - h.incorrect[i];
    if (!Number.isFinite(g)) continue;
    if (!out)
      out = {
        firstStep: h.step[i],
        firstGap: g,
        lastStep: h.step[i],
        lastGap: g,
        minGap: g,
        maxGap: g,
        points: 0,
      };
    out.lastStep = h.step[i];
    out.lastGap = g;
    out.minGap = Math.min(out.minGap, g);
    out.maxGap = Math.max(out.maxGap, g);
    out.points++;
  }
  return out;
}

/** What the gap does over training, in words (flat from the start, grows, shrinks, or too short to tell). */
export function lsTermGapText(g: LsTermGap | null): string {
  if (!g)
    return 'No checkpoint yet has both correct and wrong validation samples, so there is no gap to read.';
  const v = (x: number): string => x.toFixed(3);
  const step = (x: number): string => x.toLocaleString('en-US');
  if (g.points < 3)
    return `So far ${g.points} checkpoint${g.points === 1 ? '' : 's'}: the gap is ${v(g.lastGap)} at step ${step(g.lastStep)}; too few to say how it develops.`;
  const span = `${v(g.minGap)} to ${v(g.maxGap)} over ${g.points} checkpoints`;
  const start = `${v(g.firstGap)} at the first checkpoint (step ${step(g.firstStep)})`;
  const end = `${v(g.lastGap)} at step ${step(g.lastStep)}`;
  if (g.firstGap <= 0 && g.lastGap <= 0)
    return `Here the wrong samples get at least as large an estimated push as the right ones: the gap is ${start} and ${end} (range ${span}).`;
  const grew = g.lastGap > 1.5 * g.firstGap;
  const shrank = g.lastGap < g.firstGap / 1.5;
  if (g.firstGap > 0 && !grew && !shrank)
    return `The gap is there from the start and stays about the same: ${start}, ${end} (range ${span}). It does not open up as training goes on.`;
  return grew
    ? `The gap grows over training, from ${start} to ${end} (range ${span}).`
    : `The gap narrows over training, from ${start} to ${end} (range ${span}).`;
}

/** The explanation's computed sentences: LS's level against CE's, and each panel's correct–wrong gap. */
export function vMaxNotes(data: VMaxData): { level: string; ce: string; ls: string; meaning: string } {
  const ce = data.ce.data;
  const ls = data.ls.data;
  const lv = ce && ls ? vMaxLevels(ce.correct, ls.correct) : null;
  const level = !lv
    ? ''
    : lv.ls < lv.ce
      ? `At the same confidence the LS model's v_max is lower: over the ${lv.windows} windows where both models' correct lines have a band, its mean is ${lv.ls.toFixed(2)} against CE's ${lv.ce.toFixed(2)}.`
      : `At the same confidence the LS model's v_max is not lower here: over the ${lv.windows} windows where both correct lines have a band, ${lv.ls.toFixed(2)} against CE's ${lv.ce.toFixed(2)}.`;
  const sepCe = ce ? vMaxSeparation(ce) : null;
  const sepLs = ls ? vMaxSeparation(ls) : null;
  const close = [sepCe, sepLs].every((s) => !s || s.ratio < 1);
  const meaning = close
    ? 'So at a given π_max, v_max tells right from wrong little here: what differs between the models is the scale of the logits. Whether LS shrinks them more where a prediction is likely right cannot be read from this chart; the twin comparisons of this section show that, sample by sample.'
    : 'Where the lines are apart, v_max carries information about correctness beyond π_max; whether LS shrinks the logits more where a prediction is likely right is shown by the twin comparisons of this section.';
  return {
    level,
    ce: ce ? vMaxSeparationText(data.ce.model ? longName(data.ce.model) : 'CE', sepCe) : '',
    ls: ls ? vMaxSeparationText(data.ls.model ? longName(data.ls.model) : 'LS', sepLs) : '',
    meaning,
  };
}
