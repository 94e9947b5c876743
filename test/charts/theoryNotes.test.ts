/**
 * The computed sentences of the theory charts (chartData/theoryNotes.ts) on hand-made series: the
 * correct–wrong separation of the v_max lines and the LS-term gap over training.
 */
import { describe, expect, it } from 'vitest';
import type { LsTermHistory, VMaxPanelData, VMaxSeries } from '../../src/chartData/gradients';
import {
  lsTermGap,
  lsTermGapText,
  vMaxLevels,
  vMaxSeparation,
  vMaxSeparationText,
} from '../../src/chartData/theoryNotes';

function series(mean: number[], std: number[], band: number[]): VMaxSeries {
  return {
    centres: new Float64Array(mean.map((_, j) => 0.5 + 0.1 * j)),
    count: new Int32Array(band.map((b) => (b ? 10 : 2))),
    mean: new Float64Array(mean),
    std: new Float64Array(std),
    hasMean: new Uint8Array(mean.map(() => 1)),
    hasBand: new Uint8Array(band),
  };
}
const panel = (c: VMaxSeries, w: VMaxSeries): VMaxPanelData => ({
  correct: c,
  incorrect: w,
  nCorrect: 10,
  nIncorrect: 10,
  extent: [0, 10],
});

describe('v_max lines: correct against wrong', () => {
  it('averages |Δ| and the spread over the windows where both have a band', () => {
    // Windows 0 and 2 count (window 1: the wrong line has no band; window 3: neither).
    const c = series([5, 6, 7, 100], [1, 1, 1, 1], [1, 1, 1, 0]);
    const w = series([4, 0, 7.5, 0], [3, 1, 1, 1], [1, 0, 1, 0]);
    const s = vMaxSeparation(panel(c, w))!;
    expect(s.windows).toBe(2);
    expect(s.meanAbsDiff).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(s.meanStd).toBeCloseTo((2 + 1) / 2, 12);
    expect(s.ratio).toBeCloseTo(0.75 / 1.5, 12);
    expect(vMaxSeparationText('CE', s)).toBe(
      'CE: over the 2 windows where both lines have a band, correct and wrong differ by 0.75 on average ' +
        'against a spread (std) of 1.50, 0.50 of it — close: the difference is smaller than the spread ' +
        'within a window, and the bands overlap.',
    );
  });

  it('says "on top of each other" and "clearly apart" at the ends', () => {
    const same = vMaxSeparation(panel(series([5, 6], [1, 1], [1, 1]), series([5.1, 6], [1, 1], [1, 1])))!;
    expect(vMaxSeparationText('LS', same)).toMatch(/practically on top of each other/);
    const apart = vMaxSeparation(panel(series([5, 6], [1, 1], [1, 1]), series([2, 3], [1, 1], [1, 1])))!;
    expect(vMaxSeparationText('LS', apart)).toMatch(/clearly apart/);
    expect(vMaxSeparation(panel(series([5], [1], [1]), series([5], [1], [0])))).toBeNull();
    expect(vMaxSeparationText('LS', null)).toMatch(/too few windows/);
  });

  it('compares the two models’ levels where both have a band', () => {
    const lv = vMaxLevels(
      series([10, 12, 50], [1, 1, 1], [1, 1, 0]),
      series([3, 5, 1], [1, 1, 1], [1, 1, 1]),
    )!;
    expect(lv).toEqual({ windows: 2, ce: 11, ls: 4 });
  });
});

function history(correct: number[], incorrect: number[]): LsTermHistory {
  return {
    step: new Float64Array(correct.map((_, i) => 10 * (i + 1))),
    correct: new Float64Array(correct),
    incorrect: new Float64Array(incorrect),
    overall: new Float64Array(correct.length),
  };
}

describe('LS term over training: the correct − wrong gap', () => {
  it('is "there from the start" when it barely changes', () => {
    const g = lsTermGap(history([0.14, 0.15, 0.16, 0.16], [0.11, 0.1, 0.12, 0.12]))!;
    expect(g.firstGap).toBeCloseTo(0.03, 12);
    expect(g.lastGap).toBeCloseTo(0.04, 12);
    expect(g.points).toBe(4);
    expect(lsTermGapText(g)).toBe(
      'The gap is there from the start and stays about the same: 0.030 at the first checkpoint (step 10), ' +
        '0.040 at step 40 (range 0.030 to 0.050 over 4 checkpoints). It does not open up as training goes on.',
    );
  });

  it('grows, narrows, or is too short to read', () => {
    expect(lsTermGapText(lsTermGap(history([0.1, 0.15, 0.2], [0.09, 0.1, 0.1])))).toMatch(
      /^The gap grows over training, from 0\.010/,
    );
    expect(lsTermGapText(lsTermGap(history([0.2, 0.15, 0.1], [0.1, 0.1, 0.09])))).toMatch(/^The gap narrows/);
    expect(lsTermGapText(lsTermGap(history([0.2, 0.2], [0.1, 0.1])))).toMatch(/too few to say/);
    // An empty group (NaN) at a checkpoint is skipped; none left: nothing to read.
    expect(lsTermGap(history([0.1], [NaN]))).toBeNull();
    expect(lsTermGapText(null)).toMatch(/no gap to read/);
    expect(lsTermGapText(lsTermGap(history([0.1, 0.1, 0.1], [0.2, 0.2, 0.2])))).toMatch(
      /wrong samples get at least/,
    );
  });
});
