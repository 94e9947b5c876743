/**
 * The "why normalisation works" chart data (chartData/normalisation.ts, normalisationScatter.ts)
 * against direct computations: naive AURC/AUROC/p-norms (test/analysis/naive.ts), the validation
 * search run here, counts done by hand; and loaded models (per-sample scores) against the same
 * models with their logits.
 */
import { describe, expect, it } from 'vitest';
import {
  FALLBACK_PICTURE_P,
  pEffect,
  pEffectTable,
  pictureP,
  rankAgreement,
  rankAgreementTable,
} from '../../src/chartData/normalisation';
import {
  rayEnd,
  scatterData,
  scatterTable,
  wedge,
  type ScatterReady,
} from '../../src/chartData/normalisationScatter';
import { maxLogitPNorm, mspLog, predictions } from '../../src/analysis/scores';
import { errorsOf } from '../../src/analysis/riskCoverage';
import { searchP } from '../../src/analysis/pSearch';
import { spearman } from '../../src/analysis/rankAgreement';
import { sampleScoresFromLogits } from '../../src/analysis/sampleScores';
import type { ModelView, PairView } from '../../src/model/views';
import { N, K, TEST, model } from './normalisationFixtures';
import { naiveAuroc, naiveAurc, naiveOrder, naivePNorm, row } from '../analysis/naive';

const pairOf = (ce: ModelView | null, ls: ModelView | null): PairView => ({
  ce,
  ls,
  normalise: true,
  classNames: [],
});

function direct(m: ModelView, p: number) {
  const errors = errorsOf(predictions(m.testLogits, N, K), m.testLabels);
  // The analysis scores (bit-exact ties matter: centred p = 1 gives many samples exactly 1/2),
  // checked against the textbook p-norm; the metrics on them are recomputed naively below.
  const pn = Array.from(maxLogitPNorm(m.testLogits, N, K, p, m.centred));
  pn.forEach((v, i) =>
    expect(Math.abs(v - naivePNorm(row(m.testLogits, i, K), p, m.centred))).toBeLessThan(1e-12),
  );
  const msp = Array.from(mspLog(m.testLogits, N, K));
  return { errors, pn, msp };
}

/** The same model as a loaded one: empty logits, its scores (test and validation) in `samples`. */
function asLoaded(m: ModelView): ModelView {
  const test = sampleScoresFromLogits(m.testLogits, m.testLabels, N, K);
  const val = sampleScoresFromLogits(m.valLogits, m.valLabels, m.valLabels.length, K);
  return { ...m, testLogits: new Float32Array(0), valLogits: new Float32Array(0), samples: { test, val } };
}

describe('pictureP', () => {
  it('is the model’s p and says where it came from; p = 2 for the MSP fallback', () => {
    expect(pictureP(model('ls', { p: 3 }))).toEqual({ p: 3, source: 'validation' });
    expect(pictureP(model('ls', { p: 5, pAuto: false }))).toEqual({ p: 5, source: 'hand' });
    expect(pictureP(model('ce', { p: null }))).toEqual({ p: FALLBACK_PICTURE_P, source: 'fallback' });
    expect(FALLBACK_PICTURE_P).toBe(2);
  });
});

describe('rank agreement, AUROC and AURC', () => {
  const ce = model('ce', { p: null });
  const ls = model('ls', { p: 3 });
  const d = rankAgreement(pairOf(ce, ls))!;

  it('rows CE·MSP, LS·MSP, LS·pNorm with the naive AUROC and AURC', () => {
    expect(d.rows.map((r) => r.id)).toEqual(['ce-msp', 'ls-msp', 'ls-pnorm']);
    const c = direct(ce, 3);
    const l = direct(ls, 3);
    const want = [
      [c.msp, c.errors],
      [l.msp, l.errors],
      [l.pn, l.errors],
    ] as const;
    d.rows.forEach((r, i) => {
      expect(r.auroc).toBeCloseTo(naiveAuroc(want[i][0], want[i][1]), 12);
      expect(r.aurc).toBeCloseTo(naiveAurc(want[i][0], want[i][1]), 12);
    });
    expect(d.rows[2].label).toBe('LS α=0.2 · pNorm (p = 3)');
    expect(d.p).toEqual({ p: 3, source: 'validation' });
  });

  it('ρ with the CE model’s MSP, 1 for CE·MSP itself', () => {
    const c = direct(ce, 3);
    const l = direct(ls, 3);
    expect(d.rows[0].spearman).toBe(1);
    expect(d.rows[1].spearman).toBe(spearman(l.msp, c.msp));
    expect(d.rows[2].spearman).toBeCloseTo(spearman(l.pn, c.msp), 12);
    expect(d.twinNote).toBeNull();
  });

  it('no ρ without a CE model, or with a CE model of other samples, and says why', () => {
    const alone = rankAgreement(pairOf(null, ls))!;
    expect(alone.rows.map((r) => r.id)).toEqual(['ls-msp', 'ls-pnorm']);
    expect(alone.rows.every((r) => r.spearman === null)).toBe(true);
    expect(alone.twinNote).toMatch(/no CE model/);
    const other = { ...ce, testLabels: ce.testLabels.map((y) => (y + 1) % K) };
    const mixed = rankAgreement(pairOf(other, ls))!;
    expect(mixed.rows.every((r) => r.spearman === null)).toBe(true);
    expect(mixed.twinNote).toMatch(/other samples/);
    expect(rankAgreement(pairOf(ce, null))).toBeNull();
  });

  it('uses p = 2 when the LS model fell back to MSP', () => {
    const fb = rankAgreement(pairOf(ce, model('ls', { p: null })))!;
    expect(fb.p).toEqual({ p: 2, source: 'fallback' });
    expect(fb.rows[2].aurc).toBeCloseTo(naiveAurc(direct(ls, 2).pn, direct(ls, 2).errors), 12);
  });

  it('exports one row per score', () => {
    const t = rankAgreementTable(d);
    expect(t.columns).toContain('spearman_vs_ce_msp');
    expect(t.rows.length).toBe(3);
    expect(t.rows[2].slice(0, 5)).toEqual(['ls-pnorm', 'ls', 'pnorm', 3, 'validation']);
  });
});

describe('AURC for every p', () => {
  it('test AURC per p and MSP by the naive trapezoid; validation AURCs from the search', () => {
    for (const centred of [true, false]) {
      const ls = model('ls', { p: 3, centred });
      const s = pEffect(pairOf(null, ls))!.series[0];
      const search = searchP(ls.valLogits, ls.valLabels, 200, K, { centred });
      for (let p = 1; p <= 10; p++) {
        const d = direct(ls, p);
        expect(s.aurc[p - 1]).toBeCloseTo(naiveAurc(d.pn, d.errors), 12);
        expect(s.valAurc![p - 1]).toBe(search.aurcByP[p - 1].aurc);
      }
      expect(s.mspAurc).toBeCloseTo(naiveAurc(direct(ls, 1).msp, direct(ls, 1).errors), 12);
      expect(s.valMspAurc).toBe(search.mspAurc);
      expect(s.centred).toBe(centred);
    }
  });

  it('marks what chose the p: the search, its fallback, or the hand (with what the search would pick)', () => {
    const d = pEffect(pairOf(model('ce', { p: null }), model('ls', { p: 3 })))!;
    expect(d.series.map((s) => s.role)).toEqual(['ce', 'ls']);
    expect(d.series[0].chosen).toEqual({ kind: 'fallback' });
    expect(d.series[1].chosen).toEqual({ kind: 'validation', p: 3 });
    const hand = model('ls', { p: 7, pAuto: false });
    const h = pEffect(pairOf(null, hand))!.series[0];
    const search = searchP(hand.valLogits, hand.valLabels, 200, K, { centred: true });
    expect(h.chosen).toEqual({ kind: 'hand', p: 7, search: search.p });
    const t = pEffectTable(d);
    expect(t.rows.length).toBe(22);
    expect(t.rows.filter((r) => r[7] === true).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['ce', 'msp', null],
      ['ls', 'pnorm', 3],
    ]);
  });

  it('has no validation curve when the model has no validation split', () => {
    const m = { ...model('ls'), valLogits: new Float32Array(0), valLabels: new Int32Array(0) };
    const s = pEffect(pairOf(null, m))!.series[0];
    expect(s.valAurc).toBeNull();
    expect(s.valMspAurc).toBeNull();
    expect(pEffect(pairOf(null, null))).toBeNull();
  });
});

describe('the scale-invariance scatter', () => {
  const ls = model('ls', { p: 3 });
  const d = scatterData(ls) as ScatterReady;

  it('places every sample at (‖u‖_p, u_max) with u_max/‖u‖_p its score', () => {
    expect(d.kind).toBe('ready');
    const score = maxLogitPNorm(ls.testLogits, N, K, 3, true);
    for (let i = 0; i < N; i++) {
      const r = row(ls.testLogits, i, K);
      const mean = r.reduce((a, b) => a + b, 0) / K;
      const u = r.map((x) => x - mean);
      expect(d.uMax[i]).toBeCloseTo(Math.max(...u), 12);
      expect(d.norm[i]).toBeCloseTo(Math.cbrt(u.reduce((a, x) => a + Math.abs(x) ** 3, 0)), 10);
      expect(d.score[i]).toBe(score[i]);
    }
    expect(d.undrawn).toBe(0);
    expect(d.extent.xMax).toBe(Math.max(...d.norm));
  });

  it('counts how MSP’s and MaxLogit-pNorm’s top 20 % differ, by hand', () => {
    const { errors, msp, pn } = direct(ls, 3);
    const m = Math.ceil(0.2 * N);
    const topMsp = new Set(naiveOrder(msp).slice(0, m));
    const topPn = new Set(naiveOrder(pn).slice(0, m));
    const onlyMsp = [...topMsp].filter((i) => !topPn.has(i));
    const onlyPn = [...topPn].filter((i) => !topMsp.has(i));
    const errs = (ix: number[]) => ix.reduce((a, i) => a + errors[i], 0);
    expect(d.swap).toMatchObject({
      kept: m,
      both: m - onlyMsp.length,
      onlyMsp: onlyMsp.length,
      onlyMspErrors: errs(onlyMsp),
      onlyPNorm: onlyPn.length,
      onlyPNormErrors: errs(onlyPn),
      mspErrors: errs([...topMsp]),
      pNormErrors: errs([...topPn]),
    });
    expect(onlyMsp.length).toBeGreaterThan(0);
    const order = naiveOrder(d.score);
    expect(d.rays.map((r) => r.threshold)).toEqual(
      [0.2, 0.5].map((c) => d.score[order[Math.ceil(c * N) - 1]]),
    );
  });

  it('exports one row per sample', () => {
    const t = scatterTable(d);
    expect(t.rows.length).toBe(N);
    expect(t.columns).toEqual([
      'sample',
      'model',
      'p',
      'centred',
      'norm_p',
      'u_max',
      'pnorm_score',
      'correct',
      'pnorm_top_20pct',
      'pnorm_top_50pct',
      'msp_top_20pct',
    ]);
    expect(t.rows.filter((r) => r[8] === true).length).toBe(Math.ceil(0.2 * N));
  });

  it('counts a tied block at the top (centred p = 1: exactly 1/2 for one positive centred logit)', () => {
    // Rows with one positive centred logit all score 1/2 with p = 1.
    const logits = Float32Array.from(TEST.ls);
    for (let i = 0; i < 40; i++) logits.set([9, 0, 0, 0], i * K);
    const tied = { ...model('ls', { p: 1 }), testLogits: logits };
    const s = scatterData(tied) as ScatterReady;
    let half = 0;
    for (let i = 0; i < N; i++) if (Math.abs(s.score[i] - 0.5) < 1e-12) half++;
    expect(half).toBeGreaterThanOrEqual(40);
    expect(s.topTies).toBe(half);
  });
});

describe('loaded models (per-sample scores, no logits)', () => {
  const ce = model('ce', { p: null });
  const ls = model('ls', { p: 3 });
  it('rank agreement and AURC per p equal the logits version', () => {
    const loaded = pairOf(asLoaded(ce), asLoaded(ls));
    expect(rankAgreement(loaded)).toEqual(rankAgreement(pairOf(ce, ls)));
    expect(pEffect(loaded)).toEqual(pEffect(pairOf(ce, ls)));
  });
  it('with u_max from the scores (or uncentred, v_max) the dots are where the logits put them', () => {
    for (const [m, loaded] of [
      [ls, asLoaded(ls)],
      [model('ls', { p: 3, centred: false }), asLoaded(model('ls', { p: 3, centred: false }))],
    ] as const) {
      const a = scatterData(m) as ScatterReady;
      const b = scatterData(loaded) as ScatterReady;
      expect(b.kind).toBe('ready');
      for (let i = 0; i < N; i++) {
        expect(Math.abs(b.norm[i] - a.norm[i])).toBeLessThan(1e-9 * a.norm[i]);
        expect(b.uMax[i]).toBeCloseTo(a.uMax[i], 5);
      }
      expect(b.swap).toEqual(a.swap);
    }
  });
});

describe('ray geometry', () => {
  const box = { xMax: 10, yMin: -2, yMax: 4 };
  it('rayEnd leaves the box through the top, the right or the bottom', () => {
    expect(rayEnd(0.2, box)).toEqual([10, 2]);
    expect(rayEnd(0.8, box)).toEqual([5, 4]);
    expect(rayEnd(-0.5, box)).toEqual([4, -2]);
  });
  it('wedge is the part of the box above the ray', () => {
    expect(wedge(0.8, box)).toEqual([
      [0, 0],
      [0, 4],
      [5, 4],
    ]);
    expect(wedge(0.2, box)).toEqual([
      [0, 0],
      [0, 4],
      [10, 4],
      [10, 2],
    ]);
    // Shoelace area of the second: the box above y = 0.2x is 40 − (area under the ray, 10).
    const w = wedge(0.2, box);
    let a = 0;
    for (let i = 0; i < w.length; i++) {
      const [x1, y1] = w[i];
      const [x2, y2] = w[(i + 1) % w.length];
      a += x1 * y2 - x2 * y1;
    }
    expect(Math.abs(a) / 2).toBeCloseTo(30, 12);
  });
});

describe('validationSearch', () => {
  it('is the search the model view already ran for its p: one search per set of validation logits', async () => {
    const { validationSearch } = await import('../../src/chartData/normalisation');
    const { pSearchOfLogits } = await import('../../src/model/modelView');
    const m = model('ls');
    const first = pSearchOfLogits(m.valLogits, m.valLabels, m.numClasses, m.centred);
    // The same object, not an equal one: the chart did not search again.
    expect(validationSearch(m)).toBe(first);
    // And it is the search itself, computed afresh.
    const fresh = searchP(m.valLogits, m.valLabels, m.valLabels.length, m.numClasses, { centred: m.centred });
    expect(first.p).toBe(fresh.p);
    expect(first.aurcByP).toEqual(fresh.aurcByP);
  });
});
